//! AWS Well-Architected custom lenses at `/reviews/lenses`: import a lens JSON file as a
//! checklist template (the report says its key, what it holds and any warnings), and export a
//! checklist as a lens file.

use super::{AreaLinks, save_and_tell};
use crate::backend::call;
use crate::components::files::{first_file, read_text};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::data::{Topic, use_mutation, use_query};
use archboard_types::catalog::{CatalogKind, CatalogListQuery, CatalogRef};
use archboard_types::endpoint as api;
use archboard_types::people::Permission;
use archboard_types::review::{LensImportReport, LensImportRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn LensesPage() -> impl IntoView {
    let me = use_me();
    let notifier = use_notifier();
    let input = NodeRef::<leptos::html::Input>::new();
    let report = RwSignal::new(None::<LensImportReport>);
    let import = use_mutation::<api::LensImport>(&[Topic::Catalog]);
    import.on_success(move |done| {
        notifier.success(format!("Imported {} as {}.", done.name, done.key));
        report.set(Some(done));
    });
    let upload = move |_| {
        let Some(file) = input.get_untracked().and_then(|element| first_file(&element)) else {
            notifier.problem("Choose a lens JSON file first.");
            return;
        };
        spawn_local(async move {
            match read_text(&file).await {
                Ok(json) => import.run(LensImportRequest { file_name: file.name(), json }),
                Err(message) => notifier.problem(message),
            }
        });
    };

    let checklists = use_query::<api::CatalogList>(&[Topic::Catalog], || {
        Some(CatalogListQuery { kind: Some(CatalogKind::Checklist), search: None })
    });
    let chosen = RwSignal::new(String::new());
    let exporting = RwSignal::new(false);
    let export = move |_| {
        let key = chosen.get_untracked();
        exporting.set(true);
        spawn_local(async move {
            let answer = call::<api::LensExport>(&CatalogRef { key }).await;
            save_and_tell(answer, "the lens", notifier).await;
            let _ = exporting.try_set(false);
        });
    };

    view! {
        <section class="page review-lenses">
            <header class="page-head">
                <h1>"Lenses"</h1>
                <AreaLinks/>
            </header>
            <p class="muted">
                "A custom lens of the AWS Well-Architected Tool becomes a checklist template: its pillars are sections, its questions items answered by choosing, and its rules set each item's risk."
            </p>
            <section class="panel" aria-label="Import a lens">
                <h2>"Import a lens"</h2>
                <Show when=move || me.can(Permission::Edit) fallback=|| view! { <p class="muted">"Importing needs the contributor, chair or owner role."</p> }>
                    <div class="toolbar">
                        <input type="file" accept=".json,application/json" node_ref=input id="lens-file" data-testid="lens-file"/>
                        <button type="button" class="primary" data-testid="lens-import" disabled=move || import.pending() on:click=upload>
                            {move || if import.pending() { "Importing…" } else { "Import" }}
                        </button>
                    </div>
                </Show>
                {move || report.get().map(|r| view! {
                    <div class="callout lens-report" data-testid="lens-report" role="status">
                        <p>
                            <span class="mono" data-testid="lens-key">{r.key.clone()}</span>
                            {format!(" — {} v{} · {} · {} sections, {} items", r.name, r.version, if r.created { "new" } else { "updated" }, r.sections, r.items)}
                        </p>
                        {(!r.warnings.is_empty()).then(|| view! {
                            <ul class="import-warnings" data-testid="lens-warnings">
                                {r.warnings.iter().map(|w| view! { <li>{format!("⚠ {w}")}</li> }).collect_view()}
                            </ul>
                        })}
                        <a class="link" href=format!("/catalog/{}", crate::logic::query_string::encode(&r.key))>"Open the template"</a>
                    </div>
                })}
            </section>
            <section class="panel" aria-label="Export a lens">
                <h2>"Export a checklist as a lens"</h2>
                <div class="toolbar">
                    <label class="sr-only" for="lens-export-checklist">"Checklist"</label>
                    <select id="lens-export-checklist" data-testid="lens-export-checklist" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        <option value="">"Choose a checklist…"</option>
                        {move || checklists.ok().unwrap_or_default().into_iter().map(|c| view! {
                            <option value=c.key.clone()>{format!("{} ({})", c.name, c.key)}</option>
                        }).collect_view()}
                    </select>
                    <button
                        type="button"
                        data-testid="lens-export"
                        disabled=move || exporting.get() || chosen.with(String::is_empty)
                        on:click=export
                    >
                        "Export"
                    </button>
                </div>
            </section>
        </section>
    }
}
