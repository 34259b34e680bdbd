//! The Benchmarks area: configure and start a run against an inference server, follow it live
//! (rate, percentiles so far, errors; cancel), read results with the engine's charts, judge a run
//! against hardware profiles with pass/fail per SLO, compare runs, import and export records.

use crate::app::AppContext;
use crate::backend::call;
use crate::mermaid::svg_data_url;
use archboard_types::ApiError;
use archboard_types::bench::{
    ArrivalProcess, AuthRef, AuthScheme, BenchCharts, BenchCompareRequest, BenchComparison, BenchConfig,
    BenchEvaluateRequest, BenchEvaluation, BenchImportRequest, BenchInput, BenchListQuery, BenchProgress,
    BenchRecord, BenchRef, BenchRunRef, BenchSummary, BenchTarget, PhaseResult, RunSettings, RunState,
    Scenario, TargetKind, Verdict,
};
use archboard_types::catalog::{CatalogKind, CatalogListQuery, CatalogSummary};
use archboard_types::endpoint::{
    BenchCancel, BenchChartsGet, BenchCompare, BenchDelete, BenchEvaluate, BenchExportRun, BenchGet,
    BenchImport, BenchList, BenchProgressGet, BenchStart, CatalogList,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// What the right-hand side shows.
#[derive(Debug, Clone, PartialEq)]
enum View {
    Nothing,
    Run(String),
    Compare(Vec<String>),
}

#[component]
pub fn BenchmarksPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let runs = RwSignal::new(None::<Vec<BenchSummary>>);
    let profiles = RwSignal::new(Vec::<CatalogSummary>::new());
    let view_state = RwSignal::new(View::Nothing);
    let compare_ids = RwSignal::new(Vec::<String>::new());
    let form_open = RwSignal::new(false);
    let importing = RwSignal::new(false);
    let live = RwSignal::new(None::<BenchProgress>);

    Effect::new(move |_| {
        context.revision.track();
        spawn_local(async move {
            match call::<BenchList>(&BenchListQuery::default()).await {
                Ok(list) => runs.set(Some(list)),
                Err(error) => context.error(&error),
            }
        });
    });
    spawn_local(async move {
        let query = CatalogListQuery { kind: Some(CatalogKind::Hardware), search: None };
        if let Ok(list) = call::<CatalogList>(&query).await {
            profiles.set(list);
        }
    });

    let on_started = Callback::new(move |id: String| {
        form_open.set(false);
        follow(context, id, live, view_state);
    });

    view! {
        <section class="page bench-page">
            <header class="page-head">
                <h1>"Benchmarks"</h1>
                <div class="toolbar">
                    <button id="bench-new" class="primary" on:click=move |_| form_open.set(!form_open.get_untracked())>
                        "New run"
                    </button>
                    <button id="bench-import" on:click=move |_| importing.set(!importing.get_untracked())>"Import…"</button>
                    <button
                        id="bench-compare"
                        prop:disabled=move || compare_ids.get().len() < 2
                        title="Tick two or more runs in the list"
                        on:click=move |_| view_state.set(View::Compare(compare_ids.get_untracked()))
                    >
                        {move || format!("Compare ({})", compare_ids.get().len())}
                    </button>
                </div>
            </header>
            {move || importing.get().then(|| view! { <ImportRun on_done=Callback::new(move |id: Option<String>| {
                importing.set(false);
                if let Some(id) = id { view_state.set(View::Run(id)); }
            })/> })}
            {move || form_open.get().then(|| view! { <RunForm profiles on_started/> })}
            {move || live.get().map(|progress| view! { <LiveProgress progress live/> })}
            <div class="catalog-layout">
                <nav class="catalog-list" aria-label="Benchmark runs">
                    {move || match runs.get() {
                        None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                        Some(list) if list.is_empty() => view! {
                            <div class="empty-state small">
                                <p>"No runs yet."</p>
                                <p class="muted">"Start one with New run, or import a record made on the target machine."</p>
                            </div>
                        }.into_any(),
                        Some(list) => view! {
                            <ul>
                                {list.into_iter().map(|run| run_row(run, view_state, compare_ids)).collect_view()}
                            </ul>
                        }.into_any(),
                    }}
                </nav>
                <div class="catalog-detail">
                    {move || match view_state.get() {
                        View::Nothing => view! { <p class="muted">"Choose a run on the left, or start a new one."</p> }.into_any(),
                        View::Run(id) => view! { <RunDetail id profiles view_state/> }.into_any(),
                        View::Compare(ids) => view! { <ComparisonView ids profiles/> }.into_any(),
                    }}
                </div>
            </div>
        </section>
    }
}

