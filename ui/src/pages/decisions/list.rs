//! The decision list at `/decisions`: search (`?q=`), the collection (`?collection=`), filters
//! (`?status=`, `?tag=`, `?decider=`), sort and layout all live in the query string, so a reload
//! or a shared link keeps them.

use super::graph::DecisionGraph;
use super::search::SearchResults;
use super::table::DecisionTable;
use super::timeline::Timeline;
use crate::app::typing_in_field;
use crate::components::widgets::{Nav, problems_callout};
use crate::data::{Topic, use_debounced, use_query};
use crate::logic::debounce::DEBOUNCE_MS;
use crate::logic::query_string::{DecisionListParams, Layout, with_collection};
use crate::pages::collections::{CollectionFilter, use_collections};
use archboard_types::adr::{AdrStatus, distinct_names};
use archboard_types::endpoint::{AdrDueForReview, AdrList, AdrSearch};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DecisionList() -> impl IntoView {
    let nav = Nav::new();
    let query = use_query_map();
    let params = Memo::new(move |_| DecisionListParams::parse(|key| query.with(|q| q.get(key))));
    let set_params = move |change: &dyn Fn(&mut DecisionListParams)| {
        let mut next = params.get_untracked();
        change(&mut next);
        nav.replace(&format!("/decisions{}", next.to_query()));
    };

    // The box follows keystrokes at once; the URL (and the search) once typing pauses. A URL
    // changed from outside (Back) flows back into the box.
    let text = RwSignal::new(params.get_untracked().q);
    let committed = StoredValue::new(params.get_untracked().q);
    let settled = use_debounced(move || text.get(), DEBOUNCE_MS);
    Effect::new(move |_| {
        let value = settled.get();
        if value != committed.get_value() {
            committed.set_value(value.clone());
            set_params(&|p| p.q = value.clone());
        }
    });
    Effect::new(move |_| {
        let from_url = params.with(|p| p.q.clone());
        if from_url != committed.get_value() {
            committed.set_value(from_url.clone());
            text.set(from_url);
        }
    });

    let rows = use_query::<AdrList>(&[Topic::Decisions], move || Some(params.with(|p| p.list_query())));
    // Memos, so that changing another filter does not ask again for the same thing.
    let search_request = Memo::new(move |_| params.with(|p| p.search_query(50)));
    let hits = use_query::<AdrSearch>(&[Topic::Decisions], move || search_request.get());
    let searching = move || params.with(|p| !p.q.trim().is_empty());
    let choices_request = Memo::new(move |_| params.with(|p| p.choices_query()));
    let due_request = Memo::new(move |_| params.with(|p| p.due_query()));
    // Filter choices come from every decision of the collection shown, whatever the filter shows.
    let everything = use_query::<AdrList>(&[Topic::Decisions], move || Some(choices_request.get()));
    let due = use_query::<AdrDueForReview>(&[Topic::Decisions], move || Some(due_request.get()));
    let collections = use_collections();
    let collection = Signal::derive(move || params.with(|p| p.collection.clone()));
    let graph_query = Memo::new(move |_| params.with(|p| p.graph_query()));
    let all_tags = Signal::derive(move || {
        distinct_names(everything.ok().unwrap_or_default().into_iter().flat_map(|a| a.tags))
    });
    let all_deciders = Signal::derive(move || {
        distinct_names(everything.ok().unwrap_or_default().into_iter().flat_map(|a| a.deciders))
    });

    let search_input = NodeRef::<leptos::html::Input>::new();
    let focus_search = window_event_listener(leptos::ev::keydown, move |event| {
        let ctrl_k = (event.ctrl_key() || event.meta_key()) && event.key().eq_ignore_ascii_case("k");
        if ctrl_k || (event.key() == "/" && !typing_in_field()) {
            event.prevent_default();
            if let Some(input) = search_input.get_untracked() {
                let _ = input.focus();
            }
        }
    });
    on_cleanup(move || focus_search.remove());

    let choice_filter = move |id: &'static str,
                              label: &'static str,
                              any: &'static str,
                              tag: bool,
                              choices: Signal<Vec<String>>| {
        let chosen = move || params.with(|p| if tag { p.tag.clone() } else { p.decider.clone() });
        view! {
            <label for=id>{label}</label>
            <select
                id=id
                prop:value=chosen
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    set_params(&|p| if tag { p.tag = value.clone() } else { p.decider = value.clone() });
                }
            >
                <option value="">{any}</option>
                <For each=move || choices.get() key=|t| t.clone() let:t>
                    <option value=t.clone()>{t.clone()}</option>
                </For>
            </select>
        }
    };

    let due_callout = move || {
        let due_now = due.ok().unwrap_or_default();
        (!due_now.is_empty()).then(|| {
            view! {
                <aside class="callout" aria-label="Due for review">
                    <strong>
                        {format!(
                            "{} {} due for review",
                            due_now.len(),
                            if due_now.len() == 1 { "decision is" } else { "decisions are" },
                        )}
                    </strong>
                    {due_now
                        .into_iter()
                        .map(|adr| {
                            view! {
                                <a class="link" href=super::decision_path(adr.id) data-id=adr.id>
                                    {format!(
                                        "{} (revisit by {})",
                                        adr.reference,
                                        adr.revisit_by.map(|d| d.to_string()).unwrap_or_default(),
                                    )}
                                </a>
                            }
                        })
                        .collect_view()}
                </aside>
            }
        })
    };

    let body = move || {
        if searching() {
            return view! { <SearchResults hits/> }.into_any();
        }
        match rows.get() {
            None => view! { <p class="muted">"Loading decisions…"</p> }.into_any(),
            Some(Err(error)) => view! { <p class="callout warn" role="alert">{error.message}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() && !params.with(|p| p.filtered()) => view! {
                <div class="empty-state">
                    <div class="empty-icon" aria-hidden="true">"◆"</div>
                    <h2>"No decisions recorded yet"</h2>
                    <p>
                        "An Architecture Decision Record captures one significant choice, its context and its consequences. Start with the decision your team argues about most."
                    </p>
                    <a class="button primary" href="/decisions/new">"Record the first decision (N)"</a>
                </div>
            }
            .into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <div class="empty-state">
                    <h2>"No decisions match these filters"</h2>
                    <button on:click=move |_| set_params(&|p| *p = p.cleared(false))>"Clear filters"</button>
                </div>
            }
            .into_any(),
            Some(Ok(_)) => match params.with(|p| p.layout) {
                Layout::Table => view! { <DecisionTable rows params set_sort=Callback::new(move |(sort, desc)| set_params(&|p| { p.sort = sort; p.descending = desc; }))/> }.into_any(),
                Layout::Timeline => view! { <Timeline rows/> }.into_any(),
                Layout::Graph => view! { <DecisionGraph query=Signal::from(graph_query)/> }.into_any(),
            },
        }
    };

    view! {
        <section class="page">
            <header class="page-head">
                <h1>"Decisions"</h1>
                <div class="toolbar">
                    <label class="sr-only" for="adr-search">"Search decisions"</label>
                    <input
                        id="adr-search"
                        type="search"
                        placeholder="Search…  ( / or Ctrl+K )"
                        node_ref=search_input
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                    <CollectionFilter
                        id="collection-filter"
                        collections
                        value=collection
                        on_change=Callback::new(move |name: String| set_params(&|p| p.collection = name.clone()))
                    />
                    // Both start in the collection shown, when one is.
                    <button
                        id="import-folder-open"
                        on:click=move |_| nav.go(&with_collection("/decisions/import", params.with_untracked(|p| p.collection_filter()).as_deref()))
                    >
                        "Import folder…"
                    </button>
                    <button
                        class="primary"
                        id="new-decision"
                        title="New decision (N)"
                        on:click=move |_| nav.go(&with_collection("/decisions/new", params.with_untracked(|p| p.collection_filter()).as_deref()))
                    >
                        "New decision"
                    </button>
                </div>
            </header>
            {move || problems_callout(params.with(|p| p.problems.clone()))}
            {due_callout}
            <Show when=move || !searching()>
                <div class="toolbar filters" role="group" aria-label="Filters">
                    <label for="adr-filter-status">"Status"</label>
                    <select
                        id="adr-filter-status"
                        prop:value=move || params.with(|p| p.status.map(|s| s.as_str()).unwrap_or("").to_owned())
                        on:change=move |ev| {
                            // The select offers only valid statuses and "All".
                            let status = event_target_value(&ev).parse::<AdrStatus>().ok();
                            set_params(&|p| p.status = status);
                        }
                    >
                        <option value="">"All"</option>
                        {AdrStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{s.as_str()}</option> }).collect_view()}
                    </select>
                    {choice_filter("adr-filter-tag", "Tag", "All", true, all_tags)}
                    {choice_filter("adr-filter-decider", "Decider", "Anyone", false, all_deciders)}
                    <div class="segmented" role="group" aria-label="Layout">
                        {Layout::ALL
                            .into_iter()
                            .map(|choice| view! {
                                <button
                                    id=format!("layout-{}", choice.as_str())
                                    aria-pressed=move || (params.with(|p| p.layout) == choice).to_string()
                                    on:click=move |_| set_params(&|p| p.layout = choice)
                                >
                                    {choice.label()}
                                </button>
                            })
                            .collect_view()}
                    </div>
                </div>
            </Show>
            <Transition fallback=|| view! { <p class="muted">"Loading decisions…"</p> }>{body}</Transition>
        </section>
    }
}
