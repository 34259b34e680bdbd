//! Calibration at `/interviews/calibration/ROLE?months=N`: how far a role's interviewers agree
//! per dimension (units, ratings, Krippendorff's alpha to three places with its reliability, or
//! why there is none), the engine's alpha and leniency charts, and per interviewer the
//! scorecards, ratings, leniency (signed), mean absolute deviation and median hours to submit.
//! A role picker and a period choose what is shown.

use super::{AreaLinks, INTERVIEW_TOPICS, problem_view, role_options, use_roles};
use crate::components::mermaid::svg_data_url;
use crate::components::widgets::{FilterSelect, Nav};
use crate::data::use_query;
use crate::logic::interview::{CALIBRATION_PATH, calibration_path, format_hours, format_signed};
use crate::logic::query_string::build;
use archboard_types::endpoint as api;
use archboard_types::interview::{Calibration, CalibrationQuery, MIN_CALIBRATION_UNITS};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The periods offered, in months (`None`: every process).
const PERIODS: [(Option<u32>, &str); 4] = [
    (None, "All processes"),
    (Some(6), "Last 6 months"),
    (Some(12), "Last 12 months"),
    (Some(24), "Last 24 months"),
];

#[component]
pub fn CalibrationPage() -> impl IntoView {
    let nav = Nav::new();
    let path = use_params_map();
    let query = use_query_map();
    let role = Memo::new(move |_| path.with(|p| p.get("role")).filter(|r| !r.trim().is_empty()));
    let months =
        Memo::new(move |_| query.with(|q| q.get("months")).and_then(|m| m.trim().parse::<u32>().ok()));
    let roles = use_roles();
    let go = move |role: Option<String>, months: Option<u32>| {
        let base = role.map(|r| calibration_path(&r)).unwrap_or_else(|| CALIBRATION_PATH.to_owned());
        nav.replace(&format!(
            "{base}{}",
            build(&[("months", months.map(|m| m.to_string()).unwrap_or_default())])
        ));
    };
    let calibration = use_query::<api::CalibrationGet>(INTERVIEW_TOPICS, move || {
        role.get().map(|role_key| CalibrationQuery { role_key, months: months.get() })
    });
    let picker = view! {
        <div class="toolbar filters" role="group" aria-label="Calibration">
            <FilterSelect
                id="calibration-role"
                label="Role"
                any="Choose a role…"
                options=Signal::derive(move || role_options(roles))
                selected=Signal::derive(move || role.get().unwrap_or_default())
                on_choose=Callback::new(move |key: String| go((!key.is_empty()).then_some(key), months.get_untracked()))
            />
            <label for="calibration-months">"Period"</label>
            <select
                id="calibration-months"
                on:change=move |ev| go(role.get_untracked(), event_target_value(&ev).parse::<u32>().ok())
            >
                {PERIODS.iter().map(|(m, label)| {
                    let m = *m;
                    view! {
                        <option value=m.map(|m| m.to_string()).unwrap_or_default() selected=move || months.get() == m>
                            {*label}
                        </option>
                    }
                }).collect_view()}
            </select>
        </div>
    };
    let body = move || {
        if role.get().is_none() {
            return view! {
                <div class="empty-state">
                    <h2>"Choose a role"</h2>
                    <p>"Calibration compares how a role's interviewers rate the same candidates: where they agree, and who rates higher or lower than the others."</p>
                </div>
            }
            .into_any();
        }
        match calibration.get() {
            None => view! { <p class="muted">"Loading calibration…"</p> }.into_any(),
            Some(Err(error)) => problem_view(error.message).into_any(),
            Some(Ok(c)) => calibration_view(c).into_any(),
        }
    };
    view! {
        <section class="page calibration-page" data-testid="calibration-page">
            <header class="page-head">
                <h1>{move || calibration.ok().map(|c| format!("Calibration · {}", c.role_name)).unwrap_or_else(|| "Calibration".to_owned())}</h1>
                <AreaLinks/>
            </header>
            {picker}
            {body}
        </section>
    }
}

