//! The Decisions area: the list (table, timeline, graph, search), one decision, the form and
//! the folder import, each at its own URL. A decision's URL carries its board-wide id.

mod detail;
mod form;
mod graph;
mod import;
mod links;
mod list;
mod report;
mod search;
mod table;
mod timeline;

pub use detail::DecisionDetail;
pub use form::DecisionForm;
pub use import::ImportFolder;
pub use list::DecisionList;
pub use report::ImportReportView;

use archboard_types::adr::AdrId;

/// The URL of one decision, by its board-wide id (numbers repeat across collections).
pub fn decision_path(id: AdrId) -> String {
    format!("/decisions/{id}")
}
