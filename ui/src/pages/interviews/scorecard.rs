//! An interview's scorecard at `/interviews/scorecard/INTERVIEW`: the sealed message when the
//! caller may not read it yet (no content at all), the form while it is the caller's own and
//! not submitted, and otherwise the scorecard as submitted with its addenda (and, for its
//! author, the form that adds one). The form is built once per interview, so the refresh after
//! a draft save never replaces what is being typed.

use super::score_form::ScoreForm;
use super::score_view::ScoreReadOnly;
use super::{AreaLinks, INTERVIEW_TOPICS, id_param, problem_view, score_state_badge};
use crate::data::use_query;
use crate::logic::interview::{candidate_path, kit_path};
use crate::logic::lists::readable_at;
use archboard_types::endpoint as api;
use archboard_types::interview::{InterviewId, InterviewRef, Visibility};
use leptos::prelude::*;

#[component]
pub fn ScorecardFormPage() -> impl IntoView {
    let id = id_param("interview", "an interview");
    move || match id.get() {
        Ok(id) => view! { <ScorecardView id=id/> }.into_any(),
        Err(message) => view! { <section class="page">{problem_view(message)}</section> }.into_any(),
    }
}

/// What the page shows, which changes only when the scorecard is sealed, opened, submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Loading,
    Failed,
    Sealed,
    Editing,
    ReadOnly,
}

#[component]
fn ScorecardView(id: InterviewId) -> impl IntoView {
    let card = use_query::<api::InterviewScorecardGet>(INTERVIEW_TOPICS, move || Some(InterviewRef { id }));
    let mode = Memo::new(move |_| match card.get() {
        None => Mode::Loading,
        Some(Err(_)) => Mode::Failed,
        Some(Ok(c)) if c.visibility == Visibility::Sealed || c.sheet.is_none() && !c.editable => Mode::Sealed,
        Some(Ok(c)) if c.editable => Mode::Editing,
        Some(Ok(_)) => Mode::ReadOnly,
    });
    let head = move || {
        card.ok().map(|c| {
            let i = c.interview.clone();
            view! {
                <div>
                    <h1>{format!("Scorecard · {}", c.candidate_label)}</h1>
                    <p class="muted">
                        {format!("{} · {} · ", c.role_name, i.interviewer)}
                        {i.at.as_ref().map(readable_at).unwrap_or_else(|| "not scheduled".to_owned())}
                        " · " {score_state_badge(i.state)}
                        " · " <span class="visibility" data-visibility=c.visibility.as_str()>{c.visibility.label()}</span>
                    </p>
                </div>
                <div class="toolbar">
                    <a class="button ghost" href=candidate_path(i.candidate_id) data-testid="back-to-candidate">"← Candidate"</a>
                    <a class="button ghost" href=kit_path(i.id)>"Interview kit"</a>
                    <AreaLinks/>
                </div>
            }
        })
    };
    let body = move || {
        match mode.get() {
        Mode::Loading => view! { <p class="muted">"Loading the scorecard…"</p> }.into_any(),
        Mode::Failed => card
            .get()
            .and_then(Result::err)
            .map(|e| problem_view(e.message).into_any())
            .unwrap_or_else(|| ().into_any()),
        Mode::Sealed => view! {
            <div class="empty-state sealed" id="sealed" role="status">
                <div class="empty-icon" aria-hidden="true">"🔒"</div>
                <h2>{Visibility::Sealed.label()}</h2>
                <p>"Scorecards stay sealed until you have submitted your own for this candidate, so every interviewer's judgement is their own. A draft is seen by its author alone."</p>
            </div>
        }
        .into_any(),
        // Built from the scorecard as it was when the form opened; the form keeps its own draft.
        Mode::Editing => untrack(|| card.ok())
            .map(|c| view! { <ScoreForm card=c/> }.into_any())
            .unwrap_or_else(|| ().into_any()),
        Mode::ReadOnly => view! { <ScoreReadOnly card=card/> }.into_any(),
    }
    };
    view! {
        <section class="page scorecard-form-page" data-testid="scorecard-page" data-interview=id.to_string()>
            <header class="page-head">{head}</header>
            {body}
        </section>
    }
}
