//! The scorecard at `/scorecards?team=…&period=…` (or `?system=…`, `&band=YEAR`): the scope,
//! period and band year chosen, the counts per state, the grid of KPIs (value, state, change,
//! previous period, sparkline, band), the heat map of the last periods, and the KPIs it shows.

use super::choose::ChooseKpis;
use super::{AreaLinks, KPI_TOPICS, ScopeLookups, state_badge, today};
use crate::components::me::use_me;
use crate::components::mermaid::svg_data_url;
use crate::components::widgets::{FilterSelect, Nav, problems_callout};
use crate::data::use_query;
use crate::logic::kpi::{
    SCORECARDS_PATH, ScorecardParams, band_label, format_change_absolute, format_change_percent,
    format_value, kpi_path, period_choices, period_label,
};
use archboard_types::endpoint as api;
use archboard_types::kpi::{KpiState, Period, Scope, ScopeKind, Scorecard, ScorecardQuery};
use archboard_types::people::Permission;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Quarters and months the period select offers back from today.
const QUARTERS_OFFERED: usize = 8;
const MONTHS_OFFERED: usize = 12;

#[component]
pub fn ScorecardPage() -> impl IntoView {
    let nav = Nav::new();
    let me = use_me();
    let query = use_query_map();
    let today = today();
    let params = Memo::new(move |_| ScorecardParams::parse(|key| query.with(|q| q.get(key))));
    let period = Memo::new(move |_| params.with(|p| p.period_or(today)));
    let set_params = move |change: &dyn Fn(&mut ScorecardParams)| {
        let mut next = params.get_untracked();
        change(&mut next);
        next.problems.clear();
        nav.replace(&format!("{SCORECARDS_PATH}{}", next.to_query()));
    };
    let lookups = ScopeLookups::new();
    let choose_open = RwSignal::new(false);
    let card = use_query::<api::ScorecardShow>(KPI_TOPICS, move || {
        let p = params.get();
        p.scope.clone().map(|scope| ScorecardQuery {
            scope,
            period: p.period_or(today),
            band_year: p.band_year,
        })
    });
    let scope_key = move |kind: ScopeKind| {
        Signal::derive(move || {
            params.with(|p| {
                p.scope.as_ref().filter(|s| s.kind == kind).map(|s| s.key.clone()).unwrap_or_default()
            })
        })
    };
    let choose_scope = move |kind: ScopeKind| {
        Callback::new(move |key: String| {
            set_params(&|p| {
                let keep_other = p.scope.as_ref().is_some_and(|s| s.kind != kind);
                if !key.is_empty() {
                    p.scope = Some(Scope { kind, key: key.clone() });
                } else if !keep_other {
                    p.scope = None;
                }
            })
        })
    };

    let period_select = move || {
        let chosen = period.get();
        let (quarters, months) = period_choices(today, chosen, QUARTERS_OFFERED, MONTHS_OFFERED);
        let option = move |p: Period| {
            view! { <option value=p.to_string() selected=p == chosen>{period_label(p)}</option> }
        };
        view! {
            <label for="scorecard-period">"Period"</label>
            <select
                id="scorecard-period"
                data-testid="scorecard-period"
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    // The select offers only periods, so this parses.
                    if let Ok(chosen) = text.parse::<Period>() {
                        set_params(&|p| p.period = Some(chosen));
                    }
                }
            >
                <optgroup label="Quarters">{quarters.into_iter().map(option).collect_view()}</optgroup>
                <optgroup label="Months">{months.into_iter().map(option).collect_view()}</optgroup>
            </select>
        }
    };

    // The band years come with the scorecard; the select shows once it has some.
    let band_select = move || {
        let card = card.ok()?;
        if card.band_years.is_empty() {
            return None;
        }
        let chosen = card.band_year;
        Some(view! {
            <label for="scorecard-band">"Performance bands"</label>
            <select
                id="scorecard-band"
                data-testid="scorecard-band"
                on:change=move |ev| {
                    let year = event_target_value(&ev).parse::<u16>().ok();
                    set_params(&|p| p.band_year = year);
                }
            >
                {card.band_years.iter().rev().map(|year| {
                    view! { <option value=year.to_string() selected=Some(*year) == chosen>{format!("DORA {year}")}</option> }
                }).collect_view()}
            </select>
        })
    };

    let filters = view! {
        <div class="toolbar filters scorecard-filters" role="group" aria-label="Scorecard">
            <FilterSelect
                id="scorecard-team"
                label="Team"
                any="Choose a team…"
                options=Signal::derive(move || lookups.team_options())
                selected=scope_key(ScopeKind::Team)
                on_choose=choose_scope(ScopeKind::Team)
            />
            <span class="muted">"or"</span>
            <FilterSelect
                id="scorecard-system"
                label="System"
                any="Choose a system…"
                options=Signal::derive(move || lookups.system_options())
                selected=scope_key(ScopeKind::System)
                on_choose=choose_scope(ScopeKind::System)
            />
            {period_select}
            {band_select}
        </div>
    };

    let body = move || {
        if params.with(|p| p.scope.is_none()) {
            return if lookups.no_scopes() {
                view! {
                    <div class="empty-state">
                        <div class="empty-icon" aria-hidden="true">"◔"</div>
                        <h2>"No teams or systems yet"</h2>
                        <p>"A scorecard shows one team's or one system's KPIs. Add a team under Teams first."</p>
                        <a class="button primary" href="/teams/new">"Add a team"</a>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <div class="empty-state">
                        <div class="empty-icon" aria-hidden="true">"◔"</div>
                        <h2>"Choose a team or a system"</h2>
                        <p>"Its scorecard shows each KPI's value for the period, judged red, amber or green against the catalog's thresholds, with the change from the period before."</p>
                    </div>
                }
                .into_any()
            };
        }
        match card.get() {
            None => view! { <p class="muted">"Loading the scorecard…"</p> }.into_any(),
            Some(Err(error)) => view! { <p class="callout warn" role="alert">{error.message}</p> }.into_any(),
            Some(Ok(card)) => {
                let can_edit = me.can(Permission::Edit);
                view! { <ScorecardView card=card can_edit=can_edit choose_open=choose_open/> }.into_any()
            }
        }
    };

    view! {
        <section class="page scorecard-page">
            <header class="page-head">
                <h1>"Scorecards"</h1>
                <AreaLinks/>
            </header>
            {move || problems_callout(params.with(|p| p.problems.clone()))}
            {filters}
            {body}
        </section>
    }
}

