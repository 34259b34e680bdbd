//! One collection at `/collections/NAME`: its team, systems, linked folder and date order, its
//! decision and missing counts with a link to the decision list narrowed to it, and (in the
//! desktop app, for a collection with a linked folder) the way to sync that folder.

use super::name_param;
use crate::backend::in_desktop;
use crate::components::me::use_me;
use crate::data::{Topic, use_query};
use crate::logic::lists::readable_at;
use crate::logic::query_string::{
    collection_decisions_path, collection_path, collection_sync_path, system_path, team_path, with_collection,
};
use archboard_types::adr_collection::{AdrCollection, CollectionRef};
use archboard_types::endpoint as api;
use archboard_types::people::Permission;
use leptos::prelude::*;

#[component]
pub fn CollectionDetail() -> impl IntoView {
    let me = use_me();
    let name = name_param();
    let collection =
        use_query::<api::CollectionGet>(&[Topic::Collections, Topic::Decisions, Topic::Teams], move || {
            Some(CollectionRef { name: name.get() })
        });
    let can_edit = move || me.can(Permission::Edit) && collection.ok().is_some();
    let can_sync = move || can_edit() && in_desktop() && collection.ok().is_some_and(|c| c.folder.is_some());
    view! {
        <section class="page">
            <header class="page-head">
                <a class="button ghost" href="/collections">"← Collections"</a>
                <Show when=can_edit>
                    <div class="toolbar">
                        <Show when=can_sync>
                            <a class="button" id="collection-sync" href=move || collection_sync_path(&name.get())>
                                "Sync folder…"
                            </a>
                        </Show>
                        <a
                            class="button"
                            id="collection-import"
                            href=move || with_collection("/decisions/import", Some(&name.get()))
                        >
                            "Import folder…"
                        </a>
                        <a class="button" id="edit-collection" href=move || format!("{}/edit", collection_path(&name.get()))>
                            "Edit"
                        </a>
                    </div>
                </Show>
            </header>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || match collection.get() {
                    None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                    Some(Err(error)) => view! {
                        <div class="empty-state">
                            <h2>{error.message}</h2>
                            <a href="/collections">"Back to the collections"</a>
                        </div>
                    }
                    .into_any(),
                    Some(Ok(current)) => view! { <CollectionBody current/> }.into_any(),
                }}
            </Transition>
        </section>
    }
}

#[component]
fn CollectionBody(current: AdrCollection) -> impl IntoView {
    let systems = if current.systems.is_empty() {
        view! { <span class="muted">"None named"</span> }.into_any()
    } else {
        view! {
            <span>
                {current
                    .systems
                    .iter()
                    .map(|key| view! { <a class="link mono" href=system_path(key)>{key.clone()}</a> " " })
                    .collect_view()}
            </span>
        }
        .into_any()
    };
    let missing = (current.missing > 0).then(|| {
        view! {
            <p class="callout warn" role="status" id="collection-missing">
                {format!(
                    "{} {} in this collection {} gone from the linked folder at the last sync; {} kept and marked.",
                    current.missing,
                    if current.missing == 1 { "decision" } else { "decisions" },
                    if current.missing == 1 { "had its file" } else { "had their files" },
                    if current.missing == 1 { "it is" } else { "they are" },
                )}
            </p>
        }
    });
    view! {
        <h1 class="adr-title">
            <span class="mono">{current.name.clone()}</span>
            {current.is_default.then(|| view! { " " <span class="badge default-collection">"default"</span> })}
        </h1>
        {missing}
        <dl class="facts meta">
            <dt>"Decisions"</dt>
            <dd>
                <a class="link" id="collection-decisions-link" href=collection_decisions_path(&current.name)>
                    {format!("{} {}", current.decisions, if current.decisions == 1 { "decision" } else { "decisions" })}
                </a>
            </dd>
            <dt>"Missing from the folder"</dt>
            <dd>{current.missing}</dd>
            <dt>"Team"</dt>
            <dd>
                {match current.team.clone() {
                    Some(team) => view! { <a class="link" href=team_path(&team)>{team.clone()}</a> }.into_any(),
                    None => view! { <span class="muted">"No owning team"</span> }.into_any(),
                }}
            </dd>
            <dt>"Systems"</dt>
            <dd>{systems}</dd>
            <dt>"Linked folder"</dt>
            <dd class="mono">{current.folder.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Dates like 03/04/2017"</dt>
            <dd>{current.date_order.label()}</dd>
            <dt>"Last synced"</dt>
            <dd class="mono">{current.synced_at.as_ref().map(readable_at).unwrap_or_else(|| "never".into())}</dd>
            <dt>"Changed by"</dt>
            <dd>{current.changed_by.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Created"</dt>
            <dd class="mono">{readable_at(&current.created_at)}</dd>
            <dt>"Updated"</dt>
            <dd class="mono">{readable_at(&current.updated_at)}</dd>
        </dl>
        {current.is_default.then(|| view! {
            <p class="muted">"Decisions recorded in Archboard go into this collection unless another is chosen."</p>
        })}
    }
}
