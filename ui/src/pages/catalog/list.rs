//! The catalog's item list; rows are keyed, so a refresh keeps scroll position and focus.

use super::use_catalog_state;
use crate::components::widgets::Nav;
use crate::data::{ListShape, Query};
use archboard_types::catalog::{CatalogOrigin, CatalogSummary};
use archboard_types::endpoint::CatalogList;
use leptos::prelude::*;

/// The badge an item's state earns, if any.
pub fn state_label(summary: &CatalogSummary) -> Option<(&'static str, String)> {
    if let Some(version) = summary.update_available {
        return Some(("badge update", format!("v{version} available")));
    }
    match summary.origin {
        CatalogOrigin::Builtin if summary.edited => Some(("badge edited", "edited".into())),
        CatalogOrigin::Builtin => None,
        CatalogOrigin::User => Some(("badge yours", "yours".into())),
        CatalogOrigin::Imported => Some(("badge imported", "imported".into())),
    }
}

#[component]
pub fn ItemList(items: Query<CatalogList>) -> impl IntoView {
    let nav = Nav::new();
    let state = use_catalog_state();
    let selected = move || state.selected();
    let shape = Memo::new(move |_| ListShape::of(items.get()));
    move || {
        match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading…"</p> }.into_any(),
        ListShape::Failed(message) => view! { <p class="field-error" role="alert">{message}</p> }.into_any(),
        ListShape::Empty => view! {
            <div class="empty-state small">
                <p>"Nothing matches."</p>
                <p class="muted">"Try fewer words, or another kind."</p>
            </div>
        }
        .into_any(),
        ListShape::Rows => view! {
            <ul>
                <For
                    each=move || items.ok().unwrap_or_default()
                    key=|s| (s.key.clone(), s.name.clone(), s.version, s.edited, s.update_available, s.origin == CatalogOrigin::User)
                    let:summary
                >
                    {
                        let key = summary.key.clone();
                        let active_key = key.clone();
                        let badge = state_label(&summary);
                        view! {
                            <li>
                                <button
                                    class="catalog-row"
                                    data-key=key.clone()
                                    class:active=move || selected().as_deref() == Some(active_key.as_str())
                                    on:click=move |_| nav.go(&state.href(&key))
                                >
                                    <span class="catalog-row-name">{summary.name.clone()}</span>
                                    <span class="catalog-row-meta">
                                        <span class="mono">{summary.key.clone()}</span>
                                        {badge.map(|(class, text)| view! { <span class=class>{text}</span> })}
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
