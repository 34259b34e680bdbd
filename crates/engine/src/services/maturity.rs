//! Maturity assessments: each dimension's level proposed from the board's evidence (the
//! level's linked KPIs in that quarter, the team's systems' review results), accepted or set
//! otherwise by an assessor with a rationale, approved by a chair. Levels of a closed quarter
//! do not change until an owner reopens it.

mod quarter;
pub(crate) mod snapshot;
#[cfg(test)]
mod tests;

use super::kpi::{check_scope, kpi_item};
use super::{Services, db_error};
use archboard_db::Connection;
use archboard_db::maturity as store;
use archboard_types::ApiError;
use archboard_types::adr::AdrRef;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::catalog::{CatalogItem, CatalogKind, MaturityDimension};
use archboard_types::kpi::{KpiState, Period, Scope, ScorecardRow, format_target, format_value};
use archboard_types::maturity::{
    Approval, AssessRequest, Assessment, CriterionCheck, DimensionProposal, LevelCheck, MaturityProposal,
    MaturityQuery, ReviewFacts, SystemReviewState, check_assessment, check_kpi_for_level,
    check_reviews_for_level, full_dimension_key, proposal_reason, propose_level, require_quarter,
};
use archboard_types::review::{ReviewKind, ReviewListQuery, ReviewRef};
use std::collections::BTreeMap;

