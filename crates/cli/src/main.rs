//! The `archboard` binary: the command line (clap), whose commands are contract calls through
//! `client::Client`, and `serve`, the HTTP mode (axum); both thin adapters over archboard-engine.
#![forbid(unsafe_code)]

mod cli;
mod client;
mod files;
mod serve;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    archboard_engine::logging::init(cli.verbose);
    let mut stdout = std::io::stdout().lock();
    match cli::run(cli, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
