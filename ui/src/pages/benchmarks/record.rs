//! A stored benchmark run: phases and their validity, the machine, judging against a hardware
//! profile, the engine's charts, export and delete.

use super::evaluation::{EvaluationView, phase_rows};
use super::list::state_badge;
use super::use_bench_context;
use crate::backend::call;
use crate::components::files::download;
use crate::components::mermaid::svg_data_url;
use crate::components::notifications::use_notifier;
use crate::components::widgets::Nav;
use crate::data::{Topic, use_mutation, use_query};
use archboard_types::bench::{BenchEvaluateRequest, BenchRef};
use archboard_types::endpoint::{BenchChartsGet, BenchDelete, BenchEvaluate, BenchExportRun, BenchGet};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A stored run: phases with validity, the machine, judging against a profile, the charts.
#[component]
pub fn RunRecord(id: String) -> impl IntoView {
    let nav = Nav::new();
    let notifier = use_notifier();
    let profiles = use_bench_context().profiles;
    let record_id = id.clone();
    let record =
        use_query::<BenchGet>(&[Topic::Benchmarks], move || Some(BenchRef { id: record_id.clone() }));
    let charts_id = id.clone();
    let charts =
        use_query::<BenchChartsGet>(&[Topic::Benchmarks], move || Some(BenchRef { id: charts_id.clone() }));
    // The profile the run represents is judged first; the user may pick another.
    let profile = RwSignal::new(None::<String>);
    let chosen = move || profile.get().or_else(|| record.ok().and_then(|r| r.profile)).unwrap_or_default();
    let eval_id = id.clone();
    let evaluation = use_query::<BenchEvaluate>(&[Topic::Benchmarks, Topic::Catalog], move || {
        let key = chosen();
        (!key.is_empty()).then(|| BenchEvaluateRequest { id: eval_id.clone(), profile: key })
    });
    let export_id = id.clone();
    let export = move |_| {
        let id = export_id.clone();
        spawn_local(async move {
            if crate::backend::in_desktop() {
                match crate::backend::desktop_export_bench(&id).await {
                    Ok(Some(path)) => notifier.success(format!("Saved the record as {path}.")),
                    Ok(None) => {}
                    Err(error) => notifier.error(&error),
                }
                return;
            }
            match call::<BenchExportRun>(&BenchRef { id }).await {
                Ok(file) => match download(&file.path, file.content.as_slice(), "application/json") {
                    Ok(()) => notifier.success(format!("Exported {}.", file.path)),
                    Err(message) => notifier.problem(message),
                },
                Err(error) => notifier.error(&error),
            }
        });
    };
    let delete_run = use_mutation::<BenchDelete>(&[Topic::Benchmarks]);
    delete_run.on_success(move |_| {
        notifier.success("Deleted the run.");
        nav.go("/benchmarks");
    });
    let delete = move |_| delete_run.run(BenchRef { id: id.clone() });
    move || {
        let r = match record.get() {
            None => return view! { <p class="muted">"Loading…"</p> }.into_any(),
            Some(Err(error)) => {
                return view! { <p class="callout warn" role="alert">{error.message}</p> }.into_any();
            }
            Some(Ok(r)) => r,
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
                        <button class="danger" disabled=move || delete_run.pending() on:click=delete.clone()>"Delete"</button>
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
                    <dt>"Input"</dt><dd>{format!("[{}] {} · {} bytes per request", r.input.shape.iter().map(u64::to_string).collect::<Vec<_>>().join(" × "), r.input.dtype, r.input.payload_bytes)}</dd>
                    <dt>"Machine"</dt><dd>{format!("{} · {} cores · {} GB · {}", r.environment.cpu_model, r.environment.cores, r.environment.memory_gb, r.environment.os)}</dd>
                    {(!r.environment.gpus.is_empty()).then(|| view! { <dt>"GPU"</dt><dd>{r.environment.gpus.join("; ")}</dd> })}
                    <dt>"Cold start"</dt><dd>{r.cold_start_ms.map(|c| format!("{c:.1} ms (first request, not in the results)")).unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Made"</dt><dd>{format!("{} by Archboard {}", crate::logic::lists::readable_instant(&r.created_at), r.archboard_version)}{r.imported_from.clone().map(|f| format!(" · imported from {f}"))}</dd>
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
                    <select id="bench-judge" prop:value=chosen on:change=move |ev| profile.set(Some(event_target_value(&ev)))>
                        <option value="">"Choose a profile…"</option>
                        {move || profiles.ok().unwrap_or_default().into_iter().map(|p| view! { <option value=p.key.clone()>{p.name}</option> }).collect_view()}
                    </select>
                    {move || (!chosen().is_empty()).then(|| evaluation.ok().map(|e| view! { <EvaluationView evaluation=e/> }))}
                </section>
                <section class="catalog-section bench-charts">
                    <h3>"Charts"</h3>
                    {move || match charts.ok() {
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
