//! Inference benchmarks: what to measure (target, input, scenario, settings), the live progress
//! of a run, the result record that is stored, exported and imported, and a run judged against a
//! hardware profile's SLOs.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------------------------
// What to run

/// The protocol a target speaks, or an ONNX file run in-process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// KServe v2 / Open Inference Protocol: `POST v2/models/{model}/infer`.
    KserveV2,
    /// TorchServe: `POST /predictions/{model}`.
    Torchserve,
    /// OpenAI-compatible `v1/chat/completions`, streamed as server-sent events.
    Openai,
    /// Any JSON POST endpoint, with a request body file.
    GenericJson,
    /// An ONNX model file executed in this process.
    LocalOnnx,
}

impl TargetKind {
    pub const ALL: [TargetKind; 5] = [
        TargetKind::KserveV2,
        TargetKind::Torchserve,
        TargetKind::Openai,
        TargetKind::GenericJson,
        TargetKind::LocalOnnx,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::KserveV2 => "kserve_v2",
            TargetKind::Torchserve => "torchserve",
            TargetKind::Openai => "openai",
            TargetKind::GenericJson => "generic_json",
            TargetKind::LocalOnnx => "local_onnx",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TargetKind::KserveV2 => "KServe v2 / Open Inference Protocol",
            TargetKind::Torchserve => "TorchServe",
            TargetKind::Openai => "OpenAI-compatible (streaming)",
            TargetKind::GenericJson => "Generic JSON POST",
            TargetKind::LocalOnnx => "Local ONNX (in-process)",
        }
    }
}

/// How a request authenticates. The secret itself is never stored: `secret` names where it is
/// read at run time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthRef {
    pub scheme: AuthScheme,
    /// `env:NAME` (an environment variable) or `file:NAME` (an entry of the owner-only
    /// credentials file). For basic auth the value is `user:password`.
    pub secret: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthScheme {
    Bearer,
    Basic,
}

/// An extra request header. `${NAME}` in the value is replaced by the environment variable at
/// run time, so a secret header is stored as its reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenchTarget {
    pub kind: TargetKind,
    /// The server's base URL (`http://127.0.0.1:8080`); for `generic_json` the full URL; for
    /// `local_onnx` the model file's path.
    pub url: String,
    /// The model name (KServe, TorchServe, OpenAI); ignored for generic JSON and local ONNX.
    #[serde(default)]
    pub model: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_version: Option<String>,
    /// The bytes sent as the request body (generic JSON, TorchServe), uploaded as contents:
    /// the engine never opens a path a caller names. KServe and OpenAI bodies are generated
    /// from `BenchInput` when absent. A stored record keeps the file's name and size only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_file: Option<crate::files::FileContents>,
    /// `local_onnx`: the model uploaded as contents, instead of a path in `url` (which only the
    /// fronts on the board's own machine, the desktop and the local CLI, may name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_file: Option<crate::files::FileContents>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<AuthRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<Header>,
    /// A request that takes longer counts as a timeout error.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
}

fn default_timeout_ms() -> u64 {
    30_000
}

/// The input sent with each request, and what the roofline estimate needs to know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenchInput {
    /// The input tensor's name (KServe v2).
    #[serde(default = "default_input_name")]
    pub name: String,
    /// The tensor's shape including the batch dimension first (`[1, 16]`).
    #[serde(default = "default_shape")]
    pub shape: Vec<u64>,
    /// KServe v2 datatype: FP32, FP16, INT64, INT32, UINT8, BOOL, BYTES.
    #[serde(default = "default_dtype")]
    pub dtype: String,
    /// LLM: the prompt's length in tokens (approximately; one word per token).
    #[serde(default = "default_prompt_tokens")]
    pub prompt_tokens: u32,
    /// LLM: `max_tokens` asked for.
    #[serde(default = "default_output_tokens")]
    pub max_output_tokens: u32,
    /// FLOPs of one inference at batch 1, for the roofline estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flops: Option<f64>,
    /// Bytes moved by one inference at batch 1 (weights read plus activations), for the roofline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes_moved: Option<f64>,
    /// Memory the model needs (weights plus working memory), for the fit check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_bytes: Option<f64>,
}

