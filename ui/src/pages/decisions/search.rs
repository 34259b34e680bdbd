//! Search results, best match first, with the engine's highlighted snippets.

use super::decision_path;
use crate::components::widgets::{Nav, StatusBadge};
use crate::data::Query;
use archboard_types::endpoint::AdrSearch;
use leptos::prelude::*;

#[component]
pub fn SearchResults(hits: Query<AdrSearch>) -> impl IntoView {
    let nav = Nav::new();
    let found = move || match hits.get() {
        Some(Ok(list)) => Some(list),
        // Words the engine cannot search for count as no match, not as a failure.
        Some(Err(error)) if error.field.as_deref() == Some("query") => Some(Vec::new()),
        Some(Err(_)) | None => None,
    };
    move || {
        match found() {
        None => view! { <p class="muted">"Searching…"</p> }.into_any(),
        Some(list) if list.is_empty() => view! {
            <div class="empty-state">
                <h2>"No decision matches that search"</h2>
                <p class="muted">"Search looks at titles, bodies, tags and people. Try fewer or shorter words."</p>
            </div>
        }
        .into_any(),
        Some(list) => view! {
            <ul class="search-results" aria-label="Search results">
                <For each=move || list.clone() key=|hit| (hit.id, hit.reference.clone(), hit.snippet_html.clone()) let:hit>
                    {
                        let id = hit.id;
                        view! {
                            <li data-id=id>
                                <button class="result" on:click=move |_| nav.go(&decision_path(id))>
                                    <span class="result-head">
                                        <span class="mono muted">{hit.reference.clone()}</span>
                                        " "
                                        <strong>{hit.title}</strong>
                                        " "
                                        <StatusBadge status=hit.status/>
                                    </span>
                                    // The engine escaped the text; only its <mark> tags are markup.
                                    <span class="snippet" inner_html=hit.snippet_html></span>
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
