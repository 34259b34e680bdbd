//! The Reviews area: readiness and architecture reviews of one system each. The list
//! (`/reviews`), the new review form (`/reviews/new`), the working view of a review
//! (`/reviews/ID?item=KEY`), a milestone comparison (`/reviews/ID/compare?from=A&to=B`), the
//! improvement backlog (`/reviews/backlog`), the board's review settings (`/reviews/settings`)
//! and AWS Well-Architected lens import and export (`/reviews/lenses`). The engine computes
//! every status, risk, summary and the SLA; these pages show what it says and let people act.

mod backlog;
mod compare;
mod decision;
mod detail;
mod item_panel;
mod items;
mod lenses;
mod list;
mod milestones;
mod new;
mod settings;
mod signoff;
mod summary;

pub use backlog::BacklogPage;
pub use compare::ComparePage;
pub use detail::ReviewDetail;
pub use lenses::LensesPage;
pub use list::ReviewList;
pub use new::NewReview;
pub use settings::SettingsPage;

use crate::components::files::save_exported;
use crate::components::notifications::Notifier;
use crate::logic::reviews::{SlaTone, export_mime, parse_review_id, sla_summary};
use archboard_types::ApiError;
use archboard_types::files::ExportedFile;
use archboard_types::review::{DecisionOutcome, ItemStatus, ReviewId, ReviewState, RiskLevel, SlaStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// What review queries follow: reviews themselves, and what their derived fields read (bound
/// benchmark runs, catalog templates with newer versions, decisions accepting a risk).
pub const REVIEW_TOPICS: &[crate::data::Topic] = &[
    crate::data::Topic::Reviews,
    crate::data::Topic::Benchmarks,
    crate::data::Topic::Catalog,
    crate::data::Topic::Decisions,
];

/// The review number in the URL, or why it is not one.
fn review_id_param() -> Memo<Result<ReviewId, String>> {
    let params = use_params_map();
    Memo::new(move |_| parse_review_id(&params.with(|p| p.get("id")).unwrap_or_default()))
}

/// A review's lifecycle state.
pub fn state_badge(state: ReviewState) -> impl IntoView {
    view! {
        <span class=format!("badge review-state state-{}", state.as_str()) data-state=state.as_str()>
            {state.label()}
        </span>
    }
}

/// The chair's decision.
pub fn outcome_badge(outcome: DecisionOutcome) -> impl IntoView {
    view! {
        <span class=format!("badge review-outcome outcome-{}", outcome.as_str()) data-outcome=outcome.as_str()>
            {outcome.label()}
        </span>
    }
}

/// An item's status as the engine counts it.
pub fn item_status_badge(status: ItemStatus) -> impl IntoView {
    view! {
        <span class=format!("badge item-status status-{}", status.as_str()) data-status=status.as_str()>
            {status.label()}
        </span>
    }
}

/// An item's risk as the summary counts it.
pub fn risk_badge(risk: RiskLevel) -> impl IntoView {
    view! {
        <span class=format!("badge review-risk risk-{}", risk.as_str()) data-risk=risk.as_str()>{risk.label()}</span>
    }
}

/// The SLA status in words, coloured by its tone; a breach is also said for screen readers.
pub fn sla_badge(sla: &SlaStatus) -> impl IntoView + use<> {
    let (text, tone) = sla_summary(sla);
    view! {
        <span
            class=format!("sla sla-{}", tone.as_str())
            data-testid="review-sla"
            data-sla=tone.as_str()
            role=(tone == SlaTone::Breached).then_some("status")
        >
            {(tone == SlaTone::Breached).then(|| view! { <span aria-hidden="true">"⚠ "</span> })}
            {text}
        </span>
    }
}

/// Saves a file an engine export returned (a download, or the desktop's save dialog) and says
/// so; `what` names it in the message ("the report").
pub async fn save_and_tell(answer: Result<ExportedFile, ApiError>, what: &str, notifier: Notifier) {
    match answer {
        Ok(file) => match save_exported(&file, export_mime(&file.path)).await {
            Ok(Some(place)) => notifier.success(format!("Saved {what} as {place}.")),
            Ok(None) => {}
            Err(message) => notifier.problem(message),
        },
        Err(error) => notifier.error(&error),
    }
}

/// The links every Reviews page shows to the area's other pages.
#[component]
fn AreaLinks() -> impl IntoView {
    use crate::logic::reviews::{BACKLOG_PATH, LENSES_PATH, REVIEWS_PATH, SETTINGS_PATH};
    view! {
        <nav class="toolbar review-area-links" aria-label="Reviews pages">
            <a class="button ghost" href=REVIEWS_PATH data-testid="reviews-link">"Reviews"</a>
            <a class="button ghost" href=BACKLOG_PATH data-testid="review-backlog-link">"Improvement backlog"</a>
            <a class="button ghost" href=SETTINGS_PATH data-testid="review-settings-link">"Settings"</a>
            <a class="button ghost" href=LENSES_PATH data-testid="review-lenses-link">"Lenses"</a>
        </nav>
    }
}