fn calibration_view(c: Calibration) -> impl IntoView {
    let dimension_rows = c
        .dimensions
        .iter()
        .map(|d| {
            let alpha = match d.alpha {
                Some(a) => view! { <span class="mono">{format!("{a:.3}")}</span> }.into_any(),
                None => view! { <span class="muted">{if d.note.is_empty() { "—".to_owned() } else { d.note.clone() }}</span> }.into_any(),
            };
            view! {
                <tr class="calibration-dimension" data-key=d.key.clone() data-reliability=d.reliability.map(|r| r.label()).unwrap_or("")>
                    <th scope="row">{d.name.clone()}</th>
                    <td class="num">{d.units}</td>
                    <td class="num">{d.ratings}</td>
                    <td>{alpha}</td>
                    <td>{d.reliability.map(|r| view! { <span class=format!("badge reliability {}", r.label())>{r.label()}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    let interviewer_rows = c
        .interviewers
        .iter()
        .map(|i| {
            view! {
                <tr class="calibration-interviewer" data-who=i.interviewer.clone()>
                    <th scope="row">{i.interviewer.clone()}</th>
                    <td class="num">{i.scorecards}</td>
                    <td class="num">{i.ratings}</td>
                    <td class="num mono">{i.leniency.map(|l| format_signed(l, 2)).unwrap_or_else(|| "—".to_owned())}</td>
                    <td class="num mono">{i.mean_absolute_deviation.map(|m| format!("{m:.2}")).unwrap_or_else(|| "—".to_owned())}</td>
                    <td class="num">{format_hours(i.median_hours_to_submit)}</td>
                </tr>
            }
        })
        .collect_view();
    let alpha_alt: Vec<String> = c
        .dimensions
        .iter()
        .map(|d| {
            format!("{} {}", d.name, d.alpha.map(|a| format!("{a:.3}")).unwrap_or_else(|| "no alpha".into()))
        })
        .collect();
    let leniency_alt: Vec<String> = c
        .interviewers
        .iter()
        .map(|i| {
            format!(
                "{} {}",
                i.interviewer,
                i.leniency.map(|l| format_signed(l, 2)).unwrap_or_else(|| "—".into())
            )
        })
        .collect();
    view! {
        <div class="calibration" data-testid="calibration">
            <p class="muted">
                {format!("{} processes, {} submitted scorecards. ", c.processes, c.scorecards)}
                {format!("An alpha (Krippendorff's, with its reliability after Krippendorff 2004) is shown once at least {MIN_CALIBRATION_UNITS} candidates were rated on a dimension by two or more interviewers.")}
            </p>
            <section class="panel" aria-label="Agreement per dimension">
                <h2>"Agreement per dimension"</h2>
                <div class="table-scroll">
                    <table class="data compact calibration-dimensions" data-testid="calibration-dimensions">
                        <thead>
                            <tr>
                                <th scope="col" class="th-text">"Dimension"</th>
                                <th scope="col" class="th-text num">"Candidates"</th>
                                <th scope="col" class="th-text num">"Ratings"</th>
                                <th scope="col" class="th-text">"Alpha"</th>
                                <th scope="col" class="th-text">"Reliability"</th>
                            </tr>
                        </thead>
                        <tbody>{dimension_rows}</tbody>
                    </table>
                </div>
                {(!c.alpha_svg.is_empty()).then(|| view! {
                    <img class="chart" data-testid="alpha-chart" src=svg_data_url(&c.alpha_svg) alt=format!("Alpha per dimension: {}", alpha_alt.join("; "))/>
                })}
            </section>
            <section class="panel" aria-label="Interviewers">
                <h2>"Interviewers"</h2>
                <p class="muted">"Leniency: the mean difference from the other interviewers on the same candidate and dimension (positive: rates higher)."</p>
                <div class="table-scroll">
                    <table class="data compact calibration-interviewers" data-testid="calibration-interviewers">
                        <thead>
                            <tr>
                                <th scope="col" class="th-text">"Interviewer"</th>
                                <th scope="col" class="th-text num">"Scorecards"</th>
                                <th scope="col" class="th-text num">"Ratings"</th>
                                <th scope="col" class="th-text num">"Leniency"</th>
                                <th scope="col" class="th-text num">"Mean abs. deviation"</th>
                                <th scope="col" class="th-text num">"Median time to submit"</th>
                            </tr>
                        </thead>
                        <tbody>{interviewer_rows}</tbody>
                    </table>
                </div>
                {(!c.leniency_svg.is_empty()).then(|| view! {
                    <img class="chart" data-testid="leniency-chart" src=svg_data_url(&c.leniency_svg) alt=format!("Leniency per interviewer: {}", leniency_alt.join("; "))/>
                })}
            </section>
        </div>
    }
}
