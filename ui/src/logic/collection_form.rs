//! The collection form's state as typed, and its conversion into `collection_create` and
//! `collection_update` requests. The name is checked with the contract's own
//! `validate_collection_name`, as you type and before sending.

use archboard_types::ApiError;
use archboard_types::adr_collection::{
    AdrCollection, CollectionEdit, CollectionUpdate, validate_collection_name,
};
use archboard_types::adr_folder::DateOrder;

/// Every field the way the inputs hold it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollectionForm {
    pub name: String,
    /// A team's name, or empty for no owning team.
    pub team: String,
    /// Keys of the systems ticked, in the order they were ticked.
    pub systems: Vec<String>,
    /// The linked folder as typed; empty for none.
    pub folder: String,
    pub date_order: DateOrder,
    pub is_default: bool,
}

/// `Some(text)`, trimmed, when it holds more than spaces.
fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl CollectionForm {
    /// The form filled with a stored collection, for an edit.
    pub fn from_collection(collection: &AdrCollection) -> Self {
        CollectionForm {
            name: collection.name.clone(),
            team: collection.team.clone().unwrap_or_default(),
            systems: collection.systems.clone(),
            folder: collection.folder.clone().unwrap_or_default(),
            date_order: collection.date_order,
            is_default: collection.is_default,
        }
    }

    /// What is wrong with the name as typed, if anything.
    pub fn name_problem(&self) -> Option<String> {
        validate_collection_name(&self.name).err()
    }

    /// The `collection_create` request; errors carry the field they belong to, as the
    /// engine's do.
    pub fn to_edit(&self) -> Result<CollectionEdit, ApiError> {
        if let Some(message) = self.name_problem() {
            return Err(ApiError::validation("name", message));
        }
        let mut systems = self.systems.clone();
        systems.sort();
        systems.dedup();
        Ok(CollectionEdit {
            name: self.name.trim().to_owned(),
            team: optional(&self.team),
            systems,
            folder: optional(&self.folder),
            date_order: self.date_order,
            is_default: self.is_default,
        })
    }

    /// The `collection_update` of the collection called `current` now (the name may change).
    pub fn to_update(&self, current: &str) -> Result<CollectionUpdate, ApiError> {
        Ok(CollectionUpdate { current: current.to_owned(), edit: self.to_edit()? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> AdrCollection {
        let at = chrono::DateTime::<chrono::Utc>::default();
        AdrCollection {
            name: "payments".into(),
            team: Some("Payments".into()),
            systems: vec!["ledger".into()],
            folder: Some("/src/payments/docs/adr".into()),
            date_order: DateOrder::MonthFirst,
            is_default: false,
            decisions: 12,
            missing: 1,
            synced_at: None,
            created_at: at,
            updated_at: at,
            changed_by: None,
        }
    }

    #[test]
    fn a_stored_collection_fills_the_form_and_comes_back_unchanged() {
        let form = CollectionForm::from_collection(&stored());
        let edit = form.to_edit().unwrap();
        assert_eq!(edit.name, "payments");
        assert_eq!(edit.team.as_deref(), Some("Payments"));
        assert_eq!(edit.folder.as_deref(), Some("/src/payments/docs/adr"));
        assert_eq!((edit.date_order, edit.is_default), (DateOrder::MonthFirst, false));
        let update = form.to_update("payments").unwrap();
        assert_eq!(update.current, "payments");
        assert_eq!(update.edit, edit);
    }

    #[test]
    fn blanks_become_none_and_systems_are_distinct() {
        let form = CollectionForm {
            name: " ml-platform ".into(),
            team: " ".into(),
            folder: "".into(),
            systems: vec!["b".into(), "a".into(), "b".into()],
            ..Default::default()
        };
        let edit = form.to_edit().unwrap();
        assert_eq!((edit.name.as_str(), edit.team, edit.folder), ("ml-platform", None, None));
        assert_eq!(edit.systems, vec!["a", "b"]);
        assert_eq!(edit.date_order, DateOrder::DayFirst);
    }

    #[test]
    fn a_bad_name_is_refused_with_the_contract_message() {
        let form = CollectionForm { name: "team/payments".into(), ..Default::default() };
        let message = form.name_problem().unwrap();
        assert!(message.contains("team-payments/ADR-0007"), "{message}");
        let error = form.to_edit().unwrap_err();
        assert_eq!(error.field.as_deref(), Some("name"));
        assert_eq!(error.message, message);
        assert!(CollectionForm::default().to_update("main").is_err());
    }
}
