//! One data source at `/sources/NAME`: what it is (URL, authentication references, CA file,
//! timeout, schedule, JSON pointers) and how syncing it went; Test (its test query now);
//! Sync now and Backfill, followed live (`?job=ID`); its bindings; Edit and Remove.

use super::bindings::{BindingsPanel, test_result_view};
use super::form::SourceFormPanel;
use super::sync::{SyncButtons, SyncProgressPanel};
use super::{AreaLinks, SOURCE_TOPICS, last_success, sync_error_view};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::components::widgets::Nav;
use crate::data::{Topic, use_mutation, use_query};
use crate::logic::kpi::{SOURCES_PATH, source_job_path, source_path};
use crate::logic::lists::readable_at;
use crate::logic::sources::auth_summary;
use archboard_types::endpoint as api;
use archboard_types::job::JobSummary;
use archboard_types::kpi::{DataSource, SourceRef, SourceTestRequest, SourceTestResult};
use archboard_types::people::Permission;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SourcePage() -> impl IntoView {
    let nav = Nav::new();
    let me = use_me();
    let notifier = use_notifier();
    let params = use_params_map();
    let query = use_query_map();
    let name = Memo::new(move |_| params.with(|p| p.get("name")).unwrap_or_default());
    let job = Memo::new(move |_| query.with(|q| q.get("job")).filter(|j| !j.is_empty()));
    let source = use_query::<api::SourceGet>(SOURCE_TOPICS, move || Some(SourceRef { name: name.get() }));
    let editing = RwSignal::new(false);
    let test = use_mutation::<api::SourceTest>(&[]);
    let tested = RwSignal::new(None::<SourceTestResult>);
    test.on_success(move |r| tested.set(Some(r)));
    let remove = use_mutation::<api::SourceRemove>(&[Topic::Metrics]);
    remove.on_success(move |_| {
        notifier.success(format!("Removed {}.", name.get_untracked()));
        nav.go(SOURCES_PATH);
    });
    let can_edit = move || me.can(Permission::Edit);
    let loaded = Memo::new(move |_| source.ok().map(|s| s.name));

    let run_test = move |_| {
        tested.set(None);
        test.run(SourceTestRequest { name: name.get_untracked(), query: None, scope: None });
    };
    let run_remove = move |_| {
        let current = name.get_untracked();
        let bindings = source.ok().map(|s| s.bindings).unwrap_or(0);
        let question = format!(
            "Remove the data source {current}{}? Measurements already synced stay.",
            if bindings > 0 { format!(" and its {bindings} bindings") } else { String::new() }
        );
        let confirmed =
            web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false);
        if confirmed {
            remove.run(SourceRef { name: current });
        }
    };
    let started =
        Callback::new(move |job: JobSummary| nav.replace(&source_job_path(&name.get_untracked(), &job.id)));

    let facts = move || {
        source.get().map(|answer| match answer {
            Err(error) => view! { <p class="callout warn" role="alert">{error.message}</p> }.into_any(),
            Ok(s) => view! { <SourceFacts source=s/> }.into_any(),
        })
    };
    let toolbar = move || {
        loaded.get().map(|_| {
            view! {
                <div class="toolbar">
                    <button id="source-test" disabled=move || test.pending() on:click=run_test title="Run the source's test query now">
                        {move || if test.pending() { "Testing…" } else { "Test" }}
                    </button>
                    <Show when=can_edit>
                        <button id="source-edit" aria-expanded=move || editing.get().to_string() on:click=move |_| editing.update(|e| *e = !*e)>
                            "Edit"
                        </button>
                        <button class="danger" id="source-remove" disabled=move || remove.pending() on:click=run_remove>"Remove"</button>
                    </Show>
                </div>
            }
        })
    };
    let edit_form = move || {
        editing.get().then(|| {
            untrack(|| source.ok()).map(|existing| {
                view! {
                    <SourceFormPanel
                        existing=Some(existing)
                        on_done=Callback::new(move |_| editing.set(false))
                    />
                }
            })
        })
    };
    // Built once per source, so a sync's refresh never rebuilds the forms under the pointer.
    let working = move || {
        loaded.get().map(|current| {
            let edit = can_edit();
            view! {
                {edit.then(|| view! {
                    <section class="panel" aria-label="Sync">
                        <h2>"Sync"</h2>
                        <SyncButtons source=Some(current.clone()) started=started/>
                    </section>
                })}
                <BindingsPanel source=current can_edit=edit on_open=Callback::new(move |_| tested.set(None))/>
            }
        })
    };

    view! {
        <section class="page source-page">
            <header class="page-head">
                <div>
                    <h1>{move || name.get()}</h1>
                    <p class="muted">{move || source.ok().map(|s| s.kind.label()).unwrap_or_default()}</p>
                </div>
                <div class="toolbar">{toolbar}<AreaLinks/></div>
            </header>
            {move || tested.get().map(|result| view! {
                <div class="test-result-slot">
                    {test_result_view(result)}
                    <button class="ghost small" id="source-test-close" on:click=move |_| tested.set(None)>"Close"</button>
                </div>
            })}
            {move || job.get().map(|id| view! {
                <SyncProgressPanel job=id on_close=Callback::new(move |_| nav.replace(&source_path(&name.get_untracked())))/>
            })}
            {edit_form}
            {facts}
            {working}
        </section>
    }
}

