//! The Reports area: the hub (`/reports?quarter=…&job=…&report=…`) with the quarters (open,
//! closed or reopened; Close and Reopen), links to each team's assessment for a quarter, the
//! report builder followed live while the engine builds, and the history of built reports
//! (preview inline, download as HTML, Markdown or PDF, delete); and one team's maturity
//! assessment for a quarter (`/reports/assess/TEAM/QUARTER`): each dimension's proposed level
//! with its evidence, accepting it or setting another with a rationale, and the chair's
//! approval. The engine proposes, freezes and builds; these pages show what it says and offer
//! what the caller's permissions allow (`me.can(E::PERMISSION)`: each endpoint's own
//! permission in the table).

mod assess;
mod build;
mod dimension;
mod history;
mod hub;
mod preview;
mod quarters;
mod teams;

pub use assess::AssessPage;
pub use hub::ReportsPage;

use crate::data::{Query, Topic, use_query};
use crate::logic::report::QuarterState;
use archboard_types::endpoint as api;
use archboard_types::kpi::Period;
use archboard_types::maturity::QuarterStatus;
use archboard_types::system::Empty;
use leptos::prelude::*;

/// What report and quarter queries follow.
pub const REPORT_TOPICS: &[Topic] = &[Topic::Reports];

/// What an assessment follows: quarters and assessments, and the evidence it reads (KPIs,
/// reviews, teams and their systems, the catalog's maturity model).
pub const MATURITY_TOPICS: &[Topic] =
    &[Topic::Reports, Topic::Metrics, Topic::Reviews, Topic::Teams, Topic::Catalog];

/// How many quarters back from today the quarter selects offer.
pub const QUARTERS_OFFERED: usize = 8;

/// The board's quarters as `quarter_list` answers.
pub fn use_quarters() -> Query<api::QuarterList> {
    use_query::<api::QuarterList>(REPORT_TOPICS, || Some(Empty {}))
}

/// The quarters `quarter_list` names (for the selects).
pub fn listed_periods(quarters: Query<api::QuarterList>) -> Vec<Period> {
    quarters.ok().unwrap_or_default().into_iter().map(|q| q.period).collect()
}

/// A quarter's state, in words and with a mark, so nothing reads by colour alone.
pub fn quarter_badge(quarter: &QuarterStatus) -> impl IntoView + use<> {
    let state = QuarterState::of(quarter);
    let mark = match state {
        QuarterState::Open => "○",
        QuarterState::Closed => "■",
        QuarterState::Reopened => "◐",
    };
    view! {
        <span class=format!("badge quarter-state state-{}", state.as_str()) data-state=state.as_str()>
            <span aria-hidden="true">{mark}" "</span>
            {state.label()}
        </span>
    }
}

/// An error as a callout.
fn problem_view(message: String) -> impl IntoView {
    view! { <p class="callout warn" role="alert">{message}</p> }
}

/// Moves the focus to element `id` once it is rendered (a confirm step's first control, or
/// the button that opened it once it is cancelled).
fn focus_soon(id: impl Into<String>) {
    use wasm_bindgen::JsCast;
    let id = id.into();
    request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// Escape inside a confirm step cancels it.
fn escape_cancels(cancel: impl Fn() + 'static) -> impl Fn(leptos::ev::KeyboardEvent) + 'static {
    move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            cancel();
        }
    }
}
