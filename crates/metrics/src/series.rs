//! The shapes query answers are read into: points, labelled series and a whole query result.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One value at one instant. Values are always finite: sources' NaN and infinities are skipped
/// while parsing (and counted in [`QueryResult::skipped_non_finite`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub at: DateTime<Utc>,
    pub value: f64,
}

/// One time series: its labels (`__name__` included when the source gives it) and its points in
/// the order the source gave them (ascending time for Prometheus).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Series {
    pub labels: BTreeMap<String, String>,
    pub points: Vec<Point>,
}

/// Prometheus' `resultType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResultType {
    Vector,
    Matrix,
    Scalar,
    String,
}

impl ResultType {
    /// The name Prometheus uses, for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ResultType::Vector => "vector",
            ResultType::Matrix => "matrix",
            ResultType::Scalar => "scalar",
            ResultType::String => "string",
        }
    }
}

/// A parsed query answer. A scalar is one series without labels holding one point. Series whose
/// every value was non-finite are left out, so every series has at least one point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryResult {
    pub result_type: ResultType,
    pub series: Vec<Series>,
    /// How many NaN, +Inf and -Inf values were skipped.
    pub skipped_non_finite: u32,
    /// Prometheus' `warnings`, then its `infos`, as given.
    pub warnings: Vec<String>,
}