fn run_row(
    run: BenchSummary,
    view_state: RwSignal<View>,
    compare_ids: RwSignal<Vec<String>>,
) -> impl IntoView {
    let id = run.id.clone();
    let active_id = id.clone();
    let tick_id = id.clone();
    let checked_id = id.clone();
    view! {
        <li class="bench-row">
            <input
                type="checkbox"
                aria-label=format!("Compare {}", run.name)
                prop:checked=move || compare_ids.get().contains(&checked_id)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    compare_ids.update(|ids| {
                        ids.retain(|i| *i != tick_id);
                        if on { ids.push(tick_id.clone()); }
                    });
                }
            />
            <button
                class="catalog-row"
                data-run=id.clone()
                class:active=move || view_state.get() == View::Run(active_id.clone())
                on:click=move |_| view_state.set(View::Run(id.clone()))
            >
                <span class="catalog-row-name">{run.name.clone()}</span>
                <span class="catalog-row-meta">
                    <span>{run.scenario.clone()}</span>
                    <span>{format!("{:.1}/s · p99 {:.2} ms", run.best_throughput, run.p99_ms)}</span>
                    {state_badge(run.state)}
                    {(!run.valid).then(|| view! { <span class="badge invalid">"not valid"</span> })}
                    {run.imported.then(|| view! { <span class="badge imported">"imported"</span> })}
                </span>
            </button>
        </li>
    }
}

fn state_badge(state: RunState) -> impl IntoView {
    let (class, text) = match state {
        RunState::Running => ("badge running", "running"),
        RunState::Completed => ("badge completed", "completed"),
        RunState::Cancelled => ("badge cancelled", "cancelled"),
        RunState::Failed => ("badge failed", "failed"),
    };
    view! { <span class=class>{text}</span> }
}

/// Polls a run until it ends, then opens its record. Runs outside any component (from timers),
/// so it takes the app context rather than looking it up.
fn follow(
    context: AppContext,
    id: String,
    live: RwSignal<Option<BenchProgress>>,
    view_state: RwSignal<View>,
) {
    spawn_local(async move {
        match call::<BenchProgressGet>(&BenchRunRef { id: id.clone() }).await {
            Ok(progress) => {
                let ended = progress.state != RunState::Running
                    && (progress.record_id.is_some() || progress.message.is_some());
                let record = progress.record_id.clone();
                let state = progress.state;
                let message = progress.message.clone();
                live.set(Some(progress));
                if !ended {
                    set_timeout(move || follow(context, id, live, view_state), Duration::from_millis(400));
                    return;
                }
                context.changed();
                match state {
                    RunState::Completed => context.success("The benchmark finished."),
                    _ => context
                        .error(&ApiError::internal(message.unwrap_or_else(|| "The run stopped.".into()))),
                }
                if let Some(record) = record {
                    view_state.set(View::Run(record));
                }
            }
            Err(error) => context.error(&error),
        }
    });
}

