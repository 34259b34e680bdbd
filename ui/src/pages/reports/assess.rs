//! One team's maturity assessment for a quarter at `/reports/assess/TEAM/QUARTER`
//! (`maturity_propose`): the head (the team, the quarter with a switch to another, whether the
//! assessment is approved, a banner when the quarter is closed and everything is read-only,
//! the chair's Approve, held back with the reason while dimensions are unassessed), then one
//! card per dimension of the maturity model. The cards are built once per dimension and read
//! the proposal live, so a refresh after one dimension is saved never clears what is being
//! typed in another.

use super::dimension::DimensionCard;
use super::{MATURITY_TOPICS, QUARTERS_OFFERED, REPORT_TOPICS, listed_periods, problem_view, use_quarters};
use crate::components::me::use_me;
use crate::components::notifications::use_notifier;
use crate::components::widgets::Nav;
use crate::data::{ListShape, Query, use_mutation, use_query};
use crate::logic::report::{
    REPORTS_PATH, ReportsParams, approve_blocker, assess_path, by_at, parse_quarter, quarter_choices,
    unassessed_names,
};
use crate::pages::scorecards::today;
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::kpi::Period;
use archboard_types::maturity::MaturityQuery;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AssessPage() -> impl IntoView {
    let params = use_params_map();
    let team = Memo::new(move |_| params.with(|p| p.get("team")).unwrap_or_default());
    let period = Memo::new(move |_| parse_quarter(&params.with(|p| p.get("period")).unwrap_or_default()));
    move || match period.get() {
        Ok(period) => view! { <AssessView team=team.get() period=period/> }.into_any(),
        Err(message) => view! {
            <section class="page assess-page">
                <header class="page-head">
                    <a class="button ghost" href=REPORTS_PATH>"← Reports"</a>
                </header>
                {problem_view(message)}
            </section>
        }
        .into_any(),
    }
}