/// The maturity model's dimensions in catalog order.
pub(crate) fn dimensions(conn: &Connection) -> Result<Vec<MaturityDimension>, ApiError> {
    let mut out: Vec<MaturityDimension> = archboard_db::catalog::all(conn, Some(CatalogKind::Maturity))
        .map_err(db_error)?
        .into_iter()
        .filter_map(|s| match s.item {
            CatalogItem::Maturity(d) => Some(d),
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}

fn quarter(period: Period) -> Result<Period, ApiError> {
    require_quarter(period).map_err(|e| ApiError::validation("period", e))
}

/// The evidence one team's proposals read, gathered once for all dimensions.
pub(crate) struct TeamEvidence {
    /// The KPIs the model links to, as the team's scorecard judges them in the quarter.
    kpis: BTreeMap<String, ScorecardRow>,
    /// Per review kind, per system: the newest review's facts.
    reviews: BTreeMap<ReviewKind, Vec<SystemReviewState>>,
    pub(crate) decisions_this_quarter: u32,
}

impl Services {
    /// Gathers the evidence for `team` in `period` (the KPIs and review kinds `dims` ask for).
    pub(crate) fn team_evidence(
        &mut self,
        team: &str,
        period: Period,
        dims: &[MaturityDimension],
    ) -> Result<TeamEvidence, ApiError> {
        let now = self.now();
        let conn = self.db.conn();
        let facts = check_scope(conn, &Scope::team(team))?;
        let mut kpi_keys: Vec<String> = Vec::new();
        let mut kinds: Vec<ReviewKind> = Vec::new();
        for level in dims.iter().flat_map(|d| &d.levels) {
            for key in &level.kpis {
                // A model edited to name a KPI that is gone is judged "no data", not an error.
                if !kpi_keys.contains(key) && kpi_item(conn, key).is_ok() {
                    kpi_keys.push(key.clone());
                }
            }
            for kind in &level.reviews {
                if !kinds.contains(kind) {
                    kinds.push(*kind);
                }
            }
        }
        let mut kpis = BTreeMap::new();
        if !kpi_keys.is_empty() {
            let card = super::kpi::scorecard_rows(conn, &Scope::team(team), period, now, &kpi_keys)?;
            for row in card {
                kpis.insert(row.kpi.clone(), row);
            }
        }
        let mut reviews: BTreeMap<ReviewKind, Vec<SystemReviewState>> = BTreeMap::new();
        if !kinds.is_empty() {
            for system in &facts.systems {
                let list =
                    self.review_list(ReviewListQuery { system: Some(system.clone()), ..Default::default() })?;
                for kind in &kinds {
                    // The newest review of that kind speaks for the system.
                    let newest = list.iter().filter(|r| r.kind == *kind).max_by_key(|r| (r.updated_at, r.id));
                    let review = match newest {
                        Some(summary) => {
                            let ml_test_score = if *kind == ReviewKind::MlTestScore {
                                self.review_get(ReviewRef { id: summary.id })?
                                    .ml_test_score
                                    .map(|s| s.final_score)
                            } else {
                                None
                            };
                            Some(ReviewFacts {
                                id: summary.id,
                                state: summary.state,
                                outcome: summary.outcome,
                                open_high_risks: summary.open_high_risks,
                                ml_test_score,
                            })
                        }
                        None => None,
                    };
                    reviews
                        .entry(*kind)
                        .or_default()
                        .push(SystemReviewState { system: system.clone(), review });
                }
            }
        }
        let decisions_this_quarter = self.team_decisions(team, period)?.len() as u32;
        Ok(TeamEvidence { kpis, reviews, decisions_this_quarter })
    }

    /// The decisions about the team's systems or in its collections dated in the quarter.
    pub(crate) fn team_decisions(
        &mut self,
        team: &str,
        period: Period,
    ) -> Result<Vec<archboard_types::adr::Adr>, ApiError> {
        let conn = self.db.conn();
        let facts = check_scope(conn, &Scope::team(team))?;
        let mut ids: Vec<u32> = Vec::new();
        for key in &facts.systems {
            if let Some(system) = archboard_db::people::system(conn, key).map_err(db_error)? {
                ids.extend(system.decisions);
            }
        }
        for collection in self.collection_list(archboard_types::system::Empty {})? {
            if collection.team.as_deref() == Some(team) {
                let list = self.adr_list(archboard_types::adr::AdrListQuery {
                    collection: Some(collection.name.clone()),
                    ..Default::default()
                })?;
                ids.extend(list.iter().map(|a| a.id));
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::new();
        for id in ids {
            let adr = self.adr_get(AdrRef { id })?;
            if adr.date.is_some_and(|d| period.contains(d)) {
                out.push(adr);
            }
        }
        Ok(out)
    }

    /// The proposal for one team and quarter with what is assessed so far.
    pub(crate) fn proposal(&mut self, team: &str, period: Period) -> Result<MaturityProposal, ApiError> {
        let period = quarter(period)?;
        let conn = self.db.conn();
        let team = check_scope(conn, &Scope::team(team))?.team.unwrap_or_else(|| team.to_owned());
        let dims = dimensions(conn)?;
        let evidence = self.team_evidence(&team, period, &dims)?;
        let conn = self.db.conn();
        let assessed: BTreeMap<String, Assessment> =
            store::assessments(conn, &team, period).map_err(db_error)?.into_iter().collect();
        let previous: BTreeMap<String, Assessment> =
            store::assessments(conn, &team, period.previous()).map_err(db_error)?.into_iter().collect();
        let mut dimensions = Vec::new();
        for dim in &dims {
            let levels = level_checks(dim, &evidence);
            let proposed = propose_level(&levels);
            dimensions.push(DimensionProposal {
                dimension: dim.key.clone(),
                name: dim.name.clone(),
                reason: proposal_reason(&levels, proposed),
                proposed,
                levels,
                assessment: assessed.get(&dim.key).cloned(),
                previous_level: previous.get(&dim.key).map(|a| a.level),
            });
        }
        let unassessed =
            dimensions.iter().filter(|d| d.assessment.is_none()).map(|d| d.dimension.clone()).collect();
        Ok(MaturityProposal {
            team: team.clone(),
            period,
            approval: store::approval(conn, &team, period).map_err(db_error)?,
            closed: store::snapshot_in_force(conn, period).map_err(db_error)?.is_some(),
            dimensions,
            unassessed,
            decisions_this_quarter: evidence.decisions_this_quarter,
        })
    }

    pub fn maturity_propose(&mut self, query: MaturityQuery) -> Result<MaturityProposal, ApiError> {
        self.proposal(&query.team, query.period)
    }

    pub fn maturity_assess(&mut self, request: AssessRequest) -> Result<MaturityProposal, ApiError> {
        let proposal = self.proposal(&request.team, request.period)?;
        refuse_if_closed(&proposal)?;
        let key = full_dimension_key(request.dimension.trim());
        let Some(dimension) = proposal.dimensions.iter().find(|d| d.dimension == key) else {
            let known: Vec<&str> =
                proposal.dimensions.iter().map(|d| d.dimension.trim_start_matches("maturity.")).collect();
            return Err(ApiError::validation(
                "dimension",
                format!(
                    "There is no maturity dimension `{}`; the model has {}.",
                    request.dimension,
                    known.join(", ")
                ),
            ));
        };
        check_assessment(&request, dimension.proposed)
            .map_err(|(field, message)| ApiError::validation(field, message))?;
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        let assessment = Assessment {
            level: request.level,
            proposed: dimension.proposed,
            rationale: request.rationale.trim().to_owned(),
            assessor: by,
            at: now,
            target: request.target,
        };
        let before = dimension.assessment.clone();
        let (team, period) = (proposal.team.clone(), proposal.period);
        let withdraws = proposal.approval.clone();
        self.write(|change| {
            store::save_assessment(change, &team, period, &key, &assessment).map_err(db_error)?;
            let id = format!("{team}/{period}/{key}");
            change.audit(
                AuditEntity::Maturity,
                &id,
                AuditAction::Assess,
                before.as_ref(),
                Some(&assessment),
            )?;
            if let Some(approval) = &withdraws {
                // A changed level is no longer what the chair approved.
                store::set_approval(change, &team, period, None).map_err(db_error)?;
                change.audit::<Approval>(
                    AuditEntity::Maturity,
                    &format!("{team}/{period}"),
                    AuditAction::Update,
                    Some(approval),
                    None,
                )?;
            }
            Ok(())
        })?;
        self.proposal(&team, period)
    }

    pub fn maturity_approve(&mut self, query: MaturityQuery) -> Result<MaturityProposal, ApiError> {
        let proposal = self.proposal(&query.team, query.period)?;
        refuse_if_closed(&proposal)?;
        if !proposal.unassessed.is_empty() {
            let names: Vec<&str> = proposal
                .dimensions
                .iter()
                .filter(|d| d.assessment.is_none())
                .map(|d| d.name.as_str())
                .collect();
            return Err(ApiError::validation(
                "team",
                format!(
                    "{} in {} cannot be approved yet: {} not assessed ({}).",
                    proposal.team,
                    proposal.period,
                    if names.len() == 1 { "one dimension is" } else { "some dimensions are" },
                    names.join(", ")
                ),
            ));
        }
        let approval = Approval { by: self.signed_in()?.name.clone(), at: self.now() };
        let (team, period) = (proposal.team.clone(), proposal.period);
        self.write(|change| {
            store::set_approval(change, &team, period, Some(&approval)).map_err(db_error)?;
            change.audit(
                AuditEntity::Maturity,
                &format!("{team}/{period}"),
                AuditAction::Approve,
                None,
                Some(&approval),
            )
        })?;
        self.proposal(&team, period)
    }
}

fn refuse_if_closed(proposal: &MaturityProposal) -> Result<(), ApiError> {
    if proposal.closed {
        return Err(ApiError::conflict(format!(
            "{} is closed: its assessments are frozen. An owner can reopen the quarter.",
            proposal.period
        )));
    }
    Ok(())
}

/// Every level of `dim` checked against the evidence.
fn level_checks(dim: &MaturityDimension, evidence: &TeamEvidence) -> Vec<LevelCheck> {
    let mut levels: Vec<LevelCheck> = dim
        .levels
        .iter()
        .map(|level| {
            let mut checks: Vec<CriterionCheck> = Vec::new();
            if level.level > 0 {
                for key in &level.kpis {
                    checks.push(match evidence.kpis.get(key) {
                        Some(row) => {
                            let previous = row.trend.len().checked_sub(2).map(|i| row.trend[i].state);
                            check_kpi_for_level(
                                level.level,
                                key,
                                &row.name,
                                row.judgement.state,
                                previous,
                                &figure(row),
                            )
                        }
                        None => check_kpi_for_level(
                            level.level,
                            key,
                            key,
                            KpiState::NoData,
                            None,
                            "not in the catalog",
                        ),
                    });
                }
                for kind in &level.reviews {
                    let systems = evidence.reviews.get(kind).map(Vec::as_slice).unwrap_or(&[]);
                    checks.push(check_reviews_for_level(*kind, systems));
                }
            }
            LevelCheck {
                level: level.level,
                name: level.name.clone(),
                criteria: level.criteria.clone(),
                checks,
            }
        })
        .collect();
    levels.sort_by_key(|l| l.level);
    levels
}

/// "12 days against green ≤ 7, amber ≤ 14".
fn figure(row: &ScorecardRow) -> String {
    let value = format_value(row.value, &row.unit_label);
    match &row.target {
        Some(target) if row.value.is_some() => format!("{value} against {}", format_target(target)),
        _ if row.value.is_some() => value,
        _ => "no value in the quarter".to_owned(),
    }
}