#[component]
fn LiveProgress(progress: BenchProgress, live: RwSignal<Option<BenchProgress>>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let running = progress.state == RunState::Running;
    let id = progress.id.clone();
    let cancel = move |_| {
        let id = id.clone();
        spawn_local(async move {
            if let Err(error) = call::<BenchCancel>(&BenchRunRef { id }).await {
                context.error(&error);
            }
        });
    };
    let planned = progress.phases_planned.max(1);
    view! {
        <section class="callout bench-live" aria-label="Run in progress" aria-live="polite">
            <div class="bench-live-head">
                <strong>{if running { "Running" } else { "Finished" }}</strong>
                <span class="mono">{progress.id.clone()}</span>
                <span>{format!("phase {} of {} · {}", (progress.phases_done + u32::from(running)).min(planned), planned, progress.stage)}</span>
                <progress max=planned value=progress.phases_done></progress>
                {running.then(|| view! { <button id="bench-cancel" class="danger" on:click=cancel>"Cancel"</button> })}
                {(!running).then(|| view! { <button on:click=move |_| live.set(None)>"Dismiss"</button> })}
            </div>
            <dl class="facts bench-live-figures">
                <dt>"Elapsed"</dt><dd>{format!("{:.1} s", progress.elapsed_s)}</dd>
                <dt>"Completed (this phase)"</dt><dd id="bench-live-completed">{progress.completed}</dd>
                <dt>"Errors"</dt><dd>{progress.errors}</dd>
                <dt>"Current rate"</dt><dd>{format!("{:.1} /s", progress.current_rate)}</dd>
                <dt>"So far"</dt><dd>{format!("p50 {:.2} ms · p95 {:.2} ms · p99 {:.2} ms", progress.p50_ms, progress.p95_ms, progress.p99_ms)}</dd>
            </dl>
            {progress.message.clone().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </section>
    }
}

/// The form's fields, as typed.
#[derive(Clone, Copy)]
struct FormFields {
    name: RwSignal<String>,
    kind: RwSignal<String>,
    url: RwSignal<String>,
    model: RwSignal<String>,
    body_file: RwSignal<String>,
    auth: RwSignal<String>,
    secret: RwSignal<String>,
    scenario: RwSignal<String>,
    concurrency: RwSignal<String>,
    rate: RwSignal<String>,
    arrivals: RwSignal<String>,
    p99_slo: RwSignal<String>,
    start_rate: RwSignal<String>,
    steps: RwSignal<String>,
    batches: RwSignal<String>,
    ttft: RwSignal<String>,
    itl: RwSignal<String>,
    shape: RwSignal<String>,
    dtype: RwSignal<String>,
    duration: RwSignal<String>,
    warmup: RwSignal<String>,
    flops: RwSignal<String>,
    bytes: RwSignal<String>,
    profile: RwSignal<String>,
}

fn text(value: &str) -> RwSignal<String> {
    RwSignal::new(value.to_owned())
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

impl FormFields {
    fn config(&self) -> Result<BenchConfig, String> {
        let kind = match self.kind.get_untracked().as_str() {
            "torchserve" => TargetKind::Torchserve,
            "openai" => TargetKind::Openai,
            "generic_json" => TargetKind::GenericJson,
            "local_onnx" => TargetKind::LocalOnnx,
            _ => TargetKind::KserveV2,
        };
        let concurrency = || whole("Concurrency", &self.concurrency.get_untracked());
        let scenario = match self.scenario.get_untracked().as_str() {
            "concurrency_sweep" => Scenario::ConcurrencySweep { max_concurrency: concurrency()? },
            "server" => Scenario::Server {
                rate_per_s: number("Rate", &self.rate.get_untracked())?,
                arrivals: if self.arrivals.get_untracked() == "constant" {
                    ArrivalProcess::Constant
                } else {
                    ArrivalProcess::Poisson
                },
            },
            "max_throughput" => Scenario::MaxThroughput {
                p99_slo_ms: number("p99 SLO", &self.p99_slo.get_untracked())?,
                start_rate_per_s: number("Starting rate", &self.start_rate.get_untracked())?,
                steps: whole("Steps", &self.steps.get_untracked())?,
            },
            "offline" => Scenario::Offline {
                batch_sizes: self
                    .batches
                    .get_untracked()
                    .split(',')
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| whole("Batch sizes", s))
                    .collect::<Result<_, _>>()?,
                concurrency: concurrency()?,
            },
            "llm_stream" => Scenario::LlmStream {
                concurrency: concurrency()?,
                ttft_slo_ms: number("TTFT SLO", &self.ttft.get_untracked())?,
                itl_slo_ms: number("Inter-token SLO", &self.itl.get_untracked())?,
            },
            _ => Scenario::SingleStream,
        };
        let auth = match self.auth.get_untracked().as_str() {
            "bearer" => Some(AuthRef { scheme: AuthScheme::Bearer, secret: self.secret.get_untracked() }),
            "basic" => Some(AuthRef { scheme: AuthScheme::Basic, secret: self.secret.get_untracked() }),
            _ => None,
        };
        let shape = self
            .shape
            .get_untracked()
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                s.trim()
                    .parse::<u64>()
                    .map_err(|_| format!("Input shape: `{}` is not a dimension.", s.trim()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let duration = number("Duration", &self.duration.get_untracked())?;
        Ok(BenchConfig {
            name: self.name.get_untracked(),
            target: BenchTarget {
                kind,
                url: self.url.get_untracked(),
                model: self.model.get_untracked(),
                model_version: None,
                body_file: Some(self.body_file.get_untracked()).filter(|s| !s.trim().is_empty()),
                auth,
                headers: vec![],
                timeout_ms: 30_000,
            },
            input: BenchInput {
                shape,
                dtype: self.dtype.get_untracked(),
                flops: optional("FLOPs", &self.flops.get_untracked())?,
                bytes_moved: optional("Bytes moved", &self.bytes.get_untracked())?,
                ..BenchInput::default()
            },
            scenario,
            settings: RunSettings {
                duration_s: duration,
                warmup_requests: whole("Warm-up requests", &self.warmup.get_untracked())?,
                min_duration_s: duration.min(RunSettings::default().min_duration_s),
                ..RunSettings::default()
            },
            profile: Some(self.profile.get_untracked()).filter(|p| !p.is_empty()),
        })
    }
}

#[component]
fn Field(
    label: &'static str,
    id: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) placeholder=hint/>
        </div>
    }
}

#[component]
fn Choice(
    label: &'static str,
    id: &'static str,
    value: RwSignal<String>,
    options: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn RunForm(profiles: RwSignal<Vec<CatalogSummary>>, on_started: Callback<String>) -> impl IntoView {
    let f = FormFields {
        name: text(""),
        kind: text("kserve_v2"),
        url: text("http://127.0.0.1:8080"),
        model: text(""),
        body_file: text(""),
        auth: text("none"),
        secret: text(""),
        scenario: text("single_stream"),
        concurrency: text("8"),
        rate: text("100"),
        arrivals: text("poisson"),
        p99_slo: text("100"),
        start_rate: text("50"),
        steps: text("6"),
        batches: text("1,8,32"),
        ttft: text("500"),
        itl: text("50"),
        shape: text("1,16"),
        dtype: text("FP32"),
        duration: text("10"),
        warmup: text("10"),
        flops: text(""),
        bytes: text(""),
        profile: text(""),
    };
    let error = RwSignal::new(None::<String>);
    let starting = RwSignal::new(false);
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let config = match f.config() {
            Ok(config) => config,
            Err(message) => return error.set(Some(message)),
        };
        starting.set(true);
        spawn_local(async move {
            match call::<BenchStart>(&config).await {
                Ok(run) => {
                    error.set(None);
                    on_started.run(run.id);
                }
                Err(e) => error.set(Some(match &e.field {
                    Some(field) => format!("{} ({field})", e.message),
                    None => e.message,
                })),
            }
            starting.set(false);
        });
    };
    let scenario = f.scenario;
    view! {
        <form class="form bench-form" on:submit=start aria-label="New benchmark run">
            <div class="field-grid">
                <Choice label="Target" id="bench-kind" value=f.kind options=vec![
                    ("kserve_v2", "KServe v2 / Open Inference"), ("torchserve", "TorchServe"),
                    ("openai", "OpenAI-compatible (streaming)"), ("generic_json", "Generic JSON POST"),
                    ("local_onnx", "Local ONNX file (in-process)"),
                ]/>
                <Field label="Server URL (or ONNX file)" id="bench-url" value=f.url/>
                <Field label="Model" id="bench-model" value=f.model hint="the server's model name"/>
                <Field label="Request body file" id="bench-body" value=f.body_file hint="path (generic JSON, TorchServe)"/>
                <Choice label="Auth" id="bench-auth" value=f.auth options=vec![("none", "None"), ("bearer", "Bearer token"), ("basic", "Basic")]/>
                <Field label="Secret from" id="bench-secret" value=f.secret hint="env:NAME or file:NAME — never stored"/>
                <Choice label="Scenario" id="bench-scenario" value=f.scenario options=vec![
                    ("single_stream", "Single stream"), ("concurrency_sweep", "Concurrency sweep"),
                    ("server", "Server (open loop)"), ("max_throughput", "Max-throughput search"),
                    ("offline", "Offline (batches)"), ("llm_stream", "LLM streaming"),
                ]/>
                {move || match scenario.get().as_str() {
                    "concurrency_sweep" => view! { <Field label="Up to concurrency" id="bench-concurrency" value=f.concurrency/> }.into_any(),
                    "server" => view! {
                        <Field label="Rate (requests/s)" id="bench-rate" value=f.rate/>
                        <Choice label="Arrivals" id="bench-arrivals" value=f.arrivals options=vec![("poisson", "Poisson"), ("constant", "Constant")]/>
                    }.into_any(),
                    "max_throughput" => view! {
                        <Field label="p99 SLO (ms)" id="bench-p99" value=f.p99_slo/>
                        <Field label="Starting rate (/s)" id="bench-start-rate" value=f.start_rate/>
                        <Field label="Steps" id="bench-steps" value=f.steps/>
                    }.into_any(),
                    "offline" => view! {
                        <Field label="Batch sizes" id="bench-batches" value=f.batches/>
                        <Field label="Concurrency" id="bench-concurrency" value=f.concurrency/>
                    }.into_any(),
                    "llm_stream" => view! {
                        <Field label="Concurrent streams" id="bench-concurrency" value=f.concurrency/>
                        <Field label="TTFT SLO (ms)" id="bench-ttft" value=f.ttft/>
                        <Field label="Inter-token SLO (ms)" id="bench-itl" value=f.itl/>
                    }.into_any(),
                    _ => ().into_any(),
                }}
                <Field label="Input shape (batch first)" id="bench-shape" value=f.shape/>
                <Field label="Datatype" id="bench-dtype" value=f.dtype/>
                <Field label="Seconds per phase" id="bench-duration" value=f.duration/>
                <Field label="Warm-up requests" id="bench-warmup" value=f.warmup/>
                <Field label="FLOPs per inference" id="bench-flops" value=f.flops hint="optional, for the roofline"/>
                <Field label="Bytes moved per inference" id="bench-bytes" value=f.bytes hint="optional, for the roofline"/>
                <div class="field">
                    <label for="bench-profile">"Represents profile"</label>
                    <select id="bench-profile" on:change=move |ev| f.profile.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || profiles.get().into_iter().map(|p| view! { <option value=p.key.clone()>{p.name}</option> }).collect_view()}
                    </select>
                </div>
                <Field label="Name" id="bench-name" value=f.name hint="optional"/>
            </div>
            <p class="field-error" role="alert" id="bench-form-error">{move || error.get()}</p>
            <div class="toolbar">
                <button type="submit" id="bench-start" class="primary" prop:disabled=move || starting.get()>"Start"</button>
            </div>
        </form>
    }
}

