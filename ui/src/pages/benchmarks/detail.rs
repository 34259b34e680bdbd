//! A run at `/benchmarks/ID`: followed live while it goes (polling its progress), then its
//! record. The address is the run's, so a run left and found again (from the status bar's
//! job list) shows where it is.

use super::live::LiveProgress;
use super::record::RunRecord;
use crate::components::notifications::use_notifier;
use crate::components::widgets::PollTimer;
use crate::data::{Topic, use_invalidation, use_query};
use archboard_types::bench::BenchRunRef;
use archboard_types::endpoint::BenchProgressGet;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::time::Duration;

/// How often a live run is polled.
const LIVE_POLL: Duration = Duration::from_millis(400);

#[component]
pub fn RunPage() -> impl IntoView {
    let notifier = use_notifier();
    let invalidation = use_invalidation();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let tick = RwSignal::new(0u64);
    let progress = use_query::<BenchProgressGet>(&[], move || {
        tick.track();
        Some(BenchRunRef { id: id.get() })
    });
    // The run this page saw running, so its end is announced once, and only here.
    let seen_running = StoredValue::new(None::<String>);
    let poll = PollTimer::new();
    Effect::new(move |_| {
        let Some(Ok(now)) = progress.get() else { return };
        if !now.is_finished() {
            seen_running.set_value(Some(now.id.clone()));
            poll.schedule(LIVE_POLL, move || {
                tick.try_update(|t| *t += 1);
            });
        } else if seen_running.get_value().as_deref() == Some(now.id.as_str()) {
            seen_running.set_value(None);
            invalidation.invalidate(&[Topic::Benchmarks, Topic::Jobs]);
            match (now.state, now.message.clone()) {
                (archboard_types::bench::RunState::Completed, _) => {
                    notifier.success("The benchmark finished.")
                }
                (_, message) => notifier.problem(message.unwrap_or_else(|| "The run stopped.".into())),
            }
        }
    });
    // The view changes only when the run's stage does (live → record); while it runs the panel
    // stays and its figures update in place, so Cancel is never rebuilt under the pointer.
    let stage = Memo::new(move |_| match progress.get() {
        None => RunView::Loading,
        Some(Err(_)) => RunView::Stored,
        Some(Ok(now)) if !now.is_finished() => RunView::Live,
        Some(Ok(now)) => match now.record_id {
            Some(record) => RunView::Record(record),
            None => RunView::Stopped(
                now.message.unwrap_or_else(|| "The run stopped before it measured anything.".into()),
            ),
        },
    });
    let live = Signal::derive(move || progress.ok());
    move || match stage.get() {
        RunView::Loading => view! { <p class="muted">"Loading…"</p> }.into_any(),
        // Not a run this engine knows live (an older or imported one): its record.
        RunView::Stored => view! { <RunRecord id=id.get_untracked()/> }.into_any(),
        RunView::Live => view! { <LiveProgress progress=live/> }.into_any(),
        RunView::Record(record) => view! { <RunRecord id=record/> }.into_any(),
        RunView::Stopped(message) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
    }
}

/// What the run page shows.
#[derive(Debug, Clone, PartialEq)]
enum RunView {
    Loading,
    Stored,
    Live,
    Record(String),
    Stopped(String),
}
