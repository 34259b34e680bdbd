//! Moving the catalog in and out: export as one TOML file (a browser download, or a folder
//! chosen in the desktop's native dialog) and import TOML files after a dry-run preview.

use crate::backend::call;
use crate::components::files::{download, read_bytes};
use crate::components::notifications::use_notifier;
use crate::data::{Topic, use_mutation};
use archboard_types::adr_folder::ImportFile;
use archboard_types::catalog::CatalogImportRequest;
use archboard_types::catalog::{CatalogExportRequest, CatalogImportOutcome, CatalogImportReport};
use archboard_types::endpoint::{CatalogExportAll, CatalogImport};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Exports the whole catalog: as one downloaded TOML file in a browser, into a folder chosen in
/// the native dialog on the desktop.
#[component]
pub fn ExportButton() -> impl IntoView {
    let notifier = use_notifier();
    let export = move |_| {
        spawn_local(async move {
            if crate::backend::in_desktop() {
                match crate::backend::desktop_export_catalog().await {
                    Ok(Some(folder)) => notifier.success(format!("Exported the catalog to {folder}.")),
                    Ok(None) => {}
                    Err(error) => notifier.error(&error),
                }
                return;
            }
            match call::<CatalogExportAll>(&CatalogExportRequest { single_file: true }).await {
                Ok(export) => {
                    let Some(file) = export.files.first() else { return };
                    if let Err(message) = download(&file.path, file.content.as_slice(), "application/toml") {
                        notifier.problem(message);
                    } else {
                        notifier.success(format!("Exported {} items as {}.", export.items, file.path));
                    }
                }
                Err(error) => notifier.error(&error),
            }
        });
    };
    view! { <button id="catalog-export" on:click=export title="Export every catalog item as TOML, to share or import elsewhere">"Export"</button> }
}

/// Import TOML files: a dry run lists what each item would become, or every problem with its
/// file and line; nothing is written until the user confirms a clean preview.
#[component]
pub fn ImportCatalog(on_done: Callback<()>) -> impl IntoView {
    let notifier = use_notifier();
    let input = NodeRef::<leptos::html::Input>::new();
    let files = StoredValue::new(Vec::<ImportFile>::new());
    let report = RwSignal::new(None::<CatalogImportReport>);
    let preview = move |_| {
        let Some(list) = input.get_untracked().and_then(|element| element.files()) else { return };
        spawn_local(async move {
            let mut picked = Vec::new();
            for index in 0..list.length() {
                let Some(file) = list.get(index) else { continue };
                match read_bytes(&file).await {
                    Ok(bytes) => picked.push(ImportFile::new(file.name(), bytes)),
                    Err(message) => notifier.problem(message),
                }
            }
            match call::<CatalogImport>(&CatalogImportRequest { files: picked.clone(), dry_run: true }).await
            {
                Ok(result) => report.set(Some(result)),
                Err(error) => notifier.error(&error),
            }
            files.set_value(picked);
        });
    };
    let import = use_mutation::<CatalogImport>(&[Topic::Catalog]);
    import.on_success(move |done| {
        if done.written {
            notifier.success(format!("Imported {} catalog items.", done.items.len()));
            on_done.run(());
        } else {
            report.set(Some(done));
        }
    });
    let apply = move |_| import.run(CatalogImportRequest { files: files.get_value(), dry_run: false });
    view! {
        <section class="callout import-panel" aria-label="Import catalog files">
            <p>"Choose catalog TOML files (as written by Export or " <span class="mono">"archboard catalog export"</span> "). Items you already have are updated; your edits to built-ins count as edits."</p>
            <input type="file" multiple accept=".toml" node_ref=input id="catalog-import-files" on:change=preview/>
            {move || report.get().map(|report| {
                let clean = report.problems.is_empty();
                let count = |outcome: CatalogImportOutcome| report.items.iter().filter(|i| i.outcome == outcome).count();
                view! {
                    <div class="import-preview">
                        {(!clean).then(|| view! {
                            <ul class="problems">
                                {report.problems.iter().map(|p| view! {
                                    <li class="field-error">{format!("{}{}{}: {}", p.path, p.line.map(|l| format!(":{l}")).unwrap_or_default(), p.key.as_ref().map(|k| format!(" [{k}]")).unwrap_or_default(), p.message)}</li>
                                }).collect_view()}
                            </ul>
                        })}
                        <p>{format!("{} new, {} updated, {} unchanged.", count(CatalogImportOutcome::New), count(CatalogImportOutcome::Updated), count(CatalogImportOutcome::Unchanged))}</p>
                        <div class="toolbar">
                            <button class="ghost" on:click=move |_| on_done.run(())>"Cancel"</button>
                            <button class="primary" disabled=move || !clean || import.pending() on:click=apply>"Import"</button>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}