#[component]
fn ImportRun(on_done: Callback<Option<String>>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let input = NodeRef::<leptos::html::Input>::new();
    let picked = move |_| {
        let Some(file) = input.get_untracked().and_then(|el| el.files()).and_then(|files| files.get(0))
        else {
            return;
        };
        let name = file.name();
        spawn_local(async move {
            let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(value) => value.as_string().unwrap_or_default(),
                Err(_) => return context.error(&ApiError::internal(format!("Cannot read {name}."))),
            };
            match call::<BenchImport>(&BenchImportRequest { file_name: name, json: text }).await {
                Ok(summary) => {
                    context.success(format!("Imported run {}.", summary.name));
                    context.changed();
                    on_done.run(Some(summary.id));
                }
                Err(error) => context.error(&error),
            }
        });
    };
    view! {
        <section class="callout import-panel" aria-label="Import a benchmark record">
            <p>"Choose a result record (JSON from Export or " <span class="mono">"archboard bench export"</span> "), e.g. one made on the target machine."</p>
            <input type="file" accept=".json" node_ref=input id="bench-import-file" on:change=picked/>
            <button on:click=move |_| on_done.run(None)>"Close"</button>
        </section>
    }
}

fn ms(value: f64) -> String {
    format!("{value:.2}")
}

