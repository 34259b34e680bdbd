//! The Benchmarks area: the runs list beside the run form (`/benchmarks/new`), a run live or
//! recorded (`/benchmarks/ID`) and a comparison (`/benchmarks/compare?ids=a,b`).

mod compare;
mod detail;
mod evaluation;
mod form;
mod import;
mod list;
mod live;
mod record;

pub use compare::ComparisonPage;
pub use detail::RunPage;
pub use form::RunForm;

use crate::components::widgets::Nav;
use crate::data::{Query, Topic, use_query};
use crate::logic::query_string::compare_path;
use archboard_types::catalog::{CatalogKind, CatalogListQuery};
use archboard_types::endpoint::CatalogList;
use leptos::prelude::*;
use leptos_router::components::Outlet;

/// Shared by the list and the pages beside it.
#[derive(Clone, Copy)]
pub struct BenchContext {
    /// Runs ticked for comparison.
    pub compare_ids: RwSignal<Vec<String>>,
    /// The hardware profiles a run can represent or be judged against.
    pub profiles: Query<CatalogList>,
}

pub fn use_bench_context() -> BenchContext {
    expect_context::<BenchContext>()
}

pub fn run_path(id: &str) -> String {
    format!("/benchmarks/{id}")
}

#[component]
pub fn BenchmarksPage() -> impl IntoView {
    let nav = Nav::new();
    let profiles = use_query::<CatalogList>(&[Topic::Catalog], || {
        Some(CatalogListQuery { kind: Some(CatalogKind::Hardware), search: None })
    });
    let context = BenchContext { compare_ids: RwSignal::new(Vec::new()), profiles };
    provide_context(context);
    let importing = RwSignal::new(false);
    view! {
        <section class="page bench-page">
            <header class="page-head">
                <h1>"Benchmarks"</h1>
                <div class="toolbar">
                    <button id="bench-new" class="primary" on:click=move |_| nav.go("/benchmarks/new")>"New run"</button>
                    <button id="bench-import" on:click=move |_| importing.update(|on| *on = !*on)>"Import…"</button>
                    <button
                        id="bench-compare"
                        prop:disabled=move || context.compare_ids.with(|ids| ids.len() < 2)
                        title="Tick two or more runs in the list"
                        on:click=move |_| nav.go(&compare_path(&context.compare_ids.get_untracked()))
                    >
                        {move || format!("Compare ({})", context.compare_ids.with(Vec::len))}
                    </button>
                </div>
            </header>
            {move || importing.get().then(|| view! {
                <import::ImportRun on_done=Callback::new(move |id: Option<String>| {
                    importing.set(false);
                    if let Some(id) = id {
                        nav.go(&run_path(&id));
                    }
                })/>
            })}
            <div class="catalog-layout">
                <nav class="catalog-list" aria-label="Benchmark runs">
                    <list::RunList/>
                </nav>
                <div class="catalog-detail">
                    <Outlet/>
                </div>
            </div>
        </section>
    }
}

/// The right-hand side before a run is chosen.
#[component]
pub fn NoRun() -> impl IntoView {
    view! { <p class="muted">"Choose a run on the left, or start a new one."</p> }
}
