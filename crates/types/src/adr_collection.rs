//! ADR collections: a board keeps one per repository or folder it governs, each with its own
//! numbers, an optional owning team and systems, and the folder it is kept in step with.

use crate::adr_folder::DateOrder;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The collection a new board starts with, and the one every decision made before
/// collections existed was moved into.
pub const DEFAULT_COLLECTION: &str = "main";

/// The longest collection name; names appear in every reference (`payments/ADR-0007`).
pub const COLLECTION_NAME_MAX_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdrCollection {
    pub name: String,
    /// The owning team's name.
    pub team: Option<String>,
    /// Keys of the systems the collection's decisions are about.
    pub systems: Vec<String>,
    /// The linked folder, as the machine that imported it named it.
    pub folder: Option<String>,
    pub date_order: DateOrder,
    /// Decisions made in Archboard go here unless another collection is named.
    pub is_default: bool,
    pub decisions: u32,
    /// Decisions whose file a sync found gone from the folder.
    pub missing: u32,
    pub synced_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Who made the latest change, as the audit trail records it.
    #[serde(default)]
    pub changed_by: Option<String>,
}

/// A new collection, or the whole of an edit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionEdit {
    pub name: String,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub systems: Vec<String>,
    #[serde(default)]
    pub folder: Option<String>,
    #[serde(default)]
    pub date_order: DateOrder,
    /// Make this the default collection (the previous default stops being it).
    #[serde(default)]
    pub is_default: bool,
}

/// An edit of the collection now called `current`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionUpdate {
    pub current: String,
    pub edit: CollectionEdit,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionRef {
    pub name: String,
}

/// Checks a collection name the same way everywhere: it becomes part of every reference and
/// a folder name on export, so letters, digits, `-`, `_` and `.` only.
pub fn validate_collection_name(name: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("A collection needs a name, such as `payments`.".into());
    }
    let chars = name.chars().count();
    if chars > COLLECTION_NAME_MAX_CHARS {
        return Err(format!("The name is {chars} characters long; keep it to {COLLECTION_NAME_MAX_CHARS}."));
    }
    if let Some(bad) = name.chars().find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        return Err(format!(
            "`{name}` contains `{bad}`; a collection name uses letters, digits, `-`, `_` and `.` (it appears in references like `{}/ADR-0007`).",
            name.replace(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')), "-")
        ));
    }
    if name.starts_with('.') {
        return Err(format!("`{name}` starts with `.`; start it with a letter or digit."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_would_break_references_or_folders_are_refused() {
        assert!(validate_collection_name("payments").is_ok());
        assert!(validate_collection_name("ml-platform_2").is_ok());
        assert!(validate_collection_name(" ").unwrap_err().contains("needs a name"));
        let slash = validate_collection_name("team/payments").unwrap_err();
        assert!(slash.contains("`/`") && slash.contains("team-payments/ADR-0007"), "{slash}");
        assert!(validate_collection_name("..").is_err());
        assert!(validate_collection_name(&"x".repeat(41)).unwrap_err().contains("41"));
    }
}
