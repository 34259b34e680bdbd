//! The decision graph as an arc diagram: decisions on a line, collection by collection in
//! number order, each link an arc above it (across collections too), coloured by kind. Click a
//! decision to open it.

use super::decision_path;
use crate::components::widgets::Nav;
use crate::data::{Topic, use_query};
use archboard_types::adr::{AdrGraphQuery, AdrId, status_label};
use archboard_types::endpoint::AdrGraphGet;
use leptos::prelude::*;

const STEP: f64 = 56.0;
const MARGIN: f64 = 40.0;

/// A CSS-safe class suffix for a link kind.
fn kind_class(kind: &str) -> String {
    kind.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
}

#[component]
pub fn DecisionGraph(
    /// One collection's decisions, or every collection's.
    query: Signal<AdrGraphQuery>,
) -> impl IntoView {
    let nav = Nav::new();
    let graph = use_query::<AdrGraphGet>(&[Topic::Decisions], move || Some(query.get()));

    move || {
        let graph = match graph.get() {
            None => return view! { <p class="muted">"Loading the graph…"</p> }.into_any(),
            Some(Err(error)) => {
                return view! { <p class="callout warn" role="alert">{error.message}</p> }.into_any();
            }
            Some(Ok(graph)) => graph,
        };
        if graph.edges.is_empty() {
            return view! {
                <div class="empty-state">
                    <h2>"No links between decisions yet"</h2>
                    <p class="muted">"Supersede a decision, or open one and link it to another, to see how they connect."</p>
                </div>
            }
            .into_any();
        }
        let mut nodes = graph.nodes.clone();
        nodes.sort_by(|a, b| (&a.collection, a.number, a.id).cmp(&(&b.collection, b.number, b.id)));
        // Numbers repeat across collections: each collection's run of decisions is named under it.
        let several =
            nodes.first().is_some_and(|first| nodes.iter().any(|n| n.collection != first.collection));
        let x_of = |id: AdrId| {
            nodes.iter().position(|n| n.id == id).map(|i| MARGIN + i as f64 * STEP).unwrap_or(MARGIN)
        };
        let reference_of = |id: AdrId| {
            nodes.iter().find(|n| n.id == id).map(|n| n.reference.clone()).unwrap_or_else(|| format!("#{id}"))
        };
        let widest = graph.edges.iter().map(|e| (x_of(e.from) - x_of(e.to)).abs()).fold(STEP, f64::max);
        let baseline = widest / 2.0 + 30.0;
        let width = MARGIN * 2.0 + (nodes.len().max(1) - 1) as f64 * STEP;
        let height = baseline + if several { 80.0 } else { 60.0 };
        let mut kinds: Vec<(String, String)> =
            graph.edges.iter().map(|e| (e.kind.clone(), e.label.clone())).collect();
        kinds.sort();
        kinds.dedup();
        let arcs = graph
            .edges
            .iter()
            .map(|edge| {
                let (x1, x2) = (x_of(edge.from), x_of(edge.to));
                let radius = (x2 - x1).abs() / 2.0;
                let sweep = if x2 > x1 { 1 } else { 0 };
                let d = format!("M {x1} {baseline} A {radius} {radius} 0 0 {sweep} {x2} {baseline}");
                let title = format!(
                    "{} {} {}",
                    reference_of(edge.from),
                    edge.label.to_lowercase(),
                    reference_of(edge.to)
                );
                view! {
                    <path class=format!("edge edge-{}", kind_class(&edge.kind)) d=d>
                        <title>{title}</title>
                    </path>
                }
            })
            .collect_view();
        let dots = nodes
            .iter()
            .map(|node| {
                let id = node.id;
                let x = x_of(id);
                let status = node.status.map(|s| s.as_str()).unwrap_or("unknown");
                let label = format!("{:04}", node.number);
                view! {
                    <g class=format!("node status-{status}") data-id=id on:click=move |_| nav.go(&decision_path(id))>
                        <title>
                            {format!(
                                "{} {} ({})",
                                node.reference,
                                node.title,
                                status_label(node.status, node.status_note.as_deref()),
                            )}
                        </title>
                        <circle cx=x cy=baseline r="9"></circle>
                        <text x=x y=baseline + 28.0 text-anchor="middle">{label}</text>
                    </g>
                }
            })
            .collect_view();
        let collection_labels = several.then(|| {
            nodes
                .iter()
                .enumerate()
                .filter(|(index, node)| *index == 0 || nodes[index - 1].collection != node.collection)
                .map(|(_, node)| {
                    let x = x_of(node.id) - 9.0;
                    view! {
                        <text class="collection-label" x=x y=baseline + 52.0 text-anchor="start">
                            {node.collection.clone()}
                        </text>
                    }
                })
                .collect_view()
        });
        view! {
            <div class="graph">
                <ul class="legend" aria-label="Link kinds">
                    {kinds
                        .into_iter()
                        .map(|(kind, label)| {
                            view! {
                                <li>
                                    <span class=format!("swatch edge-{}", kind_class(&kind))></span>
                                    {label}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <div class="graph-scroll">
                    <svg
                        role="img"
                        aria-label="Links between decisions"
                        width=width
                        height=height
                        viewBox=format!("0 0 {width} {height}")
                    >
                        {arcs}
                        {dots}
                        {collection_labels}
                    </svg>
                </div>
            </div>
        }
        .into_any()
    }
}
