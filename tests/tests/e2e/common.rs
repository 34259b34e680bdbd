//! The shared end-to-end helpers, from the archboard-tests library (also used by the CLI suite).

pub use archboard_tests::*;
