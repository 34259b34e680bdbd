//! Edit an item as TOML. The text is checked by the engine (a dry run) once typing pauses, so
//! problems show with their line before anything is saved; Save waits for a verdict on the
//! text as it is now.

use crate::components::notifications::use_notifier;
use crate::data::{Topic, use_debounced, use_form_mutation, use_query};
use crate::logic::debounce::DEBOUNCE_MS;
use archboard_types::catalog::{CatalogEdit, CatalogEntry, CatalogOrigin};
use archboard_types::endpoint::CatalogUpdate;
use leptos::prelude::*;

/// What the engine said about the text in the box.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Checking,
    Valid,
    Problem(String),
}

#[component]
pub fn CatalogEditor(entry: CatalogEntry, editing: RwSignal<bool>) -> impl IntoView {
    let notifier = use_notifier();
    let key = entry.summary.key.clone();
    let text = RwSignal::new(entry.toml.clone());
    let settled = use_debounced(move || text.get(), DEBOUNCE_MS);
    let check_key = key.clone();
    // Checks change nothing, so they invalidate nothing and follow no topic.
    let check = use_query::<CatalogUpdate>(&[], move || {
        Some(CatalogEdit { key: check_key.clone(), toml: settled.get(), dry_run: true })
    });
    let verdict = move || match check.get_with_request() {
        // Only a verdict on the text as it is now counts.
        Some((request, answer)) if text.with(|t| *t == request.toml) => match answer {
            Ok(_) => Verdict::Valid,
            Err(error) => Verdict::Problem(error.message),
        },
        _ => Verdict::Checking,
    };
    let save = use_form_mutation::<CatalogUpdate>(&[Topic::Catalog]);
    save.on_success(move |saved| {
        notifier.success(format!("Saved {}.", saved.summary.key));
        editing.set(false);
    });
    let problem = move || match (save.error(), verdict()) {
        (_, Verdict::Problem(message)) => Some(message),
        (Some(error), Verdict::Valid) => Some(error.message),
        _ => None,
    };
    let on_save =
        move |_| save.run(CatalogEdit { key: key.clone(), toml: text.get_untracked(), dry_run: false });
    view! {
        <div class="catalog-editor">
            <header class="detail-head">
                <h2>{format!("Edit {}", entry.summary.name)}</h2>
                <div class="toolbar">
                    <button class="ghost" on:click=move |_| editing.set(false)>"Cancel"</button>
                    <button
                        class="primary"
                        id="catalog-save"
                        disabled=move || save.pending() || verdict() != Verdict::Valid
                        on:click=on_save
                    >
                        {move || if save.pending() { "Saving…" } else { "Save" }}
                    </button>
                </div>
            </header>
            <p class="muted">
                "The item as TOML. Keep the key; duplicate the item to make a variant under a new key. "
                {(entry.summary.origin == CatalogOrigin::Builtin).then_some("Edited built-ins keep your version when Archboard ships a newer one.")}
            </p>
            <label class="sr-only" for="catalog-toml">"TOML"</label>
            <textarea
                id="catalog-toml"
                class="code-editor"
                spellcheck="false"
                aria-invalid=move || problem().is_some().to_string()
                aria-describedby="catalog-toml-status"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <p id="catalog-toml-status" class=move || if problem().is_some() { "field-error" } else { "muted" } role="status">
                {move || match (problem(), verdict()) {
                    (Some(message), _) => message,
                    (None, Verdict::Checking) => "Checking…".to_owned(),
                    (None, _) => "Valid.".to_owned(),
                }}
            </p>
        </div>
    }
}
