//! The review report (Markdown, or one self-contained HTML file with the risk chart inline as
//! SVG) and the ADR body a decision is recorded as (MADR layout). Both are computed from the
//! review as built, so a milestone's report reads exactly as the review stood then.

use archboard_types::files::ExportedFile;
use archboard_types::review::{BacklogItem, ReportFormat, Review, ReviewDecision, ReviewItem, RiskCounts};
use std::fmt::Write as _;

/// The report file of `review` (of milestone `milestone` when given).
pub(crate) fn render(
    review: &Review,
    milestone: Option<&str>,
    backlog: &[BacklogItem],
    format: ReportFormat,
) -> ExportedFile {
    let stem = match milestone {
        Some(name) => format!("review-{}-{}", review.id, slug(name)),
        None => format!("review-{}", review.id),
    };
    match format {
        ReportFormat::Markdown => {
            ExportedFile::new(format!("{stem}.md"), markdown(review, milestone, backlog))
        }
        ReportFormat::Html => ExportedFile::new(format!("{stem}.html"), html(review, milestone, backlog)),
    }
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

fn decision_line(decision: Option<&ReviewDecision>) -> String {
    match decision {
        Some(d) => {
            format!("{} by {} on {}", d.outcome.label(), d.decided_by, d.decided_at.format("%Y-%m-%d"))
        }
        None => "not decided yet".to_owned(),
    }
}

/// Where the review stands against its SLA, in words; `None` before it goes into review.
fn sla_line(review: &Review) -> Option<String> {
    let (due, left) = (review.sla.due_on?, review.sla.days_left?);
    let state = match (review.sla.met, review.sla.breached, review.sla.paused) {
        (Some(true), ..) => "met",
        (Some(false), ..) | (None, true, _) => "breached",
        (None, false, true) => "paused",
        (None, false, false) => "running",
    };
    let days = review.sla.business_days;
    Some(if review.sla.met.is_some() {
        format!("{} of {days} business days used, due {due} ({state})", review.sla.used)
    } else {
        format!("{days} business days, due {due}, {left} left ({state})")
    })
}

fn counts_row(label: &str, c: &RiskCounts) -> String {
    format!(
        "| {label} | {} | {} | {} | {} | {} |\n",
        c.high, c.medium, c.none, c.not_applicable, c.unanswered
    )
}

/// One table cell of Markdown: pipes escaped and line breaks folded, so free text cannot
/// break the table.
fn cell(text: &str) -> String {
    inline(text).replace('|', "\\|")
}

/// Untrusted text on one line of Markdown: line breaks folded (a newline in a prompt would
/// end a heading and start a forged section) and `<` escaped (no raw HTML reaches a viewer
/// that renders it).
fn inline(text: &str) -> String {
    text.replace(['\n', '\r'], " ").replace('<', "&lt;")
}

/// Untrusted multi-line text as a Markdown block quote: its own headings stay inside the quote.
fn quoted(text: &str) -> String {
    text.lines().map(|l| format!("> {}", l.replace('<', "&lt;"))).collect::<Vec<_>>().join("\n")
}

fn answer_of(item: &ReviewItem) -> String {
    let mut parts = vec![item.status.label().to_owned()];
    if let Some(score) = item.score {
        parts.push(format!("score {score}"));
    }
    if !item.choices.is_empty() {
        parts.push(format!("choices {}", item.choices.join(", ")));
    }
    if let Some(rule) = &item.fired_rule {
        parts.push(format!("rule {} `{}` → {}", rule.index + 1, rule.condition, rule.risk.label()));
    }
    if let Some(exemption) = &item.exemption {
        let state = if exemption.expired { "expired" } else { "until" };
        parts.push(format!(
            "exemption {state} {} ({}; approved by {})",
            exemption.until, exemption.reason, exemption.approver
        ));
    }
    if let Some(reference) = &item.accepted_by_reference {
        parts.push(format!("risk accepted by {reference}"));
    }
    parts.join("; ")
}

fn markdown(review: &Review, milestone: Option<&str>, backlog: &[BacklogItem]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Review R{}: {}\n", review.id, inline(&review.title));
    if let Some(name) = milestone {
        let _ = writeln!(out, "_Milestone “{name}”: the review as it stood when the milestone was taken._\n");
    }
    let templates: Vec<String> =
        review.templates.iter().map(|t| format!("{} v{}", t.key, t.version)).collect();
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(
        out,
        "| System | {} (`{}`), team {} |",
        cell(&review.system_name),
        review.system,
        cell(&review.team)
    );
    let _ = writeln!(out, "| Tier | {} |", review.tier.label());
    let _ = writeln!(out, "| Kind | {} |", review.kind.label());
    let _ = writeln!(out, "| State | {} |", review.state.label());
    let _ = writeln!(out, "| Templates | {} |", templates.join(", "));
    let _ = writeln!(out, "| Decision | {} |", decision_line(review.current_decision()));
    if let Some(sla) = sla_line(review) {
        let _ = writeln!(out, "| SLA | {sla} |");
    }
    if let Some(reference) = &review.adr_reference {
        let _ = writeln!(out, "| Recorded as | {reference} |");
    }
    out.push('\n');

    out.push_str("## Sign-offs\n\n| Role | Signed by | When | Comment |\n|---|---|---|---|\n");
    for s in &review.signoffs {
        let when = s.signed_at.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {when} | {} |",
            s.role,
            s.signed_by.as_deref().unwrap_or("—"),
            cell(&s.comment)
        );
    }
    for r in &review.returns {
        let _ = writeln!(
            out,
            "\nReturned for changes by {} on {}: {}",
            r.by,
            r.at.format("%Y-%m-%d"),
            inline(&r.comment)
        );
    }
    out.push('\n');

    out.push_str("## Decision\n\n");
    if review.decisions.is_empty() {
        out.push_str("No decision yet.\n\n");
    }
    for (index, d) in review.decisions.iter().enumerate() {
        let current =
            if index + 1 == review.decisions.len() { "" } else { " (superseded by a later decision)" };
        let _ = writeln!(
            out,
            "**{}** by {} on {}{current}.\n\n{}\n",
            d.outcome.label(),
            d.decided_by,
            d.decided_at.format("%Y-%m-%d"),
            quoted(&d.rationale)
        );
    }
    if !review.conditions.is_empty() {
        out.push_str("### Conditions\n\n| # | Condition | Owner | Due | Closed |\n|---|---|---|---|---|\n");
        for c in &review.conditions {
            let closed = c
                .closed_at
                .map(|t| format!("{} — {}", t.format("%Y-%m-%d"), cell(&c.closing_evidence)))
                .unwrap_or_else(|| "open".into());
            let _ = writeln!(
                out,
                "| C{} | {} | {} | {} | {closed} |",
                c.id,
                cell(&c.text),
                c.owner.as_deref().unwrap_or("—"),
                c.due.map(|d| d.to_string()).unwrap_or_default()
            );
        }
        out.push('\n');
    }

    out.push_str("## Risk summary\n\n| Section | High | Medium | None | N/A | Unanswered |\n|---|---|---|---|---|---|\n");
    for s in &review.section_summaries {
        out.push_str(&counts_row(&cell(&s.section), &s.counts));
    }
    out.push_str(&counts_row("**All**", &review.summary.counts));
    out.push_str(&counts_row("All, without exemptions", &review.summary.without_exemptions));
    let _ = writeln!(
        out,
        "\n{} of {} items answered; {} exempt; {} open high risks.\n",
        review.summary.answered, review.summary.total, review.summary.exempt, review.open_high_risks
    );
    if let Some(score) = &review.ml_test_score {
        out.push_str("### ML Test Score\n\n| Section | Score | Tests |\n|---|---|---|\n");
        for s in &score.sections {
            let _ = writeln!(out, "| {} | {} | {} |", cell(&s.section), s.score, s.tests);
        }
        let _ = writeln!(
            out,
            "\nFinal score **{}** (the lowest section: {}), band {}: {}\n",
            score.final_score,
            score.weakest.join(", "),
            score.band.range,
            score.band.meaning
        );
    }
    for flag in &review.flags {
        let _ = writeln!(out, "> ⚠ {flag}");
    }
    if !review.flags.is_empty() {
        out.push('\n');
    }

    out.push_str("## Items\n\n");
    for section in &review.sections {
        let _ = writeln!(out, "### {}\n", inline(section));
        for item in review.items.iter().filter(|i| &i.section == section) {
            let _ = writeln!(out, "#### `{}` — {}\n", item.key, inline(&item.prompt));
            let _ = writeln!(out, "- Answer: {}", answer_of(item));
            let _ = writeln!(
                out,
                "- Risk: {} (if not met: {})",
                item.risk.label(),
                archboard_types::review::RiskLevel::from(item.gap_risk()).label().to_lowercase()
            );
            if let Some(owner) = &item.owner {
                let due = item.due.map(|d| format!(", due {d}")).unwrap_or_default();
                let _ = writeln!(out, "- Owner: {owner}{due}");
            }
            if let Some(bound) = &item.bound {
                let stale = if bound.stale { " — **stale**" } else { "" };
                let _ = writeln!(out, "- Bound evidence: {}{stale}", bound.explanation);
            }
            if let Some(note) = &item.status_note {
                let _ = writeln!(out, "- Note: {note}");
            }
            if !item.evidence.is_empty() {
                let _ = writeln!(out, "\n{}\n", quoted(&item.evidence));
            }
            if !item.notes.is_empty() {
                let _ = writeln!(out, "\n_Notes:_ {}", inline(&item.notes));
            }
            out.push('\n');
        }
    }

    out.push_str("## Improvement backlog\n\n");
    if backlog.is_empty() {
        out.push_str("Nothing to fix.\n");
    } else {
        out.push_str("| Key | Item | Status | Risk | Owner | Due |\n|---|---|---|---|---|---|\n");
        for b in backlog {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                b.key,
                cell(&b.title),
                if b.closed { "closed" } else { b.status.as_str() },
                b.risk.as_str(),
                b.owner.as_deref().unwrap_or("—"),
                b.due.map(|d| d.to_string()).unwrap_or_default()
            );
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const REPORT_CSS: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2330;line-height:1.45}\
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #c9ced8;padding:.25rem .5rem;text-align:left;vertical-align:top}\
th{background:#eef1f6}.risk-high{color:#a41e1e;font-weight:600}.risk-medium{color:#8a5a00;font-weight:600}\
.item{border-left:3px solid #c9ced8;padding-left:.75rem;margin:1rem 0}.flag{background:#fff4d6;padding:.4rem .6rem}\
.stale{background:#ffe2e2;padding:0 .3rem}@media print{.item{break-inside:avoid}h2{break-before:auto}}";

fn html(review: &Review, milestone: Option<&str>, backlog: &[BacklogItem]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Review R{} — {}</title><style>{REPORT_CSS}</style></head><body>",
        review.id,
        escape(&review.title)
    );
    let _ = write!(out, "<h1>Review R{}: {}</h1>", review.id, escape(&review.title));
    if let Some(name) = milestone {
        let _ = write!(
            out,
            "<p><em>Milestone “{}”: the review as it stood when the milestone was taken.</em></p>",
            escape(name)
        );
    }
    let templates: Vec<String> =
        review.templates.iter().map(|t| format!("{} v{}", t.key, t.version)).collect();
    let rows = [
        (
            "System",
            format!(
                "{} (<code>{}</code>), team {}",
                escape(&review.system_name),
                escape(&review.system),
                escape(&review.team)
            ),
        ),
        ("Tier", escape(review.tier.label())),
        ("Kind", escape(review.kind.label())),
        ("State", escape(review.state.label())),
        ("Templates", escape(&templates.join(", "))),
        ("Decision", escape(&decision_line(review.current_decision()))),
        (
            "SLA",
            escape(&sla_line(review).unwrap_or_else(|| "starts when the review goes into review".into())),
        ),
        ("Recorded as", escape(review.adr_reference.as_deref().unwrap_or("—"))),
    ];
    out.push_str("<table>");
    for (label, value) in rows {
        let _ = write!(out, "<tr><th>{label}</th><td>{value}</td></tr>");
    }
    out.push_str("</table><h2>Sign-offs</h2><table><tr><th>Role</th><th>Signed by</th><th>When</th><th>Comment</th></tr>");
    for s in &review.signoffs {
        let when = s.signed_at.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{when}</td><td>{}</td></tr>",
            escape(&s.role),
            escape(s.signed_by.as_deref().unwrap_or("—")),
            escape(&s.comment)
        );
    }
    out.push_str("</table><h2>Decision</h2>");
    if review.decisions.is_empty() {
        out.push_str("<p>No decision yet.</p>");
    }
    for d in &review.decisions {
        let _ = write!(
            out,
            "<p><strong>{}</strong> by {} on {}.</p><p>{}</p>",
            escape(d.outcome.label()),
            escape(&d.decided_by),
            d.decided_at.format("%Y-%m-%d"),
            escape(&d.rationale)
        );
    }
    if !review.conditions.is_empty() {
        out.push_str("<h3>Conditions</h3><table><tr><th>#</th><th>Condition</th><th>Owner</th><th>Due</th><th>Closed</th></tr>");
        for c in &review.conditions {
            let closed = c
                .closed_at
                .map(|t| format!("{} — {}", t.format("%Y-%m-%d"), escape(&c.closing_evidence)))
                .unwrap_or_else(|| "open".into());
            let _ = write!(
                out,
                "<tr><td>C{}</td><td>{}</td><td>{}</td><td>{}</td><td>{closed}</td></tr>",
                c.id,
                escape(&c.text),
                escape(c.owner.as_deref().unwrap_or("—")),
                c.due.map(|d| d.to_string()).unwrap_or_default()
            );
        }
        out.push_str("</table>");
    }
    out.push_str("<h2>Risk summary</h2><figure role=\"img\" aria-label=\"Risk per section\">");
    out.push_str(&review.summary_svg);
    out.push_str("</figure><table><tr><th>Section</th><th>High</th><th>Medium</th><th>None</th><th>N/A</th><th>Unanswered</th></tr>");
    let mut counts_html = |label: &str, c: &RiskCounts| {
        let _ = write!(
            out,
            "<tr><td>{label}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            c.high, c.medium, c.none, c.not_applicable, c.unanswered
        );
    };
    for s in &review.section_summaries {
        counts_html(&escape(&s.section), &s.counts);
    }
    counts_html("<strong>All</strong>", &review.summary.counts);
    counts_html("All, without exemptions", &review.summary.without_exemptions);
    out.push_str("</table>");
    if let Some(score) = &review.ml_test_score {
        let _ = write!(
            out,
            "<h3>ML Test Score</h3><p>Final score <strong>{}</strong> (lowest section: {}), band {}: {}</p>",
            score.final_score,
            escape(&score.weakest.join(", ")),
            escape(&score.band.range),
            escape(&score.band.meaning)
        );
    }
    for flag in &review.flags {
        let _ = write!(out, "<p class=\"flag\">⚠ {}</p>", escape(flag));
    }
    out.push_str("<h2>Items</h2>");
    for section in &review.sections {
        let _ = write!(out, "<h3>{}</h3>", escape(section));
        for item in review.items.iter().filter(|i| &i.section == section) {
            let _ = write!(
                out,
                "<div class=\"item\"><h4><code>{}</code> — {}</h4>",
                escape(&item.key),
                escape(&item.prompt)
            );
            let _ = write!(
                out,
                "<p>Answer: {}<br>Risk: <span class=\"risk-{}\">{}</span></p>",
                escape(&answer_of(item)),
                item.risk.as_str(),
                escape(item.risk.label())
            );
            if let Some(bound) = &item.bound {
                let stale = if bound.stale { " <span class=\"stale\">stale</span>" } else { "" };
                let _ = write!(out, "<p>Bound evidence: {}{stale}</p>", escape(&bound.explanation));
            }
            if let Some(owner) = &item.owner {
                let _ = write!(
                    out,
                    "<p>Owner: {}{}</p>",
                    escape(owner),
                    item.due.map(|d| format!(", due {d}")).unwrap_or_default()
                );
            }
            // Already rendered and sanitised by the engine's Markdown renderer.
            out.push_str(&item.evidence_html);
            if !item.notes.is_empty() {
                let _ = write!(out, "<p><em>Notes:</em> {}</p>", escape(&item.notes));
            }
            out.push_str("</div>");
        }
    }
    out.push_str("<h2>Improvement backlog</h2>");
    if backlog.is_empty() {
        out.push_str("<p>Nothing to fix.</p>");
    } else {
        out.push_str(
            "<table><tr><th>Key</th><th>Item</th><th>Status</th><th>Risk</th><th>Owner</th><th>Due</th></tr>",
        );
        for b in backlog {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&b.key),
                escape(&b.title),
                if b.closed { "closed" } else { b.status.as_str() },
                b.risk.as_str(),
                escape(b.owner.as_deref().unwrap_or("—")),
                b.due.map(|d| d.to_string()).unwrap_or_default()
            );
        }
        out.push_str("</table>");
    }
    out.push_str("</body></html>\n");
    out
}

