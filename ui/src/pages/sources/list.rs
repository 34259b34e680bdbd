//! The data sources at `/sources`: each with its kind, URL, bindings, when syncing last worked,
//! the last error (with Prometheus's error type), the points the last sync wrote and the next
//! scheduled run; the form that adds one; "Sync every source"; and a sync followed from the
//! status bar (`?job=ID`).

use super::form::SourceFormPanel;
use super::sync::SyncProgressPanel;
use super::{AreaLinks, SOURCE_TOPICS, last_success, sync_error_view};
use crate::components::me::use_me;
use crate::components::widgets::Nav;
use crate::data::{ListShape, Topic, use_mutation, use_query};
use crate::logic::kpi::{SOURCES_PATH, source_path};
use crate::logic::lists::readable_at;
use crate::logic::query_string::build;
use archboard_types::endpoint as api;
use archboard_types::kpi::{DataSource, SyncRequest};
use archboard_types::people::Permission;
use archboard_types::system::Empty;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SourcesPage() -> impl IntoView {
    let nav = Nav::new();
    let me = use_me();
    let query = use_query_map();
    let job = Memo::new(move |_| query.with(|q| q.get("job")).filter(|j| !j.is_empty()));
    let sources = use_query::<api::SourceList>(SOURCE_TOPICS, || Some(Empty {}));
    let shape = Memo::new(move |_| ListShape::of(sources.get()));
    let adding = RwSignal::new(false);
    let sync_all = use_mutation::<api::SyncStart>(&[Topic::Jobs]);
    sync_all.on_success(move |job| nav.replace(&format!("{SOURCES_PATH}{}", build(&[("job", job.id)]))));

    let rows = move || {
        sources
            .ok()
            .unwrap_or_default()
            .into_iter()
            .map(|source: DataSource| {
                let href = source_path(&source.name);
                let open = href.clone();
                view! {
                    <tr
                        tabindex="0"
                        data-testid="source-row"
                        data-source=source.name.clone()
                        on:click=move |_| nav.go(&open)
                    >
                        <th scope="row" class="title-cell">
                            <a class="link" href=href on:click=|ev| ev.stop_propagation()>{source.name.clone()}</a>
                        </th>
                        <td>{source.kind.label()}</td>
                        <td class="mono url-cell">{source.url.clone()}</td>
                        <td class="num">{source.bindings}</td>
                        <td>{last_success(&source.status)}</td>
                        <td>{source.status.last_error.as_ref().map(sync_error_view)}</td>
                        <td class="num">{source.status.points_written}</td>
                        <td>
                            {match (&source.next_run, source.interval_minutes) {
                                (Some(at), Some(minutes)) => format!("{} (every {minutes} min)", readable_at(at)),
                                (Some(at), None) => readable_at(at),
                                (None, _) => "not scheduled".to_owned(),
                            }}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let body = move || {
        match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading sources…"</p> }.into_any(),
        ListShape::Failed(message) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
        ListShape::Empty => view! {
            <div class="empty-state">
                <div class="empty-icon" aria-hidden="true">"⇄"</div>
                <h2>"No data sources yet"</h2>
                <p>"A data source is a Prometheus server or a JSON endpoint. Bind a query on it to a KPI for a team or a system, and its scorecard fills itself on every sync."</p>
                <p class="muted">"KPIs Archboard computes from its own records (reviews, decisions) need no source."</p>
            </div>
        }
        .into_any(),
        ListShape::Rows => view! {
            <div class="table-scroll">
                <table class="data sources-list" data-testid="sources-list">
                    <thead>
                        <tr>
                            <th scope="col" class="th-text">"Name"</th>
                            <th scope="col" class="th-text">"Kind"</th>
                            <th scope="col" class="th-text">"URL"</th>
                            <th scope="col" class="th-text num">"Bindings"</th>
                            <th scope="col" class="th-text">"Last success"</th>
                            <th scope="col" class="th-text">"Last error"</th>
                            <th scope="col" class="th-text num">"Points written"</th>
                            <th scope="col" class="th-text">"Next run"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any(),
    }
    };

    view! {
        <section class="page sources-page">
            <header class="page-head">
                <h1>"Data sources"</h1>
                <div class="toolbar">
                    <AreaLinks/>
                    <Show when=move || me.can(Permission::Edit)>
                        <button
                            id="sync-all"
                            title="Sync every source's bindings and the KPIs Archboard computes"
                            disabled=move || sync_all.pending()
                            on:click=move |_| sync_all.run(SyncRequest::default())
                        >
                            "Sync every source"
                        </button>
                        <button class="primary" id="source-add" aria-expanded=move || adding.get().to_string() on:click=move |_| adding.update(|a| *a = !*a)>
                            "Add a source"
                        </button>
                    </Show>
                </div>
            </header>
            {move || job.get().map(|id| view! {
                <SyncProgressPanel job=id on_close=Callback::new(move |_| nav.replace(SOURCES_PATH))/>
            })}
            {move || adding.get().then(|| view! {
                <SourceFormPanel
                    existing=None
                    on_done=Callback::new(move |saved: Option<DataSource>| {
                        adding.set(false);
                        if let Some(source) = saved {
                            nav.go(&source_path(&source.name));
                        }
                    })
                />
            })}
            {body}
        </section>
    }
}
