//! Tests of the benchmark operations against a real board file.
