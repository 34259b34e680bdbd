//! The Scorecards area: a team's or system's KPIs for a period (`/scorecards?team=…&period=…`)
//! with their RAG states, changes, sparklines, bands and heat map, and the KPIs it shows; one
//! KPI of a scorecard (`/scorecards/kpi/KEY?team=…&period=…`) with its trend, measurements,
//! bindings, a manual entry and a threshold override; and the CSV import of measurements
//! (`/scorecards/import`). The engine aggregates, judges and draws; these pages show what it
//! says and let people act.

mod choose;
mod entry;
mod import;
mod kpi;
mod scorecard;

pub use import::ImportPage;
pub use kpi::KpiPage;
pub use scorecard::ScorecardPage;

use crate::data::{Query, Topic, use_query};
use crate::logic::kpi::{IMPORT_PATH, SCORECARDS_PATH, SOURCES_PATH, state_class};
use archboard_types::catalog::{CatalogKind, CatalogListQuery};
use archboard_types::endpoint as api;
use archboard_types::kpi::KpiState;
use archboard_types::people::{SystemListQuery, TeamListQuery};
use chrono::NaiveDate;
use leptos::prelude::*;

/// What KPI queries follow: measurements and sources, the catalog's KPIs and thresholds, and
/// teams and systems (a scope's tiers choose the KPIs that apply).
pub const KPI_TOPICS: &[Topic] = &[Topic::Metrics, Topic::Catalog, Topic::Teams];

/// A scorecard cell's state: its label and its one-letter mark, so no meaning rests on colour.
pub fn state_badge(state: KpiState) -> impl IntoView {
    view! {
        <span class=state_class(state) data-state=state.as_str() data-testid="kpi-state">
            <span class="rag-mark" aria-hidden="true">{state.mark()}</span>
            {state.label()}
        </span>
    }
}

/// Today in the browser's calendar: the current quarter a scorecard opens on.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date())
        .unwrap_or_default()
}

/// The browser's UTC offset (JavaScript's `getTimezoneOffset`, in minutes) at a local time.
pub fn offset_at(local: chrono::NaiveDateTime) -> i32 {
    use chrono::{Datelike, Timelike};
    let date = js_sys::Date::new_with_year_month_day_hr_min(
        local.year() as u32,
        local.month0() as i32,
        local.day() as i32,
        local.hour() as i32,
        local.minute() as i32,
    );
    date.get_timezone_offset() as i32
}

/// The browser's UTC offset now.
pub fn offset_now() -> i32 {
    js_sys::Date::new_0().get_timezone_offset() as i32
}

/// The teams and systems a scope is chosen from, and the catalog's KPIs.
#[derive(Clone, Copy)]
pub struct ScopeLookups {
    teams: Query<api::TeamList>,
    systems: Query<api::SystemList>,
    kpis: Query<api::CatalogList>,
}

impl ScopeLookups {
    pub fn new() -> Self {
        ScopeLookups {
            teams: use_query::<api::TeamList>(&[Topic::Teams], || Some(TeamListQuery::default())),
            systems: use_query::<api::SystemList>(&[Topic::Teams], || Some(SystemListQuery::default())),
            kpis: use_query::<api::CatalogList>(&[Topic::Catalog], || {
                Some(CatalogListQuery { kind: Some(CatalogKind::Kpi), search: None })
            }),
        }
    }

    /// `(name, name)` per team.
    pub fn team_options(&self) -> Vec<(String, String)> {
        self.teams.ok().unwrap_or_default().into_iter().map(|t| (t.name.clone(), t.name)).collect()
    }

    /// `(key, "name (key)")` per system.
    pub fn system_options(&self) -> Vec<(String, String)> {
        self.systems
            .ok()
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                let label = if s.name == s.key { s.key.clone() } else { format!("{} ({})", s.name, s.key) };
                (s.key, label)
            })
            .collect()
    }

    /// `(key, name, key)` per catalog KPI, by name.
    pub fn kpi_options(&self) -> Vec<(String, String, String)> {
        let mut kpis: Vec<(String, String, String)> =
            self.kpis.ok().unwrap_or_default().into_iter().map(|k| (k.key.clone(), k.name, k.key)).collect();
        kpis.sort_by_key(|a| a.1.to_lowercase());
        kpis
    }

    /// Whether both lists have answered and are empty: no scope to choose.
    pub fn no_scopes(&self) -> bool {
        matches!((self.teams.ok(), self.systems.ok()), (Some(t), Some(s)) if t.is_empty() && s.is_empty())
    }
}

/// The links every Scorecards page shows to the area's other pages.
#[component]
fn AreaLinks() -> impl IntoView {
    view! {
        <nav class="toolbar" aria-label="Scorecards pages">
            <a class="button ghost" href=SCORECARDS_PATH data-testid="scorecards-link">"Scorecards"</a>
            <a class="button ghost" href=IMPORT_PATH data-testid="kpi-import-link">"Import CSV"</a>
            <a class="button ghost" href=SOURCES_PATH data-testid="sources-link">"Data sources"</a>
        </nav>
    }
}
