//! One decision at `/decisions/ID` (its board-wide id): its rendered body, collection, source
//! file, people, links, status actions, what the import could not read, and history.

use super::decision_path;
use super::links::{AddLink, LinkRows};
use crate::app::typing_in_field;
use crate::components::notifications::use_notifier;
use crate::components::widgets::{DecisionPicker, Nav, StatusBadge};
use crate::data::{Topic, use_mutation, use_query};
use crate::logic::lists::join_list;
use crate::logic::query_string::{collection_decisions_path, collection_path};
use archboard_types::adr::{
    Adr, AdrId, AdrListQuery, AdrRef, AdrStatus, StatusChange, date_label, status_label,
};
use archboard_types::audit::{AuditEntity, AuditQuery};
use archboard_types::endpoint::{AdrGet, AdrList, AdrSetStatus, AuditList};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The decision id in the URL, or why it is not one.
pub fn id_param() -> Memo<Result<AdrId, String>> {
    let params = use_params_map();
    Memo::new(move |_| {
        let text = params.with(|p| p.get("id")).unwrap_or_default();
        text.parse::<AdrId>().map_err(|_| format!("`{text}` is not a decision id."))
    })
}

#[component]
pub fn DecisionDetail() -> impl IntoView {
    let nav = Nav::new();
    let id = id_param();
    let adr = use_query::<AdrGet>(&[Topic::Decisions], move || id.get().ok().map(|id| AdrRef { id }));
    // The audit trail names a decision by its id.
    let history = use_query::<AuditList>(&[Topic::Decisions], move || {
        id.get().ok().map(|n| AuditQuery {
            entity: Some(AuditEntity::Adr),
            entity_id: Some(n.to_string()),
            limit: Some(50),
        })
    });
    let escape = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() == "Escape" && !typing_in_field() {
            nav.go("/decisions");
        }
    });
    on_cleanup(move || escape.remove());

    let history_view = move || {
        let entries = history.ok().unwrap_or_default();
        view! {
            <details class="history">
                <summary>{format!("History ({} changes)", entries.len())}</summary>
                <ul>
                    {entries
                        .into_iter()
                        .map(|entry| view! {
                            <li>
                                <span class="mono">{entry.at.format("%Y-%m-%d %H:%M UTC").to_string()}</span>
                                " · " {entry.action.label()} " · "
                                <span class="muted">{entry.actor}</span>
                            </li>
                        })
                        .collect_view()}
                </ul>
            </details>
        }
    };

    view! {
        <section class="page">
            <header class="page-head">
                <a class="button ghost" href="/decisions" title="Back to the list (Esc)">"← Decisions"</a>
                {move || adr.ok().map(|current| view! { <Actions current/> })}
            </header>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || match (id.get(), adr.get()) {
                    (Err(message), _) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
                    (_, None) => view! { <p class="muted">"Loading…"</p> }.into_any(),
                    (_, Some(Err(error))) => view! {
                        <div class="empty-state"><h2>{error.message}</h2><a href="/decisions">"Back to the list"</a></div>
                    }
                    .into_any(),
                    (_, Some(Ok(current))) => view! { <DecisionBody current/> {history_view} }.into_any(),
                }}
            </Transition>
        </section>
    }
}

