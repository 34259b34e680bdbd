//! How each kind of catalog item reads, part one: the shared pieces, KPIs and roles (the
//! other kinds are in `kinds_more`).

use super::CatalogState;
use super::kinds_more::{checklist_view, hardware_view, maturity_view, pattern_view};
use crate::components::widgets::Nav;
use archboard_types::catalog::{CatalogItem, Kpi, KpiTarget, Range, Role, TargetBasis, WeightSource};
use leptos::prelude::*;

/// A button opening another catalog item (here, or on the Catalog page when this page does
/// not show its kind).
pub fn item_link(key: String, state: CatalogState) -> impl IntoView {
    let nav = Nav::new();
    let target = key.clone();
    let label = key.clone();
    view! {
        <button class="link" data-link=key on:click=move |_| nav.go(&state.href(&target))>
            {label}
        </button>
    }
}

pub fn bullet_list(items: Vec<String>) -> impl IntoView {
    view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }
}

pub fn section(title: &'static str, body: impl IntoView + 'static) -> impl IntoView {
    view! {
        <section class="catalog-section">
            <h3>{title}</h3>
            {body}
        </section>
    }
}

pub fn item_body(item: &CatalogItem, state: CatalogState) -> AnyView {
    match item.clone() {
        CatalogItem::Kpi(kpi) => kpi_view(kpi, state).into_any(),
        CatalogItem::Role(role) => role_view(role, state).into_any(),
        CatalogItem::Checklist(checklist) => checklist_view(checklist, state).into_any(),
        CatalogItem::Maturity(dimension) => maturity_view(dimension, state).into_any(),
        CatalogItem::Pattern(pattern) => pattern_view(pattern, state).into_any(),
        CatalogItem::Hardware(profile) => hardware_view(profile).into_any(),
    }
}

fn format_range(range: &Range, unit: &str) -> String {
    let number = |v: f64| if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v}") };
    match (range.min, range.max) {
        (Some(min), Some(max)) => format!("{} – {} {unit}", number(min), number(max)),
        (Some(min), None) => format!("≥ {} {unit}", number(min)),
        (None, Some(max)) => format!("≤ {} {unit}", number(max)),
        (None, None) => "any".into(),
    }
}

fn target_rows(target: KpiTarget, unit: String) -> impl IntoView {
    let unit = match target.basis {
        TargetBasis::Value => unit,
        TargetBasis::ChangeFromBaselinePct => "% change from baseline".to_owned(),
        TargetBasis::ChangeFromPreviousPct => "% change from previous period".to_owned(),
    };
    view! {
        <table class="data compact thresholds">
            <tbody>
                <tr><th scope="row"><span class="rag green">"Green"</span></th><td>{format_range(&target.green, &unit)}</td></tr>
                <tr><th scope="row"><span class="rag amber">"Amber"</span></th><td>{format_range(&target.amber, &unit)}</td></tr>
                <tr><th scope="row"><span class="rag red">"Red"</span></th><td>"anything else"</td></tr>
            </tbody>
        </table>
        <p class="muted">{target.note}</p>
    }
}

