//! The team list at `/teams`, filtered by name (`?q=`, kept in the URL): lead, member and
//! system counts, and who changed each team last.

use crate::components::me::use_me;
use crate::components::widgets::Nav;
use crate::data::{ListShape, Topic, use_query, use_url_text};
use crate::logic::lists::readable_at;
use crate::logic::query_string::{TeamListParams, team_path};
use archboard_types::endpoint as api;
use archboard_types::people::Permission;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TeamList() -> impl IntoView {
    let nav = Nav::new();
    let me = use_me();
    let query = use_query_map();
    let params = Memo::new(move |_| TeamListParams::parse(|key| query.with(|q| q.get(key))));
    let text = use_url_text(Signal::derive(move || params.with(|p| p.q.clone())), move |q| {
        nav.replace(&format!("/teams{}", TeamListParams { q }.to_query()));
    });
    let rows = use_query::<api::TeamList>(&[Topic::Teams], move || Some(params.with(|p| p.list_query())));
    let shape = Memo::new(move |_| ListShape::of(rows.get()));

    let body = move || {
        match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading teams…"</p> }.into_any(),
        ListShape::Failed(message) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
        ListShape::Empty if params.with(|p| p.filtered()) => view! {
            <div class="empty-state">
                <h2>"No team name matches"</h2>
                <button on:click=move |_| text.set(String::new())>"Clear the filter"</button>
            </div>
        }
        .into_any(),
        ListShape::Empty => view! {
            <div class="empty-state">
                <div class="empty-icon" aria-hidden="true">"♟"</div>
                <h2>"No teams yet"</h2>
                <p>"A team owns ML systems; reviews, scorecards and reports are about teams and their systems."</p>
                <Show when=move || me.can(Permission::Edit)>
                    <a class="button primary" href="/teams/new">"Add the first team"</a>
                </Show>
            </div>
        }
        .into_any(),
        ListShape::Rows => view! {
            <table class="data team-list">
                <thead>
                    <tr>
                        <th scope="col" class="th-text">"Team"</th>
                        <th scope="col" class="th-text">"Lead"</th>
                        <th scope="col" class="th-text num">"Members"</th>
                        <th scope="col" class="th-text num">"Systems"</th>
                        <th scope="col" class="th-text">"Changed by"</th>
                        <th scope="col" class="th-text">"Updated"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.ok().unwrap_or_default() key=|team| (team.id, team.updated_at, team.name.clone()) let:team>
                        {
                            let open = team_path(&team.name);
                            let on_enter = open.clone();
                            view! {
                                <tr
                                    tabindex="0"
                                    data-team=team.name.clone()
                                    on:click=move |_| nav.go(&open)
                                    on:keydown=move |ev| {
                                        if ev.key() == "Enter" {
                                            nav.go(&on_enter);
                                        }
                                    }
                                >
                                    <td class="title-cell">{team.name.clone()}</td>
                                    <td>{team.lead.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td class="num">{team.member_count}</td>
                                    <td class="num">{team.system_count}</td>
                                    <td class="muted">{team.changed_by.clone().unwrap_or_default()}</td>
                                    <td class="mono">{readable_at(&team.updated_at)}</td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        }
        .into_any(),
    }
    };

    view! {
        <section class="page">
            <header class="page-head">
                <h1>"Teams"</h1>
                <div class="toolbar">
                    <label class="sr-only" for="team-filter">"Filter teams by name"</label>
                    <input
                        id="team-filter"
                        type="search"
                        placeholder="Filter by name…"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                    <Show when=move || me.can(Permission::Edit)>
                        <a class="button primary" id="new-team" href="/teams/new">"New team"</a>
                    </Show>
                </div>
            </header>
            {body}
        </section>
    }
}
