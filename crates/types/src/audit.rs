//! The audit trail as the contract shows it: who changed what, when, before and after. What
//! was changed and how are enums, so a typo in an engine call cannot invent a new kind.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

wire_enum! {
    /// What kind of thing an audit entry is about.
    AuditEntity {
        Adr => "adr", "Decision";
        Catalog => "catalog", "Catalog item";
        Bench => "bench", "Benchmark run";
        User => "user", "User";
        Team => "team", "Team";
        System => "system", "System";
        Collection => "collection", "ADR collection";
        Review => "review", "Review";
        ReviewSettings => "review-settings", "Review settings";
        Measurement => "measurement", "KPI measurement";
        Scorecard => "scorecard", "Scorecard";
        DataSource => "data-source", "Data source";
        Binding => "kpi-binding", "KPI binding";
        Candidate => "candidate", "Candidate";
        Interview => "interview", "Interview";
        InterviewSettings => "interview-settings", "Interview settings";
        Maturity => "maturity", "Maturity assessment";
        Quarter => "quarter", "Quarter";
        Report => "report", "Report";
    }
}

wire_enum! {
    /// What happened to it.
    AuditAction {
        Create => "create", "Created";
        Update => "update", "Edited";
        Status => "status", "Status changed";
        Link => "link", "Linked";
        Unlink => "unlink", "Link removed";
        Import => "import", "Imported";
        ImportUpdate => "import-update", "Updated by import";
        MissingFromFolder => "missing-from-folder", "File gone from the linked folder";
        Duplicate => "duplicate", "Duplicated";
        Delete => "delete", "Deleted";
        Sync => "sync", "Built-in catalog synced";
        TakeBuiltin => "take-builtin", "Took the built-in copy";
        KeepMine => "keep-mine", "Kept the edited copy";
        Run => "run", "Run completed";
        RunCancelled => "run cancelled", "Run cancelled";
        RunFailed => "run failed", "Run failed";
        Invite => "invite", "Invitation issued";
        Roles => "roles", "Roles changed";
        Deactivate => "deactivate", "Deactivated";
        Reactivate => "reactivate", "Reactivated";
        SetPassword => "set-password", "Password set";
        TokenIssue => "token-issue", "API token issued";
        TokenRevoke => "token-revoke", "API token revoked";
        SignOutEverywhere => "sign-out-everywhere", "Signed out everywhere";
        Transition => "transition", "Moved along its lifecycle";
        Answer => "answer", "Item answered";
        Bind => "bind", "Evidence bound";
        Exempt => "exempt", "Exemption granted";
        AcceptRisk => "accept-risk", "Risk accepted by a decision";
        SignOff => "sign-off", "Signed off";
        ReturnForChanges => "return-for-changes", "Returned for changes";
        Decide => "decide", "Decided";
        RecordAdr => "record-adr", "Decision recorded as an ADR";
        ConditionClose => "condition-close", "Condition closed";
        Milestone => "milestone", "Milestone taken";
        Upgrade => "upgrade", "Template upgraded";
        Record => "record", "Value recorded";
        ThresholdOverride => "threshold-override", "Thresholds overridden";
        MetricsSync => "metrics-sync", "Metrics synced";
        Submit => "submit", "Scorecard submitted";
        Addendum => "addendum", "Addendum added";
        Stage => "stage", "Stage changed";
        Anonymise => "anonymise", "Anonymised";
        LegalHold => "legal-hold", "Legal hold changed";
        Consent => "consent", "Consent changed";
        Export => "export", "Subject access export";
        Assess => "assess", "Level assessed";
        Approve => "approve", "Approved";
        Close => "close", "Closed";
        Reopen => "reopen", "Reopened";
        Build => "build", "Built";
    }
}

/// Filter for `audit_list`; all fields optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub entity: Option<AuditEntity>,
    #[serde(default)]
    pub entity_id: Option<String>,
    /// At most this many entries, newest first (default 100).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub entity: AuditEntity,
    pub entity_id: String,
    pub action: AuditAction,
    /// Who made the change, as "NAME via FRONT".
    pub actor: String,
    /// The board user who made it (absent for entries written before boards had users).
    #[serde(default)]
    pub user_id: Option<i64>,
    pub at: DateTime<Utc>,
    /// The record before the change, as a JSON document; absent for creations.
    pub before: Option<String>,
    /// The record after the change, as a JSON document.
    pub after: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_kinds_round_trip_through_their_stored_form() {
        for action in AuditAction::ALL {
            assert_eq!(action.as_str().parse::<AuditAction>().unwrap(), *action);
            let json = serde_json::to_string(action).unwrap();
            assert_eq!(json, format!("\"{}\"", action.as_str()));
        }
        assert!("renamed".parse::<AuditAction>().unwrap_err().contains("expected one of create"));
    }
}
