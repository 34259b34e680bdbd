//! The collection list at `/collections`: each collection with its default marker, how many
//! decisions it holds and how many a sync found gone from the folder, its team and linked
//! folder, when it was last synced and who changed it last.

use super::use_collections;
use crate::components::me::use_me;
use crate::components::widgets::Nav;
use crate::data::ListShape;
use crate::logic::lists::readable_at;
use crate::logic::query_string::{collection_path, team_path};
use archboard_types::people::Permission;
use leptos::prelude::*;

#[component]
pub fn CollectionList() -> impl IntoView {
    let nav = Nav::new();
    let me = use_me();
    let rows = use_collections();
    let shape = Memo::new(move |_| ListShape::of(rows.get()));

    let body = move || {
        match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading collections…"</p> }.into_any(),
        ListShape::Failed(message) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
        ListShape::Empty => view! {
            <div class="empty-state">
                <div class="empty-icon" aria-hidden="true">"❏"</div>
                <h2>"No collections yet"</h2>
                <p>"A collection holds the decisions of one repository or folder, with its own numbers."</p>
            </div>
        }
        .into_any(),
        ListShape::Rows => view! {
            <div class="table-scroll">
                <table class="data collection-list">
                    <thead>
                        <tr>
                            <th scope="col" class="th-text">"Collection"</th>
                            <th scope="col" class="th-text num">"Decisions"</th>
                            <th scope="col" class="th-text num">"Missing"</th>
                            <th scope="col" class="th-text">"Team"</th>
                            <th scope="col" class="th-text">"Folder"</th>
                            <th scope="col" class="th-text">"Last synced"</th>
                            <th scope="col" class="th-text">"Changed by"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || rows.ok().unwrap_or_default()
                            key=|c| (c.name.clone(), c.updated_at, c.decisions, c.missing, c.synced_at, c.is_default)
                            let:collection
                        >
                            {
                                let open = collection_path(&collection.name);
                                let on_enter = open.clone();
                                view! {
                                    <tr
                                        tabindex="0"
                                        data-collection=collection.name.clone()
                                        on:click=move |_| nav.go(&open)
                                        on:keydown=move |ev| {
                                            if ev.key() == "Enter" {
                                                nav.go(&on_enter);
                                            }
                                        }
                                    >
                                        <td class="title-cell mono">
                                            {collection.name.clone()}
                                            {collection.is_default.then(|| view! { " " <span class="badge default-collection">"default"</span> })}
                                        </td>
                                        <td class="num">{collection.decisions}</td>
                                        <td class="num" class:muted=collection.missing == 0>{collection.missing}</td>
                                        <td>
                                            {collection.team.clone().map(|team| view! {
                                                <a class="link" href=team_path(&team) on:click=|ev| ev.stop_propagation()>{team.clone()}</a>
                                            })}
                                        </td>
                                        <td class="mono">{collection.folder.clone().unwrap_or_default()}</td>
                                        <td class="mono">
                                            {collection.synced_at.as_ref().map(readable_at).unwrap_or_else(|| "never".to_owned())}
                                        </td>
                                        <td class="muted">{collection.changed_by.clone().unwrap_or_default()}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
    }
    };

    view! {
        <section class="page">
            <header class="page-head">
                <h1>"Collections"</h1>
                <div class="toolbar">
                    <Show when=move || me.can(Permission::Edit)>
                        <a class="button primary" id="new-collection" href="/collections/new">"New collection"</a>
                    </Show>
                </div>
            </header>
            <p class="muted">
                "Each collection holds the decisions of one repository or folder, numbered on their own: "
                <span class="mono">"payments/ADR-0007"</span>
                " is not "
                <span class="mono">"main/ADR-0007"</span>
                ". Import a folder into a collection to keep it in step."
            </p>
            {body}
        </section>
    }
}
