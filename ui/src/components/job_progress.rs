//! Following a job the engine runs (a report build; the same shape as the retention run's and
//! the metrics sync's panels): `follow_job` polls its progress endpoint every 500 ms until it
//! ends, refreshes what it changed and says how it ended; `JobProgressHead` shows its state,
//! title, a progress bar with the share done, what it is doing now, and Cancel (`job_cancel`).

use crate::components::notifications::use_notifier;
use crate::components::widgets::PollTimer;
use crate::data::{Query, Topic, use_invalidation, use_mutation, use_query};
use archboard_types::Endpoint;
use archboard_types::endpoint as api;
use archboard_types::job::{JobRef, JobState, JobSummary};
use leptos::prelude::*;
use std::time::Duration;

const POLL: Duration = Duration::from_millis(500);

/// A progress answer that carries its job.
pub trait JobProgress {
    fn job(&self) -> &JobSummary;
}

impl JobProgress for archboard_types::report::ReportProgress {
    fn job(&self) -> &JobSummary {
        &self.job
    }
}

impl JobProgress for archboard_types::kpi::SyncProgress {
    fn job(&self) -> &JobSummary {
        &self.job
    }
}

impl JobProgress for archboard_types::interview::RetentionProgress {
    fn job(&self) -> &JobSummary {
        &self.job
    }
}

/// What a job panel shows; it changes only when the job's stage does, so Cancel is never
/// rebuilt under the pointer while the figures update.
#[derive(Debug, Clone, PartialEq)]
pub enum JobShown {
    Loading,
    Failed(String),
    Running,
    Finished,
}

/// A job followed: its newest progress and what the panel shows.
pub struct FollowedJob<E: Endpoint + 'static>
where
    E::Request: 'static,
    E::Response: 'static,
{
    pub progress: Query<E>,
    pub shown: Memo<JobShown>,
}

impl<E: Endpoint> Clone for FollowedJob<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E: Endpoint> Copy for FollowedJob<E> {}

impl<E> FollowedJob<E>
where
    E: Endpoint<Request = JobRef> + 'static,
    E::Response: JobProgress + Clone + 'static,
{
    /// The job as last reported (tracked).
    pub fn job(&self) -> Option<JobSummary> {
        self.progress.ok().map(|p| p.job().clone())
    }
}

/// Polls `E` (a `*_progress` endpoint) for job `id` while it runs. When a run seen running
/// ends, `ended` (and the job list) are refreshed, and `on_completed` gets the last answer of a
/// completed job; a failed or cancelled one is said in a notification.
pub fn follow_job<E>(
    id: String,
    ended: &'static [Topic],
    on_completed: impl Fn(E::Response) + 'static,
) -> FollowedJob<E>
where
    E: Endpoint<Request = JobRef> + 'static,
    E::Response: JobProgress + Clone + 'static,
{
    let notifier = use_notifier();
    let invalidation = use_invalidation();
    let tick = RwSignal::new(0u64);
    let progress = use_query::<E>(&[], move || {
        tick.track();
        Some(JobRef { id: id.clone() })
    });
    let seen_running = StoredValue::new(false);
    let poll = PollTimer::new();
    Effect::new(move |_| {
        let Some(Ok(now)) = progress.get() else { return };
        let job = now.job().clone();
        if !job.state.is_finished() {
            seen_running.set_value(true);
            poll.schedule(POLL, move || {
                tick.try_update(|t| *t += 1);
            });
        } else if seen_running.get_value() {
            seen_running.set_value(false);
            invalidation.invalidate(ended);
            invalidation.invalidate(&[Topic::Jobs]);
            match job.state {
                JobState::Completed => on_completed(now),
                _ => {
                    notifier.problem(job.message.clone().unwrap_or_else(|| format!("{} stopped.", job.title)))
                }
            }
        }
    });
    let shown = Memo::new(move |_| match progress.get() {
        None => JobShown::Loading,
        Some(Err(error)) => JobShown::Failed(error.message),
        Some(Ok(now)) if !now.job().state.is_finished() => JobShown::Running,
        Some(Ok(_)) => JobShown::Finished,
    });
    FollowedJob { progress, shown }
}

/// A job's state, title, progress bar and share done, what it is doing (while it runs) and
/// Cancel. Ids and test ids start with `prefix`: `PREFIX-state`, `PREFIX-fraction`,
/// `PREFIX-stage`, `#PREFIX-cancel`.
#[component]
pub fn JobProgressHead(
    #[prop(into)] job: Signal<Option<JobSummary>>,
    /// Whether the job still runs (the head is rebuilt when that changes, not on every poll).
    running: bool,
    prefix: &'static str,
    /// Names the progress bar for assistive technology.
    label: &'static str,
) -> impl IntoView {
    let cancel = use_mutation::<api::JobCancel>(&[Topic::Jobs]);
    let fraction = move || job.get().and_then(|j| j.fraction).map(|f| f.clamp(0.0, 1.0));
    let bar = move || match (running, fraction()) {
        (false, _) => view! { <progress max="100" value="100" aria-label=label></progress> }.into_any(),
        (true, Some(f)) => view! {
            <progress max="100" value=format!("{:.0}", f * 100.0) aria-label=label></progress>
        }
        .into_any(),
        (true, None) => view! { <progress aria-label=label></progress> }.into_any(),
    };
    view! {
        <div class="bench-live-head job-progress-head">
            <strong
                data-testid=format!("{prefix}-state")
                data-state=move || job.get().map(|j| j.state.label().to_lowercase())
            >
                {move || job.get().map(|j| j.state.label()).unwrap_or_default()}
            </strong>
            <span>{move || job.get().map(|j| j.title).unwrap_or_default()}</span>
            {bar}
            <span data-testid=format!("{prefix}-fraction")>
                {move || match (running, fraction()) {
                    (false, _) => String::new(),
                    (true, Some(f)) => format!("{:.0}%", f * 100.0),
                    (true, None) => "Working…".to_owned(),
                }}
            </span>
            {running.then(|| view! {
                <button
                    class="danger"
                    id=format!("{prefix}-cancel")
                    disabled=move || cancel.pending()
                    on:click=move |_| {
                        if let Some(j) = job.get_untracked() {
                            cancel.run(JobRef { id: j.id });
                        }
                    }
                >
                    "Cancel"
                </button>
            })}
        </div>
        {running.then(|| view! {
            <p class="muted job-stage" data-testid=format!("{prefix}-stage")>
                {move || job.get().map(|j| j.stage).unwrap_or_default()}
            </p>
        })}
    }
}