fn default_input_name() -> String {
    "input".into()
}
fn default_shape() -> Vec<u64> {
    vec![1, 16]
}
fn default_dtype() -> String {
    "FP32".into()
}
fn default_prompt_tokens() -> u32 {
    128
}
fn default_output_tokens() -> u32 {
    64
}

impl Default for BenchInput {
    fn default() -> Self {
        BenchInput {
            name: default_input_name(),
            shape: default_shape(),
            dtype: default_dtype(),
            prompt_tokens: default_prompt_tokens(),
            max_output_tokens: default_output_tokens(),
            flops: None,
            bytes_moved: None,
            model_bytes: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArrivalProcess {
    Poisson,
    Constant,
}

/// What load is offered; names follow MLPerf LoadGen where they match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Scenario {
    /// Closed loop, one request in flight.
    SingleStream,
    /// Closed loop at 1, 2, 4, … `max_concurrency` in flight, each level until stable.
    ConcurrencySweep { max_concurrency: u32 },
    /// Open loop: requests fired at scheduled instants at `rate_per_s`, whatever completes.
    Server { rate_per_s: f64, arrivals: ArrivalProcess },
    /// The highest open-loop rate whose p99 meets `p99_slo_ms`, found by bisection.
    MaxThroughput { p99_slo_ms: f64, start_rate_per_s: f64, steps: u32 },
    /// Closed loop at each batch size; samples per second.
    Offline { batch_sizes: Vec<u32>, concurrency: u32 },
    /// Streamed LLM completions at `concurrency`; goodput against the TTFT and ITL SLOs.
    LlmStream { concurrency: u32, ttft_slo_ms: f64, itl_slo_ms: f64 },
}

impl Scenario {
    pub fn name(&self) -> &'static str {
        match self {
            Scenario::SingleStream => "single-stream",
            Scenario::ConcurrencySweep { .. } => "concurrency sweep",
            Scenario::Server { .. } => "server (open loop)",
            Scenario::MaxThroughput { .. } => "max-throughput search",
            Scenario::Offline { .. } => "offline",
            Scenario::LlmStream { .. } => "LLM streaming",
        }
    }
}

/// Timing of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunSettings {
    /// Measured seconds per phase (per concurrency level, rate or batch size).
    #[serde(default = "default_duration")]
    pub duration_s: f64,
    /// Requests sent before measuring, excluded from the results.
    #[serde(default = "default_warmup_requests")]
    pub warmup_requests: u32,
    /// Seconds of warm-up (whichever of count and duration ends later).
    #[serde(default)]
    pub warmup_s: f64,
    /// Measurement window for the stability check (closed loop).
    #[serde(default = "default_window")]
    pub window_s: f64,
    /// A phase shorter than this is flagged as not meeting the minimum duration.
    #[serde(default = "default_min_duration")]
    pub min_duration_s: f64,
    /// Seeds the arrival schedule and generated inputs.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Open loop: the most requests in flight before new ones are refused by the client
    /// (counted as `client_overload` errors).
    #[serde(default = "default_max_in_flight")]
    pub max_in_flight: u32,
}

fn default_duration() -> f64 {
    10.0
}
fn default_warmup_requests() -> u32 {
    10
}
fn default_window() -> f64 {
    1.0
}
fn default_min_duration() -> f64 {
    5.0
}
fn default_seed() -> u64 {
    1
}
fn default_max_in_flight() -> u32 {
    4096
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            duration_s: default_duration(),
            warmup_requests: default_warmup_requests(),
            warmup_s: 0.0,
            window_s: default_window(),
            min_duration_s: default_min_duration(),
            seed: default_seed(),
            max_in_flight: default_max_in_flight(),
        }
    }
}

/// Everything `bench_start` needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenchConfig {
    #[serde(default)]
    pub name: String,
    pub target: BenchTarget,
    #[serde(default)]
    pub input: BenchInput,
    pub scenario: Scenario,
    #[serde(default)]
    pub settings: RunSettings,
    /// The hardware profile (catalog key) this run claims to represent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Live progress

/// Identifies a run in progress (and, once stored, its record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchRunRef {
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunState {
    Running,
    /// Finished every phase.
    Completed,
    /// Stopped by the user; what was measured is kept and marked.
    Cancelled,
    /// Stopped by a fault (unreachable target, wrong model, …); partial results kept and marked.
    Failed,
}