/// Edit and the status moves the lifecycle allows (any but superseded for a decision whose
/// file's status had no place in it); superseding asks for the successor, from any collection.
#[component]
fn Actions(current: Adr) -> impl IntoView {
    let nav = Nav::new();
    let notifier = use_notifier();
    let id = current.id;
    let set_status = use_mutation::<AdrSetStatus>(&[Topic::Decisions]);
    let choosing_successor = RwSignal::new(false);
    let successor = RwSignal::new(String::new());
    set_status.on_success(move |updated| {
        choosing_successor.set(false);
        notifier.success(format!(
            "{} is now {}.",
            updated.reference,
            status_label(updated.status, updated.status_note.as_deref())
        ));
    });
    let candidates = use_query::<AdrList>(&[Topic::Decisions], move || {
        choosing_successor.get().then(AdrListQuery::default)
    });
    let choices = Signal::derive(move || {
        candidates.ok().unwrap_or_default().into_iter().filter(|a| a.id != id).collect()
    });
    let actions = AdrStatus::allowed_from(current.status)
        .iter()
        .copied()
        .map(|next| {
            view! {
                <button
                    data-status=next.as_str()
                    class=if next == AdrStatus::Accepted { "primary" } else { "" }
                    disabled=move || set_status.pending()
                    on:click=move |_| {
                        if next == AdrStatus::Superseded {
                            choosing_successor.set(true);
                        } else {
                            set_status.run(StatusChange { id, status: next, superseded_by: None });
                        }
                    }
                >
                    {next.verb()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="toolbar">
            <button id="edit-decision" on:click=move |_| nav.go(&format!("{}/edit", decision_path(id)))>"Edit"</button>
            {actions}
        </div>
        <Show when=move || choosing_successor.get()>
            <div class="inline-form" role="group" aria-label="Choose the successor">
                <label for="successor">"Superseded by"</label>
                <DecisionPicker id="successor" choices selected=successor/>
                <button
                    class="primary"
                    id="confirm-supersede"
                    disabled=move || successor.get().is_empty() || set_status.pending()
                    on:click=move |_| {
                        if let Ok(by) = successor.get_untracked().parse() {
                            set_status.run(StatusChange { id, status: AdrStatus::Superseded, superseded_by: Some(by) });
                        }
                    }
                >
                    "Mark superseded"
                </button>
                <button class="ghost" on:click=move |_| choosing_successor.set(false)>"Cancel"</button>
            </div>
        </Show>
    }
}

#[component]
fn DecisionBody(current: Adr) -> impl IntoView {
    let people = |label: &'static str, names: Vec<String>| {
        (!names.is_empty()).then(|| view! {
            <div class="meta-row"><span class="meta-label">{label}</span><span>{join_list(&names)}</span></div>
        })
    };
    let confirmation = current.confirmation_html.clone().map(|html| {
        view! {
            <section class="confirmation" aria-label="Confirmation">
                <h2>"Confirmation"</h2>
                <div class="markdown-inline" inner_html=html></div>
            </section>
        }
    });
    let collection = current.collection.clone();
    // The file's own wording, said apart from the badge when the file had one.
    let wording = current.status_note.clone().filter(|w| !w.trim().is_empty()).map(|wording| {
        view! {
            <div class="meta-row" id="adr-status-wording">
                <span class="meta-label">"Status in the file"</span>
                <span>"“" {wording} "”"</span>
            </div>
        }
    });
    let source = current.source_path.clone().map(|path| {
        view! {
            <div class="meta-row" id="adr-source-path">
                <span class="meta-label">"Source file"</span>
                <span class="mono">{path}</span>
            </div>
        }
    });
    let missing = current.missing_from_folder.then(|| {
        let file = current.source_path.clone().unwrap_or_else(|| "its file".to_owned());
        let folder_of = current.collection.clone();
        view! {
            <p class="callout warn" role="status" id="adr-missing-file">
                <strong>"File gone from the linked folder. "</strong>
                {format!(
                    "The last sync of collection {folder_of} did not find {file}. The decision is kept here; restore the file or record why it went."
                )}
            </p>
        }
    });
    let warnings = (!current.warnings.is_empty()).then(|| {
        let list = current.warnings.clone();
        view! {
            <section class="callout warn import-warnings" id="adr-import-warnings" aria-label="Import warnings">
                <h2>"Import warnings"</h2>
                <p class="muted">"What the import could not read in the file; it was kept as written."</p>
                <ul>{list.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            </section>
        }
    });
    view! {
        <h1 class="adr-title">
            <span class="mono muted">{current.reference.clone()}</span>
            " " {current.title.clone()} " "
            <StatusBadge status=current.status note=current.status_note.clone()/>
        </h1>
        {missing}
        <div class="meta">
            <div class="meta-row" id="adr-collection">
                <span class="meta-label">"Collection"</span>
                <span>
                    <a class="link" href=collection_path(&collection)>{collection.clone()}</a>
                    " · "
                    <a class="link muted" href=collection_decisions_path(&collection)>"its decisions"</a>
                </span>
            </div>
            {wording}
            <div class="meta-row">
                <span class="meta-label">"Date"</span>
                <span>{date_label(current.date, current.date_text.as_deref())}</span>
            </div>
            {source}
            {people("Deciders", current.deciders.clone())}
            {people("Consulted", current.consulted.clone())}
            {people("Informed", current.informed.clone())}
            {people("Tags", current.tags.clone())}
            {current.revisit_by.map(|date| view! {
                <div class="meta-row"><span class="meta-label">"Revisit by"</span><span>{date.to_string()}</span></div>
            })}
            {(!current.systems.is_empty()).then(|| {
                let systems = current.systems.clone();
                view! {
                    <div class="meta-row" id="adr-systems">
                        <span class="meta-label">"Systems"</span>
                        <span>
                            {systems
                                .into_iter()
                                .map(|key| view! { <a class="link mono" href=crate::logic::query_string::system_path(&key)>{key.clone()}</a> " " })
                                .collect_view()}
                        </span>
                    </div>
                }
            })}
            <LinkRows id=current.id links=current.links.clone()/>
            <AddLink id=current.id reference=current.reference.clone()/>
        </div>
        {warnings}
        {confirmation}
        <article class="markdown" inner_html=current.body_html.clone()></article>
    }
}
