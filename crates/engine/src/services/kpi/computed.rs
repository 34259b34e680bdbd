//! KPIs computed from the board's own records — reviews, decisions, benchmark runs — written
//! as measurements of the source `computed`, one per scope a day (board-local midnight), so a
//! second sync the same day updates instead of adding.

use super::{check_scope, local_midnight};
use crate::services::Services;
use crate::services::review::calendar::BoardCalendar;
use archboard_types::ApiError;
use archboard_types::adr::{AdrRef, AdrStatus};
use archboard_types::bench::BenchEvaluateRequest;
use archboard_types::kpi::{ComputedKpi, Measurement, SOURCE_COMPUTED, Scope, ScopeKind};
use archboard_types::people::{LifecycleStage, SystemListQuery, TeamListQuery};
use archboard_types::review::{ReviewListQuery, ReviewRef, ReviewSummary};
use chrono::{Duration, NaiveDate};

/// One computed KPI: which catalog KPI it feeds and how.
pub(crate) struct ComputedDefinition {
    pub(crate) kpi: &'static str,
    pub(crate) name: &'static str,
    pub(crate) how: &'static str,
    pub(crate) scopes: &'static [ScopeKind],
}

impl ComputedDefinition {
    pub(crate) fn describe(&self) -> ComputedKpi {
        ComputedKpi {
            kpi: self.kpi.into(),
            name: self.name.into(),
            how: self.how.into(),
            scopes: self.scopes.to_vec(),
        }
    }
}

const BOTH: &[ScopeKind] = &[ScopeKind::Team, ScopeKind::System];

pub(crate) const COMPUTED: &[ComputedDefinition] = &[
    ComputedDefinition {
        kpi: "kpi.review-sla-adherence",
        name: "Review turnaround within SLA",
        how: "Reviews of the scope's systems decided this quarter so far that were decided within their business-day SLA (the review calendar's clock: paused while waiting on the team), in percent of those decided.",
        scopes: BOTH,
    },
    ComputedDefinition {
        kpi: "kpi.architecture-review-throughput",
        name: "Architecture review throughput",
        how: "Reviews of the scope's systems decided in the last 30 days (today included).",
        scopes: BOTH,
    },
    ComputedDefinition {
        kpi: "kpi.decision-coverage",
        name: "Decision coverage",
        how: "Production systems of the scope with at least one accepted decision linked, in percent of its production systems.",
        scopes: BOTH,
    },
    ComputedDefinition {
        kpi: "kpi.documentation-freshness",
        name: "Documentation freshness",
        how: "Decisions linked to the scope's systems that were changed in the last 90 days, in percent of those decisions.",
        scopes: BOTH,
    },
    ComputedDefinition {
        kpi: "kpi.open-high-risks",
        name: "Open high risks",
        how: "High-risk review items of the scope's systems that are failed or partly met and not closed by a fix, an accepted decision or a live exemption, summed over its reviews.",
        scopes: BOTH,
    },
    ComputedDefinition {
        kpi: "kpi.cost-per-1k-predictions",
        name: "Cost per 1k predictions (benchmarked)",
        how: "The cost per 1,000 predictions of the newest valid benchmark run bound as evidence in one of the system's reviews, judged against the hardware profile it is bound with.",
        scopes: &[ScopeKind::System],
    },
];

