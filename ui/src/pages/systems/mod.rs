//! The Systems area: the ML systems teams run, listed with filters in the URL
//! (`/systems?team=&tier=&stage=&q=`), one system (`/systems/KEY`) and the form
//! (`/systems/new`, `/systems/KEY/edit`).

mod detail;
mod form;
mod list;

pub use detail::SystemDetail;
pub use form::SystemForm;
pub use list::SystemList;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The system key in the URL.
fn key_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("key")).unwrap_or_default())
}

/// A catalog pattern's page.
fn pattern_path(key: &str) -> String {
    format!("/patterns/{key}")
}
