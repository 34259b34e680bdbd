//! The debrief at `/interviews/ID/debrief`, once the caller may see it: the grid of dimensions
//! (with their weights) by submitted interview — each cell the rating, `n/a` for not assessed
//! or `—` for not scored — with each row's mean and spread, a disagreement marked by a sign and
//! the words "spread N" (never colour alone), and gaps said; the evidence behind each rating;
//! weighted totals per interviewer and for the panel; the red flags with who raised them and
//! why; the recommendations as the engine's chart and as text; who is still to submit; the
//! take-aways; and the decision if made, with the chair's form to make or change it.

use super::decision::{DecideForm, decision_record_view};
use super::{AreaLinks, INTERVIEW_TOPICS, id_param, problem_view};
use crate::components::me::use_me;
use crate::components::mermaid::svg_data_url;
use crate::data::use_query;
use crate::logic::interview::{
    candidate_path, debrief_cell, debrief_columns, format_score, format_weight, majority_label,
};
use archboard_types::Endpoint as _;
use archboard_types::endpoint as api;
use archboard_types::interview::{CandidateId, CandidateRef, Debrief, WeightedTotal, rating_label};
use leptos::prelude::*;

#[component]
pub fn DebriefPage() -> impl IntoView {
    let id = id_param("id", "a candidate");
    move || match id.get() {
        Ok(id) => view! { <DebriefView id=id/> }.into_any(),
        Err(message) => view! { <section class="page">{problem_view(message)}</section> }.into_any(),
    }
}

#[component]
fn DebriefView(id: CandidateId) -> impl IntoView {
    let me = use_me();
    let debrief = use_query::<api::DebriefGet>(INTERVIEW_TOPICS, move || Some(CandidateRef { id }));
    let loaded =
        Memo::new(move |before: Option<&bool>| debrief.ok().is_some() || before.copied().unwrap_or(false));
    let record = move || match debrief.ok().and_then(|d| d.decision) {
        Some(record) => decision_record_view(&record).into_any(),
        None => view! { <p class="muted">"No decision yet."</p> }.into_any(),
    };
    // Built once the debrief is known, so its refresh after a decision keeps the form.
    let decision = move || {
        loaded.get().then(|| {
            let chair = me.can(api::CandidateDecide::PERMISSION);
            view! {
                <section class="panel debrief-decision" aria-label="Decision">
                    <h2>"Decision"</h2>
                    {record}
                    {chair.then(|| view! {
                        <DecideForm
                            candidate_id=id
                            majority=Signal::derive(move || debrief.ok().and_then(|d| d.majority))
                            decided=Signal::derive(move || debrief.ok().is_some_and(|d| d.decision.is_some()))
                        />
                    })}
                </section>
            }
        })
    };
    let title = move || {
        debrief
            .ok()
            .map(|d| format!("Debrief · {}", d.candidate_label))
            .unwrap_or_else(|| "Debrief".to_owned())
    };
    let body = move || match debrief.get() {
        None => view! { <p class="muted">"Loading the debrief…"</p> }.into_any(),
        Some(Err(error)) => problem_view(error.message).into_any(),
        Some(Ok(d)) => debrief_view(d).into_any(),
    };
    view! {
        <section class="page debrief-page" data-testid="debrief-page">
            <header class="page-head">
                <div>
                    <h1>{title}</h1>
                    <p class="muted">{move || debrief.ok().map(|d| format!("{} · rubric v{}", d.role_name, d.role_version))}</p>
                </div>
                <div class="toolbar">
                    <a class="button ghost" href=candidate_path(id)>"← Candidate"</a>
                    <AreaLinks/>
                </div>
            </header>
            {body}
            {decision}
        </section>
    }
}

fn total_row(t: &WeightedTotal, panel: bool) -> impl IntoView + use<> {
    view! {
        <tr
            class="weighted-total"
            class:panel-total=panel
            id=panel.then_some("panel-total")
            data-who=t.who.clone()
        >
            <th scope="row">{t.who.clone()}</th>
            <td class="num">{format_score(t.total)}</td>
            <td class="num">{format!("{:.0}%", t.weight_covered)}</td>
        </tr>
    }
}

