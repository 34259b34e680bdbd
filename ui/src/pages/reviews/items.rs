//! The working view's left side: the review's sections, each with its progress (answered of
//! total, from the engine's section summaries) and its items, each showing the status and risk
//! the engine counts. Choosing an item selects it (`?item=KEY`).

use super::detail::use_review;
use super::{item_status_badge, risk_badge};
use crate::logic::reviews::{item_test_id, items_by_section};
use archboard_types::review::{ItemStatus, RiskSummary};
use leptos::prelude::*;

#[component]
pub fn ItemList() -> impl IntoView {
    let ctx = use_review();
    // Only which items sit in which section: answers change nothing here, so the rows (and the
    // focus in them) stay when the review is refreshed.
    let groups = Memo::new(move |_| {
        ctx.review.with(|r| r.as_ref().map(|r| items_by_section(&r.sections, &r.items)).unwrap_or_default())
    });
    view! {
        <ol class="review-sections" data-testid="review-sections">
            <For each=move || groups.get() key=|group| group.clone() let:group>
                <SectionGroup section=group.0 keys=group.1/>
            </For>
        </ol>
    }
}

#[component]
fn SectionGroup(section: String, keys: Vec<String>) -> impl IntoView {
    let ctx = use_review();
    let name = section.clone();
    let summary = Memo::new(move |_| {
        ctx.review.with(|r| {
            r.as_ref()
                .and_then(|r| r.section_summaries.iter().find(|s| s.section == name).cloned())
                .unwrap_or_default()
        })
    });
    let progress = move || {
        let RiskSummary { answered, total, counts, .. } = summary.get();
        view! {
            <span class="section-progress" data-testid="section-progress" data-answered=answered data-total=total>
                {format!("{answered}/{total}")}
            </span>
            <progress max=total.max(1) value=answered aria-hidden="true"></progress>
            {(counts.high > 0).then(|| view! { <span class="badge review-risk risk-high">{format!("{} high", counts.high)}</span> })}
            {(counts.medium > 0).then(|| view! { <span class="badge review-risk risk-medium">{format!("{} medium", counts.medium)}</span> })}
        }
    };
    view! {
        <li class="review-section" data-testid="review-section" data-section=section.clone()>
            <h3 class="review-section-head">
                <span class="review-section-name">{section.clone()}</span>
                {progress}
            </h3>
            <ul class="review-item-list" role="listbox" aria-label=section.clone()>
                {keys.into_iter().map(|key| view! { <ItemRow key/> }).collect_view()}
            </ul>
        </li>
    }
}

#[component]
fn ItemRow(key: String) -> impl IntoView {
    let ctx = use_review();
    let lookup = key.clone();
    let item = Memo::new(move |_| ctx.review.with(|r| r.as_ref().and_then(|r| r.item(&lookup).cloned())));
    let mine = key.clone();
    let is_selected = Memo::new(move |_| ctx.selected.with(|s| s.as_deref() == Some(mine.as_str())));
    let chosen = key.clone();
    view! {
        <li role="none">
            <button
                type="button"
                role="option"
                class="review-item"
                class:selected=move || is_selected.get()
                aria-selected=move || is_selected.get().to_string()
                data-testid=item_test_id(&key)
                data-key=key.clone()
                data-status=move || item.with(|i| i.as_ref().map(|i| i.status.as_str()).unwrap_or_default())
                on:click=move |_| ctx.select(Some(&chosen))
            >
                {move || item.get().map(|i| {
                    let stale = i.bound.as_ref().is_some_and(|b| b.stale);
                    let expired = i.exemption.as_ref().is_some_and(|e| e.expired);
                    view! {
                        <span class="review-item-marks">
                            {item_status_badge(i.status)}
                            {(i.status != ItemStatus::Unanswered).then(|| risk_badge(i.risk))}
                            {i.open_high_risk.then(|| view! { <span class="badge open-high" title="Open high risk">"!"</span> })}
                            {stale.then(|| view! { <span class="badge stale" title="The bound evidence is too old">"stale"</span> })}
                            {expired.then(|| view! { <span class="badge expired" title="The exemption has expired">"expired"</span> })}
                        </span>
                        <span class="review-item-prompt">{i.prompt.clone()}</span>
                        <span class="review-item-key mono muted">{i.key.clone()}</span>
                    }
                })}
            </button>
        </li>
    }
}
