//! One system at `/systems/KEY`: its team, tier and stage, its links (web addresses only), the
//! catalog patterns it follows and the decisions about it, each linking to its page.

use super::{key_param, pattern_path};
use crate::components::me::use_me;
use crate::components::widgets::TierBadge;
use crate::data::{Topic, use_query};
use crate::logic::lists::readable_at;
use crate::logic::people_form::web_link;
use crate::logic::query_string::{system_path, team_path};
use crate::pages::decisions::decision_path;
use archboard_types::adr::AdrListQuery;
use archboard_types::catalog::{CatalogKind, CatalogListQuery};
use archboard_types::endpoint as api;
use archboard_types::people::{Permission, System, SystemRef};
use leptos::prelude::*;

#[component]
pub fn SystemDetail() -> impl IntoView {
    let me = use_me();
    let key = key_param();
    let system = use_query::<api::SystemGet>(&[Topic::Teams], move || Some(SystemRef { key: key.get() }));
    let edit_href = move || format!("{}/edit", system_path(&key.get()));
    view! {
        <section class="page">
            <header class="page-head">
                <a class="button ghost" href="/systems">"← Systems"</a>
                <Show when=move || me.can(Permission::Edit) && system.ok().is_some()>
                    <div class="toolbar">
                        <a class="button" id="edit-system" href=edit_href>"Edit"</a>
                    </div>
                </Show>
            </header>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || match system.get() {
                    None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                    Some(Err(error)) => view! {
                        <div class="empty-state"><h2>{error.message}</h2><a href="/systems">"Back to the systems"</a></div>
                    }
                    .into_any(),
                    Some(Ok(current)) => view! { <SystemBody current/> }.into_any(),
                }}
            </Transition>
        </section>
    }
}

/// One of the system's links: an `<a>` for a web address, nothing when absent.
fn link_fact(label: &'static str, link: Option<String>) -> impl IntoView {
    link.map(|link| {
        let shown = match web_link(&link) {
            Some(href) => view! {
                <a class="link" href=href.to_owned() target="_blank" rel="external noopener noreferrer">{link.clone()}</a>
            }
            .into_any(),
            None => view! { <span>{link.clone()}</span> }.into_any(),
        };
        view! { <dt>{label}</dt> <dd>{shown}</dd> }
    })
}

#[component]
fn SystemBody(current: System) -> impl IntoView {
    let has_patterns = !current.patterns.is_empty();
    let has_decisions = !current.decisions.is_empty();
    // Names and titles for the keys and decision ids the system holds.
    let patterns_known = use_query::<api::CatalogList>(&[Topic::Catalog], move || {
        has_patterns.then_some(CatalogListQuery { kind: Some(CatalogKind::Pattern), search: None })
    });
    let decisions_known =
        use_query::<api::AdrList>(&[Topic::Decisions], move || has_decisions.then(AdrListQuery::default));

    let pattern_keys = current.patterns.clone();
    let patterns = move || {
        let known = patterns_known.ok().unwrap_or_default();
        pattern_keys
            .iter()
            .map(|key| {
                let name = known.iter().find(|p| &p.key == key).map(|p| p.name.clone());
                view! {
                    <li>
                        <a class="link" href=pattern_path(key)>{name.unwrap_or_else(|| key.clone())}</a>
                        " "
                        <span class="mono muted">{key.clone()}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let ids = current.decisions.clone();
    let decisions = move || {
        let known = decisions_known.ok().unwrap_or_default();
        ids.iter()
            .map(|id| {
                // Until the list arrives (or for a decision it no longer has) the id stands in.
                let label = known
                    .iter()
                    .find(|a| a.id == *id)
                    .map(|a| format!("{} {}", a.reference, a.title))
                    .unwrap_or_else(|| format!("Decision #{id}"));
                view! {
                    <li data-id=*id>
                        <a class="link" href=decision_path(*id)>{label}</a>
                    </li>
                }
            })
            .collect_view()
    };
    let links = current.links.clone();
    let no_links = links.repository.is_none() && links.dashboard.is_none() && links.runbook.is_none();

    view! {
        <h1 class="adr-title">
            {current.name.clone()} " " <span class="mono muted">{current.key.clone()}</span> " "
            <TierBadge tier=current.tier/>
        </h1>
        <dl class="facts meta">
            <dt>"Team"</dt>
            <dd><a class="link" href=team_path(&current.team)>{current.team.clone()}</a></dd>
            <dt>"Risk tier"</dt>
            <dd>{current.tier.label()}</dd>
            <dt>"Stage"</dt>
            <dd>{current.stage.label()}</dd>
            {link_fact("Repository", links.repository)}
            {link_fact("Dashboard", links.dashboard)}
            {link_fact("Runbook", links.runbook)}
            {no_links.then(|| view! { <dt>"Links"</dt> <dd class="muted">"None yet"</dd> })}
            <dt>"Changed by"</dt>
            <dd>{current.changed_by.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Updated"</dt>
            <dd class="mono">{readable_at(&current.updated_at)}</dd>
        </dl>
        {(!current.description.trim().is_empty()).then(|| view! { <p class="lead system-description">{current.description.clone()}</p> })}
        <section class="catalog-section" aria-label="Patterns">
            <h2>{format!("Patterns ({})", current.patterns.len())}</h2>
            {if has_patterns {
                view! { <ul class="system-links">{patterns}</ul> }.into_any()
            } else {
                view! { <p class="muted">"No catalog patterns named yet."</p> }.into_any()
            }}
        </section>
        <section class="catalog-section" aria-label="Decisions">
            <h2>{format!("Decisions ({})", current.decisions.len())}</h2>
            {if has_decisions {
                view! { <ul class="system-links">{decisions}</ul> }.into_any()
            } else {
                view! { <p class="muted">"No decisions linked yet."</p> }.into_any()
            }}
        </section>
    }
}
