//! A run in progress: phase, rate, percentiles so far, errors, and Cancel.

use crate::data::{Topic, use_mutation};
use archboard_types::bench::{BenchProgress, BenchRunRef};
use archboard_types::endpoint::BenchCancel;
use leptos::prelude::*;

#[component]
pub fn LiveProgress(progress: BenchProgress) -> impl IntoView {
    let running = !progress.state.is_finished();
    let id = progress.id.clone();
    let cancel_run = use_mutation::<BenchCancel>(&[Topic::Jobs]);
    let cancel = move |_| cancel_run.run(BenchRunRef { id: id.clone() });
    let planned = progress.phases_planned.max(1);
    view! {
        <section class="callout bench-live" aria-label="Run in progress" aria-live="polite">
            <div class="bench-live-head">
                <strong>{if running { "Running" } else { "Finished" }}</strong>
                <span class="mono">{progress.id.clone()}</span>
                <span>{format!("phase {} of {} · {}", (progress.phases_done + u32::from(running)).min(planned), planned, progress.stage)}</span>
                <progress max=planned value=progress.phases_done></progress>
                {running.then(|| view! { <button id="bench-cancel" class="danger" disabled=move || cancel_run.pending() on:click=cancel>"Cancel"</button> })}
            </div>
            <dl class="facts bench-live-figures">
                <dt>"Elapsed"</dt><dd>{format!("{:.1} s", progress.elapsed_s)}</dd>
                <dt>"Completed (this phase)"</dt><dd id="bench-live-completed">{progress.completed}</dd>
                <dt>"Errors"</dt><dd>{progress.errors}</dd>
                <dt>"Current rate"</dt><dd>{format!("{:.1} /s", progress.current_rate)}</dd>
                <dt>"So far"</dt><dd>{format!("p50 {:.2} ms · p95 {:.2} ms · p99 {:.2} ms", progress.p50_ms, progress.p95_ms, progress.p99_ms)}</dd>
            </dl>
            {progress.message.clone().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </section>
    }
}
