//! The working view of one review at `/reviews/ID?item=KEY`: the header (title, system, tier,
//! kind, state and the transitions allowed from it, SLA, flags, what blocks closing), the
//! sections and their items beside the selected item's panel, then the risk summary, the ML
//! Test Score, sign-offs, the decision, milestones, template upgrades and reports.
//!
//! Keyboard: `j`/`k` move the selection and `1`–`5` set its status (`ItemStatus::KEYED`),
//! never while typing in a field. The selection lives in the URL so Back and reload keep it.

use super::item_panel::ItemPanel;
use super::items::ItemList;
use super::milestones::{Milestones, Reports, UpgradeOffers};
use super::signoff::SignOffs;
use super::summary::{MlTestScorePanel, RiskSummaryPanel};
use super::{AreaLinks, REVIEW_TOPICS, outcome_badge, sla_badge, state_badge};
use crate::app::typing_in_field;
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::components::widgets::{Nav, TierBadge};
use crate::data::{Mutation, Topic, use_form_mutation, use_mutation, use_query};
use crate::logic::lists::readable_at;
use crate::logic::query_string::system_path;
use crate::logic::reviews::{
    ItemDraft, REVIEWS_PATH, item_test_id, items_by_section, review_item_path, status_for_key, step_key,
};
use archboard_types::ApiError;
use archboard_types::endpoint as api;
use archboard_types::people::Permission;
use archboard_types::review::{
    ItemStatus, Review, ReviewId, ReviewItem, ReviewRef, ReviewTransition, lens_choices_decide,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// What the working view's parts share; `Copy`.
#[derive(Clone, Copy)]
pub struct ReviewContext {
    pub id: ReviewId,
    /// The review as the engine last answered it.
    pub review: Memo<Option<Review>>,
    /// The selected item's key (`?item=`).
    pub selected: Memo<Option<String>>,
    /// The selected item's answer as being edited.
    pub draft: RwSignal<ItemDraft>,
    /// A problem with the draft found before sending (a date that is not one), on the item.
    pub local_error: RwSignal<Option<ApiError>>,
    /// The item the last answer was sent for, so its error shows on that item only.
    pub answered: RwSignal<Option<String>>,
    pub answer: Mutation<api::ReviewAnswer>,
    nav: Nav,
}

impl ReviewContext {
    /// Selects an item (or none), replacing the history entry: Back leaves the review rather
    /// than stepping through every item looked at.
    pub fn select(&self, key: Option<&str>) {
        self.nav.replace(&review_item_path(self.id, key));
    }

    /// The selected item, as stored.
    pub fn item(&self) -> Option<ReviewItem> {
        let key = self.selected.get()?;
        self.review.with(|r| r.as_ref()?.item(&key).cloned())
    }

    /// Whether the selected item is scored 0 / 0.5 / 1: the review has an ML Test Score and the
    /// item sits in one of its sections (or already has a score).
    pub fn scored(&self, item: &ReviewItem) -> bool {
        item.score.is_some()
            || self.review.with(|r| {
                r.as_ref()
                    .and_then(|r| r.ml_test_score.as_ref())
                    .is_some_and(|score| score.sections.iter().any(|s| s.section == item.section))
            })
    }

    /// Sends the draft of the selected item.
    pub fn save(&self) {
        let Some(key) = self.selected.get_untracked() else { return };
        if self.answer.pending() {
            return;
        }
        match self.draft.get_untracked().to_answer(self.id, &key) {
            Ok(answer) => {
                self.local_error.set(None);
                self.answered.set(Some(key));
                self.answer.run(answer);
            }
            Err((field, message)) => self.local_error.set(Some(ApiError::validation(field, message))),
        }
    }

    /// Sets the selected item's status and sends the answer at once (keys 1–5, the buttons).
    pub fn set_status(&self, status: ItemStatus) {
        // One answer at a time: a key pressed while one is on its way is not half-applied.
        if self.answer.pending() {
            return;
        }
        let Some(item) = self.selected.with_untracked(|key| {
            let key = key.as_ref()?;
            self.review.with_untracked(|r| r.as_ref()?.item(key).cloned())
        }) else {
            return;
        };
        let chosen = self.draft.with_untracked(|d| !d.choices.is_empty());
        if item.is_lens() && chosen && lens_choices_decide(status) {
            self.local_error.set(Some(ApiError::validation(
                "choices",
                "The selected choices decide this lens item's status through the lens's rules; change the choices, or mark it not applicable.",
            )));
            return;
        }
        let scored = untrack(|| self.scored(&item));
        self.draft.update(|d| d.set_status(status, scored));
        self.save();
    }

    /// The error to show on the selected item: the draft's own, or the engine's answer to it.
    pub fn item_error(&self) -> Option<ApiError> {
        self.local_error.get().or_else(|| {
            let for_selected = self.answered.get().is_some() && self.answered.get() == self.selected.get();
            for_selected.then(|| self.answer.error()).flatten()
        })
    }
}

pub fn use_review() -> ReviewContext {
    expect_context::<ReviewContext>()
}

#[component]
pub fn ReviewDetail() -> impl IntoView {
    let id = super::review_id_param();
    view! {
        <section class="page review-page">
            <header class="page-head">
                <a class="button ghost" href=REVIEWS_PATH data-testid="review-back">"← Reviews"</a>
                <AreaLinks/>
            </header>
            {move || match id.get() {
                Err(message) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
                Ok(id) => view! { <Workspace id/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Workspace(id: ReviewId) -> impl IntoView {
    let nav = Nav::new();
    let query_map = use_query_map();
    let query = use_query::<api::ReviewGet>(REVIEW_TOPICS, move || Some(ReviewRef { id }));
    let review = Memo::new(move |_| query.ok());
    let failed = Memo::new(move |_| query.get().and_then(Result::err).map(|e| e.message));
    let selected = Memo::new(move |_| query_map.with(|q| q.get("item")).filter(|k| !k.is_empty()));
    let answer = use_form_mutation::<api::ReviewAnswer>(&[Topic::Reviews]);
    let context = ReviewContext {
        id,
        review,
        selected,
        draft: RwSignal::new(ItemDraft::default()),
        local_error: RwSignal::new(None),
        answered: RwSignal::new(None),
        answer,
        nav,
    };
    provide_context(context);
    super::item_panel::Lookups::provide();

    // The draft follows the stored answer: on a new selection, and when the engine's answer
    // changes (after a save, or someone else's) — not on refreshes that change nothing.
    let stored =
        Memo::new(move |_| context.item().map(|item| (item.key.clone(), ItemDraft::from_item(&item))));
    // The stored answer the form started from, to tell typed edits from someone else's save.
    let base = StoredValue::new(None::<(String, ItemDraft)>);
    Effect::new(move |_| {
        let Some((key, incoming)) = stored.get() else { return };
        let same_item = base.with_value(|b| b.as_ref().is_some_and(|(k, _)| *k == key));
        let shown = match base.get_value().filter(|_| same_item) {
            Some((_, started_from)) => {
                let (shown, kept) =
                    context.draft.get_untracked().follow_stored(&started_from, incoming.clone());
                if kept {
                    context.local_error.set(Some(ApiError::conflict(
                        "Someone else saved this item while you were typing; your text is kept. Save to replace theirs, or Reset to see it.",
                    )));
                }
                shown
            }
            None => incoming.clone(),
        };
        base.set_value(Some((key, incoming)));
        context.draft.set(shown);
    });
    Effect::new(move |previous: Option<Option<String>>| {
        let now = selected.get();
        if previous.is_some_and(|before| before != now) {
            context.local_error.set(None);
        }
        now
    });

    keyboard(context);

    // Matched on whether there is a review at all, so a refresh does not rebuild the body.
    let ready = Memo::new(move |_| review.with(Option::is_some));
    move || match (ready.get(), failed.get()) {
        (false, Some(message)) => view! {
            <div class="empty-state"><h2>{message}</h2><a href=REVIEWS_PATH>"Back to the reviews"</a></div>
        }
        .into_any(),
        (false, None) => view! { <p class="muted">"Loading the review…"</p> }.into_any(),
        (true, _) => view! { <WorkspaceBody/> }.into_any(),
    }
}

/// The body is built once per review and follows the review in place, so a save does not
/// rebuild the item list (its focus and scroll stay where they are).
#[component]
fn WorkspaceBody() -> impl IntoView {
    let ctx = use_review();
    // The panel is rebuilt when another item is selected, never when the review refreshes, so
    // what is being typed and the focus stay.
    let shown = Memo::new(move |_| {
        let key = ctx.selected.get()?;
        let exists = ctx.review.with(|r| r.as_ref().is_some_and(|r| r.item(&key).is_some()));
        Some((key, exists))
    });
    view! {
        <ReviewHeader/>
        <div class="review-workspace">
            <nav class="review-items" aria-label="Sections and items">
                <ItemList/>
            </nav>
            <div class="review-item-side">
                {move || match shown.get() {
                    Some((key, true)) => view! { <ItemPanel key/> }.into_any(),
                    Some((key, false)) => view! {
                        <p class="callout warn" role="alert">{format!("This review has no item `{key}`.")}</p>
                    }
                    .into_any(),
                    None => view! {
                        <p class="muted review-no-item" data-testid="item-none">
                            "Choose an item on the left, or press j and k to move through them; 1–5 set its status."
                        </p>
                    }
                    .into_any(),
                }}
            </div>
        </div>
        <div class="review-panels">
            <RiskSummaryPanel/>
            <MlTestScorePanel/>
            <SignOffs/>
            <super::decision::DecisionPanel/>
            <Milestones/>
            <History/>
        </div>
    }
}

/// `j`/`k` and `1`–`5`, listened for on the document so they are handled (and their default
/// prevented) before the shell's window listener, whose digits would open another area.
fn keyboard(ctx: ReviewContext) {
    let me = use_me();
    let notifier = use_notifier();
    let handler = Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |event: web_sys::KeyboardEvent| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || typing_in_field() {
            return;
        }
        let key = event.key();
        if key == "j" || key == "k" {
            event.prevent_default();
            let keys = ctx.review.with_untracked(|r| {
                r.as_ref()
                    .map(|r| {
                        items_by_section(&r.sections, &r.items)
                            .into_iter()
                            .flat_map(|(_, keys)| keys)
                            .collect()
                    })
                    .unwrap_or_else(Vec::new)
            });
            let current = ctx.selected.get_untracked();
            if let Some(next) = step_key(&keys, current.as_deref(), key == "j") {
                ctx.select(Some(&next));
                focus_item(&next);
            }
        } else if let Some(status) = status_for_key(&key) {
            // Always taken here, so a digit never leaves the review by accident.
            event.prevent_default();
            let open =
                ctx.review.with_untracked(|r| r.as_ref().is_some_and(|r| r.state.is_open_for_answers()));
            if ctx.selected.with_untracked(Option::is_none) {
                return;
            }
            if !open {
                notifier.problem("This review is closed, a record: reopen it to change answers.");
            } else if !me.can(Permission::Review) {
                notifier.problem("Answering items needs the reviewer, chair or owner role.");
            } else {
                ctx.set_status(status);
            }
        }
    });
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let _ = document.add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
    let listener = StoredValue::new_local(Some(handler));
    on_cleanup(move || {
        let Some(Some(handler)) = listener.try_update_value(Option::take) else { return };
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let _ = document.remove_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
        }
    });
}

/// Moves the focus to an item of the list once the router has rendered the new selection.
fn focus_item(key: &str) {
    let id = item_test_id(key);
    request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&format!("[data-testid=\"{id}\"]")).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// Title, system, tier, kind, state with its transitions, SLA, flags and close blockers.
#[component]
fn ReviewHeader() -> impl IntoView {
    let ctx = use_review();
    let me = use_me();
    let notifier = use_notifier();
    let note = RwSignal::new(String::new());
    let transition = use_mutation::<api::ReviewTransitionTo>(&[Topic::Reviews]);
    transition.on_success(move |review: Review| {
        note.set(String::new());
        notifier.success(format!("R{} is now {}.", review.id, review.state.label().to_lowercase()));
    });
    // Rebuilt only when the state changes, so a refresh leaves the buttons (and focus) alone.
    let state = Memo::new(move |_| ctx.review.with(|r| r.as_ref().map(|r| r.state)));
    let transitions = move || {
        let Some(state) = state.get() else { return ().into_any() };
        let chair = me.can(Permission::Chair);
        state
            .allowed_next()
            .iter()
            .copied()
            .map(|next| {
                view! {
                    <button
                        data-testid=format!("transition-{}", next.as_str())
                        data-state=next.as_str()
                        disabled=move || !chair || transition.pending()
                        title=if chair { "" } else { "Moving a review needs the chair or owner role" }
                        on:click=move |_| transition.run(ReviewTransition { id: ctx.id, to: next, note: note.get_untracked().trim().to_owned() })
                    >
                        {format!("→ {}", next.label())}
                    </button>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        {move || ctx.review.with(|r| r.as_ref().map(|r| {
            view! {
                <div class="review-head" data-testid="review-head" data-review=r.id.to_string()>
                    <h1 data-testid="review-heading">
                        <span class="mono muted">{format!("R{} ", r.id)}</span>
                        {r.title.clone()}
                    </h1>
                    <p class="review-facts">
                        <a class="link" href=system_path(&r.system) data-testid="review-system-link">{r.system_name.clone()}</a>
                        " · " <TierBadge tier=r.tier/>
                        " · " {r.kind.label()}
                        " · team " {r.team.clone()}
                        " · " <span data-testid="review-state" data-state=r.state.as_str()>{state_badge(r.state)}</span>
                        {r.current_decision().map(|d| view! { " " {outcome_badge(d.outcome)} })}
                        " · " {sla_badge(&r.sla)}
                        {(r.open_high_risks > 0).then(|| view! {
                            " · " <span class="danger" data-testid="review-open-high">{format!("{} open high {}", r.open_high_risks, if r.open_high_risks == 1 { "risk" } else { "risks" })}</span>
                        })}
                    </p>
                    {(!r.flags.is_empty()).then(|| view! {
                        <ul class="callout warn review-flags" data-testid="review-flags" role="status">
                            {r.flags.iter().map(|f| view! { <li>{f.clone()}</li> }).collect_view()}
                        </ul>
                    })}
                    {(!r.close_blockers.is_empty()).then(|| view! {
                        <div class="callout review-blockers" data-testid="review-close-blockers">
                            <strong>"Not ready to close: "</strong>
                            <ul>{r.close_blockers.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}</ul>
                        </div>
                    })}
                    <p class="muted review-updated">
                        {format!("Updated {}{}", readable_at(&r.updated_at), r.changed_by.as_ref().map(|by| format!(" by {by}")).unwrap_or_default())}
                    </p>
                </div>
            }
        }))}
        <div class="toolbar review-transitions" role="group" aria-label="Move the review">
            {transitions}
            <label class="sr-only" for="transition-note">"Note for the move"</label>
            <input
                id="transition-note"
                data-testid="transition-note"
                type="text"
                placeholder="Note (optional)"
                prop:value=move || note.get()
                on:input=move |ev| note.set(event_target_value(&ev))
            />
        </div>
        <div class="toolbar review-head-actions">
            <UpgradeOffers/>
            <Reports/>
        </div>
    }
}

/// The lifecycle as the engine recorded it, and the returns for changes. The `<details>` stays
/// put across refreshes (so it does not close); only its content follows the review.
#[component]
fn History() -> impl IntoView {
    let ctx = use_review();
    let count =
        Memo::new(move |_| ctx.review.with(|r| r.as_ref().map(|r| r.events.len()).unwrap_or_default()));
    view! {
        <details class="panel review-history" data-testid="review-history">
            <summary>{move || format!("History ({} moves)", count.get())}</summary>
            {move || ctx.review.with(|r| r.as_ref().map(|r| view! {
                <ul>
                    {r.events.iter().map(|e| view! {
                        <li>
                            <span class="mono">{readable_at(&e.at)}</span>
                            " · "
                            {e.from.map(|f| format!("{} → ", f.label())).unwrap_or_default()}
                            {e.to.label()}
                            " · " <span class="muted">{e.by.clone()}</span>
                            {(!e.note.is_empty()).then(|| format!(" — {}", e.note))}
                        </li>
                    }).collect_view()}
                </ul>
                {(!r.returns.is_empty()).then(|| view! {
                    <h3>"Returned for changes"</h3>
                    <ul data-testid="review-returns">
                        {r.returns.iter().map(|ret| view! {
                            <li><span class="mono">{readable_at(&ret.at)}</span> " · " {ret.by.clone()} " — " {ret.comment.clone()}</li>
                        }).collect_view()}
                    </ul>
                })}
            }))}
        </details>
    }
}