/// The ADR a decision is recorded as, in MADR's layout: context, the decision and its drivers,
/// consequences (conditions and open risks), and where it came from.
pub(crate) fn decision_adr_body(review: &Review, decision: &ReviewDecision) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Context and Problem Statement\n");
    let _ = writeln!(
        out,
        "{} of {} (`{}`, team {}, {}), review R{} from {}.\n",
        review.kind.label(),
        review.system_name,
        review.system,
        review.team,
        review.tier.label().to_lowercase(),
        review.id,
        review.templates.iter().map(|t| format!("{} v{}", t.key, t.version)).collect::<Vec<_>>().join(", ")
    );
    let c = &review.summary.counts;
    let _ = writeln!(out, "## Decision Drivers\n");
    let _ = writeln!(
        out,
        "* Risk summary: {} high, {} medium, {} none, {} not applicable, {} unanswered.",
        c.high, c.medium, c.none, c.not_applicable, c.unanswered
    );
    for s in review.signoffs.iter().filter(|s| s.signed_by.is_some()) {
        let _ =
            writeln!(out, "* Signed off for {} by {}.", s.role, s.signed_by.as_deref().unwrap_or_default());
    }
    let _ = writeln!(out, "\n## Decision Outcome\n");
    let _ = writeln!(
        out,
        "{}, by {} on {}:\n\n{}\n",
        decision.outcome.label(),
        decision.decided_by,
        decision.decided_at.format("%Y-%m-%d"),
        quoted(&decision.rationale)
    );
    let _ = writeln!(out, "### Consequences\n");
    let open: Vec<&ReviewItem> = review.items.iter().filter(|i| i.open_high_risk).collect();
    if review.conditions.is_empty() && open.is_empty() {
        let _ = writeln!(out, "* Good, because nothing is left to fix.");
    }
    for condition in &review.conditions {
        let owner = condition.owner.as_deref().map(|o| format!(" (owner {o})")).unwrap_or_default();
        let due = condition.due.map(|d| format!(", due {d}")).unwrap_or_default();
        let _ = writeln!(out, "* Condition C{}: {}{owner}{due}.", condition.id, inline(&condition.text));
    }
    for item in open {
        let _ =
            writeln!(out, "* Bad, because the high risk `{}` is open: {}", item.key, inline(&item.prompt));
    }
    let _ = writeln!(out, "\n## More Information\n");
    let _ = writeln!(out, "Recorded from Archboard review R{} ({}).", review.id, inline(&review.title));
    out
}
