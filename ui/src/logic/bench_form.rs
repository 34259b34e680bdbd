//! The benchmark form's state as typed, started from the contract's defaults, and its
//! conversion into a `BenchConfig`. Names become enums through the contract's `FromStr`, so an
//! unknown value is an error rather than a silent fallback.

use archboard_types::bench::{
    ArrivalProcess, AuthRef, BenchConfig, BenchInput, BenchTarget, RunSettings, Scenario, TargetKind,
};
use archboard_types::files::FileContents;

/// Every field as text, the way the inputs hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchForm {
    pub name: String,
    pub kind: String,
    pub url: String,
    pub model: String,
    /// `none`, or an `AuthScheme` name.
    pub auth: String,
    pub secret: String,
    pub scenario: String,
    pub concurrency: String,
    pub rate: String,
    pub arrivals: String,
    pub p99_slo: String,
    pub start_rate: String,
    pub steps: String,
    pub batches: String,
    pub ttft: String,
    pub itl: String,
    pub shape: String,
    pub dtype: String,
    pub duration: String,
    pub warmup: String,
    pub flops: String,
    pub bytes: String,
    pub profile: String,
}

fn join<T: ToString>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

impl Default for BenchForm {
    /// The contract's defaults, so the form starts where the CLI does.
    fn default() -> Self {
        let config = BenchConfig::default();
        let of = |tag: &str| Scenario::default_of(tag).expect("every tag in Scenario::TYPES has defaults");
        let mut form = BenchForm {
            name: config.name,
            kind: config.target.kind.as_str().to_owned(),
            url: config.target.url,
            model: config.target.model,
            auth: "none".into(),
            secret: String::new(),
            scenario: config.scenario.type_name().to_owned(),
            concurrency: String::new(),
            rate: String::new(),
            arrivals: String::new(),
            p99_slo: String::new(),
            start_rate: String::new(),
            steps: String::new(),
            batches: String::new(),
            ttft: String::new(),
            itl: String::new(),
            shape: join(&config.input.shape),
            dtype: config.input.dtype,
            duration: config.settings.duration_s.to_string(),
            warmup: config.settings.warmup_requests.to_string(),
            flops: String::new(),
            bytes: String::new(),
            profile: String::new(),
        };
        if let Scenario::Server { rate_per_s, arrivals } = of("server") {
            form.rate = rate_per_s.to_string();
            form.arrivals = arrivals.as_str().to_owned();
        }
        if let Scenario::MaxThroughput { p99_slo_ms, start_rate_per_s, steps } = of("max_throughput") {
            form.p99_slo = p99_slo_ms.to_string();
            form.start_rate = start_rate_per_s.to_string();
            form.steps = steps.to_string();
        }
        if let Scenario::Offline { batch_sizes, concurrency } = of("offline") {
            form.batches = join(&batch_sizes);
            form.concurrency = concurrency.to_string();
        }
        if let Scenario::LlmStream { ttft_slo_ms, itl_slo_ms, .. } = of("llm_stream") {
            form.ttft = ttft_slo_ms.to_string();
            form.itl = itl_slo_ms.to_string();
        }
        form
    }
}

fn number(label: &str, value: &str) -> Result<f64, String> {
    value.trim().parse::<f64>().map_err(|_| format!("{label}: `{}` is not a number.", value.trim()))
}

fn whole(label: &str, value: &str) -> Result<u32, String> {
    value.trim().parse::<u32>().map_err(|_| format!("{label}: `{}` is not a whole number.", value.trim()))
}

fn optional(label: &str, value: &str) -> Result<Option<f64>, String> {
    if value.trim().is_empty() { Ok(None) } else { number(label, value).map(Some) }
}

fn list<T>(value: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(parse).collect()
}