impl Services {
    /// Every computed KPI's value today for every team and system that has the records to
    /// compute it from (a scope with no reviews gets no review figures: no data, not zero).
    pub(crate) fn computed_measurements(&mut self) -> Result<Vec<Measurement>, ApiError> {
        let now = self.now();
        let calendar = BoardCalendar::read(self.db.conn())?;
        let today = calendar.local_date(now);
        let at = local_midnight(calendar.time_zone, today);
        let mut scopes: Vec<Scope> =
            self.team_list(TeamListQuery::default())?.into_iter().map(|t| Scope::team(t.name)).collect();
        scopes
            .extend(self.system_list(SystemListQuery::default())?.into_iter().map(|s| Scope::system(s.key)));
        let mut out = Vec::new();
        for scope in scopes {
            let facts = check_scope(self.db.conn(), &scope)?;
            let reviews: Vec<ReviewSummary> = match scope.kind {
                ScopeKind::Team => {
                    self.review_list(ReviewListQuery { team: Some(scope.key.clone()), ..Default::default() })?
                }
                ScopeKind::System => self
                    .review_list(ReviewListQuery { system: Some(scope.key.clone()), ..Default::default() })?,
            };
            let mut push = |kpi: &str, value: f64, note: String| {
                out.push(Measurement {
                    kpi: kpi.into(),
                    scope: scope.clone(),
                    at,
                    value,
                    source: SOURCE_COMPUTED.into(),
                    note,
                    recorded_by: Some("Archboard".into()),
                    recorded_at: now,
                });
            };
            let quarter_start = archboard_types::kpi::Period::quarter_of(today).first_day();
            let decided: Vec<(NaiveDate, Option<bool>)> =
                reviews.iter().filter_map(|r| r.sla.decided_on.map(|d| (d, r.sla.met))).collect();
            let this_quarter: Vec<_> =
                decided.iter().filter(|(d, _)| *d >= quarter_start && *d <= today).collect();
            if !this_quarter.is_empty() {
                let met = this_quarter.iter().filter(|(_, m)| *m == Some(true)).count();
                push(
                    "kpi.review-sla-adherence",
                    met as f64 * 100.0 / this_quarter.len() as f64,
                    format!(
                        "{met} of {} reviews decided since {quarter_start} within their SLA",
                        this_quarter.len()
                    ),
                );
            }
            if !reviews.is_empty() {
                let since = today - Duration::days(29);
                let recent = decided.iter().filter(|(d, _)| *d >= since && *d <= today).count();
                push("kpi.architecture-review-throughput", recent as f64, format!("decided since {since}"));
                let open: u32 = reviews.iter().map(|r| r.open_high_risks).sum();
                push("kpi.open-high-risks", open as f64, format!("over {} reviews", reviews.len()));
            }
            let mut production = 0usize;
            let mut covered = 0usize;
            let mut decisions = std::collections::BTreeSet::new();
            for key in &facts.systems {
                let Some(system) =
                    archboard_db::people::system(self.db.conn(), key).map_err(crate::services::db_error)?
                else {
                    continue;
                };
                let mut accepted = false;
                for id in &system.decisions {
                    decisions.insert(*id);
                    if let Ok(adr) = self.adr_get(AdrRef { id: *id }) {
                        accepted |= adr.status == Some(AdrStatus::Accepted);
                    }
                }
                if system.stage == LifecycleStage::Production {
                    production += 1;
                    covered += usize::from(accepted);
                }
            }
            if production > 0 {
                push(
                    "kpi.decision-coverage",
                    covered as f64 * 100.0 / production as f64,
                    format!("{covered} of {production} production systems"),
                );
            }
            if !decisions.is_empty() {
                let since = now - Duration::days(90);
                let mut fresh = 0;
                for id in &decisions {
                    if self.adr_get(AdrRef { id: *id }).is_ok_and(|adr| adr.updated_at >= since) {
                        fresh += 1;
                    }
                }
                push(
                    "kpi.documentation-freshness",
                    fresh as f64 * 100.0 / decisions.len() as f64,
                    format!("{fresh} of {} decisions changed in the last 90 days", decisions.len()),
                );
            }
            if scope.kind == ScopeKind::System
                && let Some((cost, run, profile)) = self.benchmarked_cost(&reviews)?
            {
                push("kpi.cost-per-1k-predictions", cost, format!("run {run} on {profile}"));
            }
        }
        Ok(out)
    }

    /// The newest valid bound benchmark run's cost per 1k predictions on its bound profile.
    fn benchmarked_cost(
        &mut self,
        reviews: &[ReviewSummary],
    ) -> Result<Option<(f64, String, String)>, ApiError> {
        let mut bound: Vec<(String, String)> = Vec::new();
        for summary in reviews {
            let review = self.review_get(ReviewRef { id: summary.id })?;
            for item in review.items {
                if let Some(evidence) = item.bound
                    && !bound.contains(&(evidence.binding.run.clone(), evidence.binding.profile.clone()))
                {
                    bound.push((evidence.binding.run, evidence.binding.profile));
                }
            }
        }
        // Runs' creation times are RFC 3339 UTC text, which sorts as time does.
        let mut best: Option<(String, f64, String, String)> = None;
        for (run, profile) in bound {
            let Ok(record) = self.bench_record(&run) else { continue };
            let Ok(evaluation) =
                self.bench_evaluate(BenchEvaluateRequest { id: run.clone(), profile: profile.clone() })
            else {
                continue;
            };
            let valid = evaluation.run_valid;
            if let (true, Some(cost)) = (valid, evaluation.cost_per_1k)
                && best.as_ref().is_none_or(|(at, ..)| record.created_at > *at)
            {
                best = Some((record.created_at, cost, run, profile));
            }
        }
        Ok(best.map(|(_, cost, run, profile)| (cost, run, profile)))
    }
}
