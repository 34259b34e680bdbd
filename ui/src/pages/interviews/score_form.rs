//! The scorecard form: per dimension (the interview's focus first) four rating buttons, each
//! with its behavioural anchor, "not assessed" kept apart, and the evidence (marked required
//! where `check_sheet` needs it); the red flags with their evidence; the recommendation, the
//! key take-aways and private notes. Keys 1–4 rate the focused dimension row and `n` marks it
//! not assessed. The draft saves itself once typing pauses (`interview_score`, not submitted);
//! submitting is checked with `check_sheet` first, then confirmed, since it is final.

use super::{INTERVIEW_TOPICS, problem_view};
use crate::backend::call;
use crate::components::notifications::use_notifier;
use crate::data::{Mutation, field_message, use_debounced, use_form_mutation};
use crate::logic::interview::{
    DRAFT_SAVE_MS, DraftStatus, ScoreKey, evidence_required, mark_not_assessed, ordered_dimensions,
    problem_error, red_flag_evidence, red_flag_evidence_required, red_flag_ticked, score_key, score_of,
    set_evidence, set_rating, set_red_flag_evidence, sheet_error_placed, sheet_field_element_id,
    toggle_not_assessed, toggle_rating, toggle_red_flag,
};
use archboard_types::ApiError;
use archboard_types::catalog::RubricDimension;
use archboard_types::endpoint as api;
use archboard_types::interview::{
    InterviewScorecard, Recommendation, RedFlag, Rubric, ScoreSave, ScoreSheet, check_sheet, rating_label,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// The form's state, shared by its parts; `Copy`.
#[derive(Clone, Copy)]
struct Draft {
    sheet: RwSignal<ScoreSheet>,
    /// A problem found before sending, or the last draft save's error.
    local: RwSignal<Option<ApiError>>,
    /// Changed since the last submit attempt (its error is then stale).
    edited: RwSignal<bool>,
    submit: Mutation<api::InterviewScoreSave>,
    rubric: StoredValue<Rubric>,
}

impl Draft {
    fn change(&self, edit: impl FnOnce(&mut ScoreSheet)) {
        self.local.set(None);
        self.edited.set(true);
        self.sheet.update(edit);
    }

    fn error(&self) -> Option<ApiError> {
        self.local.get().or_else(|| self.submit.error().filter(|_| !self.edited.get()))
    }

    fn field_error(&self, field: &str) -> Option<String> {
        field_message(self.error(), field)
    }
}

/// Moves the focus to the control `field` names, so an error found on submit is where the eye
/// and the keyboard are.
fn focus_field(field: &str) {
    let Some(id) = sheet_field_element_id(field) else { return };
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

/// True when a key event comes from a text field, where keys are the text's.
fn from_text_field(ev: &leptos::ev::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

#[component]
pub fn ScoreForm(card: InterviewScorecard) -> impl IntoView {
    let notifier = use_notifier();
    let interview_id = card.interview.id;
    let focus = card.interview.focus.clone();
    let initial = card.sheet.clone().unwrap_or_default();
    let draft = Draft {
        sheet: RwSignal::new(initial.clone()),
        local: RwSignal::new(None),
        edited: RwSignal::new(false),
        submit: use_form_mutation::<api::InterviewScoreSave>(INTERVIEW_TOPICS),
        rubric: StoredValue::new(card.rubric.clone()),
    };
    let focus_keys = StoredValue::new(focus.clone());
    // What the engine holds: saving is needed only when the form differs from it.
    let saved = StoredValue::new(initial);
    let status = RwSignal::new(match card.updated_at {
        Some(at) => DraftStatus::Saved(at),
        None => DraftStatus::Unchanged,
    });
    let in_flight = StoredValue::new(false);
    let submitted = StoredValue::new(false);

    // Saves the draft until what is on screen is what the engine holds; one save at a time.
    let save_draft = move || {
        if in_flight.get_value() || submitted.get_value() {
            return;
        }
        in_flight.set_value(true);
        spawn_local(async move {
            // Stops once the page has gone (its signals with it), or nothing is left to save.
            while let Some(current) = draft.sheet.try_get_untracked() {
                if saved.try_with_value(|s| *s == current).unwrap_or(true)
                    || submitted.try_get_value().unwrap_or(true)
                {
                    break;
                }
                let problem = draft
                    .rubric
                    .with_value(|r| focus_keys.with_value(|f| check_sheet(r, f, &current, false).err()));
                if let Some(problem) = problem {
                    let _ = status.try_set(DraftStatus::Failed(problem.message.clone()));
                    let _ = draft.local.try_set(Some(problem_error(problem)));
                    break;
                }
                let _ = status.try_set(DraftStatus::Saving);
                let request = ScoreSave { interview_id, sheet: current.clone(), submit: false };
                match call::<api::InterviewScoreSave>(&request).await {
                    Ok(answer) => {
                        let _ = saved.try_set_value(current);
                        let at = answer.updated_at.unwrap_or_else(|| {
                            chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64)
                                .unwrap_or_default()
                        });
                        let _ = status.try_set(DraftStatus::Saved(at));
                    }
                    Err(error) => {
                        let _ = status.try_set(DraftStatus::Failed(error.message.clone()));
                        if error.field.is_some() {
                            let _ = draft.local.try_set(Some(error));
                        }
                        break;
                    }
                }
            }
            let _ = in_flight.try_set_value(false);
        });
    };
    let settled = use_debounced(move || draft.sheet.get(), DRAFT_SAVE_MS);
    Effect::new(move |_| {
        settled.track();
        save_draft();
    });
    Effect::new(move |_| {
        let now = draft.sheet.get();
        let differs = saved.with_value(|s| *s != now);
        if differs && !matches!(status.get_untracked(), DraftStatus::Saving) {
            status.set(DraftStatus::Unsaved);
        }
    });
    // Leaving the page before the pause is over still keeps what was typed.
    on_cleanup(move || {
        let (Some(current), Some(false)) = (draft.sheet.try_get_untracked(), submitted.try_get_value())
        else {
            return;
        };
        if saved.try_with_value(|s| *s != current).unwrap_or(false) {
            let request = ScoreSave { interview_id, sheet: current, submit: false };
            spawn_local(async move {
                let _ = call::<api::InterviewScoreSave>(&request).await;
            });
        }
    });

    draft.submit.on_success(move |_| {
        submitted.set_value(true);
        notifier.success("Submitted your scorecard. It is sealed from the others until they submit theirs.");
    });
    let candidate = card.candidate_label.clone();
    let run_submit = move |_| {
        let sheet = draft.sheet.get_untracked();
        let problem =
            draft.rubric.with_value(|r| focus_keys.with_value(|f| check_sheet(r, f, &sheet, true).err()));
        if let Some(problem) = problem {
            let field = problem.field.clone();
            draft.local.set(Some(problem_error(problem)));
            focus_field(&field);
            return;
        }
        let question = format!(
            "Submit your scorecard for {candidate}? It cannot be changed afterwards: a later correction is an addendum with its reason."
        );
        let confirmed =
            web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false);
        if confirmed {
            draft.local.set(None);
            draft.edited.set(false);
            // No draft save may follow the submission; a refused submission lets them resume.
            submitted.set_value(true);
            draft.submit.run(ScoreSave { interview_id, sheet, submit: true });
        }
    };
    // A refused submission: drafts save again, and a field's error takes the focus there.
    Effect::new(move |_| {
        if let Some(error) = draft.submit.error() {
            submitted.set_value(false);
            if let Some(field) = error.field {
                focus_field(&field);
            }
        }
    });

    let rubric = card.rubric.clone();
    let dimension_keys: Vec<String> = rubric.dimensions.iter().map(|d| d.key.clone()).collect();
    let flag_keys: Vec<String> = rubric.red_flags.iter().map(|f| f.key.clone()).collect();
    let unplaced = move || {
        draft.error().filter(|e| !sheet_error_placed(e, &dimension_keys, &flag_keys)).map(|e| e.message)
    };
    let rows = ordered_dimensions(&rubric, &focus)
        .into_iter()
        .map(|(d, is_focus)| view! { <DimensionRow draft=draft dimension=d.clone() focus=is_focus/> })
        .collect_view();
    let flags = if rubric.red_flags.is_empty() {
        view! { <p class="muted">"The rubric names no red flags."</p> }.into_any()
    } else {
        rubric
            .red_flags
            .iter()
            .map(|f| view! { <RedFlagRow draft=draft flag=f.clone()/> })
            .collect_view()
            .into_any()
    };
    let offset = move |at: chrono::DateTime<chrono::Utc>| super::offset_at_instant(at);
    let status_line = move || {
        let now = status.get();
        let minutes = match &now {
            DraftStatus::Saved(at) => offset(*at),
            _ => 0,
        };
        now.label(minutes)
    };

    view! {
        <form class="form score-form" aria-label="Scorecard" on:submit=|ev| ev.prevent_default()>
            <p class="muted score-help">
                "Rate what you saw against each anchor. With a dimension's row focused, keys "
                <kbd>"1"</kbd>"–"<kbd>"4"</kbd>" rate it and "<kbd>"n"</kbd>" marks it not assessed. "
                "Not assessed is not a low score: use it for what the interview did not cover."
            </p>
            <section class="panel score-dimensions" aria-label="Dimensions">
                <h2>"Dimensions"</h2>
                {rows}
            </section>
            <section class="panel score-red-flags" aria-label="Red flags">
                <h2>"Red flags"</h2>
                {flags}
            </section>
            <section class="panel score-overall" aria-label="Overall">
                <div class="field" class:invalid=move || draft.field_error("recommendation").is_some()>
                    <label for="recommendation">"Recommendation"</label>
                    <select
                        id="recommendation"
                        aria-describedby="recommendation-error"
                        aria-invalid=move || draft.field_error("recommendation").is_some().then_some("true")
                        on:change=move |ev| {
                            let chosen = event_target_value(&ev).parse::<Recommendation>().ok();
                            draft.change(|s| s.recommendation = chosen);
                        }
                    >
                        <option value="" selected=move || draft.sheet.with(|s| s.recommendation.is_none())>"Choose…"</option>
                        {Recommendation::ALL.iter().map(|r| {
                            let r = *r;
                            view! {
                                <option value=r.as_str() selected=move || draft.sheet.with(|s| s.recommendation == Some(r))>
                                    {r.label()}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="recommendation-error" aria-live="polite">{move || draft.field_error("recommendation")}</p>
                </div>
                <div class="field" class:invalid=move || draft.field_error("takeaways").is_some()>
                    <label for="takeaways">"Key take-aways"</label>
                    <textarea
                        id="takeaways"
                        class="prose"
                        rows="3"
                        prop:value=move || draft.sheet.with(|s| s.takeaways.clone())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            draft.change(|s| s.takeaways = text);
                        }
                    ></textarea>
                    <p class="field-error" aria-live="polite">{move || draft.field_error("takeaways")}</p>
                </div>
                <div class="field private-notes" class:invalid=move || draft.field_error("private_notes").is_some()>
                    <label for="private-notes">
                        "Private notes "
                        <span class="muted">"— seen only by you and the chair (and in the candidate's own data export)"</span>
                    </label>
                    <textarea
                        id="private-notes"
                        class="prose"
                        rows="3"
                        prop:value=move || draft.sheet.with(|s| s.private_notes.clone())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            draft.change(|s| s.private_notes = text);
                        }
                    ></textarea>
                    <p class="field-error" aria-live="polite">{move || draft.field_error("private_notes")}</p>
                </div>
            </section>
            {move || unplaced().map(problem_view)}
            <div class="toolbar score-actions">
                <span
                    id="draft-status"
                    class="draft-status"
                    class:failed=move || matches!(status.get(), DraftStatus::Failed(_))
                    role="status"
                    aria-live="polite"
                    data-status=move || match status.get() {
                        DraftStatus::Unchanged => "unchanged",
                        DraftStatus::Unsaved => "unsaved",
                        DraftStatus::Saving => "saving",
                        DraftStatus::Saved(_) => "saved",
                        DraftStatus::Failed(_) => "failed",
                    }
                >
                    {status_line}
                </span>
                <button
                    type="button"
                    class="primary"
                    id="score-submit"
                    disabled=move || draft.submit.pending()
                    on:click=run_submit
                >
                    {move || if draft.submit.pending() { "Submitting…" } else { "Submit scorecard" }}
                </button>
            </div>
        </form>
    }
}

/// One dimension: its rating buttons with their anchors, "not assessed", the evidence.
#[component]
fn DimensionRow(draft: Draft, dimension: RubricDimension, focus: bool) -> impl IntoView {
    let key = StoredValue::new(dimension.key.clone());
    // Memos: the row's parts wake only when this dimension's score changes.
    let current = Memo::new(move |_| draft.sheet.with(|s| key.with_value(|k| score_of(s, k))));
    let rating_field = format!("rating.{}", dimension.key);
    let evidence_field = format!("evidence.{}", dimension.key);
    let needs_evidence = Memo::new(move |_| {
        let rating = current.with(|c| c.0);
        draft.rubric.with_value(|r| key.with_value(|k| evidence_required(r, k, rating)))
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let modified = ev.ctrl_key() || ev.meta_key() || ev.alt_key();
        let typing = from_text_field(&ev);
        match score_key(&ev.key(), modified, typing) {
            Some(ScoreKey::Rate(rating)) => {
                ev.prevent_default();
                draft.change(|s| key.with_value(|k| set_rating(s, k, rating)));
            }
            Some(ScoreKey::NotAssessed) => {
                ev.prevent_default();
                draft.change(|s| key.with_value(|k| mark_not_assessed(s, k)));
            }
            // Other digits on a row never open another area, so a draft is not left by accident.
            None if !typing
                && !modified
                && ev.key().len() == 1
                && ev.key().chars().all(|c| c.is_ascii_digit()) =>
            {
                ev.prevent_default();
            }
            None => {}
        }
    };
    let rating_error = Memo::new(move |_| draft.field_error(&rating_field));
    let evidence_error = Memo::new(move |_| draft.field_error(&evidence_field));
    let buttons = (1u8..=4)
        .map(|rating| {
            let anchor = dimension.anchor(rating).to_owned();
            let pressed = move || current.get().0 == Some(rating);
            view! {
                <button
                    type="button"
                    class="rate"
                    data-rating=rating.to_string()
                    aria-pressed=move || pressed().to_string()
                    class:chosen=pressed
                    on:click=move |_| draft.change(|s| key.with_value(|k| toggle_rating(s, k, rating)))
                >
                    <span class="rate-label">{rating_label(rating)}</span>
                    {if anchor.is_empty() {
                        view! { <span class="rate-anchor muted">"The rubric does not describe this level."</span> }.into_any()
                    } else {
                        view! { <span class="rate-anchor">{anchor}</span> }.into_any()
                    }}
                </button>
            }
        })
        .collect_view();
    let row_id = format!("score-{}", dimension.key);
    let evidence_id = format!("evidence-{}", dimension.key);
    let error_id = format!("score-{}-error", dimension.key);
    let evidence_error_id = format!("evidence-{}-error", dimension.key);
    let described_by = error_id.clone();
    let evidence_described_by = evidence_error_id.clone();
    let evidence_for = evidence_id.clone();
    view! {
        <div
            class="score-dimension"
            class:focus=focus
            class:invalid=move || rating_error.get().is_some() || evidence_error.get().is_some()
            id=row_id
            tabindex="0"
            role="group"
            aria-label=format!("{} ({}% of the score)", dimension.name, dimension.weight)
            aria-describedby=described_by
            data-key=dimension.key.clone()
            data-focus=focus.to_string()
            data-rating=move || current.get().0.map(|r| r.to_string()).unwrap_or_default()
            data-not-assessed=move || current.get().1.to_string()
            on:keydown=on_keydown
        >
            <div class="score-dimension-head">
                <h3>{dimension.name.clone()}</h3>
                <span class="muted">{format!("{:.0}% of the score", dimension.weight)}</span>
                {focus.then(|| view! { <span class="badge focus-badge">"Focus of this interview"</span> })}
            </div>
            <div class="rate-row">
                <div class="rate-buttons" role="group" aria-label="Rating">{buttons}</div>
                <div class="not-assessed-choice">
                    <button
                        type="button"
                        class="not-assessed"
                        aria-pressed=move || current.get().1.to_string()
                        class:chosen=move || current.get().1
                        title="The interview did not cover it (not a low score)"
                        on:click=move |_| draft.change(|s| key.with_value(|k| toggle_not_assessed(s, k)))
                    >
                        "Not assessed"
                    </button>
                </div>
            </div>
            <p class="field-error" id=error_id aria-live="polite">{move || rating_error.get()}</p>
            <div class="field" class:invalid=move || evidence_error.get().is_some()>
                <label for=evidence_for>
                    "Evidence"
                    {move || if needs_evidence.get() {
                        view! { <span class="required-mark">" (required for a rating of 1 or 4)"</span> }.into_any()
                    } else {
                        view! { <span class="muted">" — what you saw and heard"</span> }.into_any()
                    }}
                </label>
                <textarea
                    id=evidence_id
                    class="evidence prose"
                    rows="2"
                    aria-required=move || needs_evidence.get().to_string()
                    aria-invalid=move || evidence_error.get().is_some().then_some("true")
                    aria-describedby=evidence_described_by
                    prop:value=move || current.get().2
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        draft.change(|s| key.with_value(|k| set_evidence(s, k, text)));
                    }
                ></textarea>
                <p class="field-error" id=evidence_error_id aria-live="polite">{move || evidence_error.get()}</p>
            </div>
        </div>
    }
}

/// A red flag of the rubric: ticked, it asks what was seen.
#[component]
fn RedFlagRow(draft: Draft, flag: RedFlag) -> impl IntoView {
    let key = StoredValue::new(flag.key.clone());
    // A memo, so typing the evidence never rebuilds the box it is typed in.
    let ticked = Memo::new(move |_| draft.sheet.with(|s| key.with_value(|k| red_flag_ticked(s, k))));
    let field = format!("red_flag.{}", flag.key);
    let error = Memo::new(move |_| draft.field_error(&field));
    let required = draft.rubric.with_value(|r| red_flag_evidence_required(r, &flag.key));
    let check_id = format!("red-flag-{}", flag.key);
    let evidence_id = format!("red-flag-evidence-{}", flag.key);
    let check_for = check_id.clone();
    view! {
        <div class="red-flag-row" class:ticked=ticked class:invalid=move || error.get().is_some() data-key=flag.key.clone()>
            <label class="check" for=check_for>
                <input
                    type="checkbox"
                    class="red-flag"
                    id=check_id
                    value=flag.key.clone()
                    prop:checked=ticked
                    on:change=move |_| draft.change(|s| key.with_value(|k| toggle_red_flag(s, k)))
                />
                <span class="check-text">{flag.text.clone()}</span>
            </label>
            {move || ticked.get().then(|| {
                let evidence_id = evidence_id.clone();
                let evidence_for = evidence_id.clone();
                view! {
                    <div class="field red-flag-evidence-field">
                        <label for=evidence_for>
                            "What you saw"
                            {required.then(|| view! { <span class="required-mark">" (required)"</span> })}
                        </label>
                        <textarea
                            id=evidence_id
                            class="red-flag-evidence prose"
                            rows="2"
                            aria-required=required.to_string()
                            prop:value=move || draft.sheet.with(|s| key.with_value(|k| red_flag_evidence(s, k)))
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                draft.change(|s| key.with_value(|k| set_red_flag_evidence(s, k, text)));
                            }
                        ></textarea>
                    </div>
                }
            })}
            <p class="field-error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