/// A snapshot of a run, polled by the fronts while it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchProgress {
    pub id: String,
    pub state: RunState,
    /// What is happening now ("warming up", "concurrency 4, window 3", "rate 180/s").
    pub stage: String,
    /// Phases finished and planned (the bisection's count is its upper bound).
    pub phases_done: u32,
    pub phases_planned: u32,
    pub elapsed_s: f64,
    /// In the current phase.
    pub completed: u64,
    pub errors: u64,
    /// Completions per second over the last second.
    pub current_rate: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    /// Why the run stopped, when it stopped early.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Set once the record is stored (also for cancelled and failed runs with partial data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// The result record

/// Latency statistics in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatencyStats {
    pub count: u64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
    pub stdev_ms: f64,
}

/// A histogram as (value in µs, count) pairs of its recorded buckets: enough to rebuild it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistogramData {
    pub unit: String,
    pub buckets: Vec<(u64, u64)>,
}

/// Failed requests by class.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCounts {
    pub connect: u64,
    pub timeout: u64,
    /// By HTTP status code.
    pub http_status: BTreeMap<u16, u64>,
    pub bad_body: u64,
    /// Open loop: requests not sent because `max_in_flight` were already waiting.
    pub client_overload: u64,
    /// The first message of each class, so the cause is readable.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub examples: BTreeMap<String, String>,
}

impl ErrorCounts {
    pub fn total(&self) -> u64 {
        self.connect
            + self.timeout
            + self.http_status.values().sum::<u64>()
            + self.bad_body
            + self.client_overload
    }
}

/// A percentile's minimum query count (MLPerf LoadGen early stopping) and whether it was met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryCountCheck {
    pub percentile: String,
    pub needed: u64,
    pub measured: u64,
    pub met: bool,
}

/// Why a phase can or cannot be trusted. `valid` is false when any flag fails.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validity {
    pub valid: bool,
    pub min_duration_met: bool,
    pub query_counts: Vec<QueryCountCheck>,
    /// Closed loop: the last three windows within ±10% of their mean; `None` for open loop.
    pub stable: Option<bool>,
    /// Open loop: the client could not send on time (send lag p99 above half the mean
    /// inter-arrival time), so the offered load was lower than asked.
    pub client_saturated: bool,
    /// Sentences saying what failed, shown wherever the result is.
    pub reasons: Vec<String>,
}

/// LLM streaming figures of a phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmStats {
    pub time_to_first_token: LatencyStats,
    pub inter_token: LatencyStats,
    /// Output tokens per second per request, averaged (decode speed one user sees).
    pub tokens_per_s_per_request: f64,
    /// Output tokens per second across all requests.
    pub tokens_per_s: f64,
    pub output_tokens: u64,
    /// Requests meeting both the TTFT and the inter-token SLO, as a fraction and per second.
    pub goodput_fraction: f64,
    pub goodput_rps: f64,
}

/// One measured phase: a concurrency level, a rate, a batch size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseResult {
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_rate: Option<f64>,
    pub batch: u32,
    pub duration_s: f64,
    pub completed: u64,
    pub scheduled: u64,
    pub errors: ErrorCounts,
    /// Requests sent per second (open loop: as scheduled).
    pub scheduled_throughput: f64,
    /// Successful completions per second.
    pub completed_throughput: f64,
    /// `completed_throughput × batch`.
    pub samples_per_s: f64,
    /// Open loop: from the scheduled instant (includes waiting to be sent); closed loop: from send.
    pub latency: LatencyStats,
    /// Open loop only: from the actual send to the response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_time: Option<LatencyStats>,
    /// Open loop only: how late each request was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_lag: Option<LatencyStats>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm: Option<LlmStats>,
    /// Throughput of each measurement window (closed loop), completions per second.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<f64>,
    pub histogram: HistogramData,
    pub validity: Validity,
    /// Max-throughput search: whether this rate's p99 met the SLO.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meets_slo: Option<bool>,
}

