//! A run in progress: phase, rate, percentiles so far, errors, and Cancel. Built once per run;
//! the figures follow the polled progress in place.

use crate::data::{Topic, use_mutation};
use archboard_types::bench::{BenchProgress, BenchRunRef};
use archboard_types::endpoint::BenchCancel;
use leptos::prelude::*;

#[component]
pub fn LiveProgress(progress: Signal<Option<BenchProgress>>) -> impl IntoView {
    let now = move || progress.get().unwrap_or_else(placeholder);
    let cancel_run = use_mutation::<BenchCancel>(&[Topic::Jobs]);
    let cancel = move |_| {
        if let Some(current) = progress.get_untracked() {
            cancel_run.run(BenchRunRef { id: current.id });
        }
    };
    let running = move || !now().state.is_finished();
    let planned = move || now().phases_planned.max(1);
    view! {
        <section class="callout bench-live" aria-label="Run in progress" aria-live="polite">
            <div class="bench-live-head">
                <strong>{move || if running() { "Running" } else { "Finished" }}</strong>
                <span class="mono">{move || now().id}</span>
                <span>{move || {
                    let p = now();
                    format!("phase {} of {} · {}", (p.phases_done + u32::from(running())).min(planned()), planned(), p.stage)
                }}</span>
                <progress max=planned value=move || now().phases_done></progress>
                <Show when=running>
                    <button id="bench-cancel" class="danger" disabled=move || cancel_run.pending() on:click=cancel>"Cancel"</button>
                </Show>
            </div>
            <dl class="facts bench-live-figures">
                <dt>"Elapsed"</dt><dd>{move || format!("{:.1} s", now().elapsed_s)}</dd>
                <dt>"Completed (this phase)"</dt><dd id="bench-live-completed">{move || now().completed}</dd>
                <dt>"Errors"</dt><dd>{move || now().errors}</dd>
                <dt>"Current rate"</dt><dd>{move || format!("{:.1} /s", now().current_rate)}</dd>
                <dt>"So far"</dt><dd>{move || { let p = now(); format!("p50 {:.2} ms · p95 {:.2} ms · p99 {:.2} ms", p.p50_ms, p.p95_ms, p.p99_ms) }}</dd>
            </dl>
            {move || now().message.map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </section>
    }
}

/// What the panel shows before the first answer (it is only built once one has come).
fn placeholder() -> BenchProgress {
    BenchProgress::starting("", 1)
}
