//! A retention run followed (`retention_progress` every 500 ms until the job ends): its state,
//! how far it is and what it is doing, then the erasures it made. The job's id is in the
//! address (`?job=ID`), so the status bar's link and a reload find it.

use super::retention::erasure_table;
use crate::components::notifications::use_notifier;
use crate::components::widgets::PollTimer;
use crate::data::{Topic, use_invalidation, use_mutation, use_query};
use archboard_types::endpoint as api;
use archboard_types::job::{JobRef, JobState};
use leptos::prelude::*;
use std::time::Duration;

const POLL: Duration = Duration::from_millis(500);

/// What the panel shows; it changes only when the job's stage does, so Cancel is never rebuilt
/// under the pointer while the figures update.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Loading,
    Failed(String),
    Running,
    Finished,
}

#[component]
pub fn RetentionProgressPanel(
    job: String,
    on_close: Callback<()>,
    on_finished: Callback<usize>,
) -> impl IntoView {
    let notifier = use_notifier();
    let invalidation = use_invalidation();
    let tick = RwSignal::new(0u64);
    let id = job.clone();
    let progress = use_query::<api::RetentionProgressGet>(&[], move || {
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
            invalidation.invalidate(&[Topic::Interviews, Topic::Jobs]);
            match now.job.state {
                JobState::Completed => on_finished.run(now.done.len()),
                _ => notifier.problem(
                    now.job.message.clone().unwrap_or_else(|| format!("{} stopped.", now.job.title)),
                ),
            }
        }
    });
    let shown = Memo::new(move |_| match progress.get() {
        None => Shown::Loading,
        Some(Err(error)) => Shown::Failed(error.message),
        Some(Ok(now)) if !now.job.state.is_finished() => Shown::Running,
        Some(Ok(_)) => Shown::Finished,
    });
    let live = move || progress.ok();
    let cancel_id = job.clone();
    let head = move |running: bool| {
        let cancel_id = cancel_id.clone();
        view! {
            <div class="bench-live-head">
                <strong data-testid="retention-state" data-state=move || live().map(|p| p.job.state.label().to_lowercase())>
                    {move || live().map(|p| p.job.state.label()).unwrap_or_default()}
                </strong>
                <span>{move || live().map(|p| p.job.title).unwrap_or_default()}</span>
                {move || {
                    let fraction = live().and_then(|p| p.job.fraction);
                    let done = !running;
                    match (fraction, done) {
                        (_, true) => view! { <progress max="100" value="100" aria-label="Retention run"></progress> }.into_any(),
                        (Some(f), false) => view! {
                            <progress max="100" value=format!("{:.0}", f * 100.0) aria-label="Retention run"></progress>
                            <span data-testid="retention-fraction">{format!("{:.0}%", f * 100.0)}</span>
                        }
                        .into_any(),
                        (None, false) => view! { <progress aria-label="Retention run"></progress> }.into_any(),
                    }
                }}
                <span data-testid="retention-done">
                    {move || live().map(|p| format!("{} of {} erased", p.done.len(), p.plan.due.len())).unwrap_or_default()}
                </span>
                {running.then(|| view! {
                    <button
                        class="danger"
                        id="retention-cancel"
                        disabled=move || cancel.pending()
                        on:click=move |_| cancel.run(JobRef { id: cancel_id.clone() })
                    >
                        "Cancel"
                    </button>
                })}
            </div>
        }
    };
    let body = move || {
        match shown.get() {
        Shown::Loading => view! { <p class="muted">"Looking up the run…"</p> }.into_any(),
        Shown::Failed(message) => view! { <p class="field-error" role="alert">{message}</p> }.into_any(),
        Shown::Running => view! {
            {head(true)}
            <p class="muted" data-testid="retention-stage">{move || live().map(|p| p.job.stage).unwrap_or_default()}</p>
        }
        .into_any(),
        Shown::Finished => {
            let now = progress.ok();
            let done = now.as_ref().map(|p| p.done.clone()).unwrap_or_default();
            let message = now.and_then(|p| p.job.message);
            view! {
                {head(false)}
                {message.map(|m| view! { <p class="muted">{m}</p> })}
                {erasure_table(&done, "erasure-done", "Nothing was erased.")}
            }
            .into_any()
        }
    }
    };
    view! {
        <section class="callout retention-progress" data-testid="retention-progress" aria-label="Retention run" aria-live="polite">
            {body}
            <div class="toolbar">
                <button class="ghost small" id="retention-close" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
        </section>
    }
}