/// The machine that ran the benchmark.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentFingerprint {
    pub hostname: String,
    pub cpu_model: String,
    pub cores: u32,
    pub memory_gb: f64,
    pub os: String,
    /// From `nvidia-smi` when present: "NVIDIA H100 80GB HBM3, 81559 MiB, driver 550.54".
    #[serde(default)]
    pub gpus: Vec<String>,
}

/// The target as recorded: secrets redacted, the runtime used named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetRecord {
    pub kind: TargetKind,
    pub url: String,
    pub model: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onnx_sha256: Option<String>,
    /// "http (reqwest)", "tract 0.21", …
    pub runtime: String,
    /// What the server reported when asked (KServe model metadata, TorchServe ping, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_info: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputRecord {
    pub shape: Vec<u64>,
    pub dtype: String,
    pub batch: u32,
    pub payload_bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_tokens: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_tokens: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flops: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes_moved: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_bytes: Option<f64>,
}

/// A benchmark run as stored, exported and imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenchRecord {
    /// The format of this record; a newer one is refused on import with a clear message.
    pub format: u32,
    pub id: String,
    pub name: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub archboard_version: String,
    pub state: RunState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub target: TargetRecord,
    pub input: InputRecord,
    pub scenario: Scenario,
    pub settings: RunSettings,
    pub environment: EnvironmentFingerprint,
    /// Time until the target first answered (model load / cold start), apart from the results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cold_start_ms: Option<f64>,
    pub warmup_requests_sent: u64,
    pub phases: Vec<PhaseResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Where it came from when imported ("imported from run-7f3a.json").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_from: Option<String>,
}

/// The record format this build writes.
pub const BENCH_RECORD_FORMAT: u32 = 1;

/// A line of the runs list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchSummary {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub state: RunState,
    pub target_kind: TargetKind,
    pub target_url: String,
    pub model: String,
    pub scenario: String,
    pub profile: Option<String>,
    pub phases: u32,
    /// The best phase's figures (highest throughput among valid phases, else among all).
    pub best_throughput: f64,
    pub p99_ms: f64,
    pub valid: bool,
    pub imported: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BenchListQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchRef {
    pub id: String,
}

/// `bench_export`'s answer: the record as a JSON file (`<id>.json`) for the front to save.
pub type BenchExport = crate::files::ExportedFile;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchImportRequest {
    /// Shown in the record's provenance and in error messages.
    pub file_name: String,
    pub json: String,
}

// ---------------------------------------------------------------------------------------------
// Judging against a hardware profile

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchEvaluateRequest {
    pub id: String,
    /// A hardware profile's catalog key.
    pub profile: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
    /// The run has no figure to compare (e.g. no phase completed).
    NotMeasured,
}

/// One SLO of the profile against the measured figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SloCheck {
    pub slo: String,
    pub target: f64,
    pub measured: Option<f64>,
    pub unit: String,
    pub verdict: Verdict,
}

/// The roofline floor: an estimate, shown beside the measured figure, never instead of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RooflineEstimate {
    pub compute_ms: f64,
    pub memory_ms: f64,
    pub floor_ms: f64,
    /// "compute" or "memory".
    pub bound: String,
    pub measured_p50_ms: f64,
    /// Measured p50 ÷ floor: how far from the hardware's limit.
    pub measured_over_floor: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchEvaluation {
    pub run_id: String,
    pub profile_key: String,
    pub profile_name: String,
    /// The phase judged: the highest throughput whose latency meets the profile's SLOs, else the
    /// highest throughput.
    pub phase_label: String,
    pub checks: Vec<SloCheck>,
    pub verdict: Verdict,
    /// Throughput sustained within the latency SLOs (requests per second).
    pub sustained_rps: f64,
    pub cost_per_1k: Option<f64>,
    pub currency: String,
    pub price_per_hour: f64,
    pub price_as_of: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roofline: Option<RooflineEstimate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fits_memory: Option<bool>,
    /// The run's own validity; a pass on a run that is not valid says so.
    pub run_valid: bool,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchCompareRequest {
    pub ids: Vec<String>,
    /// Profiles to judge every run against (catalog keys); may be empty.
    #[serde(default)]
    pub profiles: Vec<String>,
}

/// Runs side by side, each judged against each profile, and a chart overlaying them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchComparison {
    pub runs: Vec<BenchSummary>,
    /// `evaluations[i][j]`: run `i` against profile `j`.
    pub evaluations: Vec<Vec<BenchEvaluation>>,
    /// Latency CDFs of every run's best phase on one chart (SVG).
    pub cdf_svg: String,
}

