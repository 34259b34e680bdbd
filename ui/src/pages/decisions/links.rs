//! A decision's typed links, read from its side, and the form that adds one. Whether a link
//! can be removed is the engine's call (`AdrLinkView::removable`), never the UI's. The other
//! decision is picked from every collection's, so a link across collections is made on purpose.

use super::decision_path;
use crate::components::notifications::use_notifier;
use crate::components::widgets::DecisionPicker;
use crate::data::{Topic, use_mutation, use_query};
use archboard_types::adr::{AdrId, AdrLinkView, AdrListQuery, LinkChange, SUPERSEDES_KIND};
use archboard_types::endpoint::{AdrLinkAdd, AdrLinkKinds, AdrLinkRemove, AdrList};
use archboard_types::system::Empty;
use leptos::prelude::*;

#[component]
pub fn LinkRows(id: AdrId, links: Vec<AdrLinkView>) -> impl IntoView {
    let notifier = use_notifier();
    let remove = use_mutation::<AdrLinkRemove>(&[Topic::Decisions]);
    remove.on_success(move |_| notifier.success("Link removed."));
    links
        .into_iter()
        .map(|link| {
            let other = link.id;
            let (from, to) = if link.outgoing { (id, other) } else { (other, id) };
            let kind = link.kind.clone();
            let reference = link.reference.clone();
            view! {
                <div class="meta-row link-row" data-id=other>
                    <span class="meta-label">{link.label.clone()}</span>
                    <a class="link" href=decision_path(other)>{format!("{} {}", link.reference, link.title)}</a>
                    {link.removable.then(|| view! {
                        <button
                            class="ghost small"
                            aria-label=format!("Remove the link to {reference}")
                            disabled=move || remove.pending()
                            on:click=move |_| remove.run(LinkChange { from, kind: kind.clone(), to, forward: None, inverse: None })
                        >
                            "×"
                        </button>
                    })}
                </div>
            }
        })
        .collect_view()
}

#[component]
pub fn AddLink(id: AdrId, reference: String) -> impl IntoView {
    let notifier = use_notifier();
    let adding = RwSignal::new(false);
    let kind = RwSignal::new("relates-to".to_owned());
    let target = RwSignal::new(String::new());
    let add = use_mutation::<AdrLinkAdd>(&[Topic::Decisions]);
    add.on_success(move |_| {
        adding.set(false);
        notifier.success(format!("Linked {reference}."));
    });
    let candidates =
        use_query::<AdrList>(&[Topic::Decisions], move || adding.get().then(AdrListQuery::default));
    let choices = Signal::derive(move || {
        candidates.ok().unwrap_or_default().into_iter().filter(|a| a.id != id).collect()
    });
    // Superseding goes through the status, so it is not offered as a free link.
    let kinds = use_query::<AdrLinkKinds>(&[Topic::Decisions], move || adding.get().then_some(Empty {}));
    let kind_choices = move || {
        kinds.ok().unwrap_or_default().into_iter().filter(|k| k.kind != SUPERSEDES_KIND).collect::<Vec<_>>()
    };
    let confirm = move |_| {
        let Ok(to) = target.get_untracked().parse::<AdrId>() else { return };
        add.run(LinkChange { from: id, kind: kind.get_untracked(), to, forward: None, inverse: None });
    };
    view! {
        <div class="meta-row">
            <span class="meta-label"></span>
            <Show
                when=move || adding.get()
                fallback=move || view! { <button class="ghost small" id="add-link" on:click=move |_| adding.set(true)>"+ Link to another decision"</button> }
            >
                <div class="inline-form" role="group" aria-label="Add a link">
                    <label class="sr-only" for="link-kind">"Link kind"</label>
                    <select id="link-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                        <For each=kind_choices key=|k| k.kind.clone() let:k>
                            <option value=k.kind.clone() selected=k.kind == kind.get_untracked()>{k.forward.clone()}</option>
                        </For>
                    </select>
                    <label class="sr-only" for="link-target">"Decision"</label>
                    <DecisionPicker id="link-target" choices selected=target/>
                    <button class="primary" id="confirm-link" disabled=move || target.get().is_empty() || add.pending() on:click=confirm>
                        "Link"
                    </button>
                    <button class="ghost" on:click=move |_| adding.set(false)>"Cancel"</button>
                </div>
            </Show>
        </div>
    }
}
