//! A milestone comparison at `/reviews/ID/compare?from=A&to=B` (no `to`: with now): the risk
//! counts on each side with their changes, and the items that changed.

use super::{REVIEW_TOPICS, item_status_badge, review_id_param, risk_badge};
use crate::data::use_query;
use crate::logic::reviews::{compare_params, review_item_path, review_path, signed};
use archboard_types::endpoint as api;
use archboard_types::review::{CompareRequest, RiskLevel};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const LEVELS: [RiskLevel; 5] =
    [RiskLevel::High, RiskLevel::Medium, RiskLevel::None, RiskLevel::NotApplicable, RiskLevel::Unanswered];

#[component]
pub fn ComparePage() -> impl IntoView {
    let id = review_id_param();
    let query = use_query_map();
    let sides =
        Memo::new(move |_| compare_params(query.with(|q| q.get("from")), query.with(|q| q.get("to"))));
    let comparison = use_query::<api::ReviewCompare>(REVIEW_TOPICS, move || {
        let id = id.get().ok()?;
        let (from, to) = sides.get().ok()?;
        Some(CompareRequest { id, from, to })
    });
    let back = move || id.get().map(review_path).unwrap_or_else(|_| "/reviews".into());
    view! {
        <section class="page review-compare">
            <header class="page-head">
                <a class="button ghost" href=back data-testid="compare-back">"← Review"</a>
            </header>
            {move || match (id.get(), sides.get()) {
                (Err(message), _) | (_, Err(message)) => view! { <p class="callout warn" role="alert">{message}</p> }.into_any(),
                (Ok(review), Ok(_)) => match comparison.get() {
                    None => view! { <p class="muted">"Comparing…"</p> }.into_any(),
                    Some(Err(error)) => view! { <p class="callout warn" role="alert">{error.message}</p> }.into_any(),
                    Some(Ok(c)) => {
                        let delta = c.delta;
                        let delta_of = |level: RiskLevel| match level {
                            RiskLevel::High => delta.high,
                            RiskLevel::Medium => delta.medium,
                            RiskLevel::None => delta.none,
                            RiskLevel::NotApplicable => delta.not_applicable,
                            RiskLevel::Unanswered => delta.unanswered,
                        };
                        view! {
                            <h1 data-testid="compare-heading">{format!("R{review}: {} → {}", c.from, c.to)}</h1>
                            <table class="data compact" data-testid="compare-counts">
                                <thead>
                                    <tr>
                                        <th scope="col">"Risk"</th>
                                        <th scope="col" class="num">{c.from.clone()}</th>
                                        <th scope="col" class="num">{c.to.clone()}</th>
                                        <th scope="col" class="num">"Change"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {LEVELS.into_iter().map(|level| {
                                        let change = delta_of(level);
                                        view! {
                                            <tr data-risk=level.as_str()>
                                                <th scope="row">{level.label()}</th>
                                                <td class="num">{c.from_counts.get(level)}</td>
                                                <td class="num">{c.to_counts.get(level)}</td>
                                                <td class="num" data-testid=format!("compare-delta-{}", level.as_str())>{signed(change)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <p class="muted">{format!("{} items changed, {} unchanged.", c.changes.len(), c.unchanged)}</p>
                            {(!c.changes.is_empty()).then(|| view! {
                                <div class="table-scroll">
                                    <table class="data" data-testid="compare-changes">
                                        <thead>
                                            <tr>
                                                <th scope="col" class="th-text">"Item"</th>
                                                <th scope="col" class="th-text">"Section"</th>
                                                <th scope="col" class="th-text">"Status"</th>
                                                <th scope="col" class="th-text">"Risk"</th>
                                                <th scope="col" class="th-text">"Evidence"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {c.changes.iter().map(|change| view! {
                                                <tr data-testid="compare-change" data-key=change.key.clone()>
                                                    <td>
                                                        <a class="link" href=review_item_path(review, Some(&change.key))>{change.prompt.clone()}</a>
                                                        " " <span class="mono muted">{change.key.clone()}</span>
                                                    </td>
                                                    <td>{change.section.clone()}</td>
                                                    <td>
                                                        {change.from_status.map(item_status_badge).map(IntoAny::into_any).unwrap_or_else(|| view! { <span class="muted">"(new)"</span> }.into_any())}
                                                        " → "
                                                        {change.to_status.map(item_status_badge).map(IntoAny::into_any).unwrap_or_else(|| view! { <span class="muted">"(removed)"</span> }.into_any())}
                                                    </td>
                                                    <td>
                                                        {change.from_risk.map(risk_badge).map(IntoAny::into_any).unwrap_or_else(|| "—".into_any())}
                                                        " → "
                                                        {change.to_risk.map(risk_badge).map(IntoAny::into_any).unwrap_or_else(|| "—".into_any())}
                                                    </td>
                                                    <td>{if change.evidence_changed { "changed" } else { "" }}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            })}
                        }
                        .into_any()
                    }
                },
            }}
        </section>
    }
}
