//! How each kind of catalog item reads, part two: checklists, the maturity model, patterns
//! (with their diagram) and hardware profiles.

use super::CatalogState;
use super::kinds::{bullet_list, item_link, section};
use crate::components::diagram::MermaidDiagram;
use archboard_types::catalog::{
    Checklist, ChecklistScoring, HardwareProfile, MaturityDimension, Pattern, parse_checklist_item_reference,
};
use leptos::prelude::*;

pub fn checklist_view(checklist: Checklist, state: CatalogState) -> impl IntoView {
    let scoring = match checklist.scoring {
        ChecklistScoring::PassFail => {
            "Each item passes, fails, partly passes or does not apply; gaps carry their risk."
        }
        ChecklistScoring::MlTestScore => {
            "Each test scores 0 (not done), 0.5 (done by hand) or 1 (automated); a section scores the sum of its tests and the final score is the lowest section."
        }
    };
    let items = checklist.items.clone();
    view! {
        <p class="muted">{scoring}</p>
        {checklist.sections.iter().map(|name| {
            let rows: Vec<_> = items.iter().filter(|i| &i.section == name).cloned().collect();
            view! {
                <section class="catalog-section">
                    <h3>{name.clone()} <span class="muted">{format!(" · {} items", rows.len())}</span></h3>
                    <table class="data compact checklist-items">
                        <thead><tr><th>"Check"</th><th>"Evidence"</th><th>"Risk if missing"</th><th>"Tiers"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|item| {
                                let tiers: Vec<&str> = item.tiers.iter().map(|t| t.as_str()).collect();
                                let risk = item.risk.label().to_owned();
                                view! {
                                    <tr id=format!("item-{}", item.key)>
                                        <td><strong>{item.prompt.clone()}</strong><br/><span class="muted">{item.guidance.clone()}</span>
                                            {(!item.kpis.is_empty()).then(|| view! { <br/> {item.kpis.iter().map(|k| view! { {item_link(k.clone(), state)} " " }).collect_view()} })}
                                        </td>
                                        <td>{item.evidence.clone()}</td>
                                        <td><span class=format!("risk {risk}")>{risk.clone()}</span></td>
                                        <td>{tiers.join(", ")}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }
        }).collect_view()}
        {checklist.source.map(|s| view! { <p class="muted">"Source: " {s.title}</p> })}
    }
}

pub fn maturity_view(dimension: MaturityDimension, state: CatalogState) -> impl IntoView {
    view! {
        <table class="data compact maturity">
            <thead><tr><th class="num">"Level"</th><th>"Observable criteria"</th><th>"KPIs"</th></tr></thead>
            <tbody>
                {dimension.levels.iter().map(|level| view! {
                    <tr>
                        <td class="num"><strong>{level.level}</strong><br/><span class="muted">{level.name.clone()}</span></td>
                        <td>{bullet_list(level.criteria.clone())}</td>
                        <td>{level.kpis.iter().map(|k| view! { {item_link(k.clone(), state)} <br/> }).collect_view()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {section("Sources", bullet_list(dimension.sources.iter().map(|s| s.title.clone()).collect()))}
    }
}

pub fn pattern_view(pattern: Pattern, state: CatalogState) -> impl IntoView {
    view! {
        <dl class="facts">
            <dt>"Problem"</dt><dd>{pattern.problem.clone()}</dd>
            <dt>"Context"</dt><dd>{pattern.context.clone()}</dd>
            <dt>"Solution"</dt><dd>{pattern.solution.clone()}</dd>
        </dl>
        <MermaidDiagram source=pattern.diagram.clone() label=format!("Diagram of {}", pattern.name)/>
        {section("Components", view! {
            <table class="data compact"><tbody>
                {pattern.components.iter().map(|c| view! { <tr><th scope="row">{c.name.clone()}</th><td>{c.purpose.clone()}</td></tr> }).collect_view()}
            </tbody></table>
        })}
        {section("Non-functional targets", view! {
            <table class="data compact"><tbody>
                {pattern.nfrs.iter().map(|n| view! { <tr><th scope="row">{n.quality.clone()}</th><td>{n.target.clone()}</td></tr> }).collect_view()}
            </tbody></table>
        })}
        <div class="columns">
            {section("Trade-offs", bullet_list(pattern.trade_offs.clone()))}
            {section("Use it when", bullet_list(pattern.when_to_use.clone()))}
            {section("Do not use it when", bullet_list(pattern.when_not_to_use.clone()))}
        </div>
        {section("Checklist items", view! {
            <ul class="link-list">{pattern.checklist_items.iter().map(|reference| {
                match parse_checklist_item_reference(reference) {
                    Ok((checklist, item)) => view! { <li>{item_link(checklist.to_owned(), state)} <span class="muted">{format!(" #{item}")}</span></li> }.into_any(),
                    // A reference the engine let through but that does not parse is shown as it is.
                    Err(message) => view! { <li class="field-error">{message}</li> }.into_any(),
                }
            }).collect_view()}</ul>
        })}
        {section("KPIs", view! {
            <ul class="link-list">{pattern.kpis.iter().map(|k| view! { <li>{item_link(k.clone(), state)}</li> }).collect_view()}</ul>
        })}
    }
}

pub fn hardware_view(profile: HardwareProfile) -> impl IntoView {
    let figures = profile.figures.label();
    let slo = profile.slo.clone();
    let ms = |v: Option<f64>| v.map(|v| format!("{v} ms")).unwrap_or_else(|| "—".into());
    view! {
        <table class="data compact specs">
            <tbody>
                <tr><th scope="row">"Accelerator"</th><td>{profile.accelerator.clone()}</td></tr>
                <tr><th scope="row">"Peak FP16/BF16 (dense)"</th><td>{format!("{} TFLOP/s", profile.peak_fp16_tflops)}</td></tr>
                <tr><th scope="row">"Peak INT8 (dense)"</th><td>{format!("{} TOP/s", profile.peak_int8_tops)}</td></tr>
                <tr><th scope="row">"Memory"</th><td>{format!("{} GB at {} GB/s", profile.memory_gb, profile.memory_bandwidth_gbs)}</td></tr>
                <tr><th scope="row">"Power"</th><td>{format!("{} W", profile.power_watts)}</td></tr>
                <tr><th scope="row">"Figures"</th><td>{figures}</td></tr>
            </tbody>
        </table>
        {section("Price", view! {
            <p class="price">{format!("{} {:.4} per hour", profile.price.currency, profile.price.per_hour)}</p>
            <p class="muted">{format!("{} — as of {}.", profile.price.basis, profile.price.as_of)}</p>
            <p class="callout warn">"Cloud prices change often and differ by region and commitment; check the current price before relying on cost figures."</p>
        })}
        {section("Benchmark SLOs on this profile", view! {
            <table class="data compact"><tbody>
                <tr><th scope="row">"p50 / p95 / p99"</th><td>{format!("{} / {} / {}", ms(slo.p50_ms), ms(slo.p95_ms), ms(slo.p99_ms))}</td></tr>
                <tr><th scope="row">"Minimum throughput"</th><td>{slo.min_throughput_rps.map(|v| format!("{v} requests/s")).unwrap_or_else(|| "—".into())}</td></tr>
                <tr><th scope="row">"Maximum cost per 1k predictions"</th><td>{slo.max_cost_per_1k.map(|v| format!("{} {v}", profile.price.currency)).unwrap_or_else(|| "—".into())}</td></tr>
            </tbody></table>
        })}
        <p class="muted">"Source: " {profile.source.title.clone()} {profile.source.as_of.clone().map(|d| format!(" ({d})"))}</p>
        {(!profile.notes.is_empty()).then(|| view! { <p class="muted">{profile.notes.clone()}</p> })}
    }
}
