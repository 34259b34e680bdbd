//! The Teams area: the list (`/teams?q=`), one team with its members and systems
//! (`/teams/NAME`) and the form (`/teams/new`, `/teams/NAME/edit`).

mod detail;
mod form;
mod list;

pub use detail::TeamDetail;
pub use form::TeamForm;
pub use list::TeamList;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The team name in the URL (decoded by the router).
fn name_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("name")).unwrap_or_default())
}