fn kpi_view(kpi: Kpi, state: CatalogState) -> impl IntoView {
    let direction = kpi.direction.label();
    let frequency: Vec<&str> = kpi.frequency.iter().map(|f| f.label()).collect();
    let tiers: Vec<&str> = kpi.tiers.iter().map(|t| t.as_str()).collect();
    let unit_label = kpi.unit_label.clone();
    view! {
        <dl class="facts">
            <dt>"Definition"</dt><dd>{kpi.definition.clone()}</dd>
            <dt>"Why it matters"</dt><dd>{kpi.why.clone()}</dd>
            <dt>"Unit"</dt><dd>{format!("{} ({}), {direction}", kpi.unit_label, kpi.unit.label()).to_lowercase()}</dd>
            <dt>"Frequency"</dt><dd>{frequency.join(", ")}</dd>
            <dt>"Risk tiers"</dt><dd>{tiers.join(", ")}</dd>
        </dl>
        {kpi.target.clone().map(|target| section("Target", target_rows(target, unit_label.clone())))}
        {(!kpi.bands.is_empty()).then(|| section("Published performance bands", view! {
            <table class="data compact">
                <thead><tr><th>"Band"</th><th>"Range"</th><th>"Report wording"</th></tr></thead>
                <tbody>
                    {kpi.bands.iter().map(|b| view! { <tr><td>{b.name.clone()}</td><td>{format_range(&b.range, &unit_label)}</td><td>{b.wording.clone()}</td></tr> }).collect_view()}
                </tbody>
            </table>
        }))}
        {(!kpi.roles.is_empty()).then(|| section("Used by roles", view! {
            <ul class="link-list">{kpi.roles.iter().map(|r| view! { <li>{item_link(r.clone(), state)}</li> }).collect_view()}</ul>
        }))}
        {(!kpi.seed_rows.is_empty()).then(|| section("From the role blueprints", view! {
            <table class="data compact seed-rows">
                <thead><tr><th>"Role"</th><th>"Metric"</th><th>"Example target"</th></tr></thead>
                <tbody>
                    {kpi.seed_rows.iter().map(|row| view! { <tr><td class="mono">{row.role.clone()}</td><td>{row.metric.clone()}</td><td>{row.target.clone()}</td></tr> }).collect_view()}
                </tbody>
            </table>
        }))}
        {kpi.source.map(|s| view! { <p class="muted">"Source: " {s.title} {s.as_of.map(|d| format!(" ({d})"))}</p> })}
    }
}

fn role_view(role: Role, state: CatalogState) -> impl IntoView {
    let weights_note = match role.weights {
        WeightSource::Seed => "Weights from the role blueprint.",
        WeightSource::Equal => "Equal weights: the blueprint gives none.",
    };
    view! {
        <p>{role.purpose.clone()}</p>
        {section("Top responsibilities", view! { <ol>{role.responsibilities.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ol> })}
        {section("Measured on", view! {
            <ul class="link-list">{role.kpis.iter().map(|k| view! { <li>{item_link(k.clone(), state)}</li> }).collect_view()}</ul>
        })}
        {section("Interview scorecard", view! {
            <p class="muted">{weights_note} " " {role.anchor_note.clone()}</p>
            <table class="data compact rubric">
                <thead><tr><th>"Dimension"</th><th class="num">"Weight"</th><th>"1"</th><th>"2"</th><th>"3 (meets bar)"</th><th>"4 (exceeds bar)"</th></tr></thead>
                <tbody>
                    {role.dimensions.iter().map(|d| view! {
                        <tr><td>{d.name.clone()}</td><td class="num">{format!("{:.1}%", d.weight)}</td><td>{d.well_below_bar.clone()}</td><td>{d.below_bar.clone()}</td><td>{d.meets_bar.clone()}</td><td>{d.exceeds_bar.clone()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {section("What to assess", bullet_list(role.assess.clone()))}
        <div class="columns">
            {section("Strong signals", bullet_list(role.strong_signals.clone()))}
            {section("Weak signals", bullet_list(role.weak_signals.clone()))}
            {section("Red flags", bullet_list(role.red_flags.clone()))}
        </div>
        {section("Practical exercises", view! {
            <table class="data compact">
                <thead><tr><th>"Exercise"</th><th class="num">"Minutes"</th><th>"Prompt"</th><th>"Evaluate"</th></tr></thead>
                <tbody>
                    {role.exercises.iter().map(|e| {
                        let minutes = if e.minutes_min == e.minutes_max { e.minutes_min.to_string() } else { format!("{}–{}", e.minutes_min, e.minutes_max) };
                        view! { <tr><td>{e.name.clone()}</td><td class="num">{minutes}</td><td>{e.prompt.clone()}</td><td>{e.evaluate.join(", ")}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}
