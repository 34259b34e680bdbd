//! The per-file report of a folder import or a sync of a linked folder: the summary line, then
//! each file with its outcome (new, updated, unchanged, failed, skipped, missing) and its notes,
//! warnings shown as warnings and failures as failures. The import page and the sync page both
//! show it.

use crate::logic::import_report::{NoteKind, item_decision, item_notes, outcome_class, summary};
use archboard_types::adr_folder::ImportReport;
use leptos::prelude::*;

#[component]
pub fn ImportReportView(report: ImportReport) -> impl IntoView {
    let rows = report
        .items
        .iter()
        .map(|item| {
            let label = item.outcome.label();
            let notes = item_notes(item)
                .into_iter()
                .map(|(kind, text)| {
                    let text = if kind == NoteKind::Warning { format!("⚠ {text}") } else { text };
                    view! { <li class=kind.class()>{text}</li> }
                })
                .collect_view();
            view! {
                <tr class=format!("outcome-{label}") data-path=item.path.clone() data-outcome=label>
                    <td>
                        <span class=outcome_class(item.outcome)>{label}</span>
                    </td>
                    <td class="mono">{item.path.clone()}</td>
                    <td>{item_decision(item)}</td>
                    <td>
                        <ul class="import-notes system-links">{notes}</ul>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="import-summary" role="status">{summary(&report)}</p>
        <table class="data import-preview">
            <thead>
                <tr>
                    <th scope="col">"Outcome"</th>
                    <th scope="col">"File"</th>
                    <th scope="col">"Decision"</th>
                    <th scope="col">"Notes"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
