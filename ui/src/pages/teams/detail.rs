//! One team at `/teams/NAME`: what it does, its lead and members, and the systems it runs,
//! each linking to its page.

use super::name_param;
use crate::components::me::use_me;
use crate::components::widgets::TierBadge;
use crate::data::{Topic, use_query};
use crate::logic::lists::readable_at;
use crate::logic::query_string::{system_path, team_path};
use archboard_types::endpoint as api;
use archboard_types::people::{Permission, SystemListQuery, SystemSummary, Team, TeamRef};
use leptos::prelude::*;

#[component]
pub fn TeamDetail() -> impl IntoView {
    let me = use_me();
    let name = name_param();
    let team = use_query::<api::TeamGet>(&[Topic::Teams], move || Some(TeamRef { name: name.get() }));
    let edit_href = move || format!("{}/edit", team_path(&name.get()));
    view! {
        <section class="page">
            <header class="page-head">
                <a class="button ghost" href="/teams">"← Teams"</a>
                <Show when=move || me.can(Permission::Edit) && team.ok().is_some()>
                    <div class="toolbar">
                        <a class="button" id="edit-team" href=edit_href>"Edit"</a>
                    </div>
                </Show>
            </header>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || match team.get() {
                    None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                    Some(Err(error)) => view! {
                        <div class="empty-state"><h2>{error.message}</h2><a href="/teams">"Back to the teams"</a></div>
                    }
                    .into_any(),
                    Some(Ok(current)) => view! { <TeamBody current/> }.into_any(),
                }}
            </Transition>
        </section>
    }
}

#[component]
fn TeamBody(current: Team) -> impl IntoView {
    let team_name = current.name.clone();
    // Names and tiers of the team's systems; the team's own list of keys decides which.
    let summaries = use_query::<api::SystemList>(&[Topic::Teams], move || {
        Some(SystemListQuery { team: Some(team_name.clone()), ..Default::default() })
    });
    let members = if current.members.is_empty() {
        view! { <p class="muted">"No members yet."</p> }.into_any()
    } else {
        let lead = current.lead.clone();
        view! {
            <ul class="link-list">
                {current
                    .members
                    .iter()
                    .map(|member| {
                        let leads = lead.as_deref() == Some(member.as_str());
                        view! {
                            <li>
                                {member.clone()}
                                {leads.then(|| view! { " " <span class="badge">"lead"</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let keys = current.systems.clone();
    let systems = move || {
        if keys.is_empty() {
            return view! {
                <p class="muted">"This team runs no systems yet. A system names its team when it is added."</p>
            }
            .into_any();
        }
        let known: Vec<SystemSummary> = summaries.ok().unwrap_or_default();
        view! {
            <ul class="system-links">
                {keys
                    .iter()
                    .map(|key| {
                        let summary = known.iter().find(|s| &s.key == key).cloned();
                        view! {
                            <li>
                                <a class="link" href=system_path(key)>
                                    {summary.as_ref().map(|s| s.name.clone()).unwrap_or_else(|| key.clone())}
                                </a>
                                " "
                                <span class="mono muted">{key.clone()}</span>
                                {summary.map(|s| view! { " " <TierBadge tier=s.tier/> " " <span class="muted">{s.stage.label()}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <h1 class="adr-title">{current.name.clone()}</h1>
        <dl class="facts meta">
            <dt>"Lead"</dt>
            <dd>{current.lead.clone().unwrap_or_else(|| "No lead named".into())}</dd>
            <dt>"Changed by"</dt>
            <dd>{current.changed_by.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Updated"</dt>
            <dd class="mono">{readable_at(&current.updated_at)}</dd>
        </dl>
        {(!current.description.trim().is_empty()).then(|| view! { <p class="lead team-description">{current.description.clone()}</p> })}
        <section class="catalog-section" aria-label="Members">
            <h2>{format!("Members ({})", current.members.len())}</h2>
            {members}
        </section>
        <section class="catalog-section" aria-label="Systems">
            <h2>{format!("Systems ({})", current.systems.len())}</h2>
            {systems}
        </section>
    }
}
