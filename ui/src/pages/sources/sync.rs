//! Syncs: the buttons that start one for a source — now, or a backfill over two days — and
//! the panel that follows a sync job (`sync_progress` every 500 ms while it runs): a progress
//! bar of bindings done, the points written, and each binding's outcome once it is done. The
//! job's id is in the address (`?job=ID`), so the status bar's link and a reload find it.

use super::sync_error_view;
use crate::components::notifications::use_notifier;
use crate::components::widgets::PollTimer;
use crate::data::{Topic, field_message, use_form_mutation, use_invalidation, use_mutation, use_query};
use crate::logic::kpi::{kpi_path, sync_progress_line};
use crate::logic::sources::sync_request;
use archboard_types::ApiError;
use archboard_types::endpoint as api;
use archboard_types::job::{JobRef, JobState, JobSummary};
use archboard_types::kpi::{Period, SyncRequest};
use leptos::prelude::*;
use std::time::Duration;

const POLL: Duration = Duration::from_millis(500);

/// "Sync now" and "Backfill" for `source` (or every source, with `None`); `started` gets the
/// job the engine started.
#[component]
pub fn SyncButtons(#[prop(into)] source: Option<String>, started: Callback<JobSummary>) -> impl IntoView {
    let start = use_form_mutation::<api::SyncStart>(&[Topic::Jobs]);
    start.on_success(move |job| started.run(job));
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let local_error = RwSignal::new(None::<ApiError>);
    // An engine error is shown until a day is changed or another sync starts.
    let edited = RwSignal::new(false);
    let error = move || local_error.get().or_else(|| start.error().filter(|_| !edited.get()));
    let field_error = move |field: &'static str| move || field_message(error(), field);
    let other_error = move || {
        error()
            .filter(|e| e.field.as_deref().is_some_and(|f| !["from", "to"].contains(&f)))
            .map(|e| e.message)
    };
    let now_source = source.clone();
    let sync_now = move |_| {
        local_error.set(None);
        edited.set(false);
        start.run(SyncRequest { source: now_source.clone(), from: None, to: None });
    };
    let backfill = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = match &source {
            Some(name) => sync_request(name, &from.get_untracked(), &to.get_untracked()),
            None => sync_request("", &from.get_untracked(), &to.get_untracked())
                .map(|r| SyncRequest { source: None, ..r }),
        };
        match request {
            Ok(request) if request.from.is_none() => {
                local_error.set(Some(ApiError::validation("from", "Give the first day to backfill from.")))
            }
            Ok(request) => {
                local_error.set(None);
                edited.set(false);
                start.run(request);
            }
            Err(error) => local_error.set(Some(error)),
        }
    };
    view! {
        <div class="sync-buttons">
            <div class="toolbar">
                <button class="primary" id="sync-now" disabled=move || start.pending() on:click=sync_now>
                    {move || if start.pending() { "Starting…" } else { "Sync now" }}
                </button>
            </div>
            <form class="inline-form backfill-form" aria-label="Backfill" on:submit=backfill>
                <div class="field" class:invalid=move || field_error("from")().is_some()>
                    <label for="backfill-from">"Backfill from"</label>
                    <input
                        id="backfill-from"
                        type="date"
                        prop:value=move || from.get()
                        on:input=move |ev| {
                            edited.set(true);
                            from.set(event_target_value(&ev));
                        }
                    />
                    <p class="field-error" aria-live="polite">{field_error("from")}</p>
                </div>
                <div class="field" class:invalid=move || field_error("to")().is_some()>
                    <label for="backfill-to">"to (empty: today)"</label>
                    <input
                        id="backfill-to"
                        type="date"
                        prop:value=move || to.get()
                        on:input=move |ev| {
                            edited.set(true);
                            to.set(event_target_value(&ev));
                        }
                    />
                    <p class="field-error" aria-live="polite">{field_error("to")}</p>
                </div>
                <button type="submit" id="backfill-start" disabled=move || start.pending()>"Backfill"</button>
            </form>
            {move || other_error().map(|message| view! { <p class="callout warn" role="alert">{message}</p> })}
        </div>
    }
}

