//! Components shared by every page: the status bar, who is signed in, notifications, small
//! widgets, diagrams, file helpers and the head of a followed job's progress panel.

pub mod diagram;
pub mod files;
pub mod job_progress;
pub mod me;
pub mod mermaid;
pub mod notifications;
pub mod status_bar;
pub mod widgets;
