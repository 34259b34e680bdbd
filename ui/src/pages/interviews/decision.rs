//! The decision: the record once made (with "against the panel's majority" marked), and — for
//! a chair once the debrief is open, here and on the debrief — the form: hire, no hire or
//! withdrawn, the rationale, and the reason for going against the majority, which
//! `against_majority` says is needed from the debrief's majority before anything is sent.

use super::candidate::use_candidate;
use super::{INTERVIEW_TOPICS, decision_badge, problem_view};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::data::{field_message, use_form_mutation, use_query};
use crate::logic::interview::{DecisionForm, debrief_path, majority_label, unplaced_message};
use crate::logic::lists::readable_at;
use archboard_types::ApiError;
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::interview::{CandidateId, CandidateRef, DecisionRecord, FinalDecision};
use leptos::prelude::*;

/// A decision as recorded.
pub fn decision_record_view(d: &DecisionRecord) -> impl IntoView + use<> {
    let majority = match d.panel_majority {
        Some(true) => "The panel leaned towards hiring.",
        Some(false) => "The panel leaned against hiring.",
        None => "The panel had no majority.",
    };
    view! {
        <div
            class="decision-record"
            class:against-majority=d.against_majority
            data-decision=d.decision.as_str()
            data-against-majority=d.against_majority.to_string()
        >
            <p>
                {decision_badge(d.decision)}
                <span class="muted">{format!(" {} · {}", d.decided_by, readable_at(&d.at))}</span>
            </p>
            {(!d.rationale.is_empty()).then(|| view! { <p class="pre-wrap">{d.rationale.clone()}</p> })}
            <p class="muted">{majority}</p>
            {d.against_majority.then(|| view! {
                <div class="against-majority-note" data-testid="against-majority">
                    <strong><span aria-hidden="true">"⚠ "</span>"Against the panel's majority"</strong>
                    {(!d.against_majority_reason.is_empty()).then(|| view! {
                        <p class="pre-wrap">{format!("Why: {}", d.against_majority_reason)}</p>
                    })}
                </div>
            })}
        </div>
    }
}

const FIELDS: [&str; 3] = ["decision", "rationale", "against_majority_reason"];

/// The candidate page's decision: the record, and the form for a chair once the debrief is
/// open (the debrief says which way the panel leans).
#[component]
pub fn DecisionPanel() -> impl IntoView {
    let ctx = use_candidate();
    let me = use_me();
    let open = Memo::new(move |_| ctx.get().is_some_and(|c| c.debrief_open));
    let debrief = use_query::<api::DebriefGet>(INTERVIEW_TOPICS, move || {
        open.get().then_some(CandidateRef { id: ctx.id })
    });
    let record = move || ctx.get().and_then(|c| c.decision).map(|d| decision_record_view(&d));
    let can_decide = move || open.get() && me.can(api::CandidateDecide::PERMISSION);
    let leaning = move || {
        debrief.ok().map(|d| {
            let counts: Vec<String> = d
                .recommendations
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(r, n)| format!("{} {n}", r.label()))
                .collect();
            view! {
                <p class="decision-majority" data-testid="decision-majority">
                    {majority_label(d.majority)}
                    {(!counts.is_empty()).then(|| format!(" ({})", counts.join(", ")))}
                    " " <a class="link" href=debrief_path(ctx.id)>"Open the debrief"</a>
                </p>
            }
        })
    };
    view! {
        <section class="panel decision-panel" aria-label="Decision">
            <h2>"Decision"</h2>
            {move || record().map(|r| r.into_any()).unwrap_or_else(|| view! { <p class="muted">"No decision yet."</p> }.into_any())}
            {move || (!open.get() && me.can(api::CandidateDecide::PERMISSION)).then(|| {
                view! { <p class="muted">"The decision is made once the debrief is open."</p> }
            })}
            <Show when=can_decide>
                {leaning}
                <DecideForm
                    candidate_id=ctx.id
                    majority=Signal::derive(move || debrief.ok().and_then(|d| d.majority))
                    decided=Signal::derive(move || ctx.get().is_some_and(|c| c.decision.is_some()))
                />
            </Show>
        </section>
    }
}