impl BenchForm {
    /// The configuration to start; `body_file` and `model_file` are the picked files' bytes.
    pub fn to_config(
        &self,
        body_file: Option<FileContents>,
        model_file: Option<FileContents>,
    ) -> Result<BenchConfig, String> {
        let kind: TargetKind = self.kind.parse()?;
        let concurrency = || whole("Concurrency", &self.concurrency);
        let scenario = match Scenario::default_of(&self.scenario)? {
            Scenario::SingleStream => Scenario::SingleStream,
            Scenario::ConcurrencySweep { .. } => {
                Scenario::ConcurrencySweep { max_concurrency: concurrency()? }
            }
            Scenario::Server { .. } => Scenario::Server {
                rate_per_s: number("Rate", &self.rate)?,
                arrivals: self.arrivals.parse::<ArrivalProcess>()?,
            },
            Scenario::MaxThroughput { .. } => Scenario::MaxThroughput {
                p99_slo_ms: number("p99 SLO", &self.p99_slo)?,
                start_rate_per_s: number("Starting rate", &self.start_rate)?,
                steps: whole("Steps", &self.steps)?,
            },
            Scenario::Offline { .. } => Scenario::Offline {
                batch_sizes: list(&self.batches, |s| whole("Batch sizes", s))?,
                concurrency: concurrency()?,
            },
            Scenario::LlmStream { .. } => Scenario::LlmStream {
                concurrency: concurrency()?,
                ttft_slo_ms: number("TTFT SLO", &self.ttft)?,
                itl_slo_ms: number("Inter-token SLO", &self.itl)?,
            },
        };
        let auth = match self.auth.trim() {
            "none" | "" => None,
            scheme => Some(AuthRef { scheme: scheme.parse()?, secret: self.secret.clone() }),
        };
        let shape = list(&self.shape, |s| {
            s.parse::<u64>().map_err(|_| format!("Input shape: `{s}` is not a dimension."))
        })?;
        let settings = RunSettings {
            duration_s: number("Duration", &self.duration)?,
            warmup_requests: whole("Warm-up requests", &self.warmup)?,
            ..RunSettings::default()
        };
        Ok(BenchConfig {
            name: self.name.clone(),
            target: BenchTarget {
                kind,
                url: self.url.clone(),
                model: self.model.clone(),
                body_file,
                model_file,
                auth,
                ..BenchTarget::default()
            },
            input: BenchInput {
                shape,
                dtype: self.dtype.clone(),
                flops: optional("FLOPs", &self.flops)?,
                bytes_moved: optional("Bytes moved", &self.bytes)?,
                ..BenchInput::default()
            },
            scenario,
            // The minimum duration stays the contract's default: the engine caps it at the
            // duration asked for (`RunSettings::effective_min_duration_s`), for every front.
            settings,
            profile: Some(self.profile.clone()).filter(|p| !p.is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_make_a_valid_single_stream_config() {
        let config = BenchForm::default().to_config(None, None).unwrap();
        assert_eq!(config.scenario, Scenario::SingleStream);
        assert_eq!(config.target.kind, TargetKind::KserveV2);
        assert_eq!(config.input.shape, BenchInput::default().shape);
        assert_eq!(config.settings.duration_s, RunSettings::default().duration_s);
    }

    #[test]
    fn a_sweep_with_a_short_duration_and_a_body_file() {
        let form = BenchForm {
            scenario: "concurrency_sweep".into(),
            concurrency: "2".into(),
            duration: "2".into(),
            auth: "bearer".into(),
            secret: "env:TOKEN".into(),
            ..BenchForm::default()
        };
        let body = FileContents::new("body.json", b"{}".to_vec());
        let config = form.to_config(Some(body.clone()), None).unwrap();
        assert_eq!(config.scenario, Scenario::ConcurrencySweep { max_concurrency: 2 });
        assert_eq!(config.settings.effective_min_duration_s(), 2.0);
        assert_eq!(config.target.body_file, Some(body));
        assert_eq!(config.target.auth.unwrap().secret, "env:TOKEN");
    }

    #[test]
    fn unknown_names_and_bad_numbers_are_errors() {
        let bad_kind = BenchForm { kind: "grpc".into(), ..BenchForm::default() };
        assert!(bad_kind.to_config(None, None).unwrap_err().contains("grpc"));
        let bad_rate = BenchForm { scenario: "server".into(), rate: "fast".into(), ..BenchForm::default() };
        assert!(bad_rate.to_config(None, None).unwrap_err().contains("`fast`"));
        let bad_auth = BenchForm { auth: "digest".into(), ..BenchForm::default() };
        assert!(bad_auth.to_config(None, None).is_err());
    }
}
