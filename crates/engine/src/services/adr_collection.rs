//! ADR collections: listing, creating and editing the collections a board's decisions belong
//! to (one per repository or folder), each change audited.

use super::adr::named_collection;
use super::{Change, Services, db_error};
use archboard_db::Connection;
use archboard_db::adr_collection::{self as store, CollectionRow};
use archboard_types::ApiError;
use archboard_types::adr_collection::{
    AdrCollection, CollectionEdit, CollectionRef, CollectionUpdate, validate_collection_name,
};
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::system::Empty;
use chrono::Utc;

impl Services {
    pub fn collection_list(&mut self, _: Empty) -> Result<Vec<AdrCollection>, ApiError> {
        Ok(store::list(self.db.conn()).map_err(db_error)?.into_iter().map(|(_, c)| c).collect())
    }

    pub fn collection_get(&mut self, reference: CollectionRef) -> Result<AdrCollection, ApiError> {
        let conn = self.db.conn();
        let id = named_collection(conn, Some(&reference.name), "name")?
            .ok_or_else(|| ApiError::validation("name", "Name the collection."))?;
        collection(conn, id)
    }

    pub fn collection_create(&mut self, edit: CollectionEdit) -> Result<AdrCollection, ApiError> {
        let id = self.write(|tx| {
            let row = checked_row(tx, &edit, None)?;
            let id = store::insert(tx, &row, Utc::now()).map_err(db_error)?;
            store::set_systems(tx, id, &edit.systems).map_err(db_error)?;
            let after = collection(tx, id)?;
            audit(tx, id, AuditAction::Create, None, Some(&after))?;
            Ok(id)
        })?;
        collection(self.db.conn(), id)
    }

    pub fn collection_update(&mut self, update: CollectionUpdate) -> Result<AdrCollection, ApiError> {
        let id = self.write(|tx| {
            let id = named_collection(tx, Some(&update.current), "current")?
                .ok_or_else(|| ApiError::validation("current", "Name the collection to edit."))?;
            let before = collection(tx, id)?;
            if before.is_default && !update.edit.is_default {
                return Err(ApiError::validation(
                    "is_default",
                    format!(
                        "`{}` is the default collection; make another collection the default instead.",
                        before.name
                    ),
                ));
            }
            let row = checked_row(tx, &update.edit, Some(id))?;
            store::update(tx, id, &row, Utc::now()).map_err(db_error)?;
            store::set_systems(tx, id, &update.edit.systems).map_err(db_error)?;
            let after = collection(tx, id)?;
            // The row's clock moves on every save; only a change of what it says is audited.
            let same = AdrCollection {
                updated_at: before.updated_at,
                changed_by: before.changed_by.clone(),
                ..after.clone()
            };
            if same != before {
                audit(tx, id, AuditAction::Update, Some(&before), Some(&after))?;
            }
            Ok(id)
        })?;
        collection(self.db.conn(), id)
    }
}

/// Checks an edit against the board (unique name, existing team and systems) and gives the
/// row to store.
fn checked_row(
    conn: &Connection,
    edit: &CollectionEdit,
    editing: Option<i64>,
) -> Result<CollectionRow, ApiError> {
    let name = edit.name.trim();
    validate_collection_name(name).map_err(|m| ApiError::validation("name", m))?;
    if let Some((other, _)) = store::by_name(conn, name).map_err(db_error)?
        && Some(other) != editing
    {
        return Err(ApiError::conflict(format!("There is already a collection named `{name}`.")));
    }
    let team_id = match edit.team.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(team) => Some(
            archboard_db::people::team_id(conn, team)
                .map_err(db_error)?
                .ok_or_else(|| ApiError::validation("team", format!("There is no team `{team}`.")))?,
        ),
    };
    for (index, key) in edit.systems.iter().enumerate() {
        if archboard_db::people::system(conn, key).map_err(db_error)?.is_none() {
            return Err(ApiError::validation(
                &format!("systems[{index}]"),
                format!("There is no system `{key}`."),
            ));
        }
    }
    let folder = edit.folder.as_deref().map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned);
    Ok(CollectionRow {
        name: name.to_owned(),
        team_id,
        folder,
        date_order: edit.date_order,
        is_default: edit.is_default,
    })
}

pub(super) fn collection(conn: &Connection, id: i64) -> Result<AdrCollection, ApiError> {
    store::by_id(conn, id)
        .map_err(db_error)?
        .map(|(_, c)| c)
        .ok_or_else(|| ApiError::not_found(format!("There is no collection with id {id}.")))
}

pub(super) fn audit(
    tx: &Change<'_>,
    id: i64,
    action: AuditAction,
    before: Option<&AdrCollection>,
    after: Option<&AdrCollection>,
) -> Result<(), ApiError> {
    tx.audit(AuditEntity::Collection, &id.to_string(), action, before, after)
}

#[cfg(test)]
mod tests;
