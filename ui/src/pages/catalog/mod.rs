//! The Catalog area (every kind, `/catalog`) and the Patterns area (patterns only,
//! `/patterns`), built from the same components: browse by kind (`?kind=`), search every field
//! (`?q=`), one item at `/catalog/KEY`, edit as TOML with live validation, duplicate, take or
//! refuse a newer shipped version, import and export.

mod detail;
mod editor;
mod kinds;
mod kinds_more;
mod list;
mod transfer;

pub use detail::CatalogItemRoute;

use crate::components::widgets::{Nav, problems_callout};
use crate::data::{Topic, use_debounced, use_query};
use crate::logic::debounce::DEBOUNCE_MS;
use crate::logic::query_string::CatalogParams;
use archboard_types::catalog::{CatalogKind, CatalogListQuery};
use archboard_types::endpoint::CatalogList;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_query_map;
use transfer::{ExportButton, ImportCatalog};

/// Which page this is and where it stands; provided to the list and the item below it.
#[derive(Clone, Copy)]
pub struct CatalogState {
    /// The one kind the Patterns page shows.
    pub fixed: Option<CatalogKind>,
    pub params: Memo<CatalogParams>,
    /// The URL's path, e.g. `/catalog/kpi.change-failure-rate`.
    pub path: Memo<String>,
}

impl CatalogState {
    fn base(&self) -> &'static str {
        if self.fixed.is_some() { "/patterns" } else { "/catalog" }
    }

    /// Where `key` opens: here when this page shows its kind, otherwise on the Catalog page;
    /// the search stays, a kind filter that would hide the item goes.
    pub fn href(&self, key: &str) -> String {
        let kind = CatalogKind::of_key(key);
        match self.fixed {
            Some(fixed) if Some(fixed) != kind => format!("/catalog/{key}"),
            _ => {
                let mut params = self.params.get_untracked();
                if params.kind.is_some() && params.kind != kind {
                    params.kind = None;
                }
                params.problems.clear();
                format!("{}/{key}{}", self.base(), params.to_query())
            }
        }
    }

    /// The key of the item open, from the URL.
    pub fn selected(&self) -> Option<String> {
        self.path.with(|path| {
            path.strip_prefix(self.base())
                .and_then(|rest| rest.strip_prefix('/'))
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
        })
    }

    /// This page with other filters, keeping the item open.
    fn with_params(&self, params: &CatalogParams) -> String {
        let path = self.path.get_untracked();
        let path = if path.starts_with(self.base()) { path } else { self.base().to_owned() };
        format!("{path}{}", params.to_query())
    }
}

pub fn use_catalog_state() -> CatalogState {
    expect_context::<CatalogState>()
}

#[component]
pub fn CatalogPage(fixed: Option<CatalogKind>) -> impl IntoView {
    let nav = Nav::new();
    let query = use_query_map();
    let params = Memo::new(move |_| CatalogParams::parse(|key| query.with(|q| q.get(key))));
    let location = leptos_router::hooks::use_location();
    let path = Memo::new(move |_| location.pathname.get());
    let state = CatalogState { fixed, params, path };
    provide_context(state);
    let kind = move || fixed.or_else(|| params.with(|p| p.kind));
    let importing = RwSignal::new(false);

    // The box follows keystrokes; the URL and the search follow once typing pauses.
    let text = RwSignal::new(params.get_untracked().q);
    let committed = StoredValue::new(params.get_untracked().q);
    let settled = use_debounced(move || text.get(), DEBOUNCE_MS);
    Effect::new(move |_| {
        let value = settled.get();
        if value != committed.get_value() {
            committed.set_value(value.clone());
            let mut next = params.get_untracked();
            next.q = value;
            nav.replace(&state.with_params(&next));
        }
    });
    Effect::new(move |_| {
        let from_url = params.with(|p| p.q.clone());
        if from_url != committed.get_value() {
            committed.set_value(from_url.clone());
            text.set(from_url);
        }
    });

    let items = use_query::<CatalogList>(&[Topic::Catalog], move || {
        Some(CatalogListQuery {
            kind: kind(),
            search: Some(params.with(|p| p.q.clone())).filter(|s| !s.trim().is_empty()),
        })
    });
    let all =
        use_query::<CatalogList>(&[Topic::Catalog], move || fixed.is_none().then(CatalogListQuery::default));
    let counts = move || {
        let all = all.ok().unwrap_or_default();
        CatalogKind::ALL.iter().map(|k| (*k, all.iter().filter(|i| i.kind == *k).count())).collect::<Vec<_>>()
    };
    let set_kind = move |chosen: Option<CatalogKind>| {
        let mut next = params.get_untracked();
        next.kind = chosen;
        next.problems.clear();
        nav.replace(&format!("/catalog{}", next.to_query()));
    };
    let title = fixed.map(CatalogKind::plural_label).unwrap_or("Catalog");
    let tab = move |choice: Option<CatalogKind>, label: Signal<String>| {
        view! {
            <button
                class="tab"
                class:active=move || kind() == choice
                aria-pressed=move || (kind() == choice).to_string()
                id=format!("catalog-tab-{}", choice.map(CatalogKind::as_str).unwrap_or("all"))
                on:click=move |_| set_kind(choice)
            >
                {label}
            </button>
        }
    };
    let tabs = fixed.is_none().then(|| {
        view! {
            <div class="tabs" role="toolbar" aria-label="Kinds">
                {tab(None, Signal::derive(|| "All".to_owned()))}
                {CatalogKind::ALL
                    .into_iter()
                    .map(|k| {
                        let label = Signal::derive(move || {
                            let count = counts().into_iter().find(|(c, _)| *c == k).map(|(_, n)| n).unwrap_or(0);
                            format!("{} {count}", k.plural_label())
                        });
                        tab(Some(k), label)
                    })
                    .collect_view()}
            </div>
        }
    });

    view! {
        <section class="page catalog-page">
            <header class="page-head">
                <h1>{title}</h1>
                <div class="toolbar">
                    <label class="sr-only" for="catalog-search">"Search the catalog"</label>
                    <input
                        id="catalog-search"
                        type="search"
                        placeholder="Search every field…"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                    {fixed.is_none().then(|| view! {
                        <button id="catalog-import" on:click=move |_| importing.update(|on| *on = !*on)>"Import…"</button>
                        <ExportButton/>
                    })}
                </div>
            </header>
            {move || problems_callout(params.with(|p| p.problems.clone()))}
            {move || importing.get().then(|| view! { <ImportCatalog on_done=Callback::new(move |_| importing.set(false))/> })}
            {tabs}
            <div class="catalog-layout">
                <nav class="catalog-list" aria-label=format!("{title} items")>
                    <list::ItemList items/>
                </nav>
                <div class="catalog-detail">
                    <Outlet/>
                </div>
            </div>
        </section>
    }
}

/// The right-hand side before an item is chosen.
#[component]
pub fn NoItem() -> impl IntoView {
    view! { <p class="muted">"Choose an item on the left."</p> }
}
