//! The Interviews area: candidates by role and stage (`/interviews?role=…&stage=…&q=…`), one
//! candidate's process (`/interviews/ID`: details, stage, attachments, the panel and its
//! planner, the decision, their personal data), an interviewer's scorecard
//! (`/interviews/scorecard/INTERVIEW`), the printable kit (`/interviews/kit/INTERVIEW`), the
//! debrief (`/interviews/ID/debrief`), calibration across processes of a role
//! (`/interviews/calibration/ROLE`) and retention (`/interviews/retention?job=…`). The engine
//! seals, computes and enforces; these pages show what it says and offer what the caller's
//! permissions allow (`me.can(E::PERMISSION)`: each endpoint's own permission in the table).

mod attachments;
mod calibration;
mod candidate;
mod debrief;
mod decision;
mod details;
mod kit;
mod list;
mod panel;
mod personal;
mod retention;
mod retention_run;
mod score_form;
mod score_view;
mod scorecard;

pub use calibration::CalibrationPage;
pub use candidate::CandidatePage;
pub use debrief::DebriefPage;
pub use kit::KitPage;
pub use list::InterviewsPage;
pub use retention::RetentionPage;
pub use scorecard::ScorecardFormPage;

use crate::data::{Query, Topic, use_query};
use crate::logic::interview::{CALIBRATION_PATH, INTERVIEWS_PATH, RETENTION_PATH, parse_id};
use archboard_types::Endpoint as _;
use archboard_types::catalog::{CatalogKind, CatalogListQuery};
use archboard_types::endpoint as api;
use archboard_types::interview::{FinalDecision, ScoreState, Stage};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// What interview queries follow: candidates, panels, scorecards, retention.
pub const INTERVIEW_TOPICS: &[Topic] = &[Topic::Interviews];

/// The number in the URL segment `name`, or why it is not one.
fn id_param(name: &'static str, what: &'static str) -> Memo<Result<i64, String>> {
    let params = use_params_map();
    Memo::new(move |_| parse_id(what, &params.with(|p| p.get(name)).unwrap_or_default()))
}

/// A process's stage.
pub fn stage_badge(stage: Stage) -> impl IntoView {
    view! {
        <span class=format!("badge interview-stage stage-{}", stage.as_str()) data-stage=stage.as_str()>
            {stage.label()}
        </span>
    }
}

/// The final decision.
pub fn decision_badge(decision: FinalDecision) -> impl IntoView {
    view! {
        <span class=format!("badge final-decision decision-{}", decision.as_str()) data-decision=decision.as_str()>
            {decision.label()}
        </span>
    }
}

/// How far a scorecard has got.
pub fn score_state_badge(state: ScoreState) -> impl IntoView {
    view! {
        <span class=format!("badge score-state state-{}", state.as_str()) data-state=state.as_str()>
            {state.label()}
        </span>
    }
}

/// The browser's UTC offset (`getTimezoneOffset`, in minutes) at an instant.
pub fn offset_at_instant(at: chrono::DateTime<chrono::Utc>) -> i32 {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.timestamp_millis() as f64));
    date.get_timezone_offset() as i32
}

/// The catalog's roles, whose rubrics processes copy.
pub fn use_roles() -> Query<api::CatalogList> {
    use_query::<api::CatalogList>(&[Topic::Catalog], || {
        Some(CatalogListQuery { kind: Some(CatalogKind::Role), search: None })
    })
}

/// `(key, name)` per catalog role, by name.
pub fn role_options(roles: Query<api::CatalogList>) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> =
        roles.ok().unwrap_or_default().into_iter().map(|r| (r.key, r.name)).collect();
    options.sort_by_key(|o| o.1.to_lowercase());
    options
}

/// The links every Interviews page shows to the area's other pages, as far as the caller may
/// follow them.
#[component]
fn AreaLinks() -> impl IntoView {
    let me = crate::components::me::use_me();
    view! {
        <nav class="toolbar interview-area-links" aria-label="Interviews pages">
            <a class="button ghost" href=INTERVIEWS_PATH data-testid="candidates-link">"Candidates"</a>
            <Show when=move || me.can(api::CalibrationGet::PERMISSION)>
                <a class="button ghost" href=CALIBRATION_PATH data-testid="calibration-link">"Calibration"</a>
            </Show>
            <Show when=move || me.can(api::RetentionPolicyGet::PERMISSION)>
                <a class="button ghost" href=RETENTION_PATH data-testid="retention-link">"Retention"</a>
            </Show>
        </nav>
    }
}

/// An error as a callout.
fn problem_view(message: String) -> impl IntoView {
    view! { <p class="callout warn" role="alert">{message}</p> }
}
