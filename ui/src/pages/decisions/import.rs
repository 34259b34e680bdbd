//! Importing an ADR folder at `/decisions/import`: pick a folder, see what each file would become
//! (new / updated / unchanged / failed, with the reason), then import.

use crate::backend::call;
use crate::components::files::read_bytes;
use crate::components::notifications::use_notifier;
use crate::components::widgets::Nav;
use crate::data::{Topic, use_mutation};
use archboard_types::adr::display_number;
use archboard_types::adr_folder::{
    ImportFile, ImportOutcome, ImportReport, ImportRequest, is_adr_folder_file,
};
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
        // Which files an import reads is the contract's rule, shared with the CLI.
        if !is_adr_folder_file(&path) {
            continue;
        }
        let Ok(bytes) = read_bytes(&file).await else { continue };
        picked.push(ImportFile::new(path, bytes));
    }
    picked
}

#[component]
pub fn ImportFolder() -> impl IntoView {
    let notifier = use_notifier();
    let nav = Nav::new();
    let on_done = move || nav.go("/decisions");
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
                Err(error) => notifier.error(&error),
            }
            files.set_value(picked);
            busy.set(false);
        });
    };
    let import = use_mutation::<AdrImport>(&[Topic::Decisions]);
    import.on_success(move |done| {
        let failed = if done.failed > 0 { format!(", {} left out", done.failed) } else { String::new() };
        notifier
            .success(format!("Imported {} new and {} updated decisions{failed}.", done.new, done.updated));
        on_done();
    });
    let apply = move |_| import.run(ImportRequest { files: files.get_value(), dry_run: false });

    view! {
        <section class="page">
            <header class="page-head">
                <h1>"Import an ADR folder"</h1>
                <div class="toolbar">
                    <button class="ghost" on:click=move |_| on_done()>
                        "Cancel"
                    </button>
                    <button
                        class="primary"
                        id="import-apply"
                        disabled=move || {
                            busy.get() || import.pending() || report.get().is_none_or(|r| r.new + r.updated == 0)
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
                                            let label = item.outcome.label();
                                            let class = match item.outcome {
                                                ImportOutcome::New => "badge status-accepted",
                                                ImportOutcome::Updated => "badge status-proposed",
                                                ImportOutcome::Unchanged => "badge status-deprecated",
                                                ImportOutcome::Failed => "badge status-rejected",
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
