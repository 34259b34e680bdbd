//! The process-wide job registry: long work (benchmark runs, metrics syncs, retention runs,
//! report builds) registered once, outside any one board's `Services`, so switching boards in the
//! desktop app never orphans a running job and every front can list, follow and cancel it.

use archboard_types::job::JobSummary;
use std::any::Any;
use std::sync::{Arc, Mutex, OnceLock};

/// How many finished jobs stay listed after they end (the newest ones).
const FINISHED_KEPT: usize = 50;

/// A job's id: its kind, when it started and a random suffix (`report-20261204T183140-8b6c`),
/// so two started in the same second do not collide.
pub(crate) fn new_job_id(kind: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    let mut bytes = [0u8; 2];
    let _ = getrandom::fill(&mut bytes);
    format!("{kind}-{}-{:04x}", now.format("%Y%m%dT%H%M%S"), u16::from_le_bytes(bytes))
}

/// One piece of long work. Implementations keep their own live state behind interior
/// mutability; the registry only asks them how they are and tells them to stop.
pub trait Job: Send + Sync + 'static {
    fn summary(&self) -> JobSummary;
    /// Asks the job to stop soon; it keeps what it has done and ends as cancelled.
    fn cancel(&self);
    /// For the area that started the job to reach its own detail (a benchmark's live figures).
    fn as_any(&self) -> &dyn Any;
}

/// A handle on a registry; clones share it.
#[derive(Clone, Default)]
pub struct Jobs {
    jobs: Arc<Mutex<Vec<Arc<dyn Job>>>>,
}

impl Jobs {
    /// The registry of this process, shared by every board it opens.
    pub fn global() -> Jobs {
        static GLOBAL: OnceLock<Jobs> = OnceLock::new();
        GLOBAL.get_or_init(Jobs::default).clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Arc<dyn Job>>> {
        self.jobs.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers a started job, forgetting the oldest finished ones beyond the few kept.
    pub fn add(&self, job: Arc<dyn Job>) {
        let mut jobs = self.lock();
        jobs.push(job);
        let finished: Vec<usize> =
            (0..jobs.len()).filter(|&i| jobs[i].summary().state.is_finished()).collect();
        if finished.len() > FINISHED_KEPT {
            let drop: std::collections::HashSet<usize> =
                finished[..finished.len() - FINISHED_KEPT].iter().copied().collect();
            let mut index = 0;
            jobs.retain(|_| {
                let keep = !drop.contains(&index);
                index += 1;
                keep
            });
        }
    }

    pub fn get(&self, id: &str) -> Option<Arc<dyn Job>> {
        self.lock().iter().find(|job| job.summary().id == id).cloned()
    }

    /// Asks every running job to stop and waits, up to `patience`, until all have ended, so a
    /// process that is quitting keeps what its jobs measured (they store it as they end).
    /// Returns how many were still running when the wait ran out.
    pub fn cancel_all_and_wait(&self, patience: std::time::Duration) -> usize {
        let running: Vec<Arc<dyn Job>> =
            self.lock().iter().filter(|job| !job.summary().state.is_finished()).cloned().collect();
        for job in &running {
            job.cancel();
        }
        let deadline = std::time::Instant::now() + patience;
        loop {
            let left = running.iter().filter(|job| !job.summary().state.is_finished()).count();
            if left == 0 || std::time::Instant::now() >= deadline {
                if left > 0 {
                    tracing::warn!(left, "jobs still running when the process quit");
                }
                return left;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Running jobs (and, when asked, the recently finished ones), newest first.
    pub fn list(&self, include_finished: bool) -> Vec<JobSummary> {
        let mut summaries: Vec<JobSummary> = self
            .lock()
            .iter()
            .map(|job| job.summary())
            .filter(|summary| include_finished || !summary.state.is_finished())
            .collect();
        summaries.sort_by_key(|summary| std::cmp::Reverse(summary.started_at));
        summaries
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use archboard_types::job::{JobKind, JobState};
    use chrono::{TimeZone, Utc};

    struct Fixed(JobSummary, Mutex<bool>);

    impl Job for Fixed {
        fn summary(&self) -> JobSummary {
            let mut summary = self.0.clone();
            if *self.1.lock().unwrap() {
                summary.state = JobState::Cancelled;
            }
            summary
        }
        fn cancel(&self) {
            *self.1.lock().unwrap() = true;
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
    }

    fn job(id: &str, minute: u32, state: JobState) -> Arc<dyn Job> {
        Arc::new(Fixed(
            JobSummary {
                id: id.into(),
                kind: JobKind::Benchmark,
                title: id.into(),
                state,
                started_at: Utc.with_ymd_and_hms(2026, 12, 1, 10, minute, 0).unwrap(),
                finished_at: None,
                fraction: None,
                stage: String::new(),
                message: None,
                subject: None,
                board: "b.db".into(),
            },
            Mutex::new(false),
        ))
    }

    #[test]
    fn running_jobs_are_listed_newest_first_and_cancel_reaches_the_job() {
        let jobs = Jobs::default();
        jobs.add(job("a", 1, JobState::Running));
        jobs.add(job("b", 2, JobState::Completed));
        jobs.add(job("c", 3, JobState::Running));
        let ids = |list: Vec<JobSummary>| list.into_iter().map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(ids(jobs.list(false)), ["c", "a"]);
        assert_eq!(ids(jobs.list(true)), ["c", "b", "a"]);
        jobs.get("a").unwrap().cancel();
        assert_eq!(ids(jobs.list(false)), ["c"]);
        assert!(jobs.get("zz").is_none());
    }

    #[test]
    fn quitting_cancels_running_jobs_and_waits_for_them() {
        let jobs = Jobs::default();
        jobs.add(job("a", 1, JobState::Running));
        jobs.add(job("b", 2, JobState::Completed));
        assert_eq!(jobs.cancel_all_and_wait(std::time::Duration::from_secs(5)), 0);
        assert!(jobs.list(false).is_empty());
        assert_eq!(jobs.get("a").unwrap().summary().state, JobState::Cancelled);
        assert_eq!(jobs.get("b").unwrap().summary().state, JobState::Completed);
    }

    #[test]
    fn only_the_newest_finished_jobs_are_kept() {
        let jobs = Jobs::default();
        jobs.add(job("running", 0, JobState::Running));
        for n in 0..(FINISHED_KEPT + 5) {
            jobs.add(job(&format!("done-{n}"), 1, JobState::Completed));
        }
        let all = jobs.list(true);
        assert_eq!(all.len(), FINISHED_KEPT + 1);
        assert!(all.iter().any(|s| s.id == "running"));
        assert!(!all.iter().any(|s| s.id == "done-0"), "the oldest finished job went");
    }
}
