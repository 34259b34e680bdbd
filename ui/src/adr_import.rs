//! Importing an ADR folder from the UI: pick a folder, see what each file would become
//! (new / updated / unchanged / failed, with the reason), then import.

use crate::app::AppContext;
use crate::backend::call;
use archboard_types::adr::display_number;
use archboard_types::adr_folder::{ImportFile, ImportOutcome, ImportReport, ImportRequest};
use archboard_types::endpoint::AdrImport;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

/// Reads the files chosen in a folder picker, keeping paths relative to the chosen folder
/// and only the files an ADR import looks at.
async fn read_picked(list: web_sys::FileList) -> Vec<ImportFile> {
    let mut picked = Vec::new();
    for index in 0..list.length() {
        let Some(file) = list.get(index) else { continue };
        let relative = js_sys::Reflect::get(&file, &JsValue::from_str("webkitRelativePath"))
            .ok()
            .and_then(|v| v.as_string())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| file.name());
        // Drop the chosen folder's own name: `.adr-dir` must sit at the root.
        let path = relative.split_once('/').map(|(_, rest)| rest.to_owned()).unwrap_or(relative);
        let name = path.rsplit('/').next().unwrap_or(&path);
        if !(name.ends_with(".md") || name == ".adr-dir" || name == ".log4brains.yml") {
            continue;
        }
        let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else { continue };
        picked.push(ImportFile { path, content: js_sys::Uint8Array::new(&buffer).to_vec() });
    }
    picked
}

#[component]
pub fn ImportFolder(on_done: Callback<()>) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let input = NodeRef::<leptos::html::Input>::new();
    let files = StoredValue::new(Vec::<ImportFile>::new());
    let report = RwSignal::new(None::<ImportReport>);
    let busy = RwSignal::new(false);

    // Leptos has no typed `webkitdirectory`; the attribute turns the picker into a folder picker.
    Effect::new(move |_| {
        if let Some(element) = input.get() {
            let _ = element.set_attribute("webkitdirectory", "");
        }
    });

    let preview = move |_| {
        let Some(list) = input.get_untracked().and_then(|element| element.files()) else { return };
        busy.set(true);
        report.set(None);
        spawn_local(async move {
            let picked = read_picked(list).await;
            match call::<AdrImport>(&ImportRequest { files: picked.clone(), dry_run: true }).await {
                Ok(preview) => report.set(Some(preview)),
                Err(error) => context.error(&error),
            }
            files.set_value(picked);
            busy.set(false);
        });
    };
    let apply = move |_| {
        busy.set(true);
        spawn_local(async move {
            let request = ImportRequest { files: files.get_value(), dry_run: false };
            match call::<AdrImport>(&request).await {
                Ok(done) => {
                    let failed =
                        if done.failed > 0 { format!(", {} left out", done.failed) } else { String::new() };
                    context.success(format!(
                        "Imported {} new and {} updated decisions{failed}.",
                        done.new, done.updated
                    ));
                    context.changed();
                    on_done.run(());
                }
                Err(error) => context.error(&error),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="page">
            <header class="page-head">
                <h1>"Import an ADR folder"</h1>
                <div class="toolbar">
                    <button class="ghost" on:click=move |_| on_done.run(())>
                        "Cancel"
                    </button>
                    <button
                        class="primary"
                        id="import-apply"
                        disabled=move || {
                            busy.get() || report.get().is_none_or(|r| r.new + r.updated == 0)
                        }
                        on:click=apply
                    >
                        {move || match report.get() {
                            Some(r) if r.new + r.updated > 0 => format!("Import {} decisions", r.new + r.updated),
                            _ => "Import".to_owned(),
                        }}
                    </button>
                </div>
            </header>
            <p class="muted">
                "Choose the folder your team keeps its decisions in (adr-tools, MADR 2–4 or log4brains). Nothing is written until you confirm; files that cannot be read are listed with the reason and left out."
            </p>
            <div class="field">
                <label for="import-folder">"Folder"</label>
                <input id="import-folder" type="file" multiple=true node_ref=input on:change=preview/>
            </div>
            <Show when=move || busy.get()>
                <p class="muted" role="status">"Reading the folder…"</p>
            </Show>
            {move || {
                report
                    .get()
                    .map(|r| {
                        view! {
                            <p class="import-summary" role="status">
                                {format!(
                                    "{} new · {} updated · {} unchanged · {} failed",
                                    r.new,
                                    r.updated,
                                    r.unchanged,
                                    r.failed,
                                )}
                            </p>
                            <table class="data import-preview">
                                <thead>
                                    <tr>
                                        <th scope="col">"Outcome"</th>
                                        <th scope="col">"File"</th>
                                        <th scope="col">"Decision"</th>
                                        <th scope="col">"Notes"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {r
                                        .items
                                        .into_iter()
                                        .map(|item| {
                                            let (label, class) = match item.outcome {
                                                ImportOutcome::New => ("new", "badge status-accepted"),
                                                ImportOutcome::Updated => ("updated", "badge status-proposed"),
                                                ImportOutcome::Unchanged => ("unchanged", "badge status-deprecated"),
                                                ImportOutcome::Failed => ("failed", "badge status-rejected"),
                                            };
                                            let decision = match (item.number, item.title) {
                                                (Some(n), Some(t)) => format!("{} {t}", display_number(n)),
                                                (None, Some(t)) => t,
                                                _ => String::new(),
                                            };
                                            let notes = item
                                                .messages
                                                .iter()
                                                .map(|m| match item.line.filter(|_| item.outcome == ImportOutcome::Failed) {
                                                    Some(line) => format!("line {line}: {m}"),
                                                    None => m.clone(),
                                                })
                                                .collect::<Vec<_>>()
                                                .join(" · ");
                                            view! {
                                                <tr class=format!("outcome-{label}")>
                                                    <td>
                                                        <span class=class>{label}</span>
                                                    </td>
                                                    <td class="mono">{item.path}</td>
                                                    <td>{decision}</td>
                                                    <td class="muted">{notes}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                    })
            }}
        </section>
    }
}
