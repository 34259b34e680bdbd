//! One catalog item at `/catalog/KEY` (or `/patterns/KEY`): read it, edit it as TOML,
//! duplicate it, take or refuse a newer shipped version, delete your own.

use super::editor::CatalogEditor;
use super::kinds::{item_body, item_link};
use super::list::state_label;
use super::use_catalog_state;
use crate::components::notifications::use_notifier;
use crate::components::widgets::Nav;
use crate::data::{Topic, use_mutation, use_query};
use archboard_types::catalog::{
    BuiltinChoice, CatalogBuiltinChoice, CatalogDuplicate, CatalogEntry, CatalogOrigin, CatalogRef,
};
use archboard_types::endpoint::{CatalogChooseBuiltin, CatalogDelete, CatalogDuplicateItem, CatalogGet};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CatalogItemRoute() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| params.with(|p| p.get("key")).unwrap_or_default());
    let entry = use_query::<CatalogGet>(&[Topic::Catalog], move || Some(CatalogRef { key: key.get() }));
    // Editing is a mode of the item open; another item opens for reading.
    let editing = RwSignal::new(false);
    Effect::new(move |_| {
        key.track();
        editing.set(false);
    });
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || match entry.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Err(error)) => view! { <p class="callout warn" role="alert">{error.message}</p> }.into_any(),
                Some(Ok(current)) if editing.get() => view! { <CatalogEditor entry=current editing/> }.into_any(),
                Some(Ok(current)) => view! { <CatalogView entry=current editing/> }.into_any(),
            }}
        </Transition>
    }
}

#[component]
fn CatalogView(entry: CatalogEntry, editing: RwSignal<bool>) -> impl IntoView {
    let nav = Nav::new();
    let notifier = use_notifier();
    let state = use_catalog_state();
    let summary = entry.summary.clone();
    let key = summary.key.clone();

    let duplicate = use_mutation::<CatalogDuplicateItem>(&[Topic::Catalog]);
    duplicate.on_success(move |copy| {
        notifier.success(format!("Made your own copy: {}.", copy.summary.key));
        nav.go(&state.href(&copy.summary.key));
    });
    let choose = use_mutation::<CatalogChooseBuiltin>(&[Topic::Catalog]);
    let delete = use_mutation::<CatalogDelete>(&[Topic::Catalog]);
    delete.on_success(move |_| {
        notifier.success("Deleted the item.");
        nav.go(&format!(
            "{}{}",
            if state.fixed.is_some() { "/patterns" } else { "/catalog" },
            state.params.get_untracked().to_query()
        ));
    });
    let choose_with = {
        let key = key.clone();
        move |choice: BuiltinChoice| {
            let key = key.clone();
            move |_| {
                notifier.success(match choice {
                    BuiltinChoice::TakeBuiltin => "Now using the shipped version.",
                    BuiltinChoice::KeepMine => "Kept your version.",
                });
                choose.run(CatalogBuiltinChoice { key: key.clone(), choice });
            }
        }
    };
    let on_duplicate = {
        let key = key.clone();
        move |_| duplicate.run(CatalogDuplicate { key: key.clone(), new_key: None, new_name: None })
    };
    let on_delete = {
        let key = key.clone();
        move |_| {
            let confirmed = web_sys::window()
                .and_then(|w| w.confirm_with_message(&format!("Delete {key}? This cannot be undone.")).ok())
                .unwrap_or(false);
            if confirmed {
                delete.run(CatalogRef { key: key.clone() });
            }
        }
    };
    let update_banner = summary.update_available.map(|version| {
        let mine = entry.toml.clone();
        let shipped = entry.builtin_toml.clone().unwrap_or_default();
        view! {
            <div class="callout update-callout" role="status" id="catalog-update">
                <p>
                    <strong>{format!("Version {version} of this item ships with Archboard.")}</strong>
                    " You edited it, so your copy was kept. Compare, then take the update or keep yours."
                </p>
                <div class="compare">
                    <div><h4>"Yours"</h4><pre class="code">{mine}</pre></div>
                    <div><h4>{format!("Shipped v{version}")}</h4><pre class="code">{shipped}</pre></div>
                </div>
                <div class="toolbar">
                    <button class="primary" on:click=choose_with(BuiltinChoice::TakeBuiltin)>"Take the update"</button>
                    <button on:click=choose_with(BuiltinChoice::KeepMine)>"Keep mine"</button>
                </div>
            </div>
        }
    });
    let can_reset = summary.edited && summary.update_available.is_none() && entry.builtin.is_some();
    let can_delete = summary.origin != CatalogOrigin::Builtin;
    let badge = state_label(&summary);
    let referenced_by = entry.referenced_by.clone();
    view! {
        <article class="catalog-item" data-kind=summary.kind.as_str()>
            <header class="detail-head">
                <div>
                    <h2 id="catalog-item-name">{summary.name.clone()}</h2>
                    <p class="muted">
                        <span class="mono">{summary.key.clone()}</span>
                        {format!(" · {} · version {}", summary.kind.as_str(), summary.version)}
                        {badge.map(|(class, text)| view! { " " <span class=class>{text}</span> })}
                    </p>
                </div>
                <div class="toolbar">
                    <button id="catalog-edit" on:click=move |_| editing.set(true)>"Edit"</button>
                    <button id="catalog-duplicate" disabled=move || duplicate.pending() on:click=on_duplicate>"Duplicate"</button>
                    {can_reset.then(|| view! {
                        <button on:click=choose_with(BuiltinChoice::TakeBuiltin) title="Replace your edits with the shipped version">"Reset to built-in"</button>
                    })}
                    {can_delete.then(|| view! { <button class="danger" on:click=on_delete>"Delete"</button> })}
                </div>
            </header>
            {update_banner}
            <p class="lead">{summary.summary.clone()}</p>
            {item_body(&entry.item, state)}
            {(!referenced_by.is_empty()).then(|| view! {
                <section class="catalog-section">
                    <h3>"Referenced by"</h3>
                    <ul class="link-list">
                        {referenced_by.into_iter().map(|s| view! { <li>{item_link(s.key, state)} " " <span class="muted">{s.name}</span></li> }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
    }
}
