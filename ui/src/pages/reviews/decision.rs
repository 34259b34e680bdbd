//! The chair's decision: outcome, rationale and conditions (each with text, owner and due
//! date), offered while the review is in review; every decision made, the conditions and
//! closing each with its evidence, and recording the decision as an ADR (then linked).

use super::detail::use_review;
use super::item_panel::use_lookups;
use super::outcome_badge;
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::data::{Topic, field_message, use_form_mutation, use_mutation};
use crate::logic::lists::readable_at;
use crate::logic::reviews::{ConditionDraft, conditions_to_send};
use crate::pages::decisions::decision_path;
use archboard_types::ApiError;
use archboard_types::endpoint as api;
use archboard_types::people::Permission;
use archboard_types::review::{ConditionClose, DecisionOutcome, DecisionRequest, ReviewRef, ReviewState};
use leptos::prelude::*;

#[component]
pub fn DecisionPanel() -> impl IntoView {
    let ctx = use_review();
    let me = use_me();
    let notifier = use_notifier();
    let lookups = use_lookups();
    let outcome = RwSignal::new(DecisionOutcome::Approve);
    let rationale = RwSignal::new(String::new());
    let added = RwSignal::new(Vec::<ConditionDraft>::new());
    let typing = RwSignal::new(ConditionDraft::default());
    let local = RwSignal::new(None::<String>);
    let decide = use_form_mutation::<api::ReviewDecide>(&[Topic::Reviews]);
    decide.on_success(move |review| {
        rationale.set(String::new());
        added.set(Vec::new());
        typing.set(ConditionDraft::default());
        notifier.success(format!(
            "Decided: {}.",
            review.current_decision().map(|d| d.outcome.label()).unwrap_or("recorded")
        ));
    });
    let in_review =
        Memo::new(move |_| ctx.review.with(|r| r.as_ref().is_some_and(|r| r.state == ReviewState::InReview)));
    let can_decide = move || in_review.get() && me.can(Permission::Chair);
    let error = move || decide.error();
    let field_error = move |field: &'static str| move || field_message(error(), field);
    let submit = move || match conditions_to_send(&added.get_untracked(), &typing.get_untracked()) {
        Ok(conditions) => {
            local.set(None);
            decide.run(DecisionRequest {
                id: ctx.id,
                outcome: outcome.get_untracked(),
                rationale: rationale.get_untracked().trim().to_owned(),
                conditions,
            });
        }
        Err(message) => local.set(Some(message)),
    };
    let add_condition = move || {
        let row = typing.get_untracked();
        if row.text.trim().is_empty() {
            return;
        }
        match row.to_condition() {
            Ok(_) => {
                local.set(None);
                added.update(|rows| rows.push(row));
                typing.set(ConditionDraft::default());
            }
            Err(message) => local.set(Some(message)),
        }
    };

    view! {
        <section class="panel review-decision" data-testid="decision" aria-label="Decision">
            <h2>"Decision"</h2>
            <form
                class="form decide-form"
                role="dialog"
                aria-label="Decide the review"
                on:submit=move |ev| { ev.prevent_default(); submit(); }
            >
                {move || (!in_review.get()).then(|| view! {
                    <p class="muted" data-testid="decide-closed">"A decision is made while the review is in review."</p>
                })}
                <div class="field-grid">
                    <div class="field" class:invalid=move || field_error("outcome")().is_some()>
                        <label for="decide-outcome">"Outcome"</label>
                        <select
                            id="decide-outcome"
                            data-testid="decide-outcome"
                            disabled=move || !can_decide()
                            prop:value=move || outcome.get().as_str()
                            on:change=move |ev| {
                                if let Ok(chosen) = event_target_value(&ev).parse::<DecisionOutcome>() {
                                    outcome.set(chosen);
                                }
                            }
                        >
                            {DecisionOutcome::ALL.iter().map(|o| view! { <option value=o.as_str()>{o.label()}</option> }).collect_view()}
                        </select>
                        <p class="field-error">{field_error("outcome")}</p>
                    </div>
                </div>
                <div class="field" class:invalid=move || field_error("rationale")().is_some()>
                    <label for="decide-rationale">"Rationale"</label>
                    <textarea
                        id="decide-rationale"
                        data-testid="decide-rationale"
                        class="prose"
                        rows="3"
                        disabled=move || !can_decide()
                        prop:value=move || rationale.get()
                        on:input=move |ev| rationale.set(event_target_value(&ev))
                    ></textarea>
                    <p class="field-error">{field_error("rationale")}</p>
                </div>
                <fieldset class="decide-conditions" class:invalid=move || field_error("conditions")().is_some()>
                    <legend>"Conditions"</legend>
                    <ul class="system-links" data-testid="condition-list">
                        {move || added.get().into_iter().enumerate().map(|(index, row)| view! {
                            <li data-testid="condition-added">
                                {row.text.clone()}
                                {(!row.owner.is_empty()).then(|| format!(" · {}", row.owner))}
                                {(!row.due.is_empty()).then(|| format!(" · due {}", row.due))}
                                " "
                                <button type="button" class="link" on:click=move |_| added.update(|rows| { rows.remove(index); })>"Remove"</button>
                            </li>
                        }).collect_view()}
                    </ul>
                    <div class="toolbar">
                        <label class="sr-only" for="condition-text">"Condition"</label>
                        <input
                            id="condition-text"
                            data-testid="condition-text"
                            type="text"
                            placeholder="What must be done"
                            disabled=move || !can_decide()
                            prop:value=move || typing.with(|t| t.text.clone())
                            on:input=move |ev| typing.update(|t| t.text = event_target_value(&ev))
                            on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add_condition(); }
                        />
                        <label class="sr-only" for="condition-owner">"Owner"</label>
                        <select
                            id="condition-owner"
                            data-testid="condition-owner"
                            disabled=move || !can_decide()
                            on:change=move |ev| typing.update(|t| t.owner = event_target_value(&ev))
                        >
                            <option value="" selected=move || typing.with(|t| t.owner.is_empty())>"No owner"</option>
                            {move || lookups.owner_options(&typing.with(|t| t.owner.clone()))}
                        </select>
                        <label class="sr-only" for="condition-due">"Due"</label>
                        <input
                            id="condition-due"
                            data-testid="condition-due"
                            type="date"
                            disabled=move || !can_decide()
                            prop:value=move || typing.with(|t| t.due.clone())
                            on:input=move |ev| typing.update(|t| t.due = event_target_value(&ev))
                        />
                        <button type="button" data-testid="condition-add" disabled=move || !can_decide() on:click=move |_| add_condition()>
                            "Add condition"
                        </button>
                    </div>
                    <p class="field-error">{field_error("conditions")}</p>
                </fieldset>
                {move || local.get().map(|m| view! { <p class="field-error" role="alert" data-testid="decide-error">{m}</p> })}
                {move || error().filter(|e| !matches!(e.field.as_deref(), Some("outcome" | "rationale" | "conditions"))).map(|e: ApiError| view! {
                    <p class="field-error" role="alert" data-testid="decide-error">{e.message}</p>
                })}
                <div class="toolbar">
                    <button type="submit" class="primary" data-testid="decide-submit" disabled=move || !can_decide() || decide.pending()>
                        {move || if decide.pending() { "Deciding…" } else { "Record decision" }}
                    </button>
                </div>
            </form>
            <Decisions/>
            <Conditions/>
            <RecordAdr/>
        </section>
    }
}

