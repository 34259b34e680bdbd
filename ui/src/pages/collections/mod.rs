//! The Collections area: the ADR collections a board holds, one per repository or folder it
//! governs. The list (`/collections`), one collection (`/collections/NAME`), the form
//! (`/collections/new`, `/collections/NAME/edit`) and the review of a sync of its linked folder
//! (`/collections/NAME/sync`, desktop only). Also the collection filter other pages show.

mod detail;
mod form;
mod list;
mod sync;

pub use detail::CollectionDetail;
pub use form::CollectionForm;
pub use list::CollectionList;
pub use sync::{CollectionSync, folder_changed_key};

use crate::data::{Query, Topic, use_query};
use archboard_types::endpoint as api;
use archboard_types::system::Empty;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The collection name in the URL (decoded by the router).
fn name_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("name")).unwrap_or_default())
}

/// Every collection of the board. Their counts change with decisions, their owners with teams.
pub fn use_collections() -> Query<api::CollectionList> {
    use_query::<api::CollectionList>(&[Topic::Collections, Topic::Decisions, Topic::Teams], || Some(Empty {}))
}

/// "All collections / main / payments …", shown only where there is a choice: on a board with
/// more than one collection, or when one is chosen already (so it can be unchosen).
#[component]
pub fn CollectionFilter(
    id: &'static str,
    collections: Query<api::CollectionList>,
    /// The collection chosen; empty for all.
    value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    let names = move || collections.ok().unwrap_or_default().into_iter().map(|c| c.name).collect::<Vec<_>>();
    let shown = move || names().len() > 1 || !value.with(String::is_empty);
    view! {
        <Show when=shown>
            <label class="sr-only" for=id>"Collection"</label>
            <select
                id=id
                title="Show the decisions of one collection"
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                <option value="" selected=move || value.with(String::is_empty)>"All collections"</option>
                {move || {
                    names()
                        .into_iter()
                        .map(|name| {
                            let chosen = name.clone();
                            view! { <option value=name.clone() selected=move || value.with(|v| *v == chosen)>{name.clone()}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </Show>
    }
}
