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
