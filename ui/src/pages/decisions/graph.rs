//! The decision graph as an arc diagram: decisions on a line in number order, each link an
//! arc above it, coloured by kind. Click a decision to open it.

use super::decision_path;
use crate::components::widgets::Nav;
use crate::data::{Topic, use_query};
use archboard_types::adr::display_number;
use archboard_types::endpoint::AdrGraphGet;
use archboard_types::system::Empty;
use leptos::prelude::*;

const STEP: f64 = 56.0;
const MARGIN: f64 = 40.0;

/// A CSS-safe class suffix for a link kind.
fn kind_class(kind: &str) -> String {
    kind.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
}

#[component]
pub fn DecisionGraph() -> impl IntoView {
    let nav = Nav::new();
    let graph = use_query::<AdrGraphGet>(&[Topic::Decisions], || Some(Empty {}));

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
        nodes.sort_by_key(|n| n.number);
        let x_of = |number: u32| {
            nodes.iter().position(|n| n.number == number).map(|i| MARGIN + i as f64 * STEP).unwrap_or(MARGIN)
        };
        let widest = graph.edges.iter().map(|e| (x_of(e.from) - x_of(e.to)).abs()).fold(STEP, f64::max);
        let baseline = widest / 2.0 + 30.0;
        let width = MARGIN * 2.0 + (nodes.len().max(1) - 1) as f64 * STEP;
        let height = baseline + 60.0;
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
                    display_number(edge.from),
                    edge.label.to_lowercase(),
                    display_number(edge.to)
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
                let number = node.number;
                let x = x_of(number);
                view! {
                    <g class=format!("node status-{}", node.status.as_str()) on:click=move |_| nav.go(&decision_path(number))>
                        <title>{format!("{} {} ({})", display_number(number), node.title, node.status)}</title>
                        <circle cx=x cy=baseline r="9"></circle>
                        <text x=x y=baseline + 28.0 text-anchor="middle">{format!("{number:04}")}</text>
                    </g>
                }
            })
            .collect_view();
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
                    </svg>
                </div>
            </div>
        }
        .into_any()
    }
}
