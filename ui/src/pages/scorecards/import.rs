//! The CSV import of measurements at `/scorecards/import`: a file is picked and previewed at
//! once (`kpi_import` with `dry_run`), every row marked new, updated, unchanged or bad with its
//! line and reason; "Import N rows" sends the same file for real and shows what was written.

use super::AreaLinks;
use crate::components::files::{first_file, read_bytes};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::data::{Topic, field_message, use_form_mutation};
use crate::logic::kpi::{format_number, import_row_class};
use crate::logic::lists::readable_at;
use archboard_types::endpoint as api;
use archboard_types::files::{FileContents, IMPORT_FILE_MAX_BYTES};
use archboard_types::kpi::{KpiImportReport, KpiImportRequest};
use archboard_types::people::Permission;
use leptos::prelude::*;
use leptos::task::spawn_local;

const EXAMPLE: &str = "kpi,team,time,value,note\nkpi.deployment-frequency,Payments,2026-07-31,42,from the CD dashboard\nkpi.change-failure-rate,Payments,2026-07-31T17:00:00Z,4.5,";

#[component]
pub fn ImportPage() -> impl IntoView {
    let notifier = use_notifier();
    let me = use_me();
    let input = NodeRef::<leptos::html::Input>::new();
    let file = RwSignal::new(None::<FileContents>);
    let read_problem = RwSignal::new(None::<String>);
    let preview = use_form_mutation::<api::KpiImport>(&[]);
    let apply = use_form_mutation::<api::KpiImport>(&[Topic::Metrics]);
    // The report on screen: the preview, then what was written.
    let report = RwSignal::new(None::<KpiImportReport>);
    preview.on_success(move |r| report.set(Some(r)));
    apply.on_success(move |r| {
        notifier.success(format!("Imported {} new and {} updated measurements.", r.new, r.updated));
        report.set(Some(r));
    });
    let picked = move |_| {
        let Some(picked) = input.get_untracked().and_then(|el| first_file(&el)) else { return };
        report.set(None);
        read_problem.set(None);
        spawn_local(async move {
            if picked.size() as usize > IMPORT_FILE_MAX_BYTES {
                read_problem.set(Some(format!(
                    "{} is larger than {} MB.",
                    picked.name(),
                    IMPORT_FILE_MAX_BYTES / 1024 / 1024
                )));
                return;
            }
            match read_bytes(&picked).await {
                Ok(bytes) => {
                    let contents = FileContents::new(picked.name(), bytes);
                    file.set(Some(contents.clone()));
                    preview.run(KpiImportRequest { file: contents, dry_run: true });
                }
                Err(message) => read_problem.set(Some(message)),
            }
        });
    };
    let writable = move || report.with(|r| r.as_ref().map(|r| r.new + r.updated).unwrap_or(0));
    let applied = move || report.with(|r| r.as_ref().is_some_and(|r| r.applied));
    let run_apply = move |_| {
        if let Some(contents) = file.get_untracked() {
            apply.run(KpiImportRequest { file: contents, dry_run: false });
        }
    };
    let error = move || {
        read_problem
            .get()
            .or_else(|| field_message(apply.error(), "file"))
            .or_else(|| field_message(preview.error(), "file"))
    };
    let busy = move || preview.pending() || apply.pending();

    let summary = move || {
        report.get().map(|r| {
            let verb = if r.applied { "Imported" } else { "Preview" };
            view! {
                <p class="import-summary" data-testid="kpi-import-summary" aria-live="polite">
                    {format!("{verb}: {} new, {} updated, {} unchanged, {} bad", r.new, r.updated, r.unchanged, r.bad)}
                    {(!r.applied && r.bad > 0).then_some(" — bad rows are skipped.")}
                </p>
            }
        })
    };
    let table = move || {
        report.get().filter(|r| !r.rows.is_empty()).map(|r| {
            view! {
                <div class="table-scroll">
                    <table class="data compact import-preview" data-testid="kpi-import-rows">
                        <thead>
                            <tr>
                                <th scope="col" class="th-text">"Status"</th>
                                <th scope="col" class="th-text num">"Line"</th>
                                <th scope="col" class="th-text">"KPI"</th>
                                <th scope="col" class="th-text">"Scope"</th>
                                <th scope="col" class="th-text">"Time"</th>
                                <th scope="col" class="th-text num">"Value"</th>
                                <th scope="col" class="th-text">"Reason"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {r.rows.into_iter().map(|row| view! {
                                <tr class=import_row_class(row.status) data-status=row.status.as_str()>
                                    <td>{row.status.label()}</td>
                                    <td class="num">{row.line}</td>
                                    <td class="mono">{row.kpi.unwrap_or_default()}</td>
                                    <td>{row.scope.map(|s| s.describe()).unwrap_or_default()}</td>
                                    <td class="mono">{row.at.as_ref().map(readable_at).unwrap_or_default()}</td>
                                    <td class="num">{row.value.map(format_number).unwrap_or_default()}</td>
                                    <td>{row.reason.unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })
    };

    view! {
        <section class="page kpi-import-page">
            <header class="page-head">
                <h1>"Import measurements"</h1>
                <AreaLinks/>
            </header>
            <Show
                when=move || me.can(Permission::Edit)
                fallback=|| view! { <p class="callout warn">"Importing measurements needs a role that may edit."</p> }
            >
                <section class="panel" aria-label="CSV file">
                    <p>
                        "A CSV file whose header names the columns "
                        <span class="mono">"kpi"</span>", "<span class="mono">"team"</span>" or "<span class="mono">"system"</span>", "
                        <span class="mono">"time"</span>", "<span class="mono">"value"</span>" and optionally "<span class="mono">"note"</span>
                        ", in any order. A row again for the same KPI, scope and time replaces the value."
                    </p>
                    <details>
                        <summary>"Example"</summary>
                        <pre class="code">{EXAMPLE}</pre>
                    </details>
                    <div class="field">
                        <label for="kpi-import-file">"CSV file"</label>
                        <input
                            type="file"
                            id="kpi-import-file"
                            accept=".csv,text/csv"
                            node_ref=input
                            aria-describedby="kpi-import-error"
                            on:change=picked
                        />
                        <p class="field-error" id="kpi-import-error" role="alert">{error}</p>
                    </div>
                    {move || preview.pending().then(|| view! { <p class="muted">"Checking the file…"</p> })}
                </section>
                {summary}
                <Show when=move || report.with(Option::is_some) && !applied()>
                    <div class="toolbar section-actions">
                        <button
                            class="primary"
                            id="kpi-import-apply"
                            disabled=move || busy() || writable() == 0
                            on:click=run_apply
                        >
                            {move || {
                                let n = writable();
                                if apply.pending() {
                                    "Importing…".to_owned()
                                } else {
                                    format!("Import {n} {}", if n == 1 { "row" } else { "rows" })
                                }
                            }}
                        </button>
                    </div>
                </Show>
                {table}
            </Show>
        </section>
    }
}
