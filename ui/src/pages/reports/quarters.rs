//! The quarters on the hub (`quarter_list`): each one open, closed or reopened, who closed it
//! and when, who reopened it and why, and how many teams have approved assessments. A chair
//! closes a quarter after a confirm step that says what closing freezes; an owner reopens a
//! closed one, saying why.

use super::{REPORT_TOPICS, escape_cancels, focus_soon, problem_view, quarter_badge};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::data::{Query, field_message, use_form_mutation, use_mutation};
use crate::logic::report::{QuarterState, approved_line, by_at};
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::kpi::Period;
use archboard_types::maturity::{QuarterRef, QuarterReopen};
use leptos::prelude::*;

/// Which change waits for its confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Confirm {
    Close(Period),
    Reopen(Period),
}

#[component]
pub fn QuartersPanel(quarters: Query<api::QuarterList>) -> impl IntoView {
    let me = use_me();
    let notifier = use_notifier();
    let confirming = RwSignal::new(None::<Confirm>);
    let reason = RwSignal::new(String::new());
    let close = use_mutation::<api::QuarterClose>(REPORT_TOPICS);
    let reopen = use_form_mutation::<api::QuarterReopen>(REPORT_TOPICS);
    close.on_success(move |q| {
        confirming.set(None);
        notifier.success(format!("Closed {}: its figures are frozen.", q.period));
    });
    reopen.on_success(move |q| {
        confirming.set(None);
        reason.set(String::new());
        notifier.success(format!("Reopened {}: assessments can change again.", q.period));
    });
    let busy = move || close.pending() || reopen.pending();
    let ask = move |confirm: Confirm| {
        reason.set(String::new());
        confirming.set(Some(confirm));
        focus_soon(match confirm {
            Confirm::Close(_) => "quarter-close-confirm",
            Confirm::Reopen(_) => "quarter-reopen-reason",
        });
    };

    let table = move || match quarters.get() {
        None => view! { <p class="muted">"Loading the quarters…"</p> }.into_any(),
        Some(Err(error)) => problem_view(error.message).into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <p class="muted" data-testid="quarter-list-empty">
                "No quarters yet. A quarter appears once the board has figures or assessments for it."
            </p>
        }
        .into_any(),
        Some(Ok(list)) => {
            let rows = list
                .into_iter()
                .map(|q| {
                    let state = QuarterState::of(&q);
                    let period = q.period;
                    let is_closed = q.closed;
                    let closed = by_at(q.closed_by.as_deref(), q.closed_at.as_ref());
                    let reopened = q.reopened_at.as_ref().map(|at| {
                        let line = by_at(q.reopened_by.as_deref(), Some(at));
                        let why = q.reopen_reason.clone().filter(|r| !r.trim().is_empty());
                        view! {
                            <span>{line}</span>
                            {why.map(|w| view! { <br/><span class="muted">{format!("Reason: {w}")}</span> })}
                        }
                    });
                    view! {
                        <tr class="quarter-row" data-period=period.to_string() data-state=state.as_str()>
                            <th scope="row" class="title-cell">{period.to_string()}</th>
                            <td>{quarter_badge(&q)}</td>
                            <td data-testid="quarter-closed">
                                {if q.closed_at.is_some() { closed } else { "—".to_owned() }}
                                {q.snapshot_id.map(|id| view! { <span class="muted">{format!(" · snapshot #{id}")}</span> })}
                            </td>
                            <td data-testid="quarter-reopened">{q.reopened_at.is_none().then_some("—")}{reopened}</td>
                            <td data-testid="quarter-approved">{approved_line(&q)}</td>
                            <td class="row-actions">
                                <Show when=move || !is_closed && me.can(api::QuarterClose::PERMISSION)>
                                    <button
                                        class="small quarter-close"
                                        id=format!("quarter-close-{period}")
                                        disabled=busy
                                        on:click=move |_| ask(Confirm::Close(period))
                                    >
                                        "Close…"
                                    </button>
                                </Show>
                                <Show when=move || is_closed && me.can(api::QuarterReopen::PERMISSION)>
                                    <button
                                        class="small quarter-reopen"
                                        id=format!("quarter-reopen-{period}")
                                        disabled=busy
                                        on:click=move |_| ask(Confirm::Reopen(period))
                                    >
                                        "Reopen…"
                                    </button>
                                </Show>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-scroll">
                    <table class="data compact quarter-list" id="quarter-list" data-testid="quarter-list">
                        <caption class="sr-only">"Quarters"</caption>
                        <thead>
                            <tr>
                                <th scope="col" class="th-text">"Quarter"</th>
                                <th scope="col" class="th-text">"State"</th>
                                <th scope="col" class="th-text">"Closed"</th>
                                <th scope="col" class="th-text">"Reopened"</th>
                                <th scope="col" class="th-text">"Approved"</th>
                                <th scope="col" class="th-text"><span class="sr-only">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    };

    let cancel = move || {
        if let Some(confirm) = confirming.get_untracked() {
            focus_soon(match confirm {
                Confirm::Close(period) => format!("quarter-close-{period}"),
                Confirm::Reopen(period) => format!("quarter-reopen-{period}"),
            });
        }
        confirming.set(None);
    };
    let dialog = move || {
        confirming.get().map(|confirm| match confirm {
            Confirm::Close(period) => view! {
                <div
                    class="callout warn quarter-confirm"
                    id="quarter-close-dialog"
                    role="alertdialog"
                    aria-labelledby="quarter-close-heading"
                    aria-describedby="quarter-close-text"
                    data-testid="quarter-close-dialog"
                    on:keydown=escape_cancels(cancel)
                >
                    <h3 id="quarter-close-heading">{format!("Close {period}?")}</h3>
                    <p id="quarter-close-text">
                        {format!(
                            "Closing freezes every team's scorecard, maturity levels, risks and reviews for {period} as they stand now. Reports built for {period} afterwards use the frozen figures, and data that arrives later is shown as late changes. Only an owner can reopen the quarter."
                        )}
                    </p>
                    <div class="toolbar">
                        <button
                            class="danger"
                            id="quarter-close-confirm"
                            disabled=busy
                            on:click=move |_| close.run(QuarterRef { period })
                        >
                            {move || if close.pending() { "Closing…".to_owned() } else { format!("Close {period}") }}
                        </button>
                        <button class="ghost" id="quarter-close-cancel" on:click=move |_| cancel()>"Cancel"</button>
                    </div>
                </div>
            }
            .into_any(),
            Confirm::Reopen(period) => {
                let reason_error = move || field_message(reopen.error(), "reason");
                view! {
                    <div
                        class="callout warn quarter-confirm"
                        id="quarter-reopen-dialog"
                        role="alertdialog"
                        aria-labelledby="quarter-reopen-heading"
                        data-testid="quarter-reopen-dialog"
                        on:keydown=escape_cancels(cancel)
                    >
                        <h3 id="quarter-reopen-heading">{format!("Reopen {period}?")}</h3>
                        <p>
                            "Reopening lets assessments and approvals for the quarter change again; the frozen snapshot is kept until the quarter is closed once more. Please say why it is reopened."
                        </p>
                        <div class="field" class:invalid=move || reason_error().is_some()>
                            <label for="quarter-reopen-reason">"Reason"</label>
                            <textarea
                                id="quarter-reopen-reason"
                                rows="3"
                                placeholder="e.g. late data for the payments scorecard"
                                aria-describedby="quarter-reopen-reason-error"
                                prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))
                            ></textarea>
                            <p class="field-error" id="quarter-reopen-reason-error" aria-live="polite">{reason_error}</p>
                        </div>
                        <div class="toolbar">
                            <button
                                class="primary"
                                id="quarter-reopen-confirm"
                                disabled=busy
                                on:click=move |_| reopen.run(QuarterReopen {
                                    period,
                                    reason: reason.get_untracked().trim().to_owned(),
                                })
                            >
                                {move || if reopen.pending() { "Reopening…".to_owned() } else { format!("Reopen {period}") }}
                            </button>
                            <button class="ghost" id="quarter-reopen-cancel" on:click=move |_| cancel()>"Cancel"</button>
                        </div>
                    </div>
                }
                .into_any()
            }
        })
    };

    view! {
        <section class="panel quarters-panel" aria-labelledby="quarters-heading" data-testid="quarters-panel">
            <h2 id="quarters-heading">"Quarters"</h2>
            {table}
            {dialog}
        </section>
    }
}