/// The counts per state, each with its mark.
fn counts(card: &Scorecard) -> impl IntoView + use<> {
    let count = |state: KpiState, n: u32, testid: &'static str| {
        view! {
            <li class="rag-count" data-testid=testid>
                {state_badge(state)}
                <span class="rag-count-n">{n}</span>
            </li>
        }
    };
    view! {
        <ul class="rag-counts" aria-label="KPIs per state">
            {count(KpiState::Green, card.green, "count-green")}
            {count(KpiState::Amber, card.amber, "count-amber")}
            {count(KpiState::Red, card.red, "count-red")}
            <li class="rag-count" data-testid="count-grey">
                <span class="rag grey"><span class="rag-mark" aria-hidden="true">"–"</span>"No data, stale or no baseline"</span>
                <span class="rag-count-n">{card.grey}</span>
            </li>
        </ul>
    }
}

#[component]
fn ScorecardView(card: Scorecard, can_edit: bool, choose_open: RwSignal<bool>) -> impl IntoView {
    let scope = card.scope.clone();
    let period = card.period;
    let heading = format!("{} · {}", scope.describe(), period);
    let chosen_note = if card.chosen {
        "KPIs chosen for this scorecard."
    } else {
        "KPIs that apply at this scope's risk tiers, and any measured or bound for it."
    };
    let current: Vec<String> = card.rows.iter().map(|r| r.kpi.clone()).collect();
    let rows = card
        .rows
        .iter()
        .map(|row| {
            let href = kpi_path(&row.kpi, &scope, period);
            let sparkline = (!row.sparkline_svg.is_empty()).then(|| {
                let trend: Vec<String> = row
                    .trend
                    .iter()
                    .map(|p| format!("{} {}", p.period, p.state.label()))
                    .collect();
                view! {
                    <img class="sparkline" src=svg_data_url(&row.sparkline_svg) alt=format!("Trend: {}", trend.join(", "))/>
                }
            });
            let band = row.band.as_ref().map(|b| {
                view! { <span class="band" title=b.wording.clone()>{band_label(b)}</span> }
            });
            view! {
                <tr data-testid="scorecard-row" data-kpi=row.kpi.clone() data-state=row.judgement.state.as_str()>
                    <th scope="row" class="title-cell">
                        <a class="link" href=href>{row.name.clone()}</a>
                        {row.overridden.as_ref().map(|o| view! {
                            " " <span class="badge override" title=format!("Thresholds overridden: {}", o.reason)>"override"</span>
                        })}
                    </th>
                    <td class="num" data-testid="row-value">{format_value(row.value, &row.unit_label)}</td>
                    <td>{state_badge(row.judgement.state)}</td>
                    <td class="num">{format_change_absolute(row.change.as_ref())}</td>
                    <td class="num">{format_change_percent(row.change.as_ref())}</td>
                    <td class="num">{format_value(row.previous, &row.unit_label)}</td>
                    <td class="sparkline-cell">{sparkline}</td>
                    <td>{band}</td>
                </tr>
            }
        })
        .collect_view();
    let table = if card.rows.is_empty() {
        view! {
            <div class="empty-state small">
                <h2>"No KPIs on this scorecard"</h2>
                <p>"Choose the KPIs it shows below, or give the scope's systems a risk tier."</p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="data compact scorecard-grid" data-testid="scorecard-grid">
                    <caption class="sr-only">{format!("KPIs of {heading}")}</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="th-text">"KPI"</th>
                            <th scope="col" class="th-text num">"Value"</th>
                            <th scope="col" class="th-text">"State"</th>
                            <th scope="col" class="th-text num">"Change"</th>
                            <th scope="col" class="th-text num">"Change %"</th>
                            <th scope="col" class="th-text num">{format!("Previous ({})", card.previous_period)}</th>
                            <th scope="col" class="th-text">"Trend"</th>
                            <th scope="col" class="th-text">"Band"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let heatmap = (!card.heatmap_svg.is_empty() && !card.rows.is_empty()).then(|| {
        view! {
            <section class="panel" aria-label="Heat map">
                <h2>"Heat map"</h2>
                <img
                    class="chart heatmap"
                    data-testid="scorecard-heatmap"
                    src=svg_data_url(&card.heatmap_svg)
                    alt=format!("Each KPI's state over the last periods of {heading}")
                />
            </section>
        }
    });
    view! {
        <section class="scorecard" data-testid="scorecard">
            <h2 class="scorecard-title">{heading.clone()}</h2>
            <p class="muted">{chosen_note}</p>
            {counts(&card)}
            {table}
            {heatmap}
            {can_edit.then(|| view! { <ChooseKpis scope=scope.clone() current=current.clone() chosen=card.chosen open=choose_open/> })}
        </section>
    }
}
