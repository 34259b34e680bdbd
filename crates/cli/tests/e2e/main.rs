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
