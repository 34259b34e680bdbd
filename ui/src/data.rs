//! The one query hook and the one mutation hook over the contract, and per-area invalidation.
//!
//! `use_query` wraps a `LocalResource` around `backend::call::<E>` keyed on a request closure;
//! each request takes a ticket from `logic::latest::Latest`, so an older answer that arrives
//! after a newer request started is dropped instead of shown. `use_mutation` wraps an `Action`:
//! pending state, the error, and on success it invalidates the topics it names, which makes
//! exactly the queries that track those topics fetch again.

use crate::backend::call;
use crate::components::notifications::use_notifier;
use crate::logic::debounce::{DEBOUNCE_MS, Debounce};
use crate::logic::latest::Latest;
use archboard_types::{ApiError, Endpoint};
use leptos::prelude::*;
use std::time::Duration;

/// What a change can make stale. A decision save refreshes decision queries only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    Decisions,
    Catalog,
    Benchmarks,
    Jobs,
    /// Users, their roles and tokens, and who the caller is (`me`).
    People,
    /// Teams and the systems they run (a system names its team, a team lists its systems).
    Teams,
    /// ADR collections: their names, owners and linked folders. Their decision and missing
    /// counts change with decisions, so collection queries track `Decisions` too.
    Collections,
    /// Readiness and architecture reviews, their settings and the improvement backlog.
    Reviews,
    /// KPI measurements, scorecards, data sources, their bindings and syncs.
    Metrics,
    /// Candidates, their panels, scorecards and debriefs, calibration, retention and erasures.
    Interviews,
    /// Quarters (closed or open), maturity assessments and their approval, and built reports.
    Reports,
}

