//! Reading results: a run judged against a profile (pass/fail per SLO, cost, roofline), the
//! phase table and number formatting.

use archboard_types::bench::{BenchEvaluation, PhaseResult, Verdict};
use leptos::prelude::*;

pub fn verdict_badge(verdict: Verdict) -> impl IntoView {
    let class = match verdict {
        Verdict::Pass => "badge pass",
        Verdict::Fail => "badge fail",
        Verdict::NotMeasured => "badge",
    };
    view! { <span class=class>{verdict.label()}</span> }
}

pub fn figure(value: f64) -> String {
    if value != 0.0 && value.abs() < 0.01 { format!("{value:.2e}") } else { format!("{value:.3}") }
}

#[component]
pub fn EvaluationView(evaluation: BenchEvaluation) -> impl IntoView {
    let e = evaluation;
    view! {
        <div class="bench-evaluation" data-profile=e.profile_key.clone()>
            <p>
                <strong>{e.profile_name.clone()}</strong>" "{verdict_badge(e.verdict)}
                {(!e.run_valid).then(|| view! { <span class="badge invalid">"run not valid"</span> })}
                <span class="muted">{format!(" judged on {}", e.phase_label)}</span>
            </p>
            <table class="data compact">
                <thead><tr><th>"SLO"</th><th>"Target"</th><th>"Measured"</th><th>"Result"</th></tr></thead>
                <tbody>
                    {e.checks.iter().map(|c| view! {
                        <tr>
                            <th scope="row">{c.slo.clone()}</th>
                            <td>{format!("{} {}", figure(c.target), c.unit)}</td>
                            <td>{c.measured.map(figure).unwrap_or_else(|| "—".into())}</td>
                            <td>{verdict_badge(c.verdict)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>{match e.cost_per_1k {
                Some(cost) => format!("Cost per 1k predictions: {} {} at {:.1}/s sustained within the SLOs ({} {:.3} per hour, price as of {}).", e.currency, figure(cost), e.sustained_rps, e.currency, e.price_per_hour, e.price_as_of),
                None => "Cost per 1k predictions: unbounded — no phase met the latency SLOs.".into(),
            }}</p>
            {e.roofline.clone().map(|r| view! {
                <p class="bench-roofline">{format!(
                    "Roofline floor (an estimate): {:.4} ms, {}-bound (compute {:.4} ms, memory {:.4} ms). Measured p50: {:.3} ms, {:.1}× the floor.",
                    r.floor_ms, r.bound, r.compute_ms, r.memory_ms, r.measured_p50_ms, r.measured_over_floor
                )}</p>
            })}
            {e.fits_memory.map(|fits| view! { <p>{if fits { "The model fits this profile's memory." } else { "The model does not fit this profile's memory." }}</p> })}
            {e.notes.iter().map(|n| view! { <p class="muted">{n.clone()}</p> }).collect_view()}
        </div>
    }
}

pub fn ms(value: f64) -> String {
    format!("{value:.2}")
}

pub fn phase_rows(phases: &[PhaseResult]) -> impl IntoView {
    phases
        .iter()
        .map(|p| {
            let l = p.latency;
            view! {
                <tr class:invalid=!p.validity.valid>
                    <th scope="row">{p.label.clone()}</th>
                    <td>{p.completed}</td>
                    <td>{p.errors.total()}</td>
                    <td>{format!("{:.1}", p.samples_per_s)}</td>
                    <td>{ms(l.p50_ms)}</td>
                    <td>{ms(l.p90_ms)}</td>
                    <td>{ms(l.p95_ms)}</td>
                    <td>{ms(l.p99_ms)}</td>
                    <td>{ms(l.p999_ms)}</td>
                    <td>{ms(l.max_ms)}</td>
                    <td>{if p.validity.valid {
                        view! { <span class="badge pass">"valid"</span> }.into_any()
                    } else {
                        view! { <span class="badge invalid" title=p.validity.reasons.join("; ")>"not valid"</span> }.into_any()
                    }}
                    {p.meets_slo.map(|m| if m { view! { <span class="badge pass">"meets SLO"</span> }.into_any() } else { view! { <span class="badge fail">"misses SLO"</span> }.into_any() })}</td>
                </tr>
            }
        })
        .collect_view()
}
