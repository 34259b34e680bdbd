//! The status bar on every page: who is signed in, where the data lives and how many decisions
//! it holds, and the jobs running in the engine (benchmark runs, metrics syncs, retention runs
//! and report builds), each linking to its page with a cancel button, so a run started and then
//! left can be found and stopped from anywhere.

use crate::components::me::MeBadge;
use crate::components::widgets::PollTimer;
use crate::data::{Topic, use_invalidation, use_mutation, use_query};
use archboard_types::endpoint::{AppInfo as AppInfoEndpoint, JobCancel, JobList};
use archboard_types::job::{JobKind, JobListQuery, JobRef, JobSummary};
use archboard_types::system::Empty;
use leptos::prelude::*;
use std::time::Duration;

/// How often the job list is polled: often while something runs, rarely otherwise.
const BUSY_POLL: Duration = Duration::from_millis(1500);
const IDLE_POLL: Duration = Duration::from_secs(6);

/// The page a job's result lives on.
fn job_href(job: &JobSummary) -> String {
    match job.kind {
        JobKind::Benchmark => format!("/benchmarks/{}", job.subject.as_deref().unwrap_or(&job.id)),
        JobKind::MetricsSync => crate::logic::kpi::sync_job_href(job),
        JobKind::Retention => crate::logic::interview::retention_job_href(job),
        JobKind::Report => crate::logic::report::report_job_href(job),
    }
}

#[component]
pub fn StatusBar() -> impl IntoView {
    // The decision count changes with decisions only.
    let info = use_query::<AppInfoEndpoint>(&[Topic::Decisions], || Some(Empty {}));
    view! {
        <footer class="statusbar" aria-label="Status">
            <RunningJobs/>
            <MeBadge/>
            <span class="status-info">
                {move || match info.get() {
                    Some(Ok(info)) => format!(
                        "{} {} · {} · Archboard {} ({})",
                        info.adr_count,
                        if info.adr_count == 1 { "decision" } else { "decisions" },
                        info.database_path,
                        info.version,
                        info.adapter,
                    ),
                    Some(Err(error)) => error.message,
                    None => "Connecting…".to_owned(),
                }}
            </span>
        </footer>
    }
}

#[component]
fn RunningJobs() -> impl IntoView {
    let invalidation = use_invalidation();
    let tick = RwSignal::new(0u64);
    let jobs = use_query::<JobList>(&[Topic::Jobs], move || {
        tick.track();
        Some(JobListQuery { include_finished: false })
    });
    let cancel = use_mutation::<JobCancel>(&[Topic::Jobs, Topic::Benchmarks, Topic::Metrics, Topic::Reports]);
    // Ids seen running at the last poll: one that is gone has ended, so the pages that show
    // its result are refreshed.
    let running_before = StoredValue::new(Vec::<String>::new());
    let poll = PollTimer::new();
    Effect::new(move |_| {
        let Some(answer) = jobs.get() else { return };
        let running: Vec<String> = match &answer {
            Ok(list) => list.iter().filter(|j| !j.state.is_finished()).map(|j| j.id.clone()).collect(),
            Err(_) => Vec::new(),
        };
        let ended = running_before.with_value(|before| before.iter().any(|id| !running.contains(id)));
        running_before.set_value(running.clone());
        if ended {
            invalidation.invalidate(&[Topic::Benchmarks, Topic::Metrics, Topic::Interviews, Topic::Reports]);
        }
        // One timer at a time: an answer that arrives outside the chain (after an
        // invalidation) replaces the pending timer instead of starting a second chain.
        let delay = if running.is_empty() { IDLE_POLL } else { BUSY_POLL };
        poll.schedule(delay, move || {
            tick.try_update(|t| *t += 1);
        });
    });
    let list = move || {
        jobs.ok().unwrap_or_default().into_iter().filter(|j| !j.state.is_finished()).collect::<Vec<_>>()
    };
    view! {
        <span class="status-jobs" aria-label="Running jobs" aria-live="polite">
            // Keyed by id alone, with the text read live, so a poll updates a job's line in
            // place and never replaces the Cancel button under the pointer or the focus.
            <For each=list key=|job| job.id.clone() let:job>
                {
                    let id = job.id.clone();
                    let live_id = job.id.clone();
                    let line = move || {
                        jobs.ok()
                            .unwrap_or_default()
                            .into_iter()
                            .find(|j| j.id == live_id)
                            .map(|j| {
                                let percent = j.fraction.map(|f| format!(" {:.0}%", f * 100.0)).unwrap_or_default();
                                (format!("{} {}: {}{percent}", j.kind.label(), j.title, j.state.label()), j.stage)
                            })
                            .unwrap_or_default()
                    };
                    let text = line.clone();
                    view! {
                        <span class="status-job" data-job=job.id.clone()>
                            <a class="status-job-link" href=job_href(&job) title=move || line().1>
                                {move || text().0}
                            </a>
                            <button
                                class="ghost small job-cancel"
                                aria-label=format!("Cancel {}", job.title)
                                disabled=move || cancel.pending()
                                on:click=move |_| cancel.run(JobRef { id: id.clone() })
                            >
                                "Cancel"
                            </button>
                        </span>
                    }
                }
            </For>
        </span>
    }
}