impl Topic {
    pub const ALL: [Topic; 11] = [
        Topic::Decisions,
        Topic::Catalog,
        Topic::Benchmarks,
        Topic::Jobs,
        Topic::People,
        Topic::Teams,
        Topic::Collections,
        Topic::Reviews,
        Topic::Metrics,
        Topic::Interviews,
        Topic::Reports,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// One revision counter per topic (separate signals, so bumping one wakes only its readers).
#[derive(Clone, Copy)]
pub struct Invalidation {
    revisions: [RwSignal<u64>; Topic::ALL.len()],
}

impl Invalidation {
    pub fn new() -> Self {
        Invalidation { revisions: std::array::from_fn(|_| RwSignal::new(0)) }
    }

    pub fn track(&self, topics: &[Topic]) {
        for topic in topics {
            self.revisions[topic.index()].track();
        }
    }

    pub fn invalidate(&self, topics: &[Topic]) {
        for topic in topics {
            self.revisions[topic.index()].update(|r| *r += 1);
        }
    }
}

pub fn use_invalidation() -> Invalidation {
    expect_context::<Invalidation>()
}

pub type Answer<T> = Result<T, ApiError>;

/// A query's current answer together with the request it answers.
type Fresh<E> = (<E as Endpoint>::Request, Answer<<E as Endpoint>::Response>);

/// A reactive query over endpoint `E`. `Copy`, like the signals it is made of.
pub struct Query<E: Endpoint + 'static>
where
    E::Request: 'static,
    E::Response: 'static,
{
    resource: LocalResource<Option<Fresh<E>>>,
}

impl<E: Endpoint> Clone for Query<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E: Endpoint> Copy for Query<E> {}

impl<E> Query<E>
where
    E: Endpoint + 'static,
    E::Request: Clone + 'static,
    E::Response: Clone + 'static,
{
    /// The newest answer (tracked); `None` before the first one or while no request is made.
    pub fn get(&self) -> Option<Answer<E::Response>> {
        self.resource.get().flatten().map(|(_, answer)| answer)
    }

    /// The newest answer with the request it answers, to tell whether it is still current.
    pub fn get_with_request(&self) -> Option<Fresh<E>> {
        self.resource.get().flatten()
    }

    /// The value when the newest answer is a success.
    pub fn ok(&self) -> Option<E::Response> {
        self.get().and_then(Result::ok)
    }
}

/// Queries `E` with the request `request` returns (none while it returns `None`), again
/// whenever what it reads changes or one of `topics` is invalidated.
pub fn use_query<E>(topics: &'static [Topic], request: impl Fn() -> Option<E::Request> + 'static) -> Query<E>
where
    E: Endpoint + 'static,
    E::Request: Clone + 'static,
    E::Response: Clone + 'static,
{
    let invalidation = use_invalidation();
    let latest = StoredValue::new_local(Latest::<Fresh<E>>::default());
    let resource = LocalResource::new(move || {
        invalidation.track(topics);
        let request = request();
        let ticket = latest.try_update_value(|l| l.begin()).unwrap_or_default();
        async move {
            let request = request?;
            let answer = call::<E>(&request).await;
            // Keep the answer only when no newer request started meanwhile; either way show
            // the newest answer known.
            latest.try_update_value(|l| {
                l.finish(ticket, (request, answer));
                l.value().cloned()
            })?
        }
    });
    Query { resource }
}

/// A change through endpoint `E`: pending state, the last error, success handling.
pub struct Mutation<E: Endpoint + 'static>
where
    E::Request: 'static,
    E::Response: 'static,
{
    action: Action<E::Request, Answer<E::Response>>,
}

impl<E: Endpoint> Clone for Mutation<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E: Endpoint> Copy for Mutation<E> {}

impl<E> Mutation<E>
where
    E: Endpoint + 'static,
    E::Request: Clone + Send + Sync + 'static,
    E::Response: Clone + Send + Sync + 'static,
{
    pub fn run(&self, request: E::Request) {
        self.action.dispatch(request);
    }

    /// True while a call is on its way (buttons say "Saving…" and stay disabled).
    pub fn pending(&self) -> bool {
        self.action.pending().get()
    }

    /// The last call's error, if it failed.
    pub fn error(&self) -> Option<ApiError> {
        self.action.value().get().and_then(Result::err)
    }

    /// Runs `handler` with every successful answer.
    pub fn on_success(&self, handler: impl Fn(E::Response) + 'static) {
        let value = self.action.value();
        Effect::new(move |_| {
            if let Some(Ok(answer)) = value.get() {
                handler(answer);
            }
        });
    }
}

/// A mutation whose errors are all shown as notifications.
pub fn use_mutation<E>(topics: &'static [Topic]) -> Mutation<E>
where
    E: Endpoint + 'static,
    E::Request: Clone + Send + Sync + 'static,
    E::Response: Clone + Send + Sync + 'static,
{
    make_mutation::<E>(topics, true)
}

/// A mutation behind a form: errors naming a field are left for the form to show beside it.
pub fn use_form_mutation<E>(topics: &'static [Topic]) -> Mutation<E>
where
    E: Endpoint + 'static,
    E::Request: Clone + Send + Sync + 'static,
    E::Response: Clone + Send + Sync + 'static,
{
    make_mutation::<E>(topics, false)
}

/// The save behind a form that either creates a record or edits one: both mutations, reported as
/// one (pending, the error to show beside the fields, what happens once saved).
pub struct FormSave<C: Endpoint + 'static, U: Endpoint + 'static> {
    pub create: Mutation<C>,
    pub update: Mutation<U>,
    editing: bool,
}

impl<C: Endpoint, U: Endpoint> Clone for FormSave<C, U> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: Endpoint, U: Endpoint> Copy for FormSave<C, U> {}

impl<C, U> FormSave<C, U>
where
    C: Endpoint + 'static,
    U: Endpoint<Response = C::Response> + 'static,
    C::Request: Clone + Send + Sync + 'static,
    U::Request: Clone + Send + Sync + 'static,
    C::Response: Clone + Send + Sync + 'static,
{
    pub fn new(topics: &'static [Topic], editing: bool) -> Self {
        FormSave { create: use_form_mutation::<C>(topics), update: use_form_mutation::<U>(topics), editing }
    }

    pub fn pending(&self) -> bool {
        self.create.pending() || self.update.pending()
    }

    /// The error of the mutation this form runs.
    pub fn error(&self) -> Option<ApiError> {
        if self.editing { self.update.error() } else { self.create.error() }
    }

    /// Runs `saved` with the record either mutation answers.
    pub fn on_saved(&self, saved: impl Fn(C::Response) + Copy + 'static) {
        self.create.on_success(saved);
        self.update.on_success(saved);
    }
}

/// The message of `error` when it names `field`, to show beside that field.
pub fn field_message(error: Option<ApiError>, field: &str) -> Option<String> {
    error.filter(|e| e.field.as_deref() == Some(field)).map(|e| e.message)
}

fn make_mutation<E>(topics: &'static [Topic], toast_field_errors: bool) -> Mutation<E>
where
    E: Endpoint + 'static,
    E::Request: Clone + Send + Sync + 'static,
    E::Response: Clone + Send + Sync + 'static,
{
    let invalidation = use_invalidation();
    let notifier = use_notifier();
    let action = Action::new_local(move |request: &E::Request| {
        let request = request.clone();
        async move {
            let answer = call::<E>(&request).await;
            match &answer {
                Ok(_) => invalidation.invalidate(topics),
                Err(error) if toast_field_errors || error.field.is_none() => notifier.error(error),
                Err(_) => {}
            }
            answer
        }
    });
    Mutation { action }
}

/// `source`, settled: follows it once it has not changed for `delay_ms`.
pub fn use_debounced<T>(source: impl Fn() -> T + 'static, delay_ms: f64) -> ReadSignal<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let settled = RwSignal::new(untrack(&source));
    let clock = StoredValue::new(Debounce::new(delay_ms));
    Effect::new(move |_| {
        let value = source();
        let ticket = clock.try_update_value(|c| c.input(now_ms()));
        let Some(ticket) = ticket else { return };
        set_timeout(
            move || {
                if clock.try_with_value(|c| c.due(ticket, now_ms())).unwrap_or(false)
                    && settled.get_untracked() != value
                {
                    settled.set(value);
                }
            },
            // A little past the delay, so timer rounding never finds it a hair short.
            Duration::from_millis(delay_ms as u64 + 5),
        );
    });
    settled.read_only()
}

/// A filter box kept in the URL: the text follows keystrokes at once, `commit` (which writes
/// the URL) runs once typing pauses, and a URL changed from outside (Back) flows back into it.
pub fn use_url_text(from_url: Signal<String>, commit: impl Fn(String) + 'static) -> RwSignal<String> {
    let text = RwSignal::new(from_url.get_untracked());
    let committed = StoredValue::new(from_url.get_untracked());
    let settled = use_debounced(move || text.get(), DEBOUNCE_MS);
    Effect::new(move |_| {
        let value = settled.get();
        if value != committed.get_value() {
            committed.set_value(value.clone());
            commit(value);
        }
    });
    Effect::new(move |_| {
        let value = from_url.get();
        if value != committed.get_value() {
            committed.set_value(value.clone());
            text.set(value);
        }
    });
    text
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// What a list query's answer looks like, without its rows: views match on this (a memo) and
/// read the rows inside a keyed `<For>`, so a refresh with the same shape keeps the list's DOM,
/// its scroll position and focus, and only changes the rows that changed.
#[derive(Debug, Clone, PartialEq)]
pub enum ListShape {
    Loading,
    Failed(String),
    Empty,
    Rows,
}

impl ListShape {
    pub fn of<T>(answer: Option<Answer<Vec<T>>>) -> ListShape {
        match answer {
            None => ListShape::Loading,
            Some(Err(error)) => ListShape::Failed(error.message),
            Some(Ok(rows)) if rows.is_empty() => ListShape::Empty,
            Some(Ok(_)) => ListShape::Rows,
        }
    }
}
