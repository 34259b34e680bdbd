//! The inline preview of a built report: its HTML download (`report_get` as html) cut to the
//! report's `<main class="archboard-report">` element and shown in the page, styled by the
//! report's own stylesheet (`assets/styles/report.css`, linked by `index.html`), since the
//! page's security policy allows no inline styles or scripts.

use super::{REPORT_TOPICS, problem_view};
use crate::data::use_query;
use crate::logic::report::preview_html;
use archboard_types::endpoint as api;
use archboard_types::report::{ReportFileRequest, ReportFormat};
use leptos::prelude::*;

#[component]
pub fn ReportPreview(preview: RwSignal<Option<i64>>) -> impl IntoView {
    let file = use_query::<api::ReportGet>(REPORT_TOPICS, move || {
        preview.get().map(|id| ReportFileRequest { id, format: ReportFormat::Html, bundle: false })
    });
    // Only an answer for the report asked for now: a slower answer for another is not shown.
    let content = Memo::new(move |_| {
        let wanted = preview.get()?;
        let (request, answer) = file.get_with_request()?;
        if request.id != wanted {
            return None;
        }
        Some(answer.map_err(|e| e.message).and_then(|files| preview_html(&files)))
    });
    let body = move || match content.get() {
        None => view! { <p class="muted">"Loading the preview…"</p> }.into_any(),
        Some(Err(message)) => problem_view(message).into_any(),
        Some(Ok(html)) => {
            view! { <div class="report-preview" data-testid="report-preview" inner_html=html></div> }
                .into_any()
        }
    };
    move || {
        preview.get().map(|id| {
            view! {
                <section
                    class="panel report-preview-panel"
                    id="report-preview-panel"
                    aria-labelledby="report-preview-heading"
                    data-testid="report-preview-panel"
                    data-report-id=id.to_string()
                >
                    <div class="report-preview-head">
                        <h2 id="report-preview-heading">{format!("Preview of report #{id}")}</h2>
                        <button type="button" class="ghost small" id="report-preview-close" on:click=move |_| preview.set(None)>
                            "Close the preview"
                        </button>
                    </div>
                    {body}
                </section>
            }
        })
    }
}
