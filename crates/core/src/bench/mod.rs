//! The measurement core of inference benchmarks (issue 5, in progress): when requests are
//! scheduled, how latencies are recorded and summarised, when a percentile has enough samples to
//! be reported, and the cost and roofline arithmetic a run is judged with. Pure functions over
//! numbers; the load generator, targets and result records build on them.

pub mod arithmetic;
pub mod histogram;
pub mod schedule;
