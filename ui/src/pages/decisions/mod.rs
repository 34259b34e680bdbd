//! The Decisions area: the list (table, timeline, graph, search), one decision, the form and
//! the folder import, each at its own URL.

mod detail;
mod form;
mod graph;
mod import;
mod links;
mod list;
mod search;
mod table;
mod timeline;

pub use detail::DecisionDetail;
pub use form::DecisionForm;
pub use import::ImportFolder;
pub use list::DecisionList;

/// The URL of one decision.
pub fn decision_path(number: u32) -> String {
    format!("/decisions/{number}")
}
