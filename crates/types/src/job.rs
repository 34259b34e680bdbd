//! Jobs: long work (benchmark runs, metrics syncs, retention runs, report builds) that goes on in the
//! engine's process-wide registry, outside any one board, while fronts list, follow and cancel it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    Benchmark,
    MetricsSync,
    Retention,
    Report,
}

impl JobKind {
    pub fn label(self) -> &'static str {
        match self {
            JobKind::Benchmark => "Benchmark",
            JobKind::MetricsSync => "Metrics sync",
            JobKind::Retention => "Candidate data retention",
            JobKind::Report => "Report build",
        }
    }
}

/// Where a job stands. Only `Running` changes; the others are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    Completed,
    Failed,
    Cancelled,
}

impl JobState {
    pub fn is_finished(self) -> bool {
        self != JobState::Running
    }

    pub fn label(self) -> &'static str {
        match self {
            JobState::Running => "Running",
            JobState::Completed => "Completed",
            JobState::Failed => "Failed",
            JobState::Cancelled => "Cancelled",
        }
    }
}

/// `job_list`'s filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobListQuery {
    /// Also list jobs that ended recently (the registry keeps the last few).
    #[serde(default)]
    pub include_finished: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRef {
    pub id: String,
}

/// One job as fronts show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobSummary {
    /// For a benchmark, the run's id (the same one `bench_progress` takes).
    pub id: String,
    pub kind: JobKind,
    pub title: String,
    pub state: JobState,
    pub started_at: DateTime<Utc>,
    #[serde(default)]
    pub finished_at: Option<DateTime<Utc>>,
    /// Share done, 0 to 1, when the job can tell.
    #[serde(default)]
    pub fraction: Option<f64>,
    /// What it is doing now, in words ("concurrency 4 of 8").
    pub stage: String,
    /// Why it failed, or a closing remark.
    #[serde(default)]
    pub message: Option<String>,
    /// The id of what the job produces (the benchmark run), for a link to it.
    #[serde(default)]
    pub subject: Option<String>,
    /// The board file the job writes its result to.
    pub board: String,
}