fn phase_rows(phases: &[PhaseResult]) -> impl IntoView {
    phases
        .iter()
        .map(|p| {
            let l = p.latency;
            view! {
                <tr class:invalid=!p.validity.valid>
                    <th scope="row">{p.label.clone()}</th>
                    <td>{p.completed}</td>
                    <td>{p.errors.total()}</td>
                    <td>{format!("{:.1}", p.samples_per_s)}</td>
                    <td>{ms(l.p50_ms)}</td>
                    <td>{ms(l.p90_ms)}</td>
                    <td>{ms(l.p95_ms)}</td>
                    <td>{ms(l.p99_ms)}</td>
                    <td>{ms(l.p999_ms)}</td>
                    <td>{ms(l.max_ms)}</td>
                    <td>{if p.validity.valid {
                        view! { <span class="badge pass">"valid"</span> }.into_any()
                    } else {
                        view! { <span class="badge invalid" title=p.validity.reasons.join("; ")>"not valid"</span> }.into_any()
                    }}
                    {p.meets_slo.map(|m| if m { view! { <span class="badge pass">"meets SLO"</span> }.into_any() } else { view! { <span class="badge fail">"misses SLO"</span> }.into_any() })}</td>
                </tr>
            }
        })
        .collect_view()
}

#[component]
fn RunDetail(
    id: String,
    profiles: RwSignal<Vec<CatalogSummary>>,
    view_state: RwSignal<View>,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let record = RwSignal::new(None::<BenchRecord>);
    let charts = RwSignal::new(None::<BenchCharts>);
    let profile = RwSignal::new(String::new());
    let evaluation = RwSignal::new(None::<BenchEvaluation>);
    let load_id = id.clone();
    spawn_local(async move {
        match call::<BenchGet>(&BenchRef { id: load_id.clone() }).await {
            Ok(loaded) => {
                profile.set(loaded.profile.clone().unwrap_or_default());
                record.set(Some(loaded));
            }
            Err(error) => return context.error(&error),
        }
        if let Ok(drawn) = call::<BenchChartsGet>(&BenchRef { id: load_id }).await {
            charts.set(Some(drawn));
        }
    });
    let eval_id = id.clone();
    Effect::new(move |_| {
        let key = profile.get();
        let id = eval_id.clone();
        if key.is_empty() {
            evaluation.set(None);
            return;
        }
        spawn_local(async move {
            match call::<BenchEvaluate>(&BenchEvaluateRequest { id, profile: key }).await {
                Ok(judged) => evaluation.set(Some(judged)),
                Err(error) => context.error(&error),
            }
        });
    });
    let export_id = id.clone();
    let export = move |_| {
        let id = export_id.clone();
        spawn_local(async move {
            if crate::backend::in_desktop() {
                match crate::backend::desktop_export_bench(&id).await {
                    Ok(Some(path)) => context.success(format!("Saved the record as {path}.")),
                    Ok(None) => {}
                    Err(error) => context.error(&error),
                }
                return;
            }
            match call::<BenchExportRun>(&BenchRef { id }).await {
                Ok(file) => match crate::catalog::download(&file.file_name, &file.json, "application/json") {
                    Ok(()) => context.success(format!("Exported {}.", file.file_name)),
                    Err(message) => context.error(&ApiError::internal(message)),
                },
                Err(error) => context.error(&error),
            }
        });
    };
    let delete_id = id.clone();
    let delete = move |_| {
        let id = delete_id.clone();
        spawn_local(async move {
            match call::<BenchDelete>(&BenchRef { id }).await {
                Ok(_) => {
                    view_state.set(View::Nothing);
                    context.changed();
                    context.success("Deleted the run.");
                }
                Err(error) => context.error(&error),
            }
        });
    };
    move || {
        let Some(r) = record.get() else {
            return view! { <p class="muted">"Loading…"</p> }.into_any();
        };
        let invalid: Vec<String> = r
            .phases
            .iter()
            .filter(|p| !p.validity.valid)
            .map(|p| format!("{}: {}", p.label, p.validity.reasons.join("; ")))
            .collect();
        let errors: Vec<String> = r
            .phases
            .iter()
            .flat_map(|p| {
                p.errors.examples.iter().map(move |(class, e)| format!("{}: {class}: {e}", p.label))
            })
            .collect();
        view! {
            <article class="catalog-item bench-detail" aria-label="Benchmark run">
                <header class="detail-head">
                    <div>
                        <h2 id="bench-run-title">{r.name.clone()}</h2>
                        <p class="muted mono">{r.id.clone()}</p>
                    </div>
                    <div class="toolbar">
                        {state_badge(r.state)}
                        <button id="bench-export" on:click=export.clone()>"Export"</button>
                        <button class="danger" on:click=delete.clone()>"Delete"</button>
                    </div>
                </header>
                {r.message.clone().map(|m| view! { <p class="callout warn" role="alert">{m}</p> })}
                {(!invalid.is_empty()).then(|| view! {
                    <div class="callout warn" id="bench-invalid">
                        <strong>"Not a valid result"</strong>
                        <ul>{invalid.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                    </div>
                })}
                <dl class="facts">
                    <dt>"Target"</dt><dd>{format!("{} · {}{}", r.target.kind.label(), r.target.url, if r.target.model.is_empty() { String::new() } else { format!(" · model {}", r.target.model) })}</dd>
                    <dt>"Runtime"</dt><dd>{r.target.runtime.clone()}</dd>
                    <dt>"Scenario"</dt><dd>{r.scenario.name()}</dd>
                    <dt>"Input"</dt><dd>{format!("{:?} {} · {} bytes per request", r.input.shape, r.input.dtype, r.input.payload_bytes)}</dd>
                    <dt>"Machine"</dt><dd>{format!("{} · {} cores · {} GB · {}", r.environment.cpu_model, r.environment.cores, r.environment.memory_gb, r.environment.os)}</dd>
                    {(!r.environment.gpus.is_empty()).then(|| view! { <dt>"GPU"</dt><dd>{r.environment.gpus.join("; ")}</dd> })}
                    <dt>"Cold start"</dt><dd>{r.cold_start_ms.map(|c| format!("{c:.1} ms (first request, not in the results)")).unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Made"</dt><dd>{format!("{} by Archboard {}", r.created_at, r.archboard_version)}{r.imported_from.clone().map(|f| format!(" · imported from {f}"))}</dd>
                </dl>
                <div class="table-scroll"><table class="data compact bench-phases">
                    <thead><tr>
                        <th>"Phase"</th><th>"Done"</th><th>"Errors"</th><th>"Predictions/s"</th><th>"p50 ms"</th><th>"p90"</th><th>"p95"</th><th>"p99"</th><th>"p99.9"</th><th>"max"</th><th>"Validity"</th>
                    </tr></thead>
                    <tbody>{phase_rows(&r.phases)}</tbody>
                </table></div>
                {(!errors.is_empty()).then(|| view! { <ul class="problems">{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul> })}
                {r.phases.iter().filter_map(|p| p.llm.clone().map(|llm| (p.label.clone(), llm))).map(|(label, llm)| view! {
                    <p class="bench-llm">{format!(
                        "{label}: time to first token p50 {:.1} / p99 {:.1} ms · inter-token p50 {:.2} / p99 {:.2} ms · {:.1} tokens/s per stream, {:.1} in all · goodput {:.1}% ({:.2}/s)",
                        llm.time_to_first_token.p50_ms, llm.time_to_first_token.p99_ms, llm.inter_token.p50_ms, llm.inter_token.p99_ms,
                        llm.tokens_per_s_per_request, llm.tokens_per_s, llm.goodput_fraction * 100.0, llm.goodput_rps
                    )}</p>
                }).collect_view()}
                <section class="catalog-section">
                    <h3>"Judge against a hardware profile"</h3>
                    <select id="bench-judge" prop:value=move || profile.get() on:change=move |ev| profile.set(event_target_value(&ev))>
                        <option value="">"Choose a profile…"</option>
                        {move || profiles.get().into_iter().map(|p| view! { <option value=p.key.clone()>{p.name}</option> }).collect_view()}
                    </select>
                    {move || evaluation.get().map(|e| view! { <EvaluationView evaluation=e/> })}
                </section>
                <section class="catalog-section bench-charts">
                    <h3>"Charts"</h3>
                    {move || match charts.get() {
                        None => view! { <p class="muted">"No charts (nothing completed)."</p> }.into_any(),
                        Some(c) => view! {
                            <img class="chart" id="bench-histogram" src=svg_data_url(&c.histogram_svg) alt="Latency distribution of the best phase"/>
                            <img class="chart" id="bench-cdf" src=svg_data_url(&c.cdf_svg) alt="Latency CDF per phase"/>
                            {c.throughput_latency_svg.map(|svg| view! { <img class="chart" id="bench-curve" src=svg_data_url(&svg) alt="Throughput against latency"/> })}
                        }.into_any(),
                    }}
                </section>
            </article>
        }
        .into_any()
    }
}

fn verdict_badge(verdict: Verdict) -> impl IntoView {
    match verdict {
        Verdict::Pass => view! { <span class="badge pass">"pass"</span> },
        Verdict::Fail => view! { <span class="badge fail">"fail"</span> },
        Verdict::NotMeasured => view! { <span class="badge">"not measured"</span> },
    }
}

fn figure(value: f64) -> String {
    if value != 0.0 && value.abs() < 0.01 { format!("{value:.2e}") } else { format!("{value:.3}") }
}

#[component]
fn EvaluationView(evaluation: BenchEvaluation) -> impl IntoView {
    let e = evaluation;
    view! {
        <div class="bench-evaluation" data-profile=e.profile_key.clone()>
            <p>
                <strong>{e.profile_name.clone()}</strong>" "{verdict_badge(e.verdict)}
                {(!e.run_valid).then(|| view! { <span class="badge invalid">"run not valid"</span> })}
                <span class="muted">{format!(" judged on {}", e.phase_label)}</span>
            </p>
            <table class="data compact">
                <thead><tr><th>"SLO"</th><th>"Target"</th><th>"Measured"</th><th>"Result"</th></tr></thead>
                <tbody>
                    {e.checks.iter().map(|c| view! {
                        <tr>
                            <th scope="row">{c.slo.clone()}</th>
                            <td>{format!("{} {}", figure(c.target), c.unit)}</td>
                            <td>{c.measured.map(figure).unwrap_or_else(|| "—".into())}</td>
                            <td>{verdict_badge(c.verdict)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>{match e.cost_per_1k {
                Some(cost) => format!("Cost per 1k predictions: {} {} at {:.1}/s sustained within the SLOs ({} {:.3} per hour, price as of {}).", e.currency, figure(cost), e.sustained_rps, e.currency, e.price_per_hour, e.price_as_of),
                None => "Cost per 1k predictions: unbounded — no phase met the latency SLOs.".into(),
            }}</p>
            {e.roofline.clone().map(|r| view! {
                <p class="bench-roofline">{format!(
                    "Roofline floor (an estimate): {:.4} ms, {}-bound (compute {:.4} ms, memory {:.4} ms). Measured p50: {:.3} ms, {:.1}× the floor.",
                    r.floor_ms, r.bound, r.compute_ms, r.memory_ms, r.measured_p50_ms, r.measured_over_floor
                )}</p>
            })}
            {e.fits_memory.map(|fits| view! { <p>{if fits { "The model fits this profile's memory." } else { "The model does not fit this profile's memory." }}</p> })}
            {e.notes.iter().map(|n| view! { <p class="muted">{n.clone()}</p> }).collect_view()}
        </div>
    }
}

#[component]
fn ComparisonView(ids: Vec<String>, profiles: RwSignal<Vec<CatalogSummary>>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let first = RwSignal::new(String::new());
    let second = RwSignal::new(String::new());
    let comparison = RwSignal::new(None::<BenchComparison>);
    Effect::new(move |_| {
        let chosen: Vec<String> = [first.get(), second.get()].into_iter().filter(|p| !p.is_empty()).collect();
        let request = BenchCompareRequest { ids: ids.clone(), profiles: chosen };
        spawn_local(async move {
            match call::<BenchCompare>(&request).await {
                Ok(result) => comparison.set(Some(result)),
                Err(error) => context.error(&error),
            }
        });
    });
    let picker = move |id: &'static str, value: RwSignal<String>| {
        view! {
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">"No profile"</option>
                {move || profiles.get().into_iter().map(|p| view! { <option value=p.key.clone()>{p.name}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <article class="catalog-item bench-comparison" aria-label="Comparison">
            <header class="detail-head">
                <h2>"Runs side by side"</h2>
                <div class="toolbar">{picker("bench-compare-profile-1", first)}{picker("bench-compare-profile-2", second)}</div>
            </header>
            {move || comparison.get().map(|c| {
                let profile_names: Vec<String> = c.evaluations.first().map(|row| row.iter().map(|e| e.profile_name.clone()).collect()).unwrap_or_default();
                view! {
                    <table class="data compact" id="bench-comparison-table">
                        <thead><tr>
                            <th>"Run"</th><th>"Scenario"</th><th>"Best /s"</th><th>"p99 ms"</th><th>"Valid"</th>
                            {profile_names.iter().map(|n| view! { <th>{n.clone()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {c.runs.iter().zip(c.evaluations.iter()).map(|(run, row)| view! {
                                <tr>
                                    <th scope="row">{run.name.clone()}</th>
                                    <td>{run.scenario.clone()}</td>
                                    <td>{format!("{:.1}", run.best_throughput)}</td>
                                    <td>{ms(run.p99_ms)}</td>
                                    <td>{if run.valid { "yes" } else { "no" }}</td>
                                    {row.iter().map(|e| view! {
                                        <td>{verdict_badge(e.verdict)}" "{e.cost_per_1k.map(|c| format!("{} {}/1k", e.currency, figure(c))).unwrap_or_else(|| "cost unbounded".into())}</td>
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <img class="chart" id="bench-compare-cdf" src=svg_data_url(&c.cdf_svg) alt="Latency CDF of each run's best phase"/>
                }
            })}
        </article>
    }
}
