//! Quarter close and reopen: closing freezes the live snapshot of every team (scorecards,
//! levels, open risks, review states) so later data for the quarter shows as a late change;
//! an owner may reopen a closed quarter, with the reason audited.

use super::Services;
use super::snapshot::Quiet;
use crate::services::db_error;
use archboard_db::maturity as store;
use archboard_types::ApiError;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::kpi::Period;
use archboard_types::maturity::{QuarterRef, QuarterReopen, QuarterSnapshot, QuarterStatus, require_quarter};
use archboard_types::system::Empty;

impl Services {
    pub fn quarter_list(&mut self, _: Empty) -> Result<Vec<QuarterStatus>, ApiError> {
        let rows = store::snapshot_rows(self.db.conn()).map_err(db_error)?;
        let mut periods: Vec<Period> = rows.iter().map(|r| r.period).collect();
        // The current quarter and the three before it are always offered.
        let today = self.now().date_naive();
        periods.extend(Period::quarter_of(today).trailing(4));
        periods.sort();
        periods.dedup();
        periods.reverse();
        periods.into_iter().map(|p| self.quarter_status(p)).collect()
    }

    pub(crate) fn quarter_status(&mut self, period: Period) -> Result<QuarterStatus, ApiError> {
        let conn = self.db.conn();
        let rows: Vec<store::SnapshotRow> = store::snapshot_rows(conn)
            .map_err(db_error)?
            .into_iter()
            .filter(|r| r.period == period)
            .collect();
        let last = rows.last();
        let teams = self.team_names()?;
        let conn = self.db.conn();
        let mut approved = 0;
        for team in &teams {
            approved += u32::from(store::approval(conn, team, period).map_err(db_error)?.is_some());
        }
        Ok(QuarterStatus {
            period,
            closed: last.is_some_and(|r| r.reopened_at.is_none()),
            snapshot_id: last.map(|r| r.id),
            closed_at: last.map(|r| r.closed_at),
            closed_by: last.map(|r| r.closed_by.clone()),
            reopened_at: last.and_then(|r| r.reopened_at),
            reopened_by: last.and_then(|r| r.reopened_by.clone()),
            reopen_reason: last.and_then(|r| r.reopen_reason.clone()),
            teams: teams.len() as u32,
            approved_teams: approved,
        })
    }

    pub fn quarter_close(&mut self, request: QuarterRef) -> Result<QuarterStatus, ApiError> {
        let period = require_quarter(request.period).map_err(|e| ApiError::validation("period", e))?;
        if store::snapshot_in_force(self.db.conn(), period).map_err(db_error)?.is_some() {
            return Err(ApiError::conflict(format!("{period} is already closed.")));
        }
        let now = self.now();
        if now.date_naive() < period.first_day() {
            return Err(ApiError::validation("period", format!("{period} has not started yet.")));
        }
        let by = self.signed_in()?.name.clone();
        let mut snapshot = self.live_snapshot(period, &[], &Quiet)?;
        snapshot.closed_at = Some(now);
        snapshot.closed_by = Some(by.clone());
        self.write(|change| {
            let id = store::insert_snapshot(change, &snapshot, now, &by).map_err(db_error)?;
            snapshot.snapshot_id = Some(id);
            store::set_snapshot_json(change, id, &snapshot).map_err(db_error)?;
            let summary = serde_json::json!({
                "snapshot": id,
                "teams": snapshot.teams.iter().map(|t| &t.team).collect::<Vec<_>>(),
            });
            change.audit(AuditEntity::Quarter, &period.to_string(), AuditAction::Close, None, Some(&summary))
        })?;
        self.quarter_status(period)
    }

    pub fn quarter_reopen(&mut self, request: QuarterReopen) -> Result<QuarterStatus, ApiError> {
        let period = require_quarter(request.period).map_err(|e| ApiError::validation("period", e))?;
        let reason = request.reason.trim().to_owned();
        if reason.is_empty() {
            return Err(ApiError::validation("reason", format!("Say why {period} is reopened.")));
        }
        let Some((row, _)) = store::snapshot_in_force(self.db.conn(), period).map_err(db_error)? else {
            return Err(ApiError::conflict(format!("{period} is not closed.")));
        };
        let now = self.now();
        let by = self.signed_in()?.name.clone();
        self.write(|change| {
            store::reopen_snapshot(change, row.id, now, &by, &reason).map_err(db_error)?;
            let note = serde_json::json!({ "snapshot": row.id, "reason": reason });
            change.audit(AuditEntity::Quarter, &period.to_string(), AuditAction::Reopen, None, Some(&note))
        })?;
        self.quarter_status(period)
    }

    /// The quarter's snapshot in force (closed), else the live state for `teams` (provisional).
    pub(crate) fn snapshot_or_live(
        &mut self,
        period: Period,
        teams: &[String],
        progress: &dyn super::snapshot::Progress,
    ) -> Result<(QuarterSnapshot, bool), ApiError> {
        match store::snapshot_in_force(self.db.conn(), period).map_err(db_error)? {
            Some((_, mut frozen)) => {
                if !teams.is_empty() {
                    frozen.teams.retain(|t| teams.contains(&t.team));
                }
                Ok((frozen, true))
            }
            None => Ok((self.live_snapshot(period, teams, progress)?, false)),
        }
    }
}
