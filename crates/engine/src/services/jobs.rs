//! Job operations over the process-wide registry: list running and recent jobs, read one,
//! cancel one — for every kind of job, from any board.

use super::Services;
use archboard_types::ApiError;
use archboard_types::job::{JobListQuery, JobRef, JobSummary};

impl Services {
    pub fn job_list(&mut self, query: JobListQuery) -> Result<Vec<JobSummary>, ApiError> {
        Ok(self.jobs.list(query.include_finished))
    }

    pub fn job_get(&mut self, request: JobRef) -> Result<JobSummary, ApiError> {
        self.jobs.get(&request.id).map(|job| job.summary()).ok_or_else(|| no_job(&request.id))
    }

    /// Asks the job to stop; it keeps what it has done. Cancelling a finished job changes nothing.
    pub fn job_cancel(&mut self, request: JobRef) -> Result<JobSummary, ApiError> {
        let job = self.jobs.get(&request.id).ok_or_else(|| no_job(&request.id))?;
        if !job.summary().state.is_finished() {
            job.cancel();
        }
        Ok(job.summary())
    }
}

fn no_job(id: &str) -> ApiError {
    ApiError::not_found(format!("There is no job `{id}` in this Archboard process."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::Jobs;
    use crate::services::Adapter;
    use archboard_types::bench::{
        BenchConfig, BenchInput, BenchListQuery, BenchRunRef, BenchTarget, RunSettings, Scenario, TargetKind,
    };
    use archboard_types::files::FileContents;
    use archboard_types::job::JobState;
    use std::time::{Duration, Instant};

    /// A JSON scoring endpoint on loopback, answering every POST at once.
    fn scoring_server() -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let address = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                let app =
                    axum::Router::new().route("/score", axum::routing::post(|| async { r#"{"score":1}"# }));
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(listener, app).await.unwrap();
            });
        });
        format!("http://{address}/score")
    }

    fn long_run(url: &str) -> BenchConfig {
        BenchConfig {
            name: "long run".into(),
            target: BenchTarget {
                kind: TargetKind::GenericJson,
                url: url.into(),
                body_file: Some(FileContents::new("body.json", "{}")),
                timeout_ms: 5_000,
                ..BenchTarget::default()
            },
            input: BenchInput::default(),
            scenario: Scenario::SingleStream,
            settings: RunSettings { duration_s: 120.0, warmup_requests: 1, ..Default::default() },
            profile: None,
        }
    }

    fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !done() {
            assert!(Instant::now() < deadline, "{what} did not happen within a minute");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    #[test]
    fn a_run_outlives_a_board_switch_and_is_listed_and_cancelled_from_the_other_board() {
        let dir = tempfile::tempdir().unwrap();
        let jobs = Jobs::default();
        let mut first =
            Services::open_with_jobs(&dir.path().join("first.db"), Adapter::Desktop, jobs.clone()).unwrap();
        let run = first.bench_start(long_run(&scoring_server())).unwrap();
        // "Open database…": the desktop drops the first board's Services for another one.
        drop(first);
        let mut second =
            Services::open_with_jobs(&dir.path().join("second.db"), Adapter::Desktop, jobs).unwrap();
        let listed = second.job_list(JobListQuery::default()).unwrap();
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert_eq!(listed[0].id, run.id);
        assert_eq!(listed[0].state, JobState::Running);
        assert!(listed[0].board.ends_with("first.db"), "{}", listed[0].board);
        wait_until("the first requests", || {
            second.bench_progress(BenchRunRef { id: run.id.clone() }).unwrap().completed > 0
        });

        let cancelled = second.job_cancel(JobRef { id: run.id.clone() }).unwrap();
        assert_eq!(cancelled.id, run.id);
        wait_until("the end of the run", || {
            second.job_get(JobRef { id: run.id.clone() }).unwrap().state == JobState::Cancelled
                && second.bench_progress(BenchRunRef { id: run.id.clone() }).unwrap().record_id.is_some()
        });
        let ended = second.job_get(JobRef { id: run.id.clone() }).unwrap();
        assert!(ended.finished_at.is_some());
        assert!(second.job_list(JobListQuery::default()).unwrap().is_empty(), "no job runs any more");
        assert_eq!(second.job_list(JobListQuery { include_finished: true }).unwrap().len(), 1);

        // The record went to the board the run was started on, not the one open now.
        assert!(second.bench_list(BenchListQuery::default()).unwrap().is_empty());
        let mut first = Services::open(&dir.path().join("first.db"), Adapter::Cli).unwrap();
        let stored = first.bench_list(BenchListQuery::default()).unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].id, run.id);
        assert_eq!(stored[0].state, archboard_types::bench::RunState::Cancelled);
    }

    #[test]
    fn unknown_jobs_are_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut services =
            Services::open_with_jobs(&dir.path().join("b.db"), Adapter::Cli, Jobs::default()).unwrap();
        let error = services.job_cancel(JobRef { id: "nope".into() }).unwrap_err();
        assert_eq!(error.code, archboard_types::ErrorCode::NotFound);
        assert!(error.message.contains("`nope`"), "{}", error.message);
    }
}
