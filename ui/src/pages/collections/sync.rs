//! Reviewing a sync of a collection's linked folder at `/collections/NAME/sync`. In the desktop
//! app the shell reads the folder from disk: the page shows what a sync would change (the same
//! per-file report as a folder import, with decisions whose file is gone listed as missing) and
//! applies it on request. A browser cannot read the folder, so there the page says where a sync
//! is done instead.

use super::name_param;
use crate::backend::{desktop_sync_collection, in_desktop};
use crate::components::notifications::use_notifier;
use crate::components::widgets::Nav;
use crate::data::{Topic, use_invalidation};
use crate::logic::import_report::{changes_anything, synced_message};
use crate::logic::query_string::collection_path;
use crate::pages::decisions::ImportReportView;
use archboard_types::ApiError;
use archboard_types::adr_folder::ImportReport;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The notice key the desktop's "files changed" event uses for `collection`.
pub fn folder_changed_key(collection: &str) -> String {
    format!("folder-changed:{collection}")
}

#[component]
pub fn CollectionSync() -> impl IntoView {
    let name = name_param();
    view! {
        <section class="page">
            <header class="page-head">
                <a class="button ghost" href=move || collection_path(&name.get())>
                    {move || format!("← Collection {}", name.get())}
                </a>
            </header>
            <h1>{move || format!("Sync the folder of collection {}", name.get())}</h1>
            {move || if in_desktop() {
                view! { <DesktopSync name/> }.into_any()
            } else {
                view! {
                    <div class="callout" id="sync-browser-only">
                        <p>
                            "Syncing a linked folder reads it from disk, which a browser cannot do. Sync it from the Archboard desktop app, or run "
                            <code class="mono">{format!("archboard adr sync --collection {}", name.get())}</code>
                            " on the machine that holds the folder."
                        </p>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn DesktopSync(name: Memo<String>) -> impl IntoView {
    let nav = Nav::new();
    let notifier = use_notifier();
    let invalidation = use_invalidation();
    let preview = RwSignal::new(None::<Result<ImportReport, ApiError>>);
    let checking = RwSignal::new(false);
    let applying = RwSignal::new(false);
    // Bumped by "Check again"; the newest check's answer is the one shown.
    let again = RwSignal::new(0u32);
    let seq = StoredValue::new(0u32);

    Effect::new(move |_| {
        again.track();
        let collection = name.get();
        let ticket = seq.get_value() + 1;
        seq.set_value(ticket);
        checking.set(true);
        spawn_local(async move {
            let answer = desktop_sync_collection(&collection, true).await;
            if seq.try_get_value() == Some(ticket) {
                preview.set(Some(answer));
                checking.set(false);
            }
        });
    });

    let apply = move |_| {
        let collection = name.get_untracked();
        applying.set(true);
        spawn_local(async move {
            match desktop_sync_collection(&collection, false).await {
                Ok(done) => {
                    invalidation.invalidate(&[Topic::Decisions, Topic::Collections]);
                    notifier.dismiss(&folder_changed_key(&collection));
                    notifier.success(synced_message(&done));
                    nav.go(&collection_path(&collection));
                }
                Err(error) => notifier.error(&error),
            }
            // The page may be gone by now (Apply moved to the collection).
            let _ = applying.try_set(false);
        });
    };
    let can_apply = move || {
        !checking.get()
            && !applying.get()
            && preview.with(|p| matches!(p, Some(Ok(report)) if changes_anything(report)))
    };

    view! {
        <div class="toolbar">
            <button id="sync-refresh" disabled=move || checking.get() || applying.get() on:click=move |_| again.update(|n| *n += 1)>
                "Check again"
            </button>
            <button class="primary" id="sync-apply" disabled=move || !can_apply() on:click=apply>
                {move || if applying.get() { "Applying…" } else { "Apply" }}
            </button>
        </div>
        <p class="muted">
            "Nothing is written until you apply. A decision whose file is gone is marked missing from the folder, never deleted."
        </p>
        <Show when=move || checking.get()>
            <p class="muted" role="status">"Reading the folder…"</p>
        </Show>
        {move || match preview.get() {
            None => ().into_any(),
            Some(Err(error)) => view! { <p class="callout warn" role="alert" id="sync-error">{error.message}</p> }.into_any(),
            Some(Ok(report)) => {
                let unchanged = !changes_anything(&report);
                view! {
                    {unchanged.then(|| view! { <p class="callout" id="sync-nothing">"The folder and the board agree: nothing to apply."</p> })}
                    <ImportReportView report/>
                }
                .into_any()
            }
        }}
    }
}
