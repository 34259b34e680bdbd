//! The `archboard` binary: parses arguments and hands them to `archboard::cli`.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("ARCHBOARD_LOG"))
        .with_writer(std::io::stderr)
        .init();
    let cli = archboard::cli::Cli::parse();
    let mut stdout = std::io::stdout().lock();
    match archboard::cli::run(cli, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
