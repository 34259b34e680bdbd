//! The run form at `/benchmarks/new`: target, scenario, input and timing, started from the
//! contract's defaults. A body file (and, for local ONNX, a model file) is read with the
//! browser's File API and sent as bytes: the engine never opens a path the page names.

use super::{run_path, use_bench_context};
use crate::components::files::{first_file, read_bytes};
use crate::components::widgets::{Choice, Field, Nav};
use crate::data::{Topic, use_form_mutation};
use crate::logic::bench_form::BenchForm;
use archboard_types::bench::TargetKind;
use archboard_types::endpoint::BenchStart;
use archboard_types::files::FileContents;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// One signal per field of `BenchForm`, and the snapshot back.
macro_rules! form_fields {
    ($($field:ident),* $(,)?) => {
        #[derive(Clone, Copy)]
        struct Fields { $($field: RwSignal<String>),* }
        impl Fields {
            fn new(form: BenchForm) -> Self { Fields { $($field: RwSignal::new(form.$field)),* } }
            fn snapshot(&self) -> BenchForm { BenchForm { $($field: self.$field.get_untracked()),* } }
        }
    };
}

form_fields!(
    name,
    kind,
    url,
    model,
    auth,
    secret,
    scenario,
    concurrency,
    rate,
    arrivals,
    p99_slo,
    start_rate,
    steps,
    batches,
    ttft,
    itl,
    shape,
    dtype,
    duration,
    warmup,
    flops,
    bytes,
    profile,
);

/// The picked file of `input`, read into contents.
async fn picked(input: NodeRef<leptos::html::Input>) -> Result<Option<FileContents>, String> {
    let Some(file) = input.get_untracked().and_then(|el| first_file(&el)) else { return Ok(None) };
    Ok(Some(FileContents::new(file.name(), read_bytes(&file).await?)))
}

#[component]
pub fn RunForm() -> impl IntoView {
    let nav = Nav::new();
    let profiles = use_bench_context().profiles;
    let f = Fields::new(BenchForm::default());
    let body_input = NodeRef::<leptos::html::Input>::new();
    let model_input = NodeRef::<leptos::html::Input>::new();
    let local_error = RwSignal::new(None::<String>);
    let start_run = use_form_mutation::<BenchStart>(&[Topic::Benchmarks, Topic::Jobs]);
    start_run.on_success(move |run| nav.go(&run_path(&run.id)));
    let reading = RwSignal::new(false);
    let error = move || {
        local_error.get().or_else(|| {
            start_run.error().map(|e| match &e.field {
                Some(field) => format!("{} ({field})", e.message),
                None => e.message,
            })
        })
    };
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reading.set(true);
        spawn_local(async move {
            let files = async { Ok::<_, String>((picked(body_input).await?, picked(model_input).await?)) };
            let result = files.await.and_then(|(body, model)| f.snapshot().to_config(body, model));
            reading.set(false);
            match result {
                Ok(config) => {
                    local_error.set(None);
                    start_run.run(config);
                }
                Err(message) => local_error.set(Some(message)),
            }
        });
    };
    let kinds: Vec<(&'static str, &'static str)> =
        TargetKind::ALL.into_iter().map(|k| (k.as_str(), k.label())).collect();
    let scenario = f.scenario;
    let local_onnx = move || f.kind.get() == TargetKind::LocalOnnx.as_str();
    view! {
        <form class="form bench-form" on:submit=start aria-label="New benchmark run">
            <div class="field-grid">
                <Choice label="Target" id="bench-kind" value=f.kind options=kinds/>
                <Field label="Server URL (or ONNX file path)" id="bench-url" value=f.url/>
                <Field label="Model" id="bench-model" value=f.model hint="the server's model name"/>
                <div class="field">
                    <label for="bench-body-file">"Request body file"</label>
                    <input type="file" id="bench-body-file" node_ref=body_input title="generic JSON, TorchServe"/>
                </div>
                <Show when=local_onnx>
                    <div class="field">
                        <label for="bench-model-file">"ONNX model file (instead of a path)"</label>
                        <input type="file" id="bench-model-file" accept=".onnx" node_ref=model_input/>
                    </div>
                </Show>
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
                        {move || profiles.ok().unwrap_or_default().into_iter().map(|p| view! { <option value=p.key.clone()>{p.name}</option> }).collect_view()}
                    </select>
                </div>
                <Field label="Name" id="bench-name" value=f.name hint="optional"/>
            </div>
            <p class="field-error" role="alert" id="bench-form-error">{error}</p>
            <div class="toolbar">
                <button type="submit" id="bench-start" class="primary" prop:disabled=move || reading.get() || start_run.pending()>
                    "Start"
                </button>
            </div>
        </form>
    }
}
