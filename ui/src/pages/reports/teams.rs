//! The teams on the hub, each linking to its maturity assessment for the quarter chosen here.

use super::problem_view;
use crate::data::{Topic, use_query};
use crate::logic::report::assess_path;
use archboard_types::endpoint as api;
use archboard_types::kpi::Period;
use archboard_types::people::TeamListQuery;
use leptos::prelude::*;

#[component]
pub fn TeamsPanel(
    #[prop(into)] quarter: Signal<Period>,
    /// The quarters offered, newest first.
    #[prop(into)]
    choices: Signal<Vec<Period>>,
    on_choose: Callback<Period>,
) -> impl IntoView {
    let teams = use_query::<api::TeamList>(&[Topic::Teams], || Some(TeamListQuery::default()));
    let select = move || {
        let chosen = quarter.get();
        view! {
            <label for="assess-quarter">"Quarter"</label>
            <select
                id="assess-quarter"
                data-testid="assess-quarter"
                on:change=move |ev| {
                    // The select offers only quarters, so this parses.
                    if let Ok(period) = event_target_value(&ev).parse::<Period>() {
                        on_choose.run(period);
                    }
                }
            >
                {choices
                    .get()
                    .into_iter()
                    .map(|p| view! { <option value=p.to_string() selected=p == chosen>{p.to_string()}</option> })
                    .collect_view()}
            </select>
        }
    };
    let list = move || match teams.get() {
        None => view! { <p class="muted">"Loading the teams…"</p> }.into_any(),
        Some(Err(error)) => problem_view(error.message).into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <p class="muted">"No teams yet. Add a team under Teams to assess its maturity."</p>
        }
        .into_any(),
        Some(Ok(list)) => {
            let period = quarter.get();
            view! {
                <ul class="link-list assess-teams" data-testid="assess-teams">
                    {list
                        .into_iter()
                        .map(|team| {
                            view! {
                                <li>
                                    <a class="link assess-link" href=assess_path(&team.name, period) data-team=team.name.clone()>
                                        {team.name.clone()}
                                    </a>
                                    <span class="muted">
                                        {format!(
                                            " · {} {}",
                                            team.system_count,
                                            if team.system_count == 1 { "system" } else { "systems" }
                                        )}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <section class="panel teams-panel" aria-labelledby="assess-heading" data-testid="teams-panel">
            <h2 id="assess-heading">"Team assessments"</h2>
            <p class="muted">"Open a team's maturity assessment for the quarter: the levels proposed from the evidence, the assessors' levels and the approval."</p>
            <div class="toolbar filters" role="group" aria-label="Assessment quarter">{select}</div>
            {list}
        </section>
    }
}
