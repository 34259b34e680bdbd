//! The improvement backlog at `/reviews/backlog`: every failed or partly met item and every
//! decision condition across reviews, filtered by system, team, owner and risk (closed ones on
//! request), sorted by a clicked header, all kept in the query string; exported as CSV or JSON.

use super::{AreaLinks, REVIEW_TOPICS, item_status_badge, risk_badge, save_and_tell};
use crate::backend::call;
use crate::components::notifications::use_notifier;
use crate::components::widgets::{FilterSelect, Nav, problems_callout};
use crate::data::{ListShape, Topic, use_query};
use crate::logic::backlog::{BacklogColumn, BacklogParams, sort_backlog};
use crate::logic::reviews::{BACKLOG_PATH, review_item_path, review_path};
use archboard_types::endpoint as api;
use archboard_types::people::{SystemListQuery, TeamListQuery};
use archboard_types::review::{BacklogExportRequest, BacklogFormat, RiskLevel};
use archboard_types::system::Empty;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BacklogPage() -> impl IntoView {
    let nav = Nav::new();
    let notifier = use_notifier();
    let query = use_query_map();
    let params = Memo::new(move |_| BacklogParams::parse(|key| query.with(|q| q.get(key))));
    let set_params = move |next: BacklogParams| nav.replace(&format!("{BACKLOG_PATH}{}", next.to_query()));
    let change = move |edit: &dyn Fn(&mut BacklogParams)| {
        let mut next = params.get_untracked();
        edit(&mut next);
        next.problems.clear();
        set_params(next);
    };
    let rows = use_query::<api::ReviewBacklog>(REVIEW_TOPICS, move || Some(params.with(|p| p.query())));
    let systems = use_query::<api::SystemList>(&[Topic::Teams], || Some(SystemListQuery::default()));
    let teams = use_query::<api::TeamList>(&[Topic::Teams], || Some(TeamListQuery::default()));
    let users = use_query::<api::UserList>(&[Topic::People], || Some(Empty {}));
    let shape = Memo::new(move |_| ListShape::of(rows.get()));
    let sorted = move || {
        let mut items = rows.ok().unwrap_or_default();
        let (column, descending) = params.with(|p| (p.sort, p.descending));
        sort_backlog(&mut items, column, descending);
        items
    };
    let export = move |format: BacklogFormat| {
        let request = BacklogExportRequest { query: params.get_untracked().query(), format };
        spawn_local(async move {
            let answer = call::<api::ReviewBacklogExport>(&request).await;
            save_and_tell(answer, "the backlog", notifier).await;
        });
    };

    let system_options = Signal::derive(move || {
        systems.ok().unwrap_or_default().into_iter().map(|s| (s.key, s.name)).collect()
    });
    let team_options = Signal::derive(move || {
        teams.ok().unwrap_or_default().into_iter().map(|t| (t.name.clone(), t.name)).collect()
    });
    let owner_options = Signal::derive(move || {
        users.ok().unwrap_or_default().into_iter().map(|u| (u.name.clone(), u.name)).collect()
    });

    let filters = view! {
        <div class="toolbar filters" role="group" aria-label="Filters">
            <FilterSelect
                id="backlog-filter-system"
                label="System"
                any="Any system"
                options=system_options
                selected=Signal::derive(move || params.with(|p| p.system.clone()))
                on_choose=Callback::new(move |v: String| change(&|p| p.system = v.clone()))
            />
            <FilterSelect
                id="backlog-filter-team"
                label="Team"
                any="Any team"
                options=team_options
                selected=Signal::derive(move || params.with(|p| p.team.clone()))
                on_choose=Callback::new(move |v: String| change(&|p| p.team = v.clone()))
            />
            <FilterSelect
                id="backlog-filter-owner"
                label="Owner"
                any="Anyone"
                options=owner_options
                selected=Signal::derive(move || params.with(|p| p.owner.clone()))
                on_choose=Callback::new(move |v: String| change(&|p| p.owner = v.clone()))
            />
            <label for="backlog-filter-risk">"Risk"</label>
            <select
                id="backlog-filter-risk"
                data-testid="backlog-filter-risk"
                prop:value=move || params.with(|p| p.risk.map(|r| r.as_str()).unwrap_or("").to_owned())
                on:change=move |ev| {
                    let risk = event_target_value(&ev).parse::<RiskLevel>().ok();
                    change(&|p| p.risk = risk);
                }
            >
                <option value="">"Any risk"</option>
                {RiskLevel::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
            </select>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="backlog-include-closed"
                    prop:checked=move || params.with(|p| p.include_closed)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        change(&|p| p.include_closed = on);
                    }
                />
                <span class="check-text">"Include closed"</span>
            </label>
        </div>
    };

    let header = move |column: BacklogColumn| {
        view! {
            <th scope="col" aria-sort=move || params.with(|p| p.aria_sort(column))>
                <button
                    type="button"
                    class="th-button"
                    data-testid=format!("backlog-sort-{}", column.as_str())
                    on:click=move |_| set_params(params.get_untracked().clicked(column))
                >
                    {column.label()}
                    {move || params.with(|p| (p.sort == column).then_some(if p.descending { " ▼" } else { " ▲" }))}
                </button>
            </th>
        }
    };

    let body = move || {
        match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading the backlog…"</p> }.into_any(),
        ListShape::Failed(message) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
        ListShape::Empty => view! {
            <div class="empty-state" data-testid="backlog-empty">
                <h2>{move || if params.with(|p| p.filtered()) { "Nothing in the backlog matches these filters" } else { "The backlog is empty" }}</h2>
                <p>"Failed and partly met items, and the conditions of decisions, land here until they are closed."</p>
            </div>
        }
        .into_any(),
        ListShape::Rows => view! {
            <div class="table-scroll">
                <table class="data backlog">
                    <thead>
                        <tr>{BacklogColumn::ALL.into_iter().map(header).collect_view()}</tr>
                    </thead>
                    <tbody>
                        <For each=sorted key=|row| (row.key.clone(), row.status, row.risk, row.owner.clone(), row.due, row.closed, row.age_days) let:row>
                            {
                                let open = match &row.item {
                                    Some(item) => review_item_path(row.review, Some(item)),
                                    None => review_path(row.review),
                                };
                                let on_enter = open.clone();
                                view! {
                                    <tr
                                        tabindex="0"
                                        data-testid="backlog-row"
                                        data-key=row.key.clone()
                                        class:overdue=row.overdue
                                        class:closed=row.closed
                                        on:click=move |_| nav.go(&open)
                                        on:keydown=move |ev| if ev.key() == "Enter" { nav.go(&on_enter) }
                                    >
                                        <td class="mono">{row.key.clone()}</td>
                                        <td>{row.system.clone()}</td>
                                        <td>{row.team.clone()}</td>
                                        <td class="title-cell">
                                            {row.title.clone()}
                                            <span class="muted">{format!(" · {}", row.review_title)}</span>
                                        </td>
                                        <td>{item_status_badge(row.status)}{row.closed.then_some(" closed")}</td>
                                        <td>{risk_badge(row.risk)}</td>
                                        <td>{row.owner.clone().unwrap_or_else(|| "—".into())}</td>
                                        <td class="mono">{row.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                                        <td class="num">{row.age_days}</td>
                                        <td>{row.overdue.then(|| view! { <span class="badge overdue" data-testid="backlog-overdue">"Overdue"</span> })}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
    }
    };

    view! {
        <section class="page review-backlog">
            <header class="page-head">
                <h1>"Improvement backlog"</h1>
                <div class="toolbar">
                    <AreaLinks/>
                    <button type="button" data-testid="backlog-export-csv" on:click=move |_| export(BacklogFormat::Csv)>"Export CSV"</button>
                    <button type="button" data-testid="backlog-export-json" on:click=move |_| export(BacklogFormat::Json)>"Export JSON"</button>
                </div>
            </header>
            {move || problems_callout(params.with(|p| p.problems.clone()))}
            {filters}
            {body}
        </section>
    }
}
