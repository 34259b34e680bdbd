//! Components shared by every page: the status bar, notifications, small widgets, diagrams
//! and file helpers.

pub mod diagram;
pub mod files;
pub mod mermaid;
pub mod notifications;
pub mod status_bar;
pub mod widgets;
