//! A scorecard as submitted, read-only: each dimension's rating (the interview's focus first)
//! with its anchor and evidence, the red flags raised, the recommendation, the take-aways and —
//! for its author and the chair — the private notes; then the addenda, and for the author the
//! form that adds one (a reason and the text; the scorecard itself never changes).

use super::{INTERVIEW_TOPICS, problem_view};
use crate::components::notifications::use_notifier;
use crate::data::{Query, field_message, use_form_mutation};
use crate::logic::interview::{ordered_dimensions, score_of, unplaced_message};
use crate::logic::lists::readable_at;
use archboard_types::ApiError;
use archboard_types::endpoint as api;
use archboard_types::interview::{AddendumRequest, InterviewScorecard, ScoreState, Visibility, rating_label};
use leptos::prelude::*;

#[component]
pub fn ScoreReadOnly(card: Query<api::InterviewScorecardGet>) -> impl IntoView {
    let content = move || card.ok().map(|c| sheet_view(&c));
    let addenda = move || {
        card.ok().map(|c| {
            view! {
                <section class="panel addenda" aria-label="Addenda" data-testid="addenda">
                    <h2>"Addenda"</h2>
                    {if c.addenda.is_empty() {
                        view! { <p class="muted">"None: the scorecard stands as submitted."</p> }.into_any()
                    } else {
                        view! {
                            <ol class="addendum-list">
                                {c.addenda.iter().map(|a| view! {
                                    <li class="addendum">
                                        <p class="muted">{format!("{} · {}", a.by, readable_at(&a.at))}</p>
                                        <p><strong>"Reason: "</strong>{a.reason.clone()}</p>
                                        <p class="pre-wrap">{a.text.clone()}</p>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }
                        .into_any()
                    }}
                </section>
            }
        })
    };
    // The author of a submitted scorecard may add to it; built once per scorecard.
    let can_add = Memo::new(move |_| {
        card.ok()
            .is_some_and(|c| c.visibility == Visibility::Author && c.interview.state == ScoreState::Submitted)
    });
    let interview_id = Memo::new(move |_| card.ok().map(|c| c.interview.id));
    view! {
        {content}
        {addenda}
        {move || (can_add.get()).then(|| interview_id.get().map(|id| view! { <AddendumForm interview_id=id/> }))}
    }
}

fn sheet_view(c: &InterviewScorecard) -> impl IntoView + use<> {
    let Some(sheet) = c.sheet.clone() else {
        return view! { <p class="muted">"Nothing written yet."</p> }.into_any();
    };
    let rows = ordered_dimensions(&c.rubric, &c.interview.focus)
        .into_iter()
        .map(|(d, focus)| {
            let (rating, not_assessed, evidence) = score_of(&sheet, &d.key);
            let scored = sheet.score(&d.key).is_some();
            let verdict = match (rating, not_assessed, scored) {
                (Some(r), _, _) => rating_label(r).to_owned(),
                (None, true, _) => "Not assessed".to_owned(),
                (None, false, _) => "Not scored".to_owned(),
            };
            let anchor = rating.map(|r| d.anchor(r).to_owned()).filter(|a| !a.is_empty());
            view! {
                <tr class="score-dimension-read" data-key=d.key.clone() data-rating=rating.map(|r| r.to_string()).unwrap_or_default()>
                    <th scope="row">
                        {d.name.clone()}
                        {focus.then(|| view! { " " <span class="badge focus-badge">"Focus"</span> })}
                    </th>
                    <td>
                        <strong>{verdict}</strong>
                        {anchor.map(|a| view! { <p class="muted anchor-text">{a}</p> })}
                    </td>
                    <td class="pre-wrap">{evidence}</td>
                </tr>
            }
        })
        .collect_view();
    let flags: Vec<(String, String)> = sheet
        .red_flags
        .iter()
        .map(|t| {
            let text = c.rubric.red_flag(&t.key).map(|f| f.text.clone()).unwrap_or_else(|| t.key.clone());
            (text, t.evidence.clone())
        })
        .collect();
    view! {
        <section class="panel score-read" aria-label="Scorecard" data-testid="score-read">
            <p class="muted">
                {c.updated_at.as_ref().map(|at| format!("Last changed {}", readable_at(at)))}
                {c.interview.submitted_at.as_ref().map(|at| format!(" · submitted {}", readable_at(at)))}
            </p>
            <table class="data compact score-read-grid">
                <thead>
                    <tr>
                        <th scope="col" class="th-text">"Dimension"</th>
                        <th scope="col" class="th-text">"Rating"</th>
                        <th scope="col" class="th-text">"Evidence"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <h3>"Red flags"</h3>
            {if flags.is_empty() {
                view! { <p class="muted">"None raised."</p> }.into_any()
            } else {
                view! {
                    <ul class="red-flags-raised">
                        {flags.into_iter().map(|(text, evidence)| view! {
                            <li><strong><span aria-hidden="true">"⚑ "</span>{text}</strong><p class="pre-wrap">{evidence}</p></li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <dl class="facts">
                <dt>"Recommendation"</dt>
                <dd data-testid="recommendation-read">{sheet.recommendation.map(|r| r.label()).unwrap_or("—")}</dd>
                <dt>"Key take-aways"</dt>
                <dd class="pre-wrap">{if sheet.takeaways.is_empty() { "—".to_owned() } else { sheet.takeaways.clone() }}</dd>
                {(!sheet.private_notes.is_empty()).then(|| view! {
                    <dt>"Private notes"</dt>
                    <dd class="pre-wrap private-notes-read">
                        {sheet.private_notes.clone()}
                        <span class="muted">" (seen only by the author and the chair)"</span>
                    </dd>
                })}
            </dl>
        </section>
    }
    .into_any()
}

const FIELDS: [&str; 2] = ["reason", "text"];

#[component]
fn AddendumForm(interview_id: i64) -> impl IntoView {
    let notifier = use_notifier();
    let reason = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let local = RwSignal::new(None::<ApiError>);
    let edited = RwSignal::new(false);
    let add = use_form_mutation::<api::InterviewAddendumAdd>(INTERVIEW_TOPICS);
    add.on_success(move |_| {
        reason.set(String::new());
        text.set(String::new());
        notifier.success("Added the addendum.");
    });
    let error = move || local.get().or_else(|| add.error().filter(|_| !edited.get()));
    let field_error = move |field: &'static str| move || field_message(error(), field);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (r, t) = (reason.get_untracked().trim().to_owned(), text.get_untracked().trim().to_owned());
        if r.is_empty() {
            local.set(Some(ApiError::validation("reason", "Say why the scorecard needs an addendum.")));
            return;
        }
        if t.is_empty() {
            local.set(Some(ApiError::validation("text", "Write the addendum.")));
            return;
        }
        local.set(None);
        edited.set(false);
        add.run(AddendumRequest { interview_id, reason: r, text: t });
    };
    view! {
        <form class="form panel addendum-form" aria-label="Add an addendum" on:submit=submit>
            <h2>"Add an addendum"</h2>
            <p class="muted">"The scorecard stays as submitted; an addendum says what you would add or correct, and why."</p>
            {move || unplaced_message(error(), &FIELDS).map(problem_view)}
            <div class="field" class:invalid=move || field_error("reason")().is_some()>
                <label for="addendum-reason">"Reason"</label>
                <input
                    id="addendum-reason"
                    type="text"
                    prop:value=move || reason.get()
                    on:input=move |ev| {
                        edited.set(true);
                        local.set(None);
                        reason.set(event_target_value(&ev));
                    }
                />
                <p class="field-error" aria-live="polite">{field_error("reason")}</p>
            </div>
            <div class="field" class:invalid=move || field_error("text")().is_some()>
                <label for="addendum-text">"Addendum"</label>
                <textarea
                    id="addendum-text"
                    class="prose"
                    rows="3"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        edited.set(true);
                        local.set(None);
                        text.set(event_target_value(&ev));
                    }
                ></textarea>
                <p class="field-error" aria-live="polite">{field_error("text")}</p>
            </div>
            <div class="toolbar">
                <button class="primary" type="submit" id="addendum-add" disabled=move || add.pending()>
                    {move || if add.pending() { "Adding…" } else { "Add addendum" }}
                </button>
            </div>
        </form>
    }
}
