//! archboard-loadgen: the benchmark measurement engine. When requests are scheduled (open
//! loop) or sent (closed loop), how targets are called and answers checked, how latencies are
//! recorded and summarised, when a percentile has enough samples to be reported, the result
//! record and the judgement against a hardware profile (SLOs, cost per 1k, roofline). Knows the
//! contract's types, not the store: the engine's `services::bench` stores what it measures.

pub mod arithmetic;
pub mod clock;
pub mod credentials;
pub mod evaluate;
pub mod fast_http;
pub mod histogram;
pub mod live;
pub mod onnx;
pub mod phase;
pub mod record;
pub mod run;
pub mod schedule;
pub mod target;
