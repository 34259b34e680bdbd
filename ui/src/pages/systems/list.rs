//! The system list at `/systems`: filtered by team, tier, stage and words, all kept in the
//! query string so a reload or a shared link keeps them.

use crate::components::me::use_me;
use crate::components::widgets::{FilterSelect, Nav, TierBadge, problems_callout};
use crate::data::{ListShape, Topic, use_query, use_url_text};
use crate::logic::lists::readable_at;
use crate::logic::query_string::{SystemListParams, system_path};
use archboard_types::catalog::RiskTier;
use archboard_types::endpoint as api;
use archboard_types::people::{LifecycleStage, Permission, TeamListQuery};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SystemList() -> impl IntoView {
    let nav = Nav::new();
    let me = use_me();
    let query = use_query_map();
    let params = Memo::new(move |_| SystemListParams::parse(|key| query.with(|q| q.get(key))));
    let set_params = move |change: &dyn Fn(&mut SystemListParams)| {
        let mut next = params.get_untracked();
        change(&mut next);
        next.problems.clear();
        nav.replace(&format!("/systems{}", next.to_query()));
    };
    let text = use_url_text(Signal::derive(move || params.with(|p| p.q.clone())), move |q| {
        set_params(&|p| p.q = q.clone());
    });
    let rows = use_query::<api::SystemList>(&[Topic::Teams], move || Some(params.with(|p| p.list_query())));
    let teams = use_query::<api::TeamList>(&[Topic::Teams], || Some(TeamListQuery::default()));
    let shape = Memo::new(move |_| ListShape::of(rows.get()));

    let filters = view! {
        <div class="toolbar filters" role="group" aria-label="Filters">
            <FilterSelect
                id="system-filter-team"
                label="Team"
                any="Any team"
                options=Signal::derive(move || {
                    teams.ok().unwrap_or_default().into_iter().map(|t| (t.name.clone(), t.name)).collect::<Vec<_>>()
                })
                selected=Signal::derive(move || params.with(|p| p.team.clone()))
                on_choose=Callback::new(move |v: String| set_params(&|p| p.team = v.clone()))
            />
            <label for="system-filter-tier">"Tier"</label>
            <select
                id="system-filter-tier"
                prop:value=move || params.with(|p| p.tier.map(|t| t.as_str()).unwrap_or("").to_owned())
                on:change=move |ev| {
                    // The select offers only the contract's tiers and "Any".
                    let tier = event_target_value(&ev).parse::<RiskTier>().ok();
                    set_params(&|p| p.tier = tier);
                }
            >
                <option value="">"Any tier"</option>
                {RiskTier::ALL.into_iter().map(|t| view! { <option value=t.as_str()>{t.label()}</option> }).collect_view()}
            </select>
            <label for="system-filter-stage">"Stage"</label>
            <select
                id="system-filter-stage"
                prop:value=move || params.with(|p| p.stage.map(|s| s.as_str()).unwrap_or("").to_owned())
                on:change=move |ev| {
                    let stage = event_target_value(&ev).parse::<LifecycleStage>().ok();
                    set_params(&|p| p.stage = stage);
                }
            >
                <option value="">"Any stage"</option>
                {LifecycleStage::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
            </select>
        </div>
    };

    let body = move || {
        match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading systems…"</p> }.into_any(),
        ListShape::Failed(message) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
        ListShape::Empty if params.with(|p| p.filtered()) => view! {
            <div class="empty-state">
                <h2>"No systems match these filters"</h2>
                <button on:click=move |_| {
                    text.set(String::new());
                    set_params(&|p| *p = SystemListParams::default());
                }>"Clear filters"</button>
            </div>
        }
        .into_any(),
        ListShape::Empty => view! {
            <div class="empty-state">
                <div class="empty-icon" aria-hidden="true">"⚙"</div>
                <h2>"No systems yet"</h2>
                <p>"A system is an ML service or model a team runs: its risk tier decides which reviews and controls it needs."</p>
                <Show when=move || me.can(Permission::Edit)>
                    <a class="button primary" href="/systems/new">"Add the first system"</a>
                </Show>
            </div>
        }
        .into_any(),
        ListShape::Rows => view! {
            <div class="table-scroll">
                <table class="data system-list">
                    <thead>
                        <tr>
                            <th scope="col" class="th-text">"Key"</th>
                            <th scope="col" class="th-text">"Name"</th>
                            <th scope="col" class="th-text">"Team"</th>
                            <th scope="col" class="th-text">"Tier"</th>
                            <th scope="col" class="th-text">"Stage"</th>
                            <th scope="col" class="th-text">"Patterns"</th>
                            <th scope="col" class="th-text num">"Decisions"</th>
                            <th scope="col" class="th-text">"Changed by"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.ok().unwrap_or_default() key=|s| (s.key.clone(), s.updated_at) let:system>
                            {
                                let open = system_path(&system.key);
                                let on_enter = open.clone();
                                view! {
                                    <tr
                                        tabindex="0"
                                        data-system=system.key.clone()
                                        title=format!("Updated {}", readable_at(&system.updated_at))
                                        on:click=move |_| nav.go(&open)
                                        on:keydown=move |ev| {
                                            if ev.key() == "Enter" {
                                                nav.go(&on_enter);
                                            }
                                        }
                                    >
                                        <td class="mono">{system.key.clone()}</td>
                                        <td class="title-cell">{system.name.clone()}</td>
                                        <td>{system.team.clone()}</td>
                                        <td><TierBadge tier=system.tier/></td>
                                        <td>{system.stage.label()}</td>
                                        <td>{system.patterns.iter().map(|p| view! { <span class="tag mono">{p.clone()}</span> }).collect_view()}</td>
                                        <td class="num">{system.decision_count}</td>
                                        <td class="muted">{system.changed_by.clone().unwrap_or_default()}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
    }
    };

    view! {
        <section class="page">
            <header class="page-head">
                <h1>"Systems"</h1>
                <div class="toolbar">
                    <label class="sr-only" for="system-search">"Search systems"</label>
                    <input
                        id="system-search"
                        type="search"
                        placeholder="Words in the key, name or description…"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                    <Show when=move || me.can(Permission::Edit)>
                        <a class="button primary" id="new-system" href="/systems/new">"New system"</a>
                    </Show>
                </div>
            </header>
            {move || problems_callout(params.with(|p| p.problems.clone()))}
            {filters}
            {body}
        </section>
    }
}