fn debrief_view(d: Debrief) -> impl IntoView {
    let columns = debrief_columns(&d);
    let heads = columns
        .iter()
        .map(|c| view! { <th scope="col" class="th-text" data-who=c.interviewer.clone()>{c.interviewer.clone()}</th> })
        .collect_view();
    let rows = d
        .dimensions
        .iter()
        .map(|dim| {
            let cells = columns
                .iter()
                .map(|c| {
                    let rating = c.interview_id.and_then(|id| dim.ratings.iter().find(|r| r.interview_id == id));
                    let text = debrief_cell(rating.and_then(|r| r.rating), rating.is_some_and(|r| r.not_assessed), rating.is_some());
                    let title = match rating {
                        Some(r) if r.not_assessed => format!("{}: not assessed", c.interviewer),
                        Some(r) => format!(
                            "{}: {}{}",
                            c.interviewer,
                            r.rating.map(rating_label).unwrap_or("not rated"),
                            if r.evidence.is_empty() { String::new() } else { format!(" — {}", r.evidence) }
                        ),
                        None => format!("{}: not scored", c.interviewer),
                    };
                    view! {
                        <td class="num debrief-cell" class:not-assessed=rating.is_some_and(|r| r.not_assessed) title=title>
                            {text}
                        </td>
                    }
                })
                .collect_view();
            let spread = match (dim.spread, dim.disagreement) {
                (Some(s), true) => view! {
                    <span class="disagreement-mark"><span aria-hidden="true">"⚠ "</span>{format!("spread {s}")}<span class="sr-only">" (disagreement)"</span></span>
                }
                .into_any(),
                (Some(s), false) => view! { <span>{format!("spread {s}")}</span> }.into_any(),
                (None, _) => view! { <span class="muted">"—"</span> }.into_any(),
            };
            view! {
                <tr
                    class="debrief-dimension"
                    class:disagreement=dim.disagreement
                    class:gap=dim.gap
                    data-key=dim.key.clone()
                    data-disagreement=dim.disagreement.to_string()
                    data-gap=dim.gap.to_string()
                >
                    <th scope="row">
                        {dim.name.clone()}
                        <span class="muted">{format!(" {}", format_weight(dim.weight))}</span>
                        {dim.gap.then(|| view! { " " <span class="badge gap-badge">"Gap: nobody rated it"</span> })}
                    </th>
                    {cells}
                    <td class="num">{format_score(dim.mean)}</td>
                    <td class="spread-cell">{spread}</td>
                </tr>
            }
        })
        .collect_view();
    let evidence = d
        .dimensions
        .iter()
        .filter(|dim| dim.ratings.iter().any(|r| !r.evidence.is_empty()))
        .map(|dim| {
            view! {
                <div class="debrief-evidence-dimension" data-key=dim.key.clone()>
                    <h3>{dim.name.clone()}</h3>
                    <ul>
                        {dim.ratings.iter().filter(|r| !r.evidence.is_empty()).map(|r| view! {
                            <li>
                                <strong>{format!("{} ({}): ", r.interviewer, if r.not_assessed { "n/a".to_owned() } else { r.rating.map(|x| x.to_string()).unwrap_or_else(|| "—".into()) })}</strong>
                                <span class="pre-wrap">{r.evidence.clone()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
        .collect_view();
    let totals = d.totals.iter().map(|t| total_row(t, false)).collect_view();
    let panel_total = total_row(&d.panel_total, true);
    let red_flags = if d.red_flags.is_empty() {
        view! { <p class="muted">"No red flags raised."</p> }.into_any()
    } else {
        view! {
            <ul class="debrief-red-flags">
                {d.red_flags.iter().map(|f| view! {
                    <li class="debrief-red-flag" data-key=f.key.clone()>
                        <strong><span aria-hidden="true">"⚑ "</span>{f.text.clone()}</strong>
                        <ul>
                            {f.raised_by.iter().map(|(who, evidence)| view! {
                                <li><span class="raised-by">{who.clone()}</span>": "<span class="pre-wrap">{evidence.clone()}</span></li>
                            }).collect_view()}
                        </ul>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let counts_text: Vec<String> =
        d.recommendations.iter().map(|(r, n)| format!("{}: {n}", r.label())).collect();
    let chart = (!d.recommendations_svg.is_empty()).then(|| {
        view! {
            <img
                class="chart recommendations-chart"
                data-testid="recommendations-chart"
                src=svg_data_url(&d.recommendations_svg)
                alt=format!("Recommendations: {}", counts_text.join(", "))
            />
        }
    });
    let recommendation_list = d
        .recommendations
        .iter()
        .map(|(r, n)| view! { <li data-recommendation=r.as_str()><span>{r.label()}</span>" "<strong>{*n}</strong></li> })
        .collect_view();
    let pending = if d.pending.is_empty() {
        view! { <p data-testid="pending">"Every scorecard is in."</p> }.into_any()
    } else {
        view! {
            <p class="callout warn" data-testid="pending">
                <strong>"Still to submit: "</strong>{d.pending.join(", ")}
                <span class="muted">" — the debrief counts only submitted scorecards."</span>
            </p>
        }
        .into_any()
    };
    let takeaways = (!d.grid_takeaways.is_empty()).then(|| {
        view! {
            <section class="panel" aria-label="Key take-aways">
                <h2>"Key take-aways"</h2>
                <dl class="facts">
                    {d.grid_takeaways.iter().map(|(who, text)| view! {
                        <dt>{who.clone()}</dt><dd class="pre-wrap">{text.clone()}</dd>
                    }).collect_view()}
                </dl>
            </section>
        }
    });
    let disagreements = d.dimensions.iter().filter(|dim| dim.disagreement).count();
    let gaps = d.dimensions.iter().filter(|dim| dim.gap).count();
    view! {
        <div class="debrief">
            {pending}
            <section class="panel" aria-label="Ratings">
                <h2>"Ratings"</h2>
                <p class="muted debrief-legend">
                    {format!("{disagreements} with a spread of 2 or more (⚠), {gaps} nobody rated. ")}
                    "n/a: not assessed · —: not scored"
                </p>
                {if columns.is_empty() {
                    view! { <p class="muted">"No scorecard is submitted yet."</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll">
                            <table class="data compact debrief-grid" data-testid="debrief-grid">
                                <thead>
                                    <tr>
                                        <th scope="col" class="th-text">"Dimension"</th>
                                        {heads}
                                        <th scope="col" class="th-text num">"Mean"</th>
                                        <th scope="col" class="th-text">"Spread"</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                }}
                <details class="debrief-evidence">
                    <summary>"Evidence behind the ratings"</summary>
                    {evidence}
                </details>
            </section>
            <div class="columns">
                <section class="panel" aria-label="Weighted totals">
                    <h2>"Weighted totals"</h2>
                    <table class="data compact weighted-totals" data-testid="weighted-totals">
                        <thead>
                            <tr>
                                <th scope="col" class="th-text">"Who"</th>
                                <th scope="col" class="th-text num">"Total (1–4)"</th>
                                <th scope="col" class="th-text num">"Weight behind it"</th>
                            </tr>
                        </thead>
                        <tbody>{totals}{panel_total}</tbody>
                    </table>
                </section>
                <section class="panel" aria-label="Recommendations">
                    <h2>"Recommendations"</h2>
                    {chart}
                    <ul class="recommendation-counts" data-testid="recommendation-counts">{recommendation_list}</ul>
                    <p>{majority_label(d.majority)}</p>
                </section>
            </div>
            <section class="panel" aria-label="Red flags">
                <h2>"Red flags"</h2>
                {red_flags}
            </section>
            {takeaways}
        </div>
    }
}