/// Every decision made, oldest first (the last is the current one).
#[component]
fn Decisions() -> impl IntoView {
    let ctx = use_review();
    move || {
        ctx.review.with(|r| {
            r.as_ref().filter(|r| !r.decisions.is_empty()).map(|r| {
                view! {
                    <h3>"Decisions made"</h3>
                    <ol class="review-decisions" data-testid="decisions-history">
                        {r.decisions.iter().map(|d| view! {
                            <li data-outcome=d.outcome.as_str()>
                                {outcome_badge(d.outcome)} " "
                                <span class="muted">{format!("{} · {}", d.decided_by, readable_at(&d.decided_at))}</span>
                                <p>{d.rationale.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ol>
                }
            })
        })
    }
}

/// The decision's conditions; an open one closes with the evidence it was met.
#[component]
fn Conditions() -> impl IntoView {
    let ctx = use_review();
    let me = use_me();
    let notifier = use_notifier();
    let close = use_mutation::<api::ReviewConditionClose>(&[Topic::Reviews]);
    close.on_success(move |_| notifier.success("Closed the condition."));
    let ids = Memo::new(move |_| {
        ctx.review.with(|r| {
            r.as_ref().map(|r| r.conditions.iter().map(|c| c.id).collect::<Vec<_>>()).unwrap_or_default()
        })
    });
    view! {
        <Show when=move || !ids.with(Vec::is_empty)>
            <h3>"Conditions"</h3>
            <ul class="review-conditions" data-testid="conditions">
                <For each=move || ids.get() key=|id| *id let:id>
                    {
                        let evidence = RwSignal::new(String::new());
                        let condition = Memo::new(move |_| ctx.review.with(|r| r.as_ref().and_then(|r| r.conditions.iter().find(|c| c.id == id).cloned())));
                        move || condition.get().map(|c| {
                            let closed = c.closed_at.is_some();
                            view! {
                                <li data-testid=format!("condition-{}", c.id) data-closed=closed.to_string() class:closed=closed>
                                    <span class="condition-text">{format!("C{} · {}", c.id, c.text)}</span>
                                    {c.owner.clone().map(|o| view! { <span class="muted">{format!(" · {o}")}</span> })}
                                    {c.due.map(|d| view! { <span class="muted">{format!(" · due {d}")}</span> })}
                                    {match c.closed_at {
                                        Some(at) => view! {
                                            <p class="muted">{format!("Closed {} — {}", readable_at(&at), c.closing_evidence)}</p>
                                        }.into_any(),
                                        None if me.can(Permission::Review) => view! {
                                            <div class="toolbar">
                                                <label class="sr-only" for=format!("condition-evidence-{id}")>"Evidence it is met"</label>
                                                <input
                                                    id=format!("condition-evidence-{id}")
                                                    data-testid=format!("condition-evidence-{id}")
                                                    type="text"
                                                    placeholder="Evidence it is met"
                                                    prop:value=move || evidence.get()
                                                    on:input=move |ev| evidence.set(event_target_value(&ev))
                                                />
                                                <button
                                                    type="button"
                                                    data-testid=format!("condition-close-{id}")
                                                    disabled=move || close.pending() || evidence.with(|e| e.trim().is_empty())
                                                    on:click=move |_| close.run(ConditionClose { id: ctx.id, condition: id, evidence: evidence.get_untracked().trim().to_owned() })
                                                >
                                                    "Close with evidence"
                                                </button>
                                            </div>
                                        }.into_any(),
                                        None => ().into_any(),
                                    }}
                                </li>
                            }
                        })
                    }
                </For>
            </ul>
        </Show>
    }
}

/// Records the current decision as an ADR, then links to it.
#[component]
fn RecordAdr() -> impl IntoView {
    let ctx = use_review();
    let me = use_me();
    let notifier = use_notifier();
    let record = use_mutation::<api::ReviewRecordAdr>(&[Topic::Reviews, Topic::Decisions]);
    record.on_success(move |review| {
        notifier.success(format!(
            "Recorded as {}.",
            review.adr_reference.clone().unwrap_or_else(|| "a decision".into())
        ));
    });
    move || {
        ctx.review.with(|r| {
            let r = r.as_ref()?;
            match r.adr {
                Some(adr) => Some(
                    view! {
                        <p class="review-adr">
                            "Recorded as "
                            <a class="link" href=decision_path(adr) data-testid="adr-link">
                                {r.adr_reference.clone().unwrap_or_else(|| format!("decision {adr}"))}
                            </a>
                        </p>
                    }
                    .into_any(),
                ),
                None if !r.decisions.is_empty() && me.can(Permission::Chair) => Some(
                    view! {
                        <button
                            type="button"
                            data-testid="record-adr"
                            disabled=move || record.pending()
                            title="Write the decision as an architecture decision record"
                            on:click=move |_| record.run(ReviewRef { id: ctx.id })
                        >
                            "Record as ADR"
                        </button>
                    }
                    .into_any(),
                ),
                None => None,
            }
        })
    }
}
