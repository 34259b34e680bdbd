//! A stored review made whole: each item's effective status and risk (bound evidence judged,
//! staleness, lens rules, exemptions), the risk summary and chart, the ML Test Score, the SLA
//! clock, close blockers and flags. Reads only through a connection, so operations can build
//! the review they are changing inside their transaction.

use super::calendar::BoardCalendar;
use crate::markdown::render_markdown;
use crate::services::{adr, db_error};
use archboard_charts as charts;
use archboard_db::Connection;
use archboard_db::review::{self as store, StoredItem, StoredReview};
use archboard_loadgen::evaluate::evaluate;
use archboard_types::ApiError;
use archboard_types::bench::Verdict;
use archboard_types::catalog::{CatalogItem, ChecklistScoring};
use archboard_types::review::{
    BoundEvidence, DEFAULT_FRESHNESS_DAYS, Exemption, FiredRule, ItemFacts, ItemStatus, MilestoneSummary,
    Review, ReviewItem, ReviewState, TemplateUse, evaluate_item, ml_test_score, sla_status, summarise_risks,
};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

/// What judging a run against a profile found, kept per (run, profile) while one review builds.
type Judged = Option<(Option<bool>, String, Option<NaiveDate>)>;

/// Builds the whole review as people see it at `now`.
pub(crate) fn build(conn: &Connection, stored: StoredReview, now: DateTime<Utc>) -> Result<Review, ApiError> {
    let calendar = BoardCalendar::read(conn)?;
    let today = calendar.local_date(now);
    let system = archboard_db::people::system(conn, &stored.system_key).map_err(db_error)?;
    let (system_name, team) =
        system.map(|s| (s.name, s.team)).unwrap_or_else(|| (stored.system_key.clone(), String::new()));
    let stored_items = store::items(conn, stored.id).map_err(db_error)?;
    let mut judged: HashMap<(String, String), Judged> = HashMap::new();
    let mut items = Vec::with_capacity(stored_items.len());
    for stored_item in stored_items {
        items.push(build_item(conn, stored_item, today, &mut judged)?);
    }
    let (mut section_summaries, summary) = summarise_risks(&items);
    // In the review's section order (the template's), not the order items happen to come in.
    let position = |section: &str| stored.sections.iter().position(|s| s == section).unwrap_or(usize::MAX);
    section_summaries.sort_by_key(|s| position(&s.section));
    let chart_rows: Vec<(String, archboard_types::review::RiskCounts)> =
        section_summaries.iter().map(|s| (s.section.clone(), s.counts)).collect();
    let summary_svg =
        charts::risk_summary_svg("Risk per section", &chart_rows).map_err(ApiError::internal)?;

    let ml_sections: Vec<String> = stored
        .templates
        .iter()
        .filter(|t| t.scoring == ChecklistScoring::MlTestScore)
        .flat_map(|t| t.sections.clone())
        .collect();
    let ml_test_score = (!ml_sections.is_empty()).then(|| {
        let ml_templates: Vec<&str> = stored
            .templates
            .iter()
            .filter(|t| t.scoring == ChecklistScoring::MlTestScore)
            .map(|t| t.key.as_str())
            .collect();
        let scored: Vec<(&str, Option<f64>)> = items
            .iter()
            .filter(|i| ml_templates.contains(&i.template.as_str()))
            .filter(|i| i.status != ItemStatus::NotApplicable)
            .map(|i| (i.section.as_str(), i.score.filter(|_| i.status != ItemStatus::Unanswered)))
            .collect();
        ml_test_score(&ml_sections, &scored)
    });

    let events = store::events(conn, stored.id).map_err(db_error)?;
    let transitions: Vec<(NaiveDate, ReviewState)> =
        events.iter().map(|e| (calendar.local_date(e.at), e.to)).collect();
    let sla = sla_status(calendar.sla_days(stored.kind), &transitions, today, &calendar.holiday_set());

    let templates = stored
        .templates
        .iter()
        .map(|t| {
            let current = archboard_db::catalog::get(conn, &t.key).map_err(db_error)?;
            let newer_version = current.map(|c| c.item.version()).filter(|v| *v > t.version);
            Ok(TemplateUse { key: t.key.clone(), name: t.name.clone(), version: t.version, newer_version })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;

    let milestones = store::milestones(conn, stored.id)
        .map_err(db_error)?
        .into_iter()
        .map(|(name, created_at, created_by)| MilestoneSummary { name, created_at, created_by })
        .collect();

    let open_high: Vec<&ReviewItem> = items.iter().filter(|i| i.open_high_risk).collect();
    let mut flags = Vec::new();
    for item in &items {
        if let Some(exemption) = item.exemption.as_ref().filter(|e| e.expired) {
            flags.push(format!(
                "The exemption of `{}` expired on {}; it counts as failed again.",
                item.key, exemption.until
            ));
        }
        if let Some(bound) = item.bound.as_ref().filter(|b| b.stale) {
            let on = bound.measured_on.map(|d| d.to_string()).unwrap_or_else(|| "an unknown date".into());
            flags.push(format!("The evidence bound to `{}` (measured {on}) is stale.", item.key));
        }
    }
    let mut close_blockers = Vec::new();
    if stored.state != ReviewState::Decided && stored.state != ReviewState::Closed {
        close_blockers.push("A review is closed after its decision.".to_owned());
    }
    if !open_high.is_empty() {
        let keys: Vec<&str> = open_high.iter().map(|i| i.key.as_str()).collect();
        close_blockers.push(format!(
            "{} high risk{} still open ({}): fix, accept by a decision, or exempt {}.",
            keys.len(),
            if keys.len() == 1 { " is" } else { "s are" },
            keys.join(", "),
            if keys.len() == 1 { "it" } else { "them" },
        ));
    }

    // The ADR of the current decision: a reopened review's new decision is recorded anew.
    let current_adr = stored.decisions.last().and_then(|d| d.adr);
    let adr_reference = current_adr.map(|id| adr::reference_of(conn, id)).transpose()?;
    let changed_by = events.last().map(|e| e.by.clone());
    Ok(Review {
        id: stored.id,
        title: stored.title,
        system: stored.system_key,
        system_name,
        team,
        tier: stored.tier,
        kind: stored.kind,
        state: stored.state,
        templates,
        sections: stored.sections,
        open_high_risks: open_high.len() as u32,
        items,
        section_summaries,
        summary,
        summary_svg,
        ml_test_score,
        signoffs: stored.signoffs,
        returns: stored.returns,
        decisions: stored.decisions,
        conditions: stored.conditions,
        adr: current_adr,
        adr_reference,
        sla,
        events,
        milestones,
        close_blockers,
        flags,
        created_at: stored.created_at,
        updated_at: stored.updated_at,
        changed_by,
    })
}

fn build_item(
    conn: &Connection,
    stored: StoredItem,
    today: NaiveDate,
    judged: &mut HashMap<(String, String), Judged>,
) -> Result<ReviewItem, ApiError> {
    let StoredItem { key, template, template_version, question, answer } = stored;
    let bound = match &answer.binding {
        Some(binding) => {
            let found = match judged.get(&(binding.run.clone(), binding.profile.clone())) {
                Some(found) => found.clone(),
                None => {
                    let found = judge(conn, &binding.run, &binding.profile)?;
                    judged.insert((binding.run.clone(), binding.profile.clone()), found.clone());
                    found
                }
            };
            let window = i64::from(binding.freshness_days.unwrap_or(DEFAULT_FRESHNESS_DAYS));
            Some(match found {
                Some((verdict, explanation, measured_on)) => BoundEvidence {
                    binding: binding.clone(),
                    verdict,
                    stale: measured_on.is_some_and(|on| (today - on).num_days() > window),
                    explanation,
                    measured_on,
                },
                None => BoundEvidence {
                    binding: binding.clone(),
                    verdict: None,
                    explanation: format!(
                        "Run {} or profile {} is no longer on the board.",
                        binding.run, binding.profile
                    ),
                    measured_on: None,
                    stale: false,
                },
            })
        }
        None => None,
    };
    let lens = question.lens.as_ref();
    let selected: Vec<&str> = answer.choices.iter().map(String::as_str).collect();
    let fired = lens.filter(|_| !selected.is_empty()).and_then(|lens| {
        archboard_lens::rules::evaluate(&lens.risk_rules, &selected).map(|fired| FiredRule {
            index: fired.index,
            condition: fired.rule.condition.clone(),
            risk: fired.rule.risk,
        })
    });
    let answered_status = answer.status.unwrap_or(ItemStatus::Unanswered);
    let gap_risk = answer.risk_override.as_ref().map(|o| o.risk).unwrap_or(question.risk);
    let facts = ItemFacts {
        today,
        bound: bound.as_ref().map(|b| (b.verdict, b.stale)),
        lens_risk: fired.as_ref().map(|f| f.risk),
        exemption_until: answer.exemption.as_ref().map(|e| e.until),
        accepted_by_adr: accepted_by_adr(conn, answer.accepted_by)?,
        has_evidence: !answer.evidence.trim().is_empty(),
    };
    let (status, risk, risk_without_exemptions, open_high_risk, mut status_note) =
        evaluate_item(answered_status, gap_risk, facts);
    if let Some(bound) = bound.as_ref().filter(|b| b.stale) {
        let on = bound.measured_on.map(|d| d.to_string()).unwrap_or_default();
        let window = bound.binding.freshness_days.unwrap_or(DEFAULT_FRESHNESS_DAYS);
        status_note = Some(format!("Stale: the bound evidence is from {on}, older than {window} days."));
    }
    let exemption = answer.exemption.as_ref().map(|e| Exemption {
        reason: e.reason.clone(),
        approver: e.approver.clone(),
        until: e.until,
        granted_at: e.granted_at,
        expired: e.until < today,
    });
    let accepted_by_reference = answer.accepted_by.map(|id| adr::reference_of(conn, id)).transpose()?;
    Ok(ReviewItem {
        key,
        template,
        template_version,
        section: question.section,
        prompt: question.prompt,
        guidance: question.guidance,
        evidence_hint: question.evidence,
        template_risk: question.risk,
        risk_override: answer.risk_override,
        answered_status,
        evidence_html: render_markdown(&answer.evidence),
        evidence: answer.evidence,
        notes: answer.notes,
        not_applicable_reason: answer.not_applicable_reason,
        choices: answer.choices,
        lens_choices: question.lens.map(|l| l.choices).unwrap_or_default(),
        score: answer.score,
        owner: answer.owner,
        due: answer.due,
        bound,
        exemption,
        accepted_by: answer.accepted_by,
        accepted_by_reference,
        answered_by: answer.answered_by,
        answered_at: answer.answered_at,
        gap_since: answer.gap_since,
        fixed_at: answer.fixed_at,
        status,
        risk,
        risk_without_exemptions,
        fired_rule: fired,
        open_high_risk,
        status_note,
    })
}

/// Whether the decision linked to an item accepts its risk: only an accepted one does (a
/// proposed, rejected or superseded decision accepts nothing).
fn accepted_by_adr(conn: &Connection, adr: Option<u32>) -> Result<bool, ApiError> {
    let Some(id) = adr else { return Ok(false) };
    let summary = archboard_db::adr::summary(conn, id).map_err(db_error)?;
    Ok(summary.is_some_and(|s| s.status == Some(archboard_types::adr::AdrStatus::Accepted)))
}

/// Judges a run against a profile: the verdict, the sentence that says why, and the day the
/// run was measured. `None` when either is gone.
fn judge(conn: &Connection, run: &str, profile: &str) -> Result<Judged, ApiError> {
    let Some(record) = archboard_db::bench::get(conn, run).map_err(db_error)? else { return Ok(None) };
    let Some(CatalogItem::Hardware(hardware)) =
        archboard_db::catalog::get(conn, profile).map_err(db_error)?.map(|s| s.item)
    else {
        return Ok(None);
    };
    let evaluation = evaluate(&record, &hardware);
    let measured_on =
        DateTime::parse_from_rfc3339(&record.created_at).ok().map(|t| t.with_timezone(&Utc).date_naive());
    // A run that is not valid is no evidence either way.
    let verdict = match evaluation.verdict {
        _ if !evaluation.run_valid => None,
        Verdict::Pass => Some(true),
        Verdict::Fail => Some(false),
        Verdict::NotMeasured => None,
    };
    let checks: Vec<String> = evaluation
        .checks
        .iter()
        .map(|check| {
            let lower_is_better = check.unit == "ms" || check.slo.starts_with("cost");
            let measured = check.measured.map(format_figure).unwrap_or_else(|| "not measured".into());
            let sign = match (check.verdict, lower_is_better) {
                (Verdict::Pass, true) => "≤",
                (Verdict::Pass, false) => "≥",
                (Verdict::Fail, true) => ">",
                (Verdict::Fail, false) => "<",
                (Verdict::NotMeasured, _) => "vs",
            };
            format!(
                "{} {measured} {} {sign} {} {}",
                check.slo,
                check.unit,
                format_figure(check.target),
                check.unit
            )
        })
        .collect();
    let on = measured_on.map(|d| d.to_string()).unwrap_or_else(|| record.created_at.clone());
    let what = if checks.is_empty() { "no SLO to judge".to_owned() } else { checks.join("; ") };
    let validity = if evaluation.run_valid { "" } else { " (the run is not valid, so it proves nothing)" };
    Ok(Some((verdict, format!("{what} on {profile}, run {on}{validity}"), measured_on)))
}

fn format_figure(value: f64) -> String {
    if value.fract() == 0.0 || value.abs() >= 100.0 { format!("{value:.0}") } else { format!("{value:.2}") }
}
