//! Small pieces used across areas: status badges and list-field helpers.

use archboard_types::adr::AdrStatus;
use leptos::prelude::*;

#[component]
pub fn StatusBadge(status: AdrStatus) -> impl IntoView {
    view! { <span class=format!("badge status-{}", status.as_str())>{status.as_str()}</span> }
}

/// Splits a comma-separated field ("Ada, Grace") into trimmed, non-empty names.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

pub fn join_list(items: &[String]) -> String {
    items.join(", ")
}
