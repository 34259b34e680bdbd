//! The panel: every interview of the process (interviewer, time, minutes, focus, exercises,
//! scorecard state, when it came in and how long it took) with links to its kit and scorecard;
//! and the chair's planner — the interviewer, focus dimensions (with who already covers each),
//! exercises (with their minutes), time and length — which previews what the plan would change
//! in the panel's warnings (`panel_warnings`) before it is sent.

use super::candidate::use_candidate;
use super::{INTERVIEW_TOPICS, problem_view, score_state_badge};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::data::{Topic, field_message, use_form_mutation, use_mutation, use_query};
use crate::logic::interview::{
    PlanForm, dimension_names, exercise_label, exercise_names, format_hours, format_weight, kit_path,
    planned_warnings, scorecard_path, toggle_key, unplaced_message,
};
use crate::logic::lists::readable_at;
use crate::pages::scorecards::offset_at;
use archboard_types::ApiError;
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::interview::{InterviewRef, InterviewSummary, panel_coverage};
use archboard_types::people::Permission;
use archboard_types::system::Empty;
use leptos::prelude::*;

#[component]
pub fn PanelSection() -> impl IntoView {
    let ctx = use_candidate();
    let me = use_me();
    let notifier = use_notifier();
    let remove = use_mutation::<api::InterviewRemove>(INTERVIEW_TOPICS);
    remove.on_success(move |_| notifier.success("Removed the interview from the panel."));
    let my_id = move || me.get().map(|m| m.user.id);
    let can_plan =
        move || me.can(api::InterviewPlanAdd::PERMISSION) && ctx.get().is_some_and(|c| !c.anonymised);

    let table = move || {
        let Some(c) = ctx.get() else { return ().into_any() };
        if c.interviews.is_empty() {
            return view! {
                <p class="muted" data-testid="no-interviews">"No interviews planned yet."</p>
            }
            .into_any();
        }
        let rubric = c.rubric.clone();
        let mine = my_id();
        view! {
            <div class="table-scroll">
                <table class="data compact interviews" data-testid="interviews">
                    <thead>
                        <tr>
                            <th scope="col" class="th-text">"Interviewer"</th>
                            <th scope="col" class="th-text">"Time"</th>
                            <th scope="col" class="th-text num">"Minutes"</th>
                            <th scope="col" class="th-text">"Focus"</th>
                            <th scope="col" class="th-text">"Exercises"</th>
                            <th scope="col" class="th-text">"Scorecard"</th>
                            <th scope="col" class="th-text">"Submitted"</th>
                            <th scope="col" class="th-text num">"Hours to submit"</th>
                            <th scope="col" class="th-text"><span class="sr-only">"Links"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {c.interviews.iter().map(|i| interview_row(i, &rubric, mine == Some(i.interviewer_id), remove, me)).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="panel panel-section" aria-label="Panel">
            <h2>"Panel"</h2>
            {table}
            <Show when=can_plan>
                <Planner/>
            </Show>
        </section>
    }
}

fn interview_row(
    i: &InterviewSummary,
    rubric: &archboard_types::interview::Rubric,
    mine: bool,
    remove: crate::data::Mutation<api::InterviewRemove>,
    me: crate::components::me::WhoAmI,
) -> impl IntoView + use<> {
    let id = i.id;
    let who = i.interviewer.clone();
    view! {
        <tr class="interview-row" class:mine=mine data-id=i.id.to_string() data-state=i.state.as_str()>
            <td>{i.interviewer.clone()}{mine.then_some(" (you)")}</td>
            <td class="mono">{i.at.as_ref().map(readable_at).unwrap_or_else(|| "not scheduled".to_owned())}</td>
            <td class="num">{i.minutes}</td>
            <td>{dimension_names(rubric, &i.focus)}</td>
            <td>{exercise_names(rubric, &i.exercises)}</td>
            <td>{score_state_badge(i.state)}</td>
            <td class="mono">{i.submitted_at.as_ref().map(readable_at).unwrap_or_else(|| "—".to_owned())}</td>
            <td class="num">{format_hours(i.hours_to_submit)}</td>
            <td>
                <div class="row-actions">
                    <a class="button small" href=kit_path(i.id) data-testid="kit-link">"Kit"</a>
                    <a class="button small" class:primary=mine href=scorecard_path(i.id) data-testid="scorecard-link">
                        {if mine { "Your scorecard" } else { "Scorecard" }}
                    </a>
                    <Show when=move || me.can(api::InterviewRemove::PERMISSION)>
                        {
                            let who = who.clone();
                            view! {
                                <button
                                    class="ghost small danger interview-remove"
                                    disabled=move || remove.pending()
                                    on:click=move |_| {
                                        let confirmed = web_sys::window()
                                            .and_then(|w| w.confirm_with_message(&format!("Remove {who}'s interview from the panel? Its scorecard, if any, goes with it.")).ok())
                                            .unwrap_or(false);
                                        if confirmed {
                                            remove.run(InterviewRef { id });
                                        }
                                    }
                                >
                                    "Remove"
                                </button>
                            }
                        }
                    </Show>
                </div>
            </td>
        </tr>
    }
}

const PLAN_FIELDS: [&str; 5] = ["interviewer", "focus", "exercises", "at", "minutes"];

/// The chair's planner: one more interview on the panel.
#[component]
fn Planner() -> impl IntoView {
    let ctx = use_candidate();
    let notifier = use_notifier();
    let users = use_query::<api::UserList>(&[Topic::People], || Some(Empty {}));
    let form = RwSignal::new(PlanForm::default());
    let local_error = RwSignal::new(None::<ApiError>);
    let edited = RwSignal::new(false);
    let plan = use_form_mutation::<api::InterviewPlanAdd>(INTERVIEW_TOPICS);
    plan.on_success(move |i| {
        notifier.success(format!("Planned {}'s interview ({} minutes).", i.interviewer, i.minutes));
        form.set(PlanForm::default());
    });
    let error = move || local_error.get().or_else(|| plan.error().filter(|_| !edited.get()));
    let field_error = move |field: &'static str| move || field_message(error(), field);
    let rubric = Memo::new(move |_| ctx.get().map(|c| c.rubric));
    let interviews = Memo::new(move |_| ctx.get().map(|c| c.interviews).unwrap_or_default());
    let touch = move |change: &dyn Fn(&mut PlanForm)| {
        local_error.set(None);
        edited.set(true);
        form.update(|f| change(f));
    };
    // Who may interview: active users whose roles grant the permission.
    let interviewers = move || {
        let mut names: Vec<String> = users
            .ok()
            .unwrap_or_default()
            .into_iter()
            .filter(|u| u.can(Permission::Interview))
            .map(|u| u.name)
            .collect();
        names.sort_by_key(|n| n.to_lowercase());
        names
    };
    let request = move || {
        let r = rubric.get()?;
        form.with(|f| f.to_plan(ctx.id, &r, offset_at)).ok()
    };
    let preview = move || {
        let r = rubric.get()?;
        let p = request().filter(|p| !p.focus.is_empty())?;
        let (added, settled) = planned_warnings(&r, &interviews.get(), &p);
        if added.is_empty() && settled.is_empty() {
            return None;
        }
        Some(view! {
            <div class="plan-preview" data-testid="plan-preview" aria-live="polite">
                {(!settled.is_empty()).then(|| view! {
                    <p class="plan-settles"><strong>"This interview settles: "</strong>{settled.join(" ")}</p>
                })}
                {(!added.is_empty()).then(|| view! {
                    <p class="plan-adds warning"><strong><span aria-hidden="true">"⚠ "</span>"This interview would add: "</strong>{added.join(" ")}</p>
                })}
            </div>
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(r) = rubric.get_untracked() else { return };
        match form.get_untracked().to_plan(ctx.id, &r, offset_at) {
            Ok(request) => {
                local_error.set(None);
                edited.set(false);
                plan.run(request);
            }
            Err(error) => local_error.set(Some(error)),
        }
    };
    let focus_choices = move || {
        let Some(r) = rubric.get() else { return ().into_any() };
        let coverage = panel_coverage(&r, &interviews.get());
        r.dimensions
            .iter()
            .map(|d| {
                let key = d.key.clone();
                let toggle_key_ = key.clone();
                let checked_key = key.clone();
                let covered = coverage
                    .iter()
                    .find(|c| c.dimension == d.key)
                    .map(|c| c.interviewers.clone())
                    .unwrap_or_default();
                let hint = if covered.is_empty() {
                    "nobody covers it yet".to_owned()
                } else {
                    format!("covered by {}", covered.join(", "))
                };
                let id = format!("plan-focus-{key}");
                let label_for = id.clone();
                view! {
                    <label class="check" for=label_for>
                        <input
                            type="checkbox"
                            class="plan-focus"
                            id=id
                            value=key
                            prop:checked=move || form.with(|f| f.focus.contains(&checked_key))
                            on:change=move |_| touch(&|f| toggle_key(&mut f.focus, &toggle_key_))
                        />
                        <span class="check-text">{format!("{} ({})", d.name, format_weight(d.weight))}</span>
                        <span class="check-hint">{hint}</span>
                    </label>
                }
            })
            .collect_view()
            .into_any()
    };
    let exercise_choices = move || {
        let Some(r) = rubric.get() else { return ().into_any() };
        if r.exercises.is_empty() {
            return view! { <p class="muted check-list-empty">"The rubric has no exercises."</p> }.into_any();
        }
        r.exercises
            .iter()
            .map(|e| {
                let key = e.key.clone();
                let toggle_key_ = key.clone();
                let checked_key = key.clone();
                let id = format!("plan-exercise-{key}");
                let label_for = id.clone();
                view! {
                    <label class="check" for=label_for>
                        <input
                            type="checkbox"
                            class="plan-exercise"
                            id=id
                            value=key
                            data-minutes-min=e.minutes_min.to_string()
                            data-minutes-max=e.minutes_max.to_string()
                            prop:checked=move || form.with(|f| f.exercises.contains(&checked_key))
                            on:change=move |_| touch(&|f| toggle_key(&mut f.exercises, &toggle_key_))
                        />
                        <span class="check-text">{exercise_label(&e.name, e.minutes_min, e.minutes_max)}</span>
                    </label>
                }
            })
            .collect_view()
            .into_any()
    };

    view! {
        <form class="form planner" aria-label="Plan an interview" data-testid="planner" on:submit=submit>
            <h3>"Plan an interview"</h3>
            {move || unplaced_message(error(), &PLAN_FIELDS).map(problem_view)}
            <div class="field-grid">
                <div class="field" class:invalid=move || field_error("interviewer")().is_some()>
                    <label for="plan-interviewer">"Interviewer"</label>
                    <select
                        id="plan-interviewer"
                        aria-describedby="plan-interviewer-error"
                        prop:value=move || form.with(|f| f.interviewer.clone())
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            touch(&|f| f.interviewer = name.clone());
                        }
                    >
                        <option value="" selected=move || form.with(|f| f.interviewer.is_empty())>"Choose…"</option>
                        {move || interviewers().into_iter().map(|name| {
                            let mine = name.clone();
                            let label = name.clone();
                            view! { <option value=name selected=move || form.with(|f| f.interviewer == mine)>{label}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="plan-interviewer-error" aria-live="polite">{field_error("interviewer")}</p>
                </div>
                <div class="field" class:invalid=move || field_error("at")().is_some()>
                    <label for="plan-at">"Time (your local time)"</label>
                    <input
                        id="plan-at"
                        type="datetime-local"
                        prop:value=move || form.with(|f| f.at.clone())
                        on:input=move |ev| {
                            let at = event_target_value(&ev);
                            touch(&|f| f.at = at.clone());
                        }
                    />
                    <p class="field-error" aria-live="polite">{field_error("at")}</p>
                </div>
                <div class="field" class:invalid=move || field_error("minutes")().is_some()>
                    <label for="plan-minutes">"Minutes"</label>
                    <input
                        id="plan-minutes"
                        type="number"
                        min="1"
                        inputmode="numeric"
                        placeholder="from the exercises, or 60"
                        prop:value=move || form.with(|f| f.minutes.clone())
                        on:input=move |ev| {
                            let minutes = event_target_value(&ev);
                            touch(&|f| f.minutes = minutes.clone());
                        }
                    />
                    <p class="field-error" aria-live="polite">{field_error("minutes")}</p>
                </div>
            </div>
            <div class="columns">
                <fieldset class="plan-choices" class:invalid=move || field_error("focus")().is_some()>
                    <legend>"Focus dimensions"</legend>
                    <div class="check-list" role="group" aria-label="Focus dimensions">{focus_choices}</div>
                    <p class="field-error" aria-live="polite">{field_error("focus")}</p>
                </fieldset>
                <fieldset class="plan-choices" class:invalid=move || field_error("exercises")().is_some()>
                    <legend>"Exercises"</legend>
                    <div class="check-list" role="group" aria-label="Exercises">{exercise_choices}</div>
                    <p class="field-error" aria-live="polite">{field_error("exercises")}</p>
                </fieldset>
            </div>
            {preview}
            <div class="toolbar">
                <button class="primary" type="submit" id="plan-add" disabled=move || plan.pending()>
                    {move || if plan.pending() { "Planning…" } else { "Add to the panel" }}
                </button>
            </div>
        </form>
    }
}
