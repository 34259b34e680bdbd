//! The Data sources area: the sources scorecards' live measurements come from (Prometheus
//! servers, JSON endpoints) at `/sources`, with the form that adds one; one source at
//! `/sources/NAME` with its test query, its bindings (a KPI for a scope fed by a query, with a
//! live preview), syncs and backfills followed as they run (`?job=ID`), editing and removing.
//! Secrets are never typed here: a source holds `env:` / `file:` references only.

mod bindings;
mod detail;
mod form;
mod list;
mod sync;

pub use detail::SourcePage;
pub use list::SourcesPage;

use crate::data::Topic;
use crate::logic::lists::readable_at;
use archboard_types::kpi::{SyncError, SyncStatus};
use leptos::prelude::*;

/// What source queries follow: sources, bindings and their sync status, and the catalog and
/// teams a binding names.
pub const SOURCE_TOPICS: &[Topic] = &[Topic::Metrics, Topic::Catalog, Topic::Teams];

/// A sync failure as it reads: "bad_data: parse error at char 4 (2026-07-14 09:30 UTC)".
pub fn sync_error_view(error: &SyncError) -> impl IntoView + use<> {
    view! {
        <span class="sync-error" data-testid="sync-error">
            {error.error_type.clone().map(|t| view! { <span class="badge error-type">{t}</span> " " })}
            {error.message.clone()}
            <span class="muted">{format!(" ({})", readable_at(&error.at))}</span>
        </span>
    }
}

/// When syncing last worked, or "never".
pub fn last_success(status: &SyncStatus) -> String {
    status.last_success.as_ref().map(readable_at).unwrap_or_else(|| "never".to_owned())
}

/// The links the Data sources pages show to the pages around them.
#[component]
fn AreaLinks() -> impl IntoView {
    use crate::logic::kpi::{IMPORT_PATH, SCORECARDS_PATH, SOURCES_PATH};
    view! {
        <nav class="toolbar" aria-label="Data sources pages">
            <a class="button ghost" href=SOURCES_PATH>"Data sources"</a>
            <a class="button ghost" href=SCORECARDS_PATH>"Scorecards"</a>
            <a class="button ghost" href=IMPORT_PATH>"Import CSV"</a>
        </nav>
    }
}
