//! The decision list by month, newest first.

use super::decision_path;
use crate::components::widgets::StatusBadge;
use crate::data::Query;
use crate::logic::lists::group_by_month;
use archboard_types::adr::display_number;
use archboard_types::endpoint::AdrList;
use leptos::prelude::*;

#[component]
pub fn Timeline(rows: Query<AdrList>) -> impl IntoView {
    let months = move || group_by_month(rows.ok().unwrap_or_default(), |a| (a.date, a.number));
    view! {
        <ol class="timeline" aria-label="Decisions by date">
            <For each=months key=|(month, items)| (month.clone(), items.iter().map(|a| (a.number, a.updated_at)).collect::<Vec<_>>()) let:month>
                <li class="timeline-month">
                    <h2>{month.0}</h2>
                    <ul>
                        {month
                            .1
                            .into_iter()
                            .map(|adr| view! {
                                <li class="timeline-item">
                                    <span class="mono muted">{adr.date.format("%d %b").to_string()}</span>
                                    <a class="link" href=decision_path(adr.number)>
                                        {format!("{} {}", display_number(adr.number), adr.title)}
                                    </a>
                                    <StatusBadge status=adr.status/>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                </li>
            </For>
        </ol>
    }
}