/// Follows sync job `job` until it ends, then shows each binding's outcome. `on_close` takes
/// the job out of the address.
#[component]
pub fn SyncProgressPanel(job: String, on_close: Callback<()>) -> impl IntoView {
    let notifier = use_notifier();
    let invalidation = use_invalidation();
    let tick = RwSignal::new(0u64);
    let id = job.clone();
    let progress = use_query::<api::SyncProgressGet>(&[], move || {
        tick.track();
        Some(JobRef { id: id.clone() })
    });
    let cancel = use_mutation::<api::JobCancel>(&[Topic::Jobs]);
    let seen_running = StoredValue::new(false);
    let poll = PollTimer::new();
    Effect::new(move |_| {
        let Some(Ok(now)) = progress.get() else { return };
        if !now.job.state.is_finished() {
            seen_running.set_value(true);
            poll.schedule(POLL, move || {
                tick.try_update(|t| *t += 1);
            });
        } else if seen_running.get_value() {
            seen_running.set_value(false);
            invalidation.invalidate(&[Topic::Metrics, Topic::Jobs]);
            match now.job.state {
                JobState::Completed => notifier.success(format!("{}: done.", now.job.title)),
                _ => notifier.problem(
                    now.job.message.clone().unwrap_or_else(|| format!("{} stopped.", now.job.title)),
                ),
            }
        }
    });
    let cancel_id = job.clone();
    let this_period = Period::quarter_of(crate::pages::scorecards::today());
    // The view changes only when the stage does; while the job runs, the bar and the figures
    // update in place, so Cancel is never rebuilt under the pointer.
    let stage = Memo::new(move |_| match progress.get() {
        None => Stage::Loading,
        Some(Err(error)) => Stage::Failed(error.message),
        Some(Ok(now)) if !now.job.state.is_finished() => Stage::Running,
        Some(Ok(_)) => Stage::Finished,
    });
    let live = move || progress.ok();
    let line = move || {
        live()
            .map(|p| sync_progress_line(p.bindings_done, p.bindings_total, p.points_written))
            .unwrap_or_default()
    };
    let head = move |running: bool| {
        let cancel_id = cancel_id.clone();
        view! {
            <div class="bench-live-head">
                <strong data-testid="sync-state">{move || live().map(|p| p.job.state.label()).unwrap_or_default()}</strong>
                <span>{move || live().map(|p| p.job.title).unwrap_or_default()}</span>
                <progress
                    max=move || live().map(|p| p.bindings_total.max(1)).unwrap_or(1)
                    value=move || live().map(|p| if running { p.bindings_done } else { p.bindings_total.max(1) }).unwrap_or(0)
                    aria-label="Bindings synced"
                ></progress>
                <span data-testid="sync-line">{line}</span>
                {running.then(|| view! {
                    <button
                        class="danger"
                        id="sync-cancel"
                        disabled=move || cancel.pending()
                        on:click=move |_| cancel.run(JobRef { id: cancel_id.clone() })
                    >
                        "Cancel"
                    </button>
                })}
            </div>
        }
    };
    let body = move || match stage.get() {
        Stage::Loading => view! { <p class="muted">"Looking up the sync…"</p> }.into_any(),
        Stage::Failed(message) => view! { <p class="field-error" role="alert">{message}</p> }.into_any(),
        Stage::Running => view! {
            {head(true)}
            <p class="muted">{move || live().map(|p| p.job.stage).unwrap_or_default()}</p>
        }
        .into_any(),
        Stage::Finished => {
            let now = progress.ok();
            let outcomes = now.as_ref().map(|p| p.outcomes.clone()).unwrap_or_default();
            let message = now.and_then(|p| p.job.message);
            view! {
                {head(false)}
                {message.map(|m| view! { <p class="muted">{m}</p> })}
                {outcomes.is_empty().then(|| view! { <p class="muted">"Nothing was bound to sync."</p> })}
                {(!outcomes.is_empty()).then(|| view! {
                    <div class="table-scroll">
                        <table class="data compact" data-testid="sync-outcomes">
                            <thead>
                                <tr>
                                    <th scope="col" class="th-text">"KPI"</th>
                                    <th scope="col" class="th-text">"Scope"</th>
                                    <th scope="col" class="th-text">"Source"</th>
                                    <th scope="col" class="th-text num">"Written"</th>
                                    <th scope="col" class="th-text num">"Unchanged"</th>
                                    <th scope="col" class="th-text num">"Skipped (not finite)"</th>
                                    <th scope="col" class="th-text">"Warnings or error"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {outcomes.iter().map(|o| view! {
                                    <tr class:failed=o.error.is_some() data-testid="sync-outcome">
                                        <td><a class="link" href=kpi_path(&o.kpi, &o.scope, this_period)>{o.kpi.clone()}</a></td>
                                        <td>{o.scope.describe()}</td>
                                        <td>{o.source.clone()}</td>
                                        <td class="num">{o.points_written}</td>
                                        <td class="num">{o.points_unchanged}</td>
                                        <td class="num">{o.skipped_non_finite}</td>
                                        <td>
                                            {o.error.as_ref().map(sync_error_view)}
                                            {(!o.warnings.is_empty()).then(|| view! { <span class="warning">{o.warnings.join("; ")}</span> })}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                })}
            }
            .into_any()
        }
    };
    view! {
        <section class="callout sync-progress" data-testid="sync-progress" aria-label="Sync" aria-live="polite">
            {body}
            <div class="toolbar">
                <button class="ghost small" id="sync-close" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
        </section>
    }
}

/// What the sync panel shows.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Loading,
    Failed(String),
    Running,
    Finished,
}
