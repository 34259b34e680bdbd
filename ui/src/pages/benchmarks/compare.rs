//! Runs side by side, each judged against up to two hardware profiles, with their latency
//! CDFs on one chart.

use super::evaluation::{figure, ms, verdict_badge};
use super::use_bench_context;
use crate::components::mermaid::svg_data_url;
use crate::data::{Topic, use_query};
use crate::logic::query_string::parse_ids;
use archboard_types::bench::BenchCompareRequest;
use archboard_types::endpoint::BenchCompare;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Runs side by side at `/benchmarks/compare?ids=a,b`.
#[component]
pub fn ComparisonPage() -> impl IntoView {
    let context = use_bench_context();
    let profiles = context.profiles;
    let query = use_query_map();
    let ids = Memo::new(move |_| parse_ids(&query.with(|q| q.get("ids")).unwrap_or_default()));
    // The ticks follow the address, so a reloaded comparison shows its runs ticked.
    Effect::new(move |_| context.compare_ids.set(ids.get()));
    let first = RwSignal::new(String::new());
    let second = RwSignal::new(String::new());
    let comparison = use_query::<BenchCompare>(&[Topic::Benchmarks], move || {
        let chosen: Vec<String> = [first.get(), second.get()].into_iter().filter(|p| !p.is_empty()).collect();
        let ids = ids.get();
        (ids.len() >= 2).then_some(BenchCompareRequest { ids, profiles: chosen })
    });
    let picker = move |id: &'static str, value: RwSignal<String>| {
        view! {
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">"No profile"</option>
                {move || profiles.ok().unwrap_or_default().into_iter().map(|p| view! { <option value=p.key.clone()>{p.name}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <article class="catalog-item bench-comparison" aria-label="Comparison">
            <header class="detail-head">
                <h2>"Runs side by side"</h2>
                <div class="toolbar">{picker("bench-compare-profile-1", first)}{picker("bench-compare-profile-2", second)}</div>
            </header>
            {move || (ids.with(|i| i.len() < 2)).then(|| view! { <p class="muted">"Tick two or more runs in the list to compare them."</p> })}
            {move || comparison.get().map(|answer| match answer {
                Err(e) => view! { <p class="field-error" role="alert">{e.message}</p> }.into_any(),
                Ok(c) => {
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
                }.into_any()
                }
            })}
        </article>
    }
}
