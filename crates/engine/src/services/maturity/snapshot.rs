//! A quarter's state gathered from the board: per team its scorecard, levels, open risks,
//! commitments, reviews, benchmark evidence, decisions and data-quality notes. Quarter close
//! freezes it; a report of an open quarter reads it live (and says it is provisional).

use super::{Services, dimensions, level_checks};
use crate::services::db_error;
use crate::services::kpi::check_scope;
use archboard_db::maturity as store;
use archboard_types::ApiError;
use archboard_types::bench::{BenchEvaluateRequest, BenchListQuery, Verdict};
use archboard_types::kpi::{KpiState, Period, Scope, ScorecardQuery, format_target, format_value};
use archboard_types::maturity::{
    BenchEvidence, Commitment, DecisionEntry, KpiSnapshot, LevelSnapshot, QualityIssue, QualityNote,
    QuarterSnapshot, ReviewEntry, RiskEntry, RiskReason, TeamSnapshot, propose_level,
};
use archboard_types::people::TeamListQuery;
use archboard_types::review::{BacklogQuery, ReviewListQuery, ReviewRef};
use chrono::{DateTime, NaiveTime, Utc};
use std::collections::BTreeMap;

/// What a snapshot is being gathered for: progress is reported per team, and a cancelled
/// gather stops between teams.
pub(crate) trait Progress {
    fn team_done(&self, done: usize, total: usize, team: &str);
    fn cancelled(&self) -> bool {
        false
    }
}

pub(crate) struct Quiet;
impl Progress for Quiet {
    fn team_done(&self, _: usize, _: usize, _: &str) {}
}

impl Services {
    /// The board's teams by name, in name order.
    pub(crate) fn team_names(&mut self) -> Result<Vec<String>, ApiError> {
        let mut names: Vec<String> =
            self.team_list(TeamListQuery::default())?.into_iter().map(|t| t.name).collect();
        names.sort();
        Ok(names)
    }

    /// The quarter as the board holds it now, for `teams` (all when empty).
    pub(crate) fn live_snapshot(
        &mut self,
        period: Period,
        teams: &[String],
        progress: &dyn Progress,
    ) -> Result<QuarterSnapshot, ApiError> {
        let teams = if teams.is_empty() { self.team_names()? } else { teams.to_vec() };
        let dims = dimensions(self.db.conn())?;
        let mut out = QuarterSnapshot {
            period,
            closed_at: None,
            closed_by: None,
            snapshot_id: None,
            dimensions: dims.iter().map(|d| (d.key.clone(), d.name.clone())).collect(),
            teams: Vec::new(),
            failed_sources: self.failed_sources()?,
        };
        for (index, team) in teams.iter().enumerate() {
            if progress.cancelled() {
                return Err(ApiError::conflict("Cancelled."));
            }
            out.teams.push(self.team_snapshot(team, period, &dims)?);
            progress.team_done(index + 1, teams.len(), team);
        }
        Ok(out)
    }

    fn failed_sources(&mut self) -> Result<Vec<(String, String)>, ApiError> {
        Ok(archboard_db::kpi::list_sources(self.db.conn())
            .map_err(db_error)?
            .into_iter()
            .filter_map(|s| {
                let error = s.status.last_error?;
                // A source that succeeded after its last error is fine again.
                let recovered = s.status.last_success.is_some_and(|ok| ok > error.at);
                (!recovered).then(|| {
                    (
                        s.config.name.clone(),
                        format!("{} (at {})", error.message, error.at.format("%Y-%m-%d %H:%M UTC")),
                    )
                })
            })
            .collect())
    }

