//! The review list at `/reviews`: each review with its system, team, kind, state, outcome, SLA,
//! open high risks and whether it is flagged; filtered by state, system and team in the query
//! string, with the way to a new review, the backlog, the settings and lenses.

use super::{AreaLinks, REVIEW_TOPICS, outcome_badge, sla_badge, state_badge};
use crate::components::me::use_me;
use crate::components::widgets::{FilterSelect, Nav, TierBadge, problems_callout};
use crate::data::{ListShape, Topic, use_query};
use crate::logic::reviews::{NEW_REVIEW_PATH, REVIEWS_PATH, ReviewListParams, review_path};
use archboard_types::endpoint as api;
use archboard_types::people::{Permission, SystemListQuery, TeamListQuery};
use archboard_types::review::ReviewState;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReviewList() -> impl IntoView {
    let nav = Nav::new();
    let me = use_me();
    let query = use_query_map();
    let params = Memo::new(move |_| ReviewListParams::parse(|key| query.with(|q| q.get(key))));
    let set_params = move |change: &dyn Fn(&mut ReviewListParams)| {
        let mut next = params.get_untracked();
        change(&mut next);
        next.problems.clear();
        nav.replace(&format!("{REVIEWS_PATH}{}", next.to_query()));
    };
    let rows = use_query::<api::ReviewList>(REVIEW_TOPICS, move || Some(params.with(|p| p.list_query())));
    let systems = use_query::<api::SystemList>(&[Topic::Teams], || Some(SystemListQuery::default()));
    let teams = use_query::<api::TeamList>(&[Topic::Teams], || Some(TeamListQuery::default()));
    let shape = Memo::new(move |_| ListShape::of(rows.get()));

    let filters = view! {
        <div class="toolbar filters" role="group" aria-label="Filters">
            <label for="review-filter-state">"State"</label>
            <select
                id="review-filter-state"
                data-testid="review-filter-state"
                prop:value=move || params.with(|p| p.state.map(|s| s.as_str()).unwrap_or("").to_owned())
                on:change=move |ev| {
                    // The select offers only the contract's states and "Any".
                    let state = event_target_value(&ev).parse::<ReviewState>().ok();
                    set_params(&|p| p.state = state);
                }
            >
                <option value="">"Any state"</option>
                {ReviewState::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
            </select>
            <FilterSelect
                id="review-filter-system"
                label="System"
                any="Any system"
                options=Signal::derive(move || {
                    systems.ok().unwrap_or_default().into_iter().map(|s| (s.key, s.name)).collect::<Vec<_>>()
                })
                selected=Signal::derive(move || params.with(|p| p.system.clone()))
                on_choose=Callback::new(move |v: String| set_params(&|p| p.system = v.clone()))
            />
            <FilterSelect
                id="review-filter-team"
                label="Team"
                any="Any team"
                options=Signal::derive(move || {
                    teams.ok().unwrap_or_default().into_iter().map(|t| (t.name.clone(), t.name)).collect::<Vec<_>>()
                })
                selected=Signal::derive(move || params.with(|p| p.team.clone()))
                on_choose=Callback::new(move |v: String| set_params(&|p| p.team = v.clone()))
            />
        </div>
    };

    let body = move || {
        match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading reviews…"</p> }.into_any(),
        ListShape::Failed(message) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
        ListShape::Empty if params.with(|p| p.filtered()) => view! {
            <div class="empty-state">
                <h2>"No reviews match these filters"</h2>
                <button on:click=move |_| set_params(&|p| *p = ReviewListParams::default())>"Clear filters"</button>
            </div>
        }
        .into_any(),
        ListShape::Empty => view! {
            <div class="empty-state">
                <div class="empty-icon" aria-hidden="true">"✓"</div>
                <h2>"No reviews yet"</h2>
                <p>"A review checks one system against checklists fitted to its risk tier, with sign-offs, a decision and an improvement backlog."</p>
                <Show when=move || me.can(Permission::Chair)>
                    <a class="button primary" href=NEW_REVIEW_PATH>"Start the first review"</a>
                </Show>
            </div>
        }
        .into_any(),
        ListShape::Rows => view! {
            <div class="table-scroll">
                <table class="data review-list">
                    <thead>
                        <tr>
                            <th scope="col" class="th-text">"Review"</th>
                            <th scope="col" class="th-text">"System"</th>
                            <th scope="col" class="th-text">"Team"</th>
                            <th scope="col" class="th-text">"Kind"</th>
                            <th scope="col" class="th-text">"State"</th>
                            <th scope="col" class="th-text">"Outcome"</th>
                            <th scope="col" class="th-text">"SLA"</th>
                            <th scope="col" class="th-text num">"Answered"</th>
                            <th scope="col" class="th-text num">"Open high risks"</th>
                            <th scope="col" class="th-text">"Flagged"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.ok().unwrap_or_default() key=|r| (r.id, r.updated_at, r.sla.days_left, r.sla.breached, r.flagged) let:review>
                            {
                                let open = review_path(review.id);
                                let on_enter = open.clone();
                                let link = open.clone();
                                view! {
                                    <tr
                                        tabindex="0"
                                        data-testid="review-row"
                                        data-review=review.id.to_string()
                                        data-state=review.state.as_str()
                                        class:breached=review.sla.breached
                                        class:flagged=review.flagged
                                        on:click=move |_| nav.go(&open)
                                        on:keydown=move |ev| {
                                            if ev.key() == "Enter" {
                                                nav.go(&on_enter);
                                            }
                                        }
                                    >
                                        <td class="title-cell">
                                            <a class="link" href=link on:click=|ev| ev.stop_propagation()>
                                                <span class="mono">{format!("R{} ", review.id)}</span>
                                                {review.title.clone()}
                                            </a>
                                        </td>
                                        <td>
                                            {review.system_name.clone()} " " <TierBadge tier=review.tier/>
                                        </td>
                                        <td>{review.team.clone()}</td>
                                        <td>{review.kind.label()}</td>
                                        <td>{state_badge(review.state)}</td>
                                        <td>{review.outcome.map(outcome_badge)}</td>
                                        <td>{sla_badge(&review.sla)}</td>
                                        <td class="num">{format!("{} / {}", review.answered, review.items)}</td>
                                        <td class="num" class:danger={review.open_high_risks > 0} data-testid="review-open-high">
                                            {review.open_high_risks}
                                        </td>
                                        <td>
                                            {review.flagged.then(|| view! { <span class="badge review-flag" data-testid="review-flagged">"Flagged"</span> })}
                                        </td>
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
        <section class="page reviews-page">
            <header class="page-head">
                <h1>"Reviews"</h1>
                <div class="toolbar">
                    <AreaLinks/>
                    <Show when=move || me.can(Permission::Chair)>
                        <a class="button primary" id="new-review" data-testid="review-new" href=NEW_REVIEW_PATH>
                            "New review"
                        </a>
                    </Show>
                </div>
            </header>
            {move || problems_callout(params.with(|p| p.problems.clone()))}
            {filters}
            {body}
        </section>
    }
}
