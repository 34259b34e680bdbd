//! The history of built reports (`report_list`): each one's quarter, the teams it covers (or
//! the whole board), when and by whom it was built, the snapshot its figures came from (or
//! "provisional" for an open quarter) and the late changes noted; per report a preview, the
//! downloads (HTML, Markdown with its chart files, PDF: every file `report_get` returns is
//! saved) and, after a confirm step, Delete.

use super::{REPORT_TOPICS, escape_cancels, focus_soon};
use crate::backend::call;
use crate::components::files::save_exported;
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::data::{ListShape, use_mutation, use_query};
use crate::logic::lists::readable_at;
use crate::logic::report::{figures_text, report_mime, saved_message, teams_text};
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::report::{ReportFileRequest, ReportFormat, ReportRef, ReportSummary};
use archboard_types::system::Empty;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// The element id of a report's row in the history.
fn row_id(id: i64) -> String {
    format!("report-row-{id}")
}

#[component]
pub fn ReportHistory(
    /// The report selected (from the address): highlighted and scrolled into view.
    #[prop(into)]
    selected: Signal<Option<i64>>,
    /// Selects a report (Preview does).
    on_select: Callback<i64>,
    /// The report shown in the preview panel.
    preview: RwSignal<Option<i64>>,
) -> impl IntoView {
    let me = use_me();
    let notifier = use_notifier();
    let reports = use_query::<api::ReportList>(REPORT_TOPICS, || Some(Empty {}));
    let shape = Memo::new(move |_| ListShape::of(reports.get()));
    let downloading = RwSignal::new(None::<(i64, ReportFormat)>);
    let deleting = RwSignal::new(None::<ReportSummary>);
    let delete = use_mutation::<api::ReportDelete>(REPORT_TOPICS);
    delete.on_success(move |_| {
        if let Some(gone) = deleting.get_untracked() {
            if preview.get_untracked() == Some(gone.id) {
                preview.set(None);
            }
            notifier.success(format!("Deleted report #{} (“{}”).", gone.id, gone.title));
        }
        deleting.set(None);
    });

    // The selected report is brought into view once its row is there.
    Effect::new(move |_| {
        let Some(id) = selected.get() else { return };
        if shape.get() != ListShape::Rows {
            return;
        }
        request_animation_frame(move || {
            let row = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&row_id(id)))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(row) = row {
                row.scroll_into_view();
            }
        });
    });

    let download = move |report: ReportSummary, format: ReportFormat| {
        downloading.set(Some((report.id, format)));
        spawn_local(async move {
            let answer = call::<api::ReportGet>(&ReportFileRequest {
                id: report.id,
                format,
                bundle: format == ReportFormat::Markdown,
            })
            .await;
            match answer {
                Ok(files) => {
                    // The report first, then (for Markdown) its charts, each saved beside it.
                    let mut saved = Vec::new();
                    for file in &files.files {
                        match save_exported(file, report_mime(&file.path)).await {
                            Ok(Some(place)) => saved.push(place),
                            Ok(None) => {}
                            Err(message) => notifier.problem(message),
                        }
                    }
                    if !saved.is_empty() {
                        notifier.success(saved_message(&saved));
                    }
                }
                Err(error) => notifier.error(&error),
            }
            let _ = downloading.try_set(None);
        });
    };

    let row = move |report: ReportSummary| {
        let id = report.id;
        let is_selected = move || selected.get() == Some(id);
        let previewed = move || preview.get() == Some(id);
        let buttons = ReportFormat::ALL
            .iter()
            .map(|format| {
                let format = *format;
                let for_click = report.clone();
                let busy = move || downloading.get() == Some((id, format));
                view! {
                    <button
                        type="button"
                        class="small report-download"
                        id=format!("report-{id}-download-{}", format.as_str())
                        data-format=format.as_str()
                        aria-label=format!("Download report {id} as {}", format.label())
                        disabled=move || downloading.get().is_some()
                        on:click=move |_| download(for_click.clone(), format)
                    >
                        {move || if busy() { "Saving…".to_owned() } else { format.label().to_owned() }}
                    </button>
                }
            })
            .collect_view();
        let for_delete = report.clone();
        view! {
            <tr
                class="report-row"
                class:selected=is_selected
                id=row_id(id)
                aria-current=move || is_selected().then_some("true")
                data-report-id=id.to_string()
                data-testid="report-row"
            >
                <th scope="row" class="mono">{format!("#{id}")}</th>
                <td class="title-cell">{report.title.clone()}</td>
                <td data-testid="report-quarter">{report.period.to_string()}</td>
                <td data-testid="report-teams">{teams_text(&report)}</td>
                <td data-testid="report-built">
                    {readable_at(&report.built_at)}
                    <br/>
                    <span class="muted">{format!("by {}", report.built_by)}</span>
                </td>
                <td data-testid="report-figures" data-provisional=report.provisional.to_string()>
                    {figures_text(&report)}
                </td>
                <td class="num" data-testid="report-late-changes">{report.late_changes}</td>
                <td class="row-actions">
                    <button
                        type="button"
                        class="small report-preview-button"
                        id=format!("report-preview-{id}")
                        aria-pressed=move || previewed().to_string()
                        aria-controls="report-preview-panel"
                        on:click=move |_| {
                            on_select.run(id);
                            preview.set(Some(id));
                        }
                    >
                        "Preview"
                    </button>
                    <span class="report-downloads" role="group" aria-label=format!("Downloads of report {id}")>{buttons}</span>
                    <Show when=move || me.can(api::ReportDelete::PERMISSION)>
                        {
                            let for_delete = for_delete.clone();
                            view! {
                                <button
                                    type="button"
                                    class="small danger report-delete"
                                    id=format!("report-delete-{id}")
                                    disabled=move || delete.pending()
                                    on:click=move |_| {
                                        deleting.set(Some(for_delete.clone()));
                                        focus_soon("report-delete-confirm");
                                    }
                                >
                                    "Delete…"
                                </button>
                            }
                        }
                    </Show>
                </td>
            </tr>
        }
    };

    let table = move || {
        match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading the reports…"</p> }.into_any(),
        ListShape::Failed(message) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
        ListShape::Empty => view! {
            <p class="muted" data-testid="report-history-empty">"No reports yet. Build one above and it will be kept here."</p>
        }
        .into_any(),
        ListShape::Rows => view! {
            <div class="table-scroll">
                <table class="data compact report-history" id="report-history" data-testid="report-history">
                    <caption class="sr-only">"Built reports"</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="th-text">"Id"</th>
                            <th scope="col" class="th-text">"Title"</th>
                            <th scope="col" class="th-text">"Quarter"</th>
                            <th scope="col" class="th-text">"Teams"</th>
                            <th scope="col" class="th-text">"Built"</th>
                            <th scope="col" class="th-text">"Figures"</th>
                            <th scope="col" class="th-text num">"Late changes"</th>
                            <th scope="col" class="th-text"><span class="sr-only">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || reports.ok().unwrap_or_default()
                            key=|r| (r.id, r.late_changes, r.built_at, r.title.clone())
                            children=row
                        />
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
    }
    };

    let cancel = move || {
        if let Some(report) = deleting.get_untracked() {
            focus_soon(format!("report-delete-{}", report.id));
        }
        deleting.set(None);
    };
    let dialog = move || {
        deleting.get().map(|report| {
            let id = report.id;
            view! {
                <div
                    class="callout warn report-delete-dialog"
                    id="report-delete-dialog"
                    role="alertdialog"
                    aria-labelledby="report-delete-heading"
                    data-testid="report-delete-dialog"
                    on:keydown=escape_cancels(cancel)
                >
                    <h3 id="report-delete-heading">{format!("Delete report #{id}?")}</h3>
                    <p>
                        {format!(
                            "“{}” for {} is deleted with its stored files. The quarter's snapshot and the board's figures stay as they are, so the report can be built again.",
                            report.title, report.period
                        )}
                    </p>
                    <div class="toolbar">
                        <button
                            class="danger"
                            id="report-delete-confirm"
                            disabled=move || delete.pending()
                            on:click=move |_| delete.run(ReportRef { id })
                        >
                            {move || if delete.pending() { "Deleting…".to_owned() } else { format!("Delete report #{id}") }}
                        </button>
                        <button class="ghost" id="report-delete-cancel" on:click=move |_| cancel()>"Cancel"</button>
                    </div>
                </div>
            }
        })
    };

    view! {
        <section class="panel report-history-panel" aria-labelledby="report-history-heading" data-testid="report-history-panel">
            <h2 id="report-history-heading">"Built reports"</h2>
            {table}
            {dialog}
        </section>
    }
}