    fn team_snapshot(
        &mut self,
        team: &str,
        period: Period,
        dims: &[archboard_types::catalog::MaturityDimension],
    ) -> Result<TeamSnapshot, ApiError> {
        let now = self.now();
        // Ages are counted to the quarter's end, or now while the quarter runs.
        let quarter_end: DateTime<Utc> = period.end_day().and_time(NaiveTime::MIN).and_utc();
        let as_of = now.min(quarter_end);
        let facts = check_scope(self.db.conn(), &Scope::team(team))?;
        let card =
            self.scorecard_show(ScorecardQuery { scope: Scope::team(team), period, band_year: None })?;
        let mut quality = Vec::new();
        let mut kpis = Vec::new();
        for row in &card.rows {
            let version = super::kpi_item(self.db.conn(), &row.kpi).map(|k| k.version).unwrap_or(0);
            let issue = match row.judgement.state {
                KpiState::NoData => Some((QualityIssue::NoData, "no value in the quarter".to_owned())),
                KpiState::Stale => Some((
                    QualityIssue::Stale,
                    format!(
                        "newest value {}",
                        row.latest_at
                            .map(|t| t.format("%Y-%m-%d").to_string())
                            .unwrap_or_else(|| "unknown".into())
                    ),
                )),
                KpiState::NoBaseline => {
                    Some((QualityIssue::NoBaseline, "no target or baseline to judge against".to_owned()))
                }
                _ => None,
            };
            if let Some((issue, detail)) = issue {
                quality.push(QualityNote {
                    issue,
                    team: team.to_owned(),
                    subject: row.kpi.clone(),
                    detail: format!("{}: {detail}", row.name),
                });
            }
            if let Some(o) = &row.overridden {
                quality.push(QualityNote {
                    issue: QualityIssue::ThresholdOverridden,
                    team: team.to_owned(),
                    subject: row.kpi.clone(),
                    detail: format!(
                        "{}: {} set by {} because {}",
                        row.name,
                        row.target.as_ref().map(format_target).unwrap_or_default(),
                        o.by.clone().unwrap_or_else(|| "someone".into()),
                        o.reason
                    ),
                });
            }
            kpis.push(KpiSnapshot {
                kpi: row.kpi.clone(),
                name: row.name.clone(),
                unit_label: row.unit_label.clone(),
                value: row.value,
                value_text: format_value(row.value, &row.unit_label),
                target_text: row.target.as_ref().map(format_target).unwrap_or_else(|| "no target".into()),
                state: row.judgement.state,
                previous: row.previous,
                change: row.change,
                trend: row.trend.clone(),
                overridden: row.overridden.is_some(),
                override_reason: row.overridden.as_ref().map(|o| o.reason.clone()),
                sources: row.sources.clone(),
                latest_at: row.latest_at,
                definition_version: version,
            });
        }

        let evidence = self.team_evidence(team, period, dims)?;
        let conn = self.db.conn();
        let assessed: BTreeMap<String, archboard_types::maturity::Assessment> =
            store::assessments(conn, team, period).map_err(db_error)?.into_iter().collect();
        let approval = store::approval(conn, team, period).map_err(db_error)?;
        let mut levels = Vec::new();
        for dim in dims {
            let proposed = propose_level(&level_checks(dim, &evidence));
            let a = assessed.get(&dim.key);
            if a.is_none() {
                quality.push(QualityNote {
                    issue: QualityIssue::NotAssessed,
                    team: team.to_owned(),
                    subject: dim.key.clone(),
                    detail: format!("{}: not assessed (proposed level {proposed})", dim.name),
                });
            }
            levels.push(LevelSnapshot {
                dimension: dim.key.clone(),
                name: dim.name.clone(),
                proposed,
                level: a.map(|a| a.level),
                target: a.and_then(|a| a.target),
                rationale: a.map(|a| a.rationale.clone()).unwrap_or_default(),
                assessor: a.map(|a| a.assessor.clone()),
            });
        }

        let mut risks = Vec::new();
        let mut reviews = Vec::new();
        let mut bound: Vec<(String, String, String)> = Vec::new();
        for system in &facts.systems {
            for summary in
                self.review_list(ReviewListQuery { system: Some(system.clone()), ..Default::default() })?
            {
                let review = self.review_get(ReviewRef { id: summary.id })?;
                for item in &review.items {
                    let age_days = item.gap_since.map(|t| (as_of - t).num_days().max(0)).unwrap_or(0);
                    let mut push = |reason| {
                        risks.push(RiskEntry {
                            key: format!("R{}/{}", review.id, item.key),
                            review: review.id,
                            system: system.clone(),
                            title: item.prompt.clone(),
                            reason,
                            owner: item.owner.clone(),
                            due: item.due,
                            age_days,
                            overdue: item.due.is_some_and(|d| d < as_of.date_naive()),
                        })
                    };
                    if item.open_high_risk {
                        push(RiskReason::OpenHighRisk);
                    } else if item.exemption.as_ref().is_some_and(|e| e.expired) {
                        push(RiskReason::ExpiredExemption);
                    }
                    if let Some(evidence) = &item.bound {
                        let key =
                            (system.clone(), evidence.binding.run.clone(), evidence.binding.profile.clone());
                        if !bound.contains(&key) {
                            bound.push(key);
                        }
                    }
                }
                reviews.push(ReviewEntry {
                    id: review.id,
                    title: review.title.clone(),
                    system: system.clone(),
                    kind: review.kind,
                    state: review.state,
                    outcome: review.current_decision().map(|d| d.outcome),
                    open_high_risks: review.open_high_risks,
                    ml_test_score: review.ml_test_score.as_ref().map(|s| s.final_score),
                });
            }
        }
        // Oldest first within the list the report trims: the longest-open risk leads.
        risks.sort_by(|a, b| b.age_days.cmp(&a.age_days).then(a.key.cmp(&b.key)));
        reviews.sort_by_key(|r| r.id);

        let commitments = self
            .review_backlog(BacklogQuery {
                team: Some(team.to_owned()),
                include_closed: true,
                ..Default::default()
            })?
            .into_iter()
            .filter(|b| b.due.is_some_and(|d| period.contains(d) || d < period.first_day() && !b.closed))
            .map(|b| Commitment {
                key: b.key,
                review: b.review,
                system: b.system,
                title: b.title,
                owner: b.owner,
                due: b.due,
                done: b.closed,
                overdue: !b.closed && b.due.is_some_and(|d| d < as_of.date_naive()),
            })
            .collect();

        let runs: BTreeMap<String, archboard_types::bench::BenchSummary> =
            self.bench_list(BenchListQuery::default())?.into_iter().map(|r| (r.id.clone(), r)).collect();
        // The newest valid run per system and profile.
        let mut newest: BTreeMap<(String, String), BenchEvidence> = BTreeMap::new();
        for (system, run, profile) in bound {
            let Some(summary) = runs.get(&run) else { continue };
            let Ok(evaluation) =
                self.bench_evaluate(BenchEvaluateRequest { id: run.clone(), profile: profile.clone() })
            else {
                continue;
            };
            if !evaluation.run_valid {
                continue;
            }
            let entry = BenchEvidence {
                run: run.clone(),
                system: system.clone(),
                model: summary.model.clone(),
                profile: evaluation.profile_name.clone(),
                verdict: match evaluation.verdict {
                    Verdict::Pass => "pass",
                    Verdict::Fail => "fail",
                    Verdict::NotMeasured => "not measured",
                }
                .to_owned(),
                sustained_rps: evaluation.sustained_rps,
                p99_ms: Some(summary.p99_ms),
                cost_per_1k: evaluation.cost_per_1k,
                run_at: summary.created_at.clone(),
            };
            let slot = newest.entry((system, profile)).or_insert_with(|| entry.clone());
            if entry.run_at > slot.run_at {
                *slot = entry;
            }
        }

        let decisions = self
            .team_decisions(team, period)?
            .into_iter()
            .map(|adr| DecisionEntry {
                id: adr.id,
                reference: adr.reference.clone(),
                title: adr.title.clone(),
                status: archboard_types::adr::status_label(adr.status, adr.status_note.as_deref()),
                date: adr.date,
            })
            .collect();

        Ok(TeamSnapshot {
            team: team.to_owned(),
            systems: facts.systems.clone(),
            kpis,
            levels,
            approval,
            risks,
            commitments,
            reviews,
            benchmarks: newest.into_values().collect(),
            decisions,
            quality,
        })
    }
}
