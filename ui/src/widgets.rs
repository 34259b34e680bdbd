//! Small pieces used across areas: status badges and list-field helpers.

use archboard_types::adr::{AdrStatus, AdrSummary, display_number};
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

/// A select listing decisions by number and title; writes the chosen number (as text) to `selected`.
#[component]
pub fn DecisionPicker(
    id: &'static str,
    choices: RwSignal<Vec<AdrSummary>>,
    selected: RwSignal<String>,
) -> impl IntoView {
    view! {
        <select id=id on:change=move |ev| selected.set(event_target_value(&ev))>
            <option value="">"Choose a decision…"</option>
            {move || {
                choices
                    .get()
                    .into_iter()
                    .map(|a| {
                        view! {
                            <option value=a.number.to_string()>{format!("{} {}", display_number(a.number), a.title)}</option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    }
}
