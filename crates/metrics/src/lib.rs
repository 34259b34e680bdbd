//! archboard-metrics: metric sources over HTTP. Prometheus instant and range queries (with the
//! range split into chunks Prometheus accepts, retries with backoff, and errors that say whether
//! a retry may help) and JSON endpoints read through RFC 6901 pointers. Standalone on purpose:
//! it knows neither the contract (archboard-types) nor the store, so the engine adapts these
//! types to its own and the crate can be tested against a real Prometheus on its own.

mod chunks;
mod error;
mod http;
mod json;
mod prometheus;
mod series;
#[cfg(test)]
mod test_http;
#[cfg(feature = "test-server")]
pub mod test_server;

pub use chunks::{MAX_POINTS_PER_SERIES, align_down, plan_chunks};
pub use error::QueryError;
pub use http::{Auth, Endpoint, RetryPolicy};
pub use json::{JsonClient, JsonSelect, parse_json_points};
pub use prometheus::{PrometheusClient, parse_response};
pub use series::{Point, QueryResult, ResultType, Series};