#[component]
fn SourceFacts(source: DataSource) -> impl IntoView {
    let status = source.status.clone();
    view! {
        <section class="panel" aria-label="The source" data-testid="source-facts">
            <dl class="facts">
                <dt>"URL"</dt><dd class="mono">{source.url.clone()}</dd>
                <dt>"Authentication"</dt><dd class="mono">{auth_summary(&source.auth)}</dd>
                <dt>"CA file"</dt><dd class="mono">{source.ca_file.clone().unwrap_or_else(|| "the system's".into())}</dd>
                <dt>"Timeout"</dt><dd>{format!("{} s", source.timeout_s)}</dd>
                <dt>"Schedule"</dt>
                <dd>
                    {match (source.interval_minutes, &source.next_run) {
                        (Some(minutes), Some(next)) => format!("every {minutes} minutes · next {}", readable_at(next)),
                        (Some(minutes), None) => format!("every {minutes} minutes"),
                        (None, _) => "only when synced by hand".to_owned(),
                    }}
                </dd>
                {source.json.clone().map(|json| view! {
                    <dt>"JSON pointers"</dt>
                    <dd class="mono">
                        {format!("value {}", json.value)}
                        {json.time.map(|t| format!(" · time {t}"))}
                        {json.array.map(|a| format!(" · array {a}"))}
                    </dd>
                })}
                <dt>"Bindings"</dt><dd>{source.bindings}</dd>
                <dt>"Last attempt"</dt><dd>{status.last_attempt.as_ref().map(readable_at).unwrap_or_else(|| "never".into())}</dd>
                <dt>"Last success"</dt><dd>{last_success(&status)}</dd>
                <dt>"Last error"</dt><dd>{status.last_error.as_ref().map(sync_error_view).map(IntoAny::into_any).unwrap_or_else(|| "none".into_any())}</dd>
                <dt>"Points written"</dt>
                <dd>
                    {status.points_written}
                    {(status.skipped_non_finite > 0).then(|| format!(" ({} values skipped as not finite)", status.skipped_non_finite))}
                </dd>
                {(!status.warnings.is_empty()).then(|| view! {
                    <dt>"Warnings"</dt><dd class="warning">{status.warnings.join("; ")}</dd>
                })}
                <dt>"Changed"</dt>
                <dd>
                    {readable_at(&source.updated_at)}
                    {source.changed_by.clone().map(|by| format!(" by {by}"))}
                </dd>
            </dl>
        </section>
    }
}
