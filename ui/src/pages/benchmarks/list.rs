//! The runs list, keyed so a refresh keeps scroll position, focus and the ticks.

use super::{run_path, use_bench_context};
use crate::components::widgets::Nav;
use crate::data::{ListShape, Topic, use_query};
use archboard_types::bench::{BenchListQuery, RunState};
use archboard_types::endpoint::BenchList;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

pub fn state_badge(state: RunState) -> impl IntoView {
    view! { <span class=format!("badge {}", state.as_str())>{state.label()}</span> }
}

#[component]
pub fn RunList() -> impl IntoView {
    let nav = Nav::new();
    let context = use_bench_context();
    let location = use_location();
    let runs = use_query::<BenchList>(&[Topic::Benchmarks], || Some(BenchListQuery::default()));
    let shape = Memo::new(move |_| ListShape::of(runs.get()));
    move || {
        match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading…"</p> }.into_any(),
        ListShape::Failed(message) => view! { <p class="field-error" role="alert">{message}</p> }.into_any(),
        ListShape::Empty => view! {
            <div class="empty-state small">
                <p>"No runs yet."</p>
                <p class="muted">"Start one with New run, or import a record made on the target machine."</p>
            </div>
        }
        .into_any(),
        ListShape::Rows => view! {
            <ul>
                <For each=move || runs.ok().unwrap_or_default() key=|run| (run.id.clone(), run.state.as_str(), run.name.clone(), run.phases) let:run>
                    {
                        let id = run.id.clone();
                        let (tick_id, checked_id, active_id) = (id.clone(), id.clone(), run_path(&id));
                        view! {
                            <li class="bench-row">
                                <input
                                    type="checkbox"
                                    aria-label=format!("Compare {}", run.name)
                                    prop:checked=move || context.compare_ids.with(|ids| ids.contains(&checked_id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        context.compare_ids.update(|ids| {
                                            ids.retain(|i| *i != tick_id);
                                            if on {
                                                ids.push(tick_id.clone());
                                            }
                                        });
                                    }
                                />
                                <button
                                    class="catalog-row"
                                    data-run=id.clone()
                                    class:active=move || location.pathname.with(|p| *p == active_id)
                                    on:click=move |_| nav.go(&run_path(&id))
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
                </For>
            </ul>
        }
        .into_any(),
    }
    }
}
