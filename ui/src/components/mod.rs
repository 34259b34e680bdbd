//! Components shared by every page: the status bar, who is signed in, notifications, small
//! widgets, diagrams and file helpers.

pub mod diagram;
pub mod files;
pub mod me;
pub mod mermaid;
pub mod notifications;
pub mod status_bar;
pub mod widgets;
