//! One KPI of a scorecard at `/scorecards/kpi/KEY?team=…&period=…`: the trend chart, what the
//! KPI is and (for one the board computes) how, the period's facts, the bands, the bindings
//! that feed it, the period's measurements, and — for people who may edit — a manual entry
//! and this scorecard's thresholds. The forms are built once per KPI and scope, so a refresh
//! after a save never clears what is being typed in the other.

use super::entry::{ManualEntryForm, OverridePanel};
use super::{AreaLinks, KPI_TOPICS, state_badge, today};
use crate::components::me::use_me;
use crate::components::mermaid::svg_data_url;
use crate::components::widgets::problems_callout;
use crate::data::use_query;
use crate::logic::kpi::{
    ScorecardParams, band_label, format_change_absolute, format_change_percent, format_number, format_range,
    format_value, scorecard_path, source_path,
};
use crate::logic::lists::readable_at;
use archboard_types::catalog::TargetBasis;
use archboard_types::endpoint as api;
use archboard_types::kpi::{KpiDetail, KpiDetailQuery};
use archboard_types::people::Permission;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn KpiPage() -> impl IntoView {
    let me = use_me();
    let path = use_params_map();
    let query = use_query_map();
    let today = today();
    let key = Memo::new(move |_| path.with(|p| p.get("key")).unwrap_or_default());
    let params = Memo::new(move |_| ScorecardParams::parse(|k| query.with(|q| q.get(k))));
    let period = Memo::new(move |_| params.with(|p| p.period_or(today)));
    let scope = Memo::new(move |_| params.with(|p| p.scope.clone()));
    let detail = use_query::<api::KpiDetailGet>(KPI_TOPICS, move || {
        scope.get().map(|scope| KpiDetailQuery { kpi: key.get(), scope, period: period.get(), periods: None })
    });
    // What the forms are built for: they stay while the figures around them refresh.
    // A memo: it wakes the forms only when the KPI or the scope changes, not on every refresh.
    let form_key = Memo::new(move |_| {
        let scope = scope.get()?;
        detail.ok().map(|d| (d.row.kpi, d.row.unit, d.row.unit_label, scope))
    });
    let forms = move || {
        let (kpi, unit, unit_label, scope) = form_key.get()?;
        if !me.can(Permission::Edit) {
            return None;
        }
        let (target, overridden) =
            untrack(|| detail.ok().map(|d| (d.row.target.clone(), d.row.overridden.clone())))
                .unwrap_or_default();
        Some(view! {
            <div class="kpi-forms">
                <ManualEntryForm kpi=kpi.clone() unit=unit unit_label=unit_label scope=scope.clone()/>
                <OverridePanel kpi=kpi scope=scope target=target overridden=overridden/>
            </div>
        })
    };

    let back = move || {
        scope.get().map(|scope| {
            view! { <a class="button ghost" href=scorecard_path(&scope, period.get()) data-testid="kpi-back">"← Scorecard"</a> }
        })
    };
    let body = move || {
        if scope.get().is_none() {
            return view! {
                <p class="callout warn" role="alert">
                    "Say whose KPI this is: the address needs ?team=NAME or ?system=KEY."
                </p>
            }
            .into_any();
        }
        match detail.get() {
            None => view! { <p class="muted">"Loading…"</p> }.into_any(),
            Some(Err(error)) => view! { <p class="callout warn" role="alert">{error.message}</p> }.into_any(),
            Some(Ok(d)) => view! { <KpiFigures detail=d/> }.into_any(),
        }
    };
    view! {
        <section class="page kpi-page">
            <header class="page-head">
                <div>
                    <h1>{move || detail.ok().map(|d| d.row.name).unwrap_or_else(|| key.get())}</h1>
                    <p class="muted mono">
                        {move || format!(
                            "{} · {} · {}",
                            key.get(),
                            scope.get().map(|s| s.describe()).unwrap_or_default(),
                            period.get()
                        )}
                    </p>
                </div>
                <div class="toolbar">{back}<AreaLinks/></div>
            </header>
            {move || problems_callout(params.with(|p| p.problems.clone()))}
            {body}
            {forms}
        </section>
    }
}