/// The chair's decision form, on the candidate page and the debrief: hire, no hire or
/// withdrawn, the rationale, and the reason for going against the panel's `majority`, which
/// `against_majority` says is needed before anything is sent.
#[component]
pub fn DecideForm(
    candidate_id: CandidateId,
    majority: Signal<Option<bool>>,
    decided: Signal<bool>,
) -> impl IntoView {
    let notifier = use_notifier();
    let form = RwSignal::new(DecisionForm::default());
    let local_error = RwSignal::new(None::<ApiError>);
    let edited = RwSignal::new(false);
    let decide = use_form_mutation::<api::CandidateDecide>(INTERVIEW_TOPICS);
    decide.on_success(move |c| {
        notifier.success(format!(
            "Decided: {}.",
            c.decision.as_ref().map(|d| d.decision.label()).unwrap_or("recorded")
        ));
        form.set(DecisionForm::default());
    });
    let error = move || local_error.get().or_else(|| decide.error().filter(|_| !edited.get()));
    let field_error = move |field: &'static str| move || field_message(error(), field);
    let against = move || form.with(|f| f.against(majority.get()));
    let touch = move |change: &dyn Fn(&mut DecisionForm)| {
        local_error.set(None);
        edited.set(true);
        form.update(|f| change(f));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match form.get_untracked().to_request(candidate_id, majority.get_untracked()) {
            Ok(request) => {
                local_error.set(None);
                edited.set(false);
                decide.run(request);
            }
            Err(error) => local_error.set(Some(error)),
        }
    };
    view! {
        <form class="form decision-form" aria-label="Decide" on:submit=submit>
            {move || unplaced_message(error(), &FIELDS).map(problem_view)}
            <div class="field" class:invalid=move || field_error("decision")().is_some()>
                <label for="decision-select">{move || if decided.get() { "Change the decision" } else { "Decision" }}</label>
                <select
                    id="decision-select"
                    aria-describedby="decision-select-error"
                    prop:value=move || form.with(|f| f.decision.map(|d| d.as_str()).unwrap_or("").to_owned())
                    on:change=move |ev| {
                        let chosen = event_target_value(&ev).parse::<FinalDecision>().ok();
                        touch(&|f| f.decision = chosen);
                    }
                >
                    <option value="">"Choose…"</option>
                    {FinalDecision::ALL.iter().map(|d| view! { <option value=d.as_str()>{d.label()}</option> }).collect_view()}
                </select>
                <p class="field-error" id="decision-select-error" aria-live="polite">{field_error("decision")}</p>
            </div>
            <div class="field" class:invalid=move || field_error("rationale")().is_some()>
                <label for="decision-rationale">"Rationale"</label>
                <textarea
                    id="decision-rationale"
                    class="prose"
                    rows="3"
                    prop:value=move || form.with(|f| f.rationale.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        touch(&|f| f.rationale = text.clone());
                    }
                ></textarea>
                <p class="field-error" aria-live="polite">{field_error("rationale")}</p>
            </div>
            <div
                class="field against-reason"
                class:needed=against
                class:invalid=move || field_error("against_majority_reason")().is_some()
            >
                <label for="decision-against-reason">
                    "Reason for going against the panel's majority"
                    {move || if against() {
                        view! { <span class="required-mark">" (required: this decision goes against the majority)"</span> }.into_any()
                    } else {
                        view! { <span class="muted">" (only when the decision goes against it)"</span> }.into_any()
                    }}
                </label>
                <textarea
                    id="decision-against-reason"
                    class="prose"
                    rows="2"
                    aria-required=move || against().to_string()
                    prop:value=move || form.with(|f| f.against_reason.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        touch(&|f| f.against_reason = text.clone());
                    }
                ></textarea>
                <p class="field-error" aria-live="polite">{field_error("against_majority_reason")}</p>
            </div>
            <div class="toolbar">
                <button class="primary" type="submit" id="decision-save" disabled=move || decide.pending()>
                    {move || if decide.pending() { "Deciding…" } else { "Record the decision" }}
                </button>
            </div>
        </form>
    }
}
