//! The review's risk summary (counts with exemptions honoured and without them, per section
//! too, and the engine's chart) and, for an ML Test Score review, its score: each section's
//! sum, the final (lowest) score and what its band means.

use super::detail::use_review;
use crate::components::mermaid::svg_data_url;
use archboard_types::review::{RiskCounts, RiskLevel};
use leptos::prelude::*;

/// The risk levels in the order the summary lists them.
const LEVELS: [RiskLevel; 5] =
    [RiskLevel::High, RiskLevel::Medium, RiskLevel::None, RiskLevel::NotApplicable, RiskLevel::Unanswered];

/// Built once; its counts, chart and section rows follow the review, so the per-section
/// `<details>` stays open across saves.
#[component]
pub fn RiskSummaryPanel() -> impl IntoView {
    let ctx = use_review();
    let summary =
        Memo::new(move |_| ctx.review.with(|r| r.as_ref().map(|r| r.summary.clone()).unwrap_or_default()));
    let sections = Memo::new(move |_| {
        ctx.review.with(|r| r.as_ref().map(|r| r.section_summaries.clone()).unwrap_or_default())
    });
    let chart = Memo::new(move |_| {
        ctx.review.with(|r| r.as_ref().map(|r| r.summary_svg.clone()).unwrap_or_default())
    });
    let count = move |level: RiskLevel, exemptions: bool| {
        move || {
            summary.with(|s| {
                let counts: RiskCounts = if exemptions { s.counts } else { s.without_exemptions };
                counts.get(level)
            })
        }
    };
    view! {
        <section class="panel risk-summary" data-testid="risk-summary" aria-label="Risk summary">
            <h2>"Risk summary"</h2>
            <p class="muted">
                {move || summary.with(|s| format!("{} of {} items answered · {} exempt", s.answered, s.total, s.exempt))}
            </p>
            <table class="data compact">
                <thead>
                    <tr><th scope="col">"Risk"</th><th scope="col" class="num">"Counted"</th><th scope="col" class="num">"Without exemptions"</th></tr>
                </thead>
                <tbody>
                    {LEVELS.into_iter().map(|level| view! {
                        <tr data-risk=level.as_str()>
                            <th scope="row">{level.label()}</th>
                            <td class="num" data-testid=format!("risk-count-{}", level.as_str())>{count(level, true)}</td>
                            <td class="num" data-testid=format!("risk-without-{}", level.as_str())>{count(level, false)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {move || chart.with(|svg| (!svg.is_empty()).then(|| view! {
                <img class="chart" data-testid="risk-chart" src=svg_data_url(svg) alt="Risk counts per section"/>
            }))}
            <details>
                <summary>"Per section"</summary>
                <table class="data compact" data-testid="risk-sections">
                    <thead>
                        <tr>
                            <th scope="col">"Section"</th>
                            <th scope="col" class="num">"High"</th>
                            <th scope="col" class="num">"Medium"</th>
                            <th scope="col" class="num">"Answered"</th>
                            <th scope="col" class="num">"Exempt"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || sections.get().into_iter().map(|s| view! {
                            <tr>
                                <th scope="row">{s.section.clone()}</th>
                                <td class="num">{s.counts.high}</td>
                                <td class="num">{s.counts.medium}</td>
                                <td class="num">{format!("{}/{}", s.answered, s.total)}</td>
                                <td class="num">{s.exempt}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}

#[component]
pub fn MlTestScorePanel() -> impl IntoView {
    let ctx = use_review();
    move || {
        ctx.review.with(|r| {
            r.as_ref().and_then(|r| r.ml_test_score.clone()).map(|score| {
                view! {
                    <section class="panel ml-test-score" data-testid="ml-test-score" aria-label="ML Test Score">
                        <h2>"ML Test Score"</h2>
                        <p class="ml-final">
                            "Final score "
                            <strong data-testid="ml-final">{format!("{}", score.final_score)}</strong>
                            <span class="muted">{format!(" (band {})", score.band.range)}</span>
                        </p>
                        <p data-testid="ml-band">{score.band.meaning.clone()}</p>
                        <table class="data compact">
                            <thead>
                                <tr>
                                    <th scope="col">"Section"</th>
                                    <th scope="col" class="num">"Score"</th>
                                    <th scope="col" class="num">"Scored"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {score.sections.iter().map(|s| {
                                    let weakest = score.weakest.contains(&s.section);
                                    view! {
                                        <tr class:weakest=weakest data-section=s.section.clone()>
                                            <th scope="row">{s.section.clone()}{weakest.then_some(" (sets the final score)")}</th>
                                            <td class="num">{format!("{}", s.score)}</td>
                                            <td class="num">{format!("{} of {}", s.scored, s.tests)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                }
            })
        })
    }
}
