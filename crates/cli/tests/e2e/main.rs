//! The `archboard` binary end to end, one test binary (as ripgrep does): the CLI against real
//! SQLite files, ADR folders round-tripped, the HTTP mode's token and errors, and benchmarks
//! against MLServer. Cargo builds the binary under test first and names it in
//! `CARGO_BIN_EXE_archboard`, so these never run a stale build.

mod adr_folders;
mod bench;
mod cli;
mod collections;
mod http;
mod interviews;
mod kpis;
mod reports;
mod reviews;
mod team;
mod two_processes;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `archboard` binary of this very build.
pub fn archboard_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_archboard"))
}

/// Runs `archboard --db DB ARGS…` and returns what it printed and how it exited.
pub fn archboard(db: &Path, args: &[&str]) -> Output {
    Command::new(archboard_binary()).arg("--db").arg(db).args(args).output().expect("archboard runs")
}

/// What a command that must succeed printed on standard output; a failure fails the test with
/// both streams.
pub fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// A refusal: exit status 1, nothing on standard output, and what it said on standard error.
pub fn refused(output: Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(1),
        "should have failed: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(
        output.stdout.is_empty(),
        "a refusal prints nothing to stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stderr).unwrap()
}

/// A usage error clap reports before anything runs: exit status 2 and its message.
pub fn usage_error(output: Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(2),
        "should be a usage error: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stderr).unwrap()
}

/// The JSON a command that must succeed printed.
pub fn json(output: Output) -> serde_json::Value {
    let text = ok(output);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}
