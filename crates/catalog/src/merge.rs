//! How a shipped catalog meets a board that already holds items: new items are added,
//! untouched built-ins follow newer versions, and an item the user edited is never overwritten
//! — the newer shipped copy waits beside it until the user takes it or keeps their own.

use archboard_db::catalog::StoredItem;
use archboard_types::catalog::{BuiltinChoice, CatalogItem, CatalogOrigin};

/// What syncing one shipped item did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncOutcome {
    Added,
    Updated,
    /// The user's copy was kept; the newer shipped version is offered as an update.
    UpdateOffered,
    Unchanged,
}

/// The stored item after shipping `shipped`, and what happened. Only a higher version number
/// counts as newer, so a board never flips between two builds of the same catalog version.
pub fn apply_shipped(
    existing: Option<&StoredItem>,
    shipped: &CatalogItem,
) -> (Option<StoredItem>, SyncOutcome) {
    let version = shipped.version();
    let Some(existing) = existing else {
        let added = StoredItem {
            item: shipped.clone(),
            origin: CatalogOrigin::Builtin,
            edited: false,
            builtin: Some(shipped.clone()),
            builtin_version: Some(version),
            base_version: Some(version),
        };
        return (Some(added), SyncOutcome::Added);
    };
    if existing.builtin_version.is_some_and(|known| known >= version) {
        return (None, SyncOutcome::Unchanged);
    }
    let mut next = existing.clone();
    next.builtin = Some(shipped.clone());
    next.builtin_version = Some(version);
    if existing.origin == CatalogOrigin::Builtin && !existing.edited {
        next.item = shipped.clone();
        next.base_version = Some(version);
        (Some(next), SyncOutcome::Updated)
    } else {
        // A user's or imported item that now shares its key with a shipped one counts as an
        // edit of it: theirs stays, the shipped copy is offered.
        next.edited = true;
        next.base_version = existing.base_version.or(Some(0));
        (Some(next), SyncOutcome::UpdateOffered)
    }
}

/// The stored item after the user replaces its content with `item`.
pub fn apply_edit(existing: &StoredItem, item: CatalogItem) -> StoredItem {
    let mut next = existing.clone();
    next.edited = match (&existing.origin, &existing.builtin) {
        (CatalogOrigin::Builtin, Some(builtin)) => *builtin != item,
        _ => existing.edited,
    };
    next.item = item;
    next
}

/// The stored item after the user takes the shipped copy or keeps their own.
pub fn apply_choice(existing: &StoredItem, choice: BuiltinChoice) -> Result<StoredItem, String> {
    let Some(builtin) = &existing.builtin else {
        return Err(format!(
            "`{}` is not a built-in item, so there is no shipped copy to choose",
            existing.item.key()
        ));
    };
    let mut next = existing.clone();
    match choice {
        BuiltinChoice::TakeBuiltin => {
            next.item = builtin.clone();
            next.edited = false;
            next.origin = CatalogOrigin::Builtin;
            next.base_version = existing.builtin_version;
        }
        BuiltinChoice::KeepMine => next.base_version = existing.builtin_version,
    }
    Ok(next)
}