/// Charts of one run, as SVG text drawn by the engine (plotters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchCharts {
    pub histogram_svg: String,
    pub cdf_svg: String,
    /// Throughput against p50/p99 latency across phases; absent with a single phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput_latency_svg: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Names, defaults and state helpers shared by every front

impl std::str::FromStr for TargetKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TargetKind::ALL.into_iter().find(|k| k.as_str() == s.trim()).ok_or_else(|| {
            format!("unknown target kind `{s}`; expected one of kserve_v2, torchserve, openai, generic_json, local_onnx")
        })
    }
}

impl AuthScheme {
    pub const ALL: [AuthScheme; 2] = [AuthScheme::Bearer, AuthScheme::Basic];

    pub fn as_str(self) -> &'static str {
        match self {
            AuthScheme::Bearer => "bearer",
            AuthScheme::Basic => "basic",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AuthScheme::Bearer => "Bearer token",
            AuthScheme::Basic => "Basic",
        }
    }
}

impl std::str::FromStr for AuthScheme {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AuthScheme::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| format!("unknown auth scheme `{s}`; expected bearer or basic"))
    }
}

impl ArrivalProcess {
    pub const ALL: [ArrivalProcess; 2] = [ArrivalProcess::Poisson, ArrivalProcess::Constant];

    pub fn as_str(self) -> &'static str {
        match self {
            ArrivalProcess::Poisson => "poisson",
            ArrivalProcess::Constant => "constant",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ArrivalProcess::Poisson => "Poisson",
            ArrivalProcess::Constant => "Constant",
        }
    }
}

impl std::str::FromStr for ArrivalProcess {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ArrivalProcess::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| format!("unknown arrival process `{s}`; expected poisson or constant"))
    }
}

// Written out rather than derived, so the type's definition above stays untouched.
#[allow(clippy::derivable_impls)]
impl Default for Scenario {
    fn default() -> Self {
        Scenario::SingleStream
    }
}

impl Scenario {
    /// Every scenario's wire tag (`"type"` in JSON), in the order fronts offer them.
    pub const TYPES: [&'static str; 6] =
        ["single_stream", "concurrency_sweep", "server", "max_throughput", "offline", "llm_stream"];

    /// This scenario's wire tag.
    pub fn type_name(&self) -> &'static str {
        match self {
            Scenario::SingleStream => "single_stream",
            Scenario::ConcurrencySweep { .. } => "concurrency_sweep",
            Scenario::Server { .. } => "server",
            Scenario::MaxThroughput { .. } => "max_throughput",
            Scenario::Offline { .. } => "offline",
            Scenario::LlmStream { .. } => "llm_stream",
        }
    }

    /// The scenario of that tag with the default figures every front starts from (the CLI's
    /// flags and the UI's form): concurrency 8, 100 requests/s with Poisson arrivals, a 100 ms
    /// p99 SLO from 50/s in 6 steps, batches 1, 8 and 32, TTFT 500 ms and inter-token 50 ms.
    pub fn default_of(type_name: &str) -> Result<Scenario, String> {
        Ok(match type_name.trim() {
            "single_stream" => Scenario::SingleStream,
            "concurrency_sweep" => Scenario::ConcurrencySweep { max_concurrency: 8 },
            "server" => Scenario::Server { rate_per_s: 100.0, arrivals: ArrivalProcess::Poisson },
            "max_throughput" => {
                Scenario::MaxThroughput { p99_slo_ms: 100.0, start_rate_per_s: 50.0, steps: 6 }
            }
            "offline" => Scenario::Offline { batch_sizes: vec![1, 8, 32], concurrency: 8 },
            "llm_stream" => Scenario::LlmStream { concurrency: 8, ttft_slo_ms: 500.0, itl_slo_ms: 50.0 },
            other => {
                return Err(format!(
                    "unknown scenario `{other}`; expected one of {}",
                    Scenario::TYPES.join(", ")
                ));
            }
        })
    }
}

