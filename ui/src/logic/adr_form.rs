//! The decision form's state as typed, and its conversion into the contract's requests.

use crate::logic::lists::{join_list, parse_date, split_list};
use archboard_types::ApiError;
use archboard_types::adr::{Adr, AdrEdit, AdrId, NewAdr, validate_title};

/// Every field as text, the way the inputs hold it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdrFormState {
    pub title: String,
    /// The collection a new decision goes into; empty for the board's default collection.
    /// An edit never moves a decision, so it is not sent then.
    pub collection: String,
    pub date: String,
    pub revisit_by: String,
    pub tags: String,
    pub deciders: String,
    pub consulted: String,
    pub informed: String,
    pub body: String,
}

impl AdrFormState {
    /// The form filled with a stored decision, for an edit.
    pub fn from_adr(adr: &Adr) -> Self {
        AdrFormState {
            title: adr.title.clone(),
            collection: adr.collection.clone(),
            // An unknown date (a file's date that could not be read) starts empty; the form
            // says what the file wrote beside the field.
            date: adr.date.map(|d| d.to_string()).unwrap_or_default(),
            revisit_by: adr.revisit_by.map(|d| d.to_string()).unwrap_or_default(),
            tags: join_list(&adr.tags),
            deciders: join_list(&adr.deciders),
            consulted: join_list(&adr.consulted),
            informed: join_list(&adr.informed),
            body: adr.body_markdown.clone(),
        }
    }

    /// A new decision; errors carry the field they belong to, as the engine's do.
    pub fn to_new(&self) -> Result<NewAdr, ApiError> {
        validate_title(&self.title).map_err(|m| ApiError::validation("title", m))?;
        let collection = self.collection.trim();
        Ok(NewAdr {
            title: self.title.clone(),
            collection: (!collection.is_empty()).then(|| collection.to_owned()),
            body_markdown: Some(self.body.clone()),
            date: parse_date(&self.date).map_err(|m| ApiError::validation("date", m))?,
            deciders: split_list(&self.deciders),
            consulted: split_list(&self.consulted),
            informed: split_list(&self.informed),
            tags: split_list(&self.tags),
            revisit_by: parse_date(&self.revisit_by).map_err(|m| ApiError::validation("revisit_by", m))?,
        })
    }

    /// A full edit of the decision with board-wide id `id`.
    pub fn to_edit(&self, id: AdrId) -> Result<AdrEdit, ApiError> {
        let new = self.to_new()?;
        Ok(AdrEdit {
            id,
            title: new.title,
            body_markdown: new.body_markdown.unwrap_or_default(),
            date: new.date,
            deciders: new.deciders,
            consulted: new.consulted,
            informed: new.informed,
            tags: new.tags,
            revisit_by: new.revisit_by,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_fields_become_a_request() {
        let form = AdrFormState {
            title: "Use SQLite".into(),
            date: "2026-03-01".into(),
            tags: "storage, Local ".into(),
            deciders: "Ada,Grace".into(),
            body: "text".into(),
            ..Default::default()
        };
        let new = form.to_new().unwrap();
        assert_eq!(new.tags, vec!["storage", "Local"]);
        assert_eq!(new.date.unwrap().to_string(), "2026-03-01");
        assert_eq!(new.revisit_by, None);
        assert_eq!(new.collection, None);
        let edit = form.to_edit(7).unwrap();
        assert_eq!((edit.id, edit.body_markdown.as_str()), (7, "text"));
        let into = AdrFormState { collection: " payments ".into(), ..form };
        assert_eq!(into.to_new().unwrap().collection.as_deref(), Some("payments"));
    }

    #[test]
    fn problems_name_their_field() {
        let form = AdrFormState { title: "T".into(), revisit_by: "soon".into(), ..Default::default() };
        assert_eq!(form.to_new().unwrap_err().field.as_deref(), Some("revisit_by"));
        assert_eq!(AdrFormState::default().to_new().unwrap_err().field.as_deref(), Some("title"));
    }
}