#[component]
fn AssessView(team: String, period: Period) -> impl IntoView {
    let nav = Nav::new();
    let me = use_me();
    let notifier = use_notifier();
    let today = today();
    let query_team = team.clone();
    let proposal = use_query::<api::MaturityPropose>(MATURITY_TOPICS, move || {
        Some(MaturityQuery { team: query_team.clone(), period })
    });
    let quarters = use_quarters();
    let approve = use_mutation::<api::MaturityApprove>(REPORT_TOPICS);
    approve.on_success(move |p| {
        notifier.success(format!("Approved the maturity assessment of {} for {}.", p.team, p.period))
    });
    let back =
        format!("{REPORTS_PATH}{}", ReportsParams { quarter: Some(period), ..Default::default() }.to_query());

    let switch_team = team.clone();
    let quarter_select = move || {
        let choices = quarter_choices(today, &listed_periods(quarters), Some(period), QUARTERS_OFFERED);
        let team = switch_team.clone();
        view! {
            <label for="assess-period">"Quarter"</label>
            <select
                id="assess-period"
                data-testid="assess-period"
                on:change=move |ev| {
                    // The select offers only quarters, so this parses.
                    if let Ok(chosen) = event_target_value(&ev).parse::<Period>() {
                        nav.go(&assess_path(&team, chosen));
                    }
                }
            >
                {choices
                    .into_iter()
                    .map(|p| view! { <option value=p.to_string() selected=p == period>{p.to_string()}</option> })
                    .collect_view()}
            </select>
        }
    };

    let approve_team = team.clone();
    let approval = move || {
        let p = proposal.ok()?;
        let approved = p.approval.clone();
        let blocker = approve_blocker(&p);
        let missing = unassessed_names(&p);
        let closed = p.closed;
        let team = approve_team.clone();
        Some(view! {
            <div
                class="assess-approval"
                data-testid="assess-approval"
                data-state=if approved.is_some() { "approved" } else { "pending" }
            >
                {match &approved {
                    Some(a) => view! {
                        <p class="approval-state approved">
                            <span aria-hidden="true">"✓ "</span>
                            {format!("Approved {}", by_at(Some(&a.by), Some(&a.at)))}
                        </p>
                    }
                    .into_any(),
                    None => view! {
                        <p class="approval-state pending">
                            <span aria-hidden="true">"○ "</span>
                            "Not approved yet"
                        </p>
                    }
                    .into_any(),
                }}
                {(approved.is_none() && !closed && me.can(api::MaturityApprove::PERMISSION)).then(|| {
                    let disabled = blocker.is_some();
                    view! {
                        <button
                            class="primary"
                            id="assess-approve"
                            disabled=move || disabled || approve.pending()
                            aria-describedby=disabled.then_some("assess-approve-reason")
                            on:click=move |_| approve.run(MaturityQuery { team: team.clone(), period })
                        >
                            {move || if approve.pending() { "Approving…" } else { "Approve the assessment" }}
                        </button>
                    }
                })}
                {(!closed).then_some(blocker).flatten().map(|reason| view! {
                    <p class="muted" id="assess-approve-reason" data-testid="assess-approve-reason">{reason}</p>
                })}
                {(!missing.is_empty()).then(|| view! {
                    <ul class="assess-unassessed" data-testid="assess-unassessed" aria-label="Dimensions still to assess">
                        {missing.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}
                    </ul>
                })}
            </div>
        })
    };

    let closed_banner = move || {
        proposal.ok().filter(|p| p.closed).map(|_| {
            view! {
                <div class="callout assess-closed" role="status" data-testid="assess-closed">
                    <strong>{format!("{period} is closed. ")}</strong>
                    "Its assessments are frozen and shown read-only. An owner can reopen the quarter on the Reports page."
                </div>
            }
        })
    };
    let context_line = move || {
        proposal.ok().map(|p| {
            let text = match p.decisions_this_quarter {
                0 => "No decisions about the team's systems were made in this quarter.".to_owned(),
                1 => "1 decision about the team's systems was made in this quarter.".to_owned(),
                n => format!("{n} decisions about the team's systems were made in this quarter."),
            };
            view! { <p class="muted" data-testid="assess-decisions">{text}</p> }
        })
    };

    // The cards are built once the dimensions are known and kept through refreshes (one that
    // fails leaves them as they were), so what is typed in them survives another card's save.
    let shape = Memo::new(move |before: Option<&ListShape>| {
        let now = ListShape::of(proposal.get().map(|answer| answer.map(|p| p.dimensions)));
        match (before, &now) {
            (Some(ListShape::Rows), ListShape::Loading | ListShape::Failed(_)) => ListShape::Rows,
            _ => now,
        }
    });
    let refresh_error = move || {
        (shape.get() == ListShape::Rows)
            .then(|| proposal.get())
            .flatten()
            .and_then(Result::err)
            .map(|error| problem_view(error.message))
    };
    let card_team = team.clone();
    let body = move || match shape.get() {
        ListShape::Loading => view! { <p class="muted">"Loading the assessment…"</p> }.into_any(),
        ListShape::Failed(message) => problem_view(message).into_any(),
        ListShape::Empty => view! {
            <div class="empty-state small">
                <h2>"No maturity dimensions"</h2>
                <p>"The catalog's maturity model has no dimensions yet, so there is nothing to assess."</p>
            </div>
        }
        .into_any(),
        ListShape::Rows => {
            let team = card_team.clone();
            view! { <DimensionCards team=team period=period proposal=proposal/> }.into_any()
        }
    };

    view! {
        <section class="page assess-page" data-testid="assess-page" data-team=team.clone() data-period=period.to_string()>
            <header class="page-head assess-head">
                <div>
                    <a class="button ghost" href=back>"← Reports"</a>
                    <h1 data-testid="assess-title">{format!("{team} · maturity assessment")}</h1>
                    <div class="toolbar filters" role="group" aria-label="Quarter">{quarter_select}</div>
                </div>
                {approval}
            </header>
            {closed_banner}
            {context_line}
            {refresh_error}
            {body}
        </section>
    }
}

/// One card per dimension, keyed by the dimension, so each card (and what is typed in it)
/// lives as long as its dimension does.
#[component]
fn DimensionCards(team: String, period: Period, proposal: Query<api::MaturityPropose>) -> impl IntoView {
    let keys =
        move || proposal.ok().map(|p| p.dimensions.into_iter().map(|d| d.dimension).collect::<Vec<_>>());
    let keys =
        Memo::new(move |before: Option<&Vec<String>>| keys().or_else(|| before.cloned()).unwrap_or_default());
    view! {
        <div class="dimension-cards" data-testid="dimension-cards">
            <For each=move || keys.get() key=|k| k.clone() let:key>
                <DimensionCard team=team.clone() period=period dimension_key=key proposal=proposal/>
            </For>
        </div>
    }
}
