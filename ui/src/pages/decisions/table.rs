//! The decision list as a sortable table; rows are keyed so a refresh keeps focus and scroll.
//! Each row names its decision by the engine's reference (with its collection when the board
//! has several) and says when a sync found its file gone from the linked folder.

use super::decision_path;
use crate::components::widgets::{Nav, StatusBadge};
use crate::data::Query;
use crate::logic::query_string::DecisionListParams;
use archboard_types::adr::{AdrSort, date_label};
use archboard_types::endpoint::AdrList;
use leptos::prelude::*;

#[component]
pub fn DecisionTable(
    rows: Query<AdrList>,
    params: Memo<DecisionListParams>,
    /// Asked for a new (column, descending) order.
    set_sort: Callback<(AdrSort, bool)>,
) -> impl IntoView {
    let nav = Nav::new();
    let header = move |column: AdrSort| {
        let current = move || params.with(|p| (p.sort, p.descending));
        let aria = move || match current() {
            (c, true) if c == column => "descending",
            (c, false) if c == column => "ascending",
            _ => "none",
        };
        let arrow = move || match current() {
            (c, true) if c == column => " ▼",
            (c, false) if c == column => " ▲",
            _ => "",
        };
        view! {
            <th scope="col" aria-sort=aria>
                <button
                    class="th-button"
                    on:click=move |_| {
                        let (sort, descending) = current();
                        set_sort.run(if sort == column { (column, !descending) } else { (column, false) });
                    }
                >
                    {column.label()}
                    {arrow}
                </button>
            </th>
        }
    };
    view! {
        <table class="data adr-list">
            <thead>
                <tr>
                    {header(AdrSort::Number)}
                    {header(AdrSort::Title)}
                    {header(AdrSort::Status)}
                    <th scope="col">"Tags"</th>
                    {header(AdrSort::Date)}
                    <th scope="col">"Changed by"</th>
                </tr>
            </thead>
            <tbody>
                // The reference is in the key: renaming a collection, or a second collection
                // appearing, changes how every row reads.
                <For each=move || rows.ok().unwrap_or_default() key=|adr| (adr.id, adr.updated_at, adr.reference.clone(), adr.missing_from_folder) let:adr>
                    {
                        let id = adr.id;
                        view! {
                            <tr
                                tabindex="0"
                                data-id=id
                                data-number=adr.number
                                data-collection=adr.collection.clone()
                                on:click=move |_| nav.go(&decision_path(id))
                                on:keydown=move |ev| {
                                    if ev.key() == "Enter" {
                                        nav.go(&decision_path(id));
                                    }
                                }
                            >
                                <td class="mono reference">
                                    {adr.reference.clone()}
                                    {adr.missing_from_folder.then(|| view! {
                                        " "
                                        <span
                                            class="badge status-rejected missing-file"
                                            title="A sync found this decision's file gone from the linked folder; the decision is kept."
                                        >
                                            "file missing"
                                        </span>
                                    })}
                                </td>
                                <td class="title-cell">{adr.title}</td>
                                <td><StatusBadge status=adr.status note=adr.status_note/></td>
                                <td>{adr.tags.into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}</td>
                                <td class="mono">{date_label(adr.date, adr.date_text.as_deref())}</td>
                                <td class="muted changed-by">{adr.changed_by.unwrap_or_default()}</td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
    }
}
