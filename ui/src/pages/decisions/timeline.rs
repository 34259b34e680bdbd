//! The decision list by month, newest first; decisions whose date is unknown come last.

use super::decision_path;
use crate::components::widgets::StatusBadge;
use crate::data::Query;
use crate::logic::lists::group_by_month;
use archboard_types::adr::date_label;
use archboard_types::endpoint::AdrList;
use leptos::prelude::*;

#[component]
pub fn Timeline(rows: Query<AdrList>) -> impl IntoView {
    let months = move || group_by_month(rows.ok().unwrap_or_default(), |a| (a.date, a.id));
    view! {
        <ol class="timeline" aria-label="Decisions by date">
            <For each=months key=|(month, items)| (month.clone(), items.iter().map(|a| (a.id, a.updated_at, a.reference.clone())).collect::<Vec<_>>()) let:month>
                <li class="timeline-month">
                    <h2>{month.0}</h2>
                    <ul>
                        {month
                            .1
                            .into_iter()
                            .map(|adr| view! {
                                <li class="timeline-item" data-id=adr.id>
                                    <span class="mono muted" title=date_label(adr.date, adr.date_text.as_deref())>
                                        {adr.date.map(|d| d.format("%d %b").to_string()).unwrap_or_else(|| "—".to_owned())}
                                    </span>
                                    <a class="link" href=decision_path(adr.id)>
                                        {format!("{} {}", adr.reference, adr.title)}
                                    </a>
                                    <StatusBadge status=adr.status note=adr.status_note/>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                </li>
            </For>
        </ol>
    }
}
