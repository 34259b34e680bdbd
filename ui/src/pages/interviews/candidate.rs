//! One candidate's process at `/interviews/ID`: the head (label, role and rubric version,
//! stage, the panel's warnings and any retention warning), then the details and stage, the
//! panel with its planner, the decision, the attachments and the personal-data box. The
//! sections share the candidate through a context; each form is built once per candidate, so a
//! refresh after a save never clears what is being typed in another.

use super::attachments::AttachmentsPanel;
use super::decision::DecisionPanel;
use super::details::{DetailsPanel, StagePanel};
use super::panel::PanelSection;
use super::personal::PersonalDataPanel;
use super::{AreaLinks, INTERVIEW_TOPICS, decision_badge, id_param, problem_view, stage_badge};
use crate::components::me::use_me;
use crate::data::{Query, use_query};
use crate::logic::interview::{calibration_path, debrief_path};
use crate::logic::lists::readable_at;
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::interview::{Candidate, CandidateId, CandidateRef};
use leptos::prelude::*;

/// The candidate every section of the page reads.
#[derive(Clone, Copy)]
pub struct CandidateContext {
    pub id: CandidateId,
    pub candidate: Query<api::CandidateGet>,
}

impl CandidateContext {
    /// The candidate, once loaded (tracked).
    pub fn get(&self) -> Option<Candidate> {
        self.candidate.ok()
    }
}

pub fn use_candidate() -> CandidateContext {
    expect_context::<CandidateContext>()
}

#[component]
pub fn CandidatePage() -> impl IntoView {
    let id = id_param("id", "a candidate");
    move || match id.get() {
        Ok(id) => view! { <CandidateView id=id/> }.into_any(),
        Err(message) => view! { <section class="page">{problem_view(message)}</section> }.into_any(),
    }
}

#[component]
fn CandidateView(id: CandidateId) -> impl IntoView {
    let me = use_me();
    let candidate = use_query::<api::CandidateGet>(INTERVIEW_TOPICS, move || Some(CandidateRef { id }));
    let ctx = CandidateContext { id, candidate };
    provide_context(ctx);
    // The sections are built once the candidate is known, and again only for another one; a
    // refresh that fails leaves them (and what is typed in them) as they are.
    let loaded = Memo::new(move |before: Option<&Option<CandidateId>>| {
        candidate.ok().map(|c| c.id).or_else(|| before.copied().flatten())
    });

    let head = move || {
        ctx.get().map(|c| {
            let calibration = calibration_path(&c.rubric.role_key);
            view! {
                <div>
                    <h1 data-testid="candidate-label">
                        {c.label.clone()}
                        {c.anonymised.then(|| view! { " " <span class="badge anonymised">"Anonymised"</span> })}
                    </h1>
                    <p class="candidate-facts">
                        {stage_badge(c.stage)}
                        {c.decision.as_ref().map(|d| view! { " " {decision_badge(d.decision)} })}
                        <span class="muted">
                            {format!(" {} · rubric v{} · since {}", c.rubric.role_name, c.rubric.role_version, readable_at(&c.created_at))}
                        </span>
                        " " <span class="muted mono" title="The random id that stands for the candidate in calibration and the erasure log">{c.subject_id.clone()}</span>
                    </p>
                </div>
                <div class="toolbar">
                    {c.debrief_open.then(|| view! {
                        <a class="button" id="debrief-link" href=debrief_path(c.id)>"Debrief"</a>
                    })}
                    <Show when=move || me.can(api::CalibrationGet::PERMISSION)>
                        <a class="button ghost" href=calibration.clone()>"Calibration for this role"</a>
                    </Show>
                    <AreaLinks/>
                </div>
            }
        })
    };
    let warnings = move || {
        ctx.get().map(|c| {
            view! {
                {(!c.warnings.is_empty()).then(|| view! {
                    <div class="callout warn panel-warnings" role="status" data-testid="panel-warnings">
                        <strong>"The panel as planned: "</strong>
                        <ul>{c.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                    </div>
                })}
                {c.retention.warning.clone().map(|w| view! {
                    <p class="callout warn retention-callout" role="status" data-testid="retention-callout">
                        <span aria-hidden="true">"⚠ "</span>{w}
                    </p>
                })}
            }
        })
    };
    let status = move || match candidate.get() {
        None => Some(view! { <p class="muted">"Loading the candidate…"</p> }.into_any()),
        Some(Err(error)) => Some(problem_view(error.message).into_any()),
        Some(Ok(_)) => None,
    };
    view! {
        <section class="page candidate-page" data-testid="candidate-page" data-id=id.to_string()>
            <header class="page-head candidate-head">{head}</header>
            {warnings}
            {status}
            {move || loaded.get().map(|_| view! { <Sections/> })}
        </section>
    }
}

/// The page's sections, built once per candidate.
#[component]
fn Sections() -> impl IntoView {
    view! {
        <div class="candidate-sections">
            <div class="candidate-main">
                <PanelSection/>
                <DecisionPanel/>
            </div>
            <div class="candidate-side">
                <DetailsPanel/>
                <StagePanel/>
                <AttachmentsPanel/>
                <PersonalDataPanel/>
            </div>
        </div>
    }
}
