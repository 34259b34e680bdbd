//! Archboard's end-to-end suite, one test binary (as ripgrep does): the CLI and the HTTP mode
//! against real SQLite files, the UI in Debian's headless Chromium through chromedriver, and the
//! desktop app under Xvfb through tauri-driver and WebKitWebDriver.

mod adr_folders;
mod bench;
mod browser;
mod cli;
mod common;
mod desktop;
mod http;
