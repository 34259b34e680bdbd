//! Importing a benchmark record (JSON from Export or `archboard bench export`).

use crate::components::files::{first_file, read_bytes};
use crate::components::notifications::use_notifier;
use crate::data::{Topic, use_mutation};
use archboard_types::bench::BenchImportRequest;
use archboard_types::endpoint::BenchImport;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ImportRun(on_done: Callback<Option<String>>) -> impl IntoView {
    let notifier = use_notifier();
    let input = NodeRef::<leptos::html::Input>::new();
    let import = use_mutation::<BenchImport>(&[Topic::Benchmarks]);
    import.on_success(move |summary| {
        notifier.success(format!("Imported run {}.", summary.name));
        on_done.run(Some(summary.id));
    });
    let picked = move |_| {
        let Some(file) = input.get_untracked().and_then(|el| first_file(&el)) else { return };
        spawn_local(async move {
            match read_bytes(&file).await {
                Ok(bytes) => import.run(BenchImportRequest {
                    file_name: file.name(),
                    json: String::from_utf8_lossy(&bytes).into_owned(),
                }),
                Err(message) => notifier.problem(message),
            }
        });
    };
    view! {
        <section class="callout import-panel" aria-label="Import a benchmark record">
            <p>"Choose a result record (JSON from Export or " <span class="mono">"archboard bench export"</span> "), e.g. one made on the target machine."</p>
            <input type="file" accept=".json" node_ref=input id="bench-import-file" on:change=picked/>
            <button on:click=move |_| on_done.run(None)>"Close"</button>
        </section>
    }
}