/// The server a new target points at until someone says otherwise (KServe's usual port).
pub const DEFAULT_TARGET_URL: &str = "http://127.0.0.1:8080";

impl Default for BenchTarget {
    fn default() -> Self {
        BenchTarget {
            kind: TargetKind::KserveV2,
            url: DEFAULT_TARGET_URL.to_owned(),
            model: String::new(),
            model_version: None,
            body_file: None,
            model_file: None,
            auth: None,
            headers: Vec::new(),
            timeout_ms: default_timeout_ms(),
        }
    }
}

// Written out rather than derived, so the type's definition above stays untouched.
#[allow(clippy::derivable_impls)]
impl Default for BenchConfig {
    fn default() -> Self {
        BenchConfig {
            name: String::new(),
            target: BenchTarget::default(),
            input: BenchInput::default(),
            scenario: Scenario::default(),
            settings: RunSettings::default(),
            profile: None,
        }
    }
}

impl RunSettings {
    /// The minimum duration a phase is held to: `min_duration_s`, but never more than the
    /// duration asked for, so a run asked to measure 2 s per phase is not flagged for being
    /// short when it ran its 2 s. A phase cut short (cancelled, failed) still misses it.
    pub fn effective_min_duration_s(&self) -> f64 {
        self.min_duration_s.min(self.duration_s)
    }
}

impl RunState {
    pub const ALL: [RunState; 4] =
        [RunState::Running, RunState::Completed, RunState::Cancelled, RunState::Failed];

    /// True once the run stopped, whichever way.
    pub fn is_finished(self) -> bool {
        self != RunState::Running
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RunState::Running => "running",
            RunState::Completed => "completed",
            RunState::Cancelled => "cancelled",
            RunState::Failed => "failed",
        }
    }

    pub fn label(self) -> &'static str {
        self.as_str()
    }
}

impl BenchProgress {
    /// A run that has just started and measured nothing yet.
    pub fn starting(id: impl Into<String>, phases_planned: u32) -> BenchProgress {
        BenchProgress {
            id: id.into(),
            state: RunState::Running,
            stage: "starting".into(),
            phases_done: 0,
            phases_planned,
            elapsed_s: 0.0,
            completed: 0,
            errors: 0,
            current_rate: 0.0,
            p50_ms: 0.0,
            p95_ms: 0.0,
            p99_ms: 0.0,
            message: None,
            record_id: None,
        }
    }

    /// True once the run stopped and what it leaves is settled: its record is stored, or it
    /// failed with a message before there was anything to store. Until then a front keeps
    /// polling even when `state` already says it stopped.
    pub fn is_finished(&self) -> bool {
        self.state.is_finished() && (self.record_id.is_some() || self.message.is_some())
    }
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::NotMeasured => "not measured",
        }
    }
}

#[cfg(test)]
mod front_tests {
    use super::*;

    #[test]
    fn names_parse_back_and_scenario_defaults_carry_their_tag() {
        for kind in TargetKind::ALL {
            assert_eq!(kind.as_str().parse::<TargetKind>(), Ok(kind));
        }
        assert!("grpc".parse::<TargetKind>().unwrap_err().contains("`grpc`"));
        for tag in Scenario::TYPES {
            assert_eq!(Scenario::default_of(tag).unwrap().type_name(), tag);
        }
        assert!(Scenario::default_of("soak").unwrap_err().contains("`soak`"));
        assert_eq!("constant".parse::<ArrivalProcess>(), Ok(ArrivalProcess::Constant));
        assert_eq!("basic".parse::<AuthScheme>(), Ok(AuthScheme::Basic));
    }

    #[test]
    fn a_short_run_is_held_to_its_own_duration() {
        let short = RunSettings { duration_s: 2.0, ..RunSettings::default() };
        assert_eq!(short.effective_min_duration_s(), 2.0);
        assert_eq!(RunSettings::default().effective_min_duration_s(), 5.0);
    }

    #[test]
    fn progress_is_finished_once_its_record_or_reason_is_there() {
        let mut progress = BenchProgress::starting("r", 1);
        assert!(!progress.is_finished());
        progress.state = RunState::Completed;
        assert!(!progress.is_finished(), "stopped, but the record is not stored yet");
        progress.record_id = Some("r".into());
        assert!(progress.is_finished());
    }
}
