//! The audit trail as the contract shows it: who changed what, when, before and after.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Filter for `audit_list`; all fields optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub entity: Option<String>,
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
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub actor: String,
    pub at: DateTime<Utc>,
    /// The record before the change, as a JSON document; absent for creations.
    pub before: Option<String>,
    /// The record after the change, as a JSON document.
    pub after: Option<String>,
}