#[component]
fn KpiFigures(detail: KpiDetail) -> impl IntoView {
    let row = detail.row.clone();
    let unit = row.unit_label.clone();
    let target = row.target.as_ref().map(|t| {
        let basis = match t.basis {
            TargetBasis::Value => "",
            TargetBasis::ChangeFromPreviousPct => " (change from the previous period, %)",
            TargetBasis::ChangeFromBaselinePct => " (change from a year before, %)",
        };
        format!("green {} · amber {}{basis}", format_range(&t.green), format_range(&t.amber))
    });
    let compared = row
        .judgement
        .compared
        .filter(|_| row.target.as_ref().is_some_and(|t| t.basis != TargetBasis::Value))
        .map(|c| format!("{}%", format_number(c)));
    let chart = (!detail.chart_svg.is_empty()).then(|| {
        let points: Vec<String> = detail
            .history
            .iter()
            .map(|p| format!("{} {} {}", p.period, format_value(p.value, &unit), p.state.label()))
            .collect();
        view! {
            <img class="chart" data-testid="kpi-chart" src=svg_data_url(&detail.chart_svg) alt=format!("Trend by period: {}", points.join("; "))/>
        }
    });
    let bands = (!detail.bands.is_empty()).then(|| {
        view! {
            <section class="panel" aria-label="Performance bands">
                <h2>"Performance bands"</h2>
                <table class="data compact">
                    <thead>
                        <tr>
                            <th scope="col" class="th-text">"Band"</th>
                            <th scope="col" class="th-text">"Year"</th>
                            <th scope="col" class="th-text">"Range"</th>
                            <th scope="col" class="th-text">"Means"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {detail.bands.iter().map(|b| {
                            let here = row.band.as_ref().is_some_and(|p| p.name == b.name && Some(p.year) == b.year);
                            view! {
                                <tr class:current=here>
                                    <th scope="row">{b.name.clone()}{here.then_some(" (this period)")}</th>
                                    <td>{b.year.map(|y| y.to_string()).unwrap_or_default()}</td>
                                    <td>{format_range(&b.range)}</td>
                                    <td>{b.wording.clone()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    });
    let bindings = if detail.bindings.is_empty() {
        view! { <p class="muted">"No data source feeds this KPI for this scope. Bind a query on a source's page under Data sources."</p> }.into_any()
    } else {
        view! {
            <table class="data compact" data-testid="kpi-bindings">
                <thead>
                    <tr>
                        <th scope="col" class="th-text">"Source"</th>
                        <th scope="col" class="th-text">"Query"</th>
                        <th scope="col" class="th-text">"Last success"</th>
                        <th scope="col" class="th-text">"Last error"</th>
                    </tr>
                </thead>
                <tbody>
                    {detail.bindings.iter().map(|b| view! {
                        <tr>
                            <td><a class="link" href=source_path(&b.source)>{b.source.clone()}</a></td>
                            <td class="mono query-cell">{b.query.clone()}</td>
                            <td>{b.status.last_success.as_ref().map(readable_at).unwrap_or_else(|| "never".into())}</td>
                            <td class="danger-text">{b.status.last_error.as_ref().map(|e| e.message.clone())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    let measurements = if detail.measurements.is_empty() {
        view! { <p class="muted" data-testid="kpi-no-measurements">{format!("No measurements in {}.", row.trend.last().map(|p| p.period.to_string()).unwrap_or_default())}</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="data compact" data-testid="kpi-measurements">
                    <thead>
                        <tr>
                            <th scope="col" class="th-text">"Time"</th>
                            <th scope="col" class="th-text num">"Value"</th>
                            <th scope="col" class="th-text">"Source"</th>
                            <th scope="col" class="th-text">"Note"</th>
                            <th scope="col" class="th-text">"Recorded by"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {detail.measurements.iter().map(|m| view! {
                            <tr data-testid="measurement-row">
                                <td class="mono">{readable_at(&m.at)}</td>
                                <td class="num">{format_value(Some(m.value), &unit)}</td>
                                <td>{m.source.clone()}</td>
                                <td>{m.note.clone()}</td>
                                <td>{m.recorded_by.clone().unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="kpi-figures">
            <section class="panel kpi-summary" aria-label="This period">
                <p class="kpi-headline">
                    <strong class="kpi-value" data-testid="kpi-value">{format_value(row.value, &unit)}</strong>
                    " " {state_badge(row.judgement.state)}
                    {row.band.as_ref().map(|b| view! { " " <span class="band" title=b.wording.clone()>{band_label(b)}</span> })}
                </p>
                {chart}
                <dl class="facts">
                    <dt>"Previous period"</dt><dd>{format_value(row.previous, &unit)}</dd>
                    <dt>"Change"</dt>
                    <dd>{format!("{} ({})", format_change_absolute(row.change.as_ref()), format_change_percent(row.change.as_ref()))}</dd>
                    {compared.map(|c| view! { <dt>"Judged on"</dt><dd>{c}</dd> })}
                    <dt>"Thresholds"</dt>
                    <dd>
                        {target.unwrap_or_else(|| "none in the catalog".into())}
                        {row.overridden.as_ref().map(|o| view! { " " <span class="badge override" title=o.reason.clone()>"override"</span> })}
                    </dd>
                    <dt>"Direction"</dt><dd>{row.direction.label()}</dd>
                    <dt>"Period value"</dt><dd>{format!("{} of {} measurements", row.aggregate.label(), row.points)}</dd>
                    <dt>"Newest measurement"</dt><dd>{row.latest_at.as_ref().map(readable_at).unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Sources"</dt><dd>{if row.sources.is_empty() { "—".to_owned() } else { row.sources.join(", ") }}</dd>
                </dl>
            </section>
            <section class="panel" aria-label="Definition">
                <h2>"Definition"</h2>
                <p>{detail.definition.clone()}</p>
                {detail.computed.clone().map(|how| view! {
                    <h3>"How Archboard computes it"</h3>
                    <p data-testid="kpi-computed">{how}</p>
                })}
            </section>
            {bands}
            <section class="panel" aria-label="Bindings">
                <h2>"Bindings"</h2>
                {bindings}
            </section>
            <section class="panel" aria-label="Measurements">
                <h2>"Measurements this period"</h2>
                {measurements}
            </section>
        </div>
    }
}
