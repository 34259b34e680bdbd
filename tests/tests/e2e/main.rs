//! Archboard's end-to-end suite in real windows: the UI in Debian's headless Chromium through
//! chromedriver against `archboard serve`, and the desktop app under Xvfb through tauri-driver
//! and WebKitWebDriver. (The CLI and HTTP suites live with the binary, in crates/cli/tests.)

mod browser;
mod common;
mod desktop;
mod interviews;
mod reports;
mod reviews;
mod scorecards;
mod team;
