//! Importing an ADR folder at `/decisions/import` (`?collection=NAME` chooses the collection
//! first): choose the collection the files go into (an existing one, or a new one named here)
//! and how they write dates, pick a folder, see what each file would become (new / updated /
//! unchanged / failed / skipped, with warnings and reasons), then import.

use super::report::ImportReportView;
use crate::backend::call;
use crate::components::files::read_bytes;
use crate::components::notifications::use_notifier;
use crate::components::widgets::Nav;
use crate::data::{Topic, use_mutation};
use crate::logic::import_report::{
    ImportTarget, NEW_COLLECTION, default_date_order, done_message, initial_choice,
};
use crate::logic::query_string::collection_decisions_path;
use crate::pages::collections::use_collections;
use archboard_types::adr_folder::{DateOrder, ImportFile, ImportReport, ImportRequest, is_adr_folder_file};
use archboard_types::endpoint::AdrImport;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
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
    let query = use_query_map();
    let wanted = query.with_untracked(|q| q.get("collection"));
    let input = NodeRef::<leptos::html::Input>::new();
    let files = StoredValue::new(None::<Vec<ImportFile>>);
    // Bumped when a folder has been read, so the preview runs again for it.
    let picked_rev = RwSignal::new(0u32);
    let report = RwSignal::new(None::<ImportReport>);
    let reading = RwSignal::new(false);
    let previewing = RwSignal::new(false);
    let busy = Signal::derive(move || reading.get() || previewing.get());
    let collections = use_collections();
    let target = RwSignal::new(ImportTarget::default());
    // The date order chosen by hand; until then the chosen collection's own.
    let chosen_order = RwSignal::new(None::<DateOrder>);

    // Start in the collection the address named, else the default, once the collections are known.
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(all) = collections.ok() else { return };
        if !started.get_value() {
            started.set_value(true);
            let choice = initial_choice(&all, wanted.as_deref());
            target.update(|t| t.choice = choice);
        }
    });
    let date_order = Memo::new(move |_| {
        chosen_order
            .get()
            .unwrap_or_else(|| target.with(|t| default_date_order(&collections.ok().unwrap_or_default(), t)))
    });
    let collection = Memo::new(move |_| target.with(ImportTarget::collection));
    let new_name_error = move || {
        target.with(|t| t.is_new() && !t.new_name.is_empty()).then(|| collection.get().err()).flatten()
    };

    // Leptos has no typed `webkitdirectory`; the attribute turns the picker into a folder picker.
    Effect::new(move |_| {
        if let Some(element) = input.get() {
            let _ = element.set_attribute("webkitdirectory", "");
        }
    });

    let read_folder = move |_| {
        let Some(list) = input.get_untracked().and_then(|element| element.files()) else { return };
        reading.set(true);
        report.set(None);
        spawn_local(async move {
            let picked = read_picked(list).await;
            files.set_value(Some(picked));
            reading.set(false);
            picked_rev.update(|r| *r += 1);
        });
    };

    // The preview follows the folder, the collection and the date order: what a file becomes
    // depends on all three. Only the newest preview's answer is shown.
    let preview_seq = StoredValue::new(0u32);
    Effect::new(move |_| {
        picked_rev.track();
        let order = date_order.get();
        let target_now = collection.get();
        // Whatever was asked before is no longer what the page shows.
        let seq = preview_seq.get_value() + 1;
        preview_seq.set_value(seq);
        let (Ok(collection), Some(picked)) = (target_now, files.get_value()) else {
            report.set(None);
            previewing.set(false);
            return;
        };
        previewing.set(true);
        spawn_local(async move {
            let request = ImportRequest {
                files: picked,
                dry_run: true,
                collection,
                date_order: Some(order),
                ..Default::default()
            };
            let answer = call::<AdrImport>(&request).await;
            if preview_seq.try_get_value() != Some(seq) {
                return;
            }
            match answer {
                Ok(preview) => report.set(Some(preview)),
                Err(error) => {
                    report.set(None);
                    notifier.error(&error);
                }
            }
            previewing.set(false);
        });
    });

    // An import changes the collections' counts and may create one.
    let import = use_mutation::<AdrImport>(&[Topic::Decisions, Topic::Collections]);
    let several = move || collections.ok().is_some_and(|all| all.len() > 1);
    import.on_success(move |done| {
        notifier.success(done_message(&done));
        // On a board with several collections, land on the one just imported into.
        if several() || done.collection_created {
            nav.go(&collection_decisions_path(&done.collection));
        } else {
            nav.go("/decisions");
        }
    });
    let apply = move |_| {
        let (Some(picked), Ok(collection)) = (files.get_value(), collection.get_untracked()) else { return };
        import.run(ImportRequest {
            files: picked,
            dry_run: false,
            collection,
            date_order: Some(date_order.get_untracked()),
            ..Default::default()
        });
    };
    let to_import = move || report.get().map(|r| r.new + r.updated).unwrap_or(0);

    let collection_options = move || {
        collections
            .ok()
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                let name = c.name.clone();
                let label = if c.is_default { format!("{} (default)", c.name) } else { c.name.clone() };
                view! { <option value=c.name.clone() selected=move || target.with(|t| t.choice == name)>{label}</option> }
            })
            .collect_view()
    };

    view! {
        <section class="page">
            <header class="page-head">
                <h1>"Import an ADR folder"</h1>
                <div class="toolbar">
                    <button class="ghost" on:click=move |_| nav.go("/decisions")>
                        "Cancel"
                    </button>
                    <button
                        class="primary"
                        id="import-apply"
                        disabled=move || {
                            busy.get() || import.pending() || collection.get().is_err() || to_import() == 0
                        }
                        on:click=apply
                    >
                        {move || match to_import() {
                            0 => "Import".to_owned(),
                            n => format!("Import {n} decisions"),
                        }}
                    </button>
                </div>
            </header>
            <p class="muted">
                "Choose the folder your team keeps its decisions in (adr-tools, MADR 2–4 or log4brains). Nothing is written until you confirm; files that cannot be read are listed with the reason and left out, and what could not be read in a file that imports anyway is listed as a warning."
            </p>
            <div class="field-grid">
                <div class="field">
                    <label for="import-collection">"Into collection"</label>
                    <select
                        id="import-collection"
                        on:change=move |ev| {
                            let choice = event_target_value(&ev);
                            target.update(|t| t.choice = choice);
                        }
                    >
                        {collection_options}
                        <option value=NEW_COLLECTION selected=move || target.with(ImportTarget::is_new)>
                            "New collection…"
                        </option>
                    </select>
                </div>
                <Show when=move || target.with(ImportTarget::is_new)>
                    <div class="field" class:invalid=move || new_name_error().is_some()>
                        <label for="import-new-collection">"New collection's name"</label>
                        <input
                            id="import-new-collection"
                            type="text"
                            placeholder="payments"
                            aria-describedby="import-new-collection-error"
                            aria-invalid=move || new_name_error().is_some().to_string()
                            prop:value=move || target.with(|t| t.new_name.clone())
                            on:input=move |ev| {
                                let name = event_target_value(&ev);
                                target.update(|t| t.new_name = name);
                            }
                        />
                        <p class="field-error" id="import-new-collection-error" aria-live="polite">{new_name_error}</p>
                    </div>
                </Show>
                <div class="field">
                    <label for="import-date-order">"Dates like 03/04/2017 are written"</label>
                    <select
                        id="import-date-order"
                        on:change=move |ev| chosen_order.set(event_target_value(&ev).parse::<DateOrder>().ok())
                    >
                        {DateOrder::ALL
                            .iter()
                            .copied()
                            .map(|order| view! {
                                <option value=order.as_str() selected=move || date_order.get() == order>{order.label()}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for="import-folder">"Folder"</label>
                <input id="import-folder" type="file" multiple=true node_ref=input on:change=read_folder/>
            </div>
            <Show when=move || busy.get()>
                <p class="muted" role="status">"Reading the folder…"</p>
            </Show>
            {move || report.get().map(|report| view! { <ImportReportView report/> })}
        </section>
    }
}
