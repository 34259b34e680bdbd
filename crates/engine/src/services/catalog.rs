//! Catalog operations: browse, search, view, edit as TOML, duplicate, delete user items, choose
//! between a user's copy and a newer shipped one, export and import the whole catalog. The
//! built-in set is loaded on open, and only when the shipped files changed.

use super::adr::fts_expression;
use super::{Change, Services, db_error};
use archboard_catalog::merge::{self, SyncOutcome};
use archboard_catalog::{self as catalog, RuleBreak, line_of_key};
use archboard_db::Connection;
use archboard_db::catalog::{self as store, StoredItem};
use archboard_types::ApiError;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::catalog::BuiltinChoice;
use archboard_types::catalog::CatalogImportRequest;
use archboard_types::catalog::{
    CatalogBuiltinChoice, CatalogDuplicate, CatalogEdit, CatalogEntry, CatalogExport, CatalogExportRequest,
    CatalogFile, CatalogImportItem, CatalogImportOutcome, CatalogImportReport, CatalogItem, CatalogKind,
    CatalogListQuery, CatalogOrigin, CatalogProblem, CatalogRef, CatalogSummary,
};
use archboard_types::system::Empty;
use std::collections::BTreeMap;

const FINGERPRINT: &str = "catalog_fingerprint";
/// Catalog files bigger than this are refused before parsing.
const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// Counts of what a catalog sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub added: u32,
    pub updated: u32,
    pub update_offered: u32,
    pub unchanged: u32,
}

impl Services {
    /// Loads the shipped catalog into the board unless this exact catalog was loaded before.
    pub(crate) fn sync_builtin_catalog(&mut self) -> Result<(), ApiError> {
        let fingerprint = catalog::builtin_fingerprint();
        // A cheap read first: almost every open finds this build's catalog already there.
        if store::meta_get(self.db.conn(), FINGERPRINT).map_err(db_error)?.as_deref()
            == Some(fingerprint.as_str())
        {
            return Ok(());
        }
        // Then the check, the sync and the fingerprint in one transaction, so two processes
        // opening a new board at once sync it once.
        let shipped = catalog::builtin_items();
        // Archboard itself makes this change, before anyone is signed in.
        super::write_board(&mut self.db, &super::Actor::archboard(), |tx| {
            if store::meta_get(tx, FINGERPRINT).map_err(db_error)?.as_deref() == Some(fingerprint.as_str()) {
                return Ok(());
            }
            sync_items(tx, &shipped)?;
            store::meta_set(tx, FINGERPRINT, &fingerprint).map_err(db_error)
        })
    }

    /// Applies a shipped catalog to the board in one transaction (see `catalog::merge`).
    pub fn sync_catalog(&mut self, shipped: &[CatalogItem]) -> Result<SyncReport, ApiError> {
        self.write(|tx| sync_items(tx, shipped))
    }

    pub fn catalog_list(&mut self, query: CatalogListQuery) -> Result<Vec<CatalogSummary>, ApiError> {
        let conn = self.db.conn();
        match query.search.as_deref().and_then(fts_expression) {
            Some(fts) => {
                let keys = store::search(conn, &fts, query.kind, 500).map_err(db_error)?;
                let mut summaries = Vec::with_capacity(keys.len());
                for key in keys {
                    if let Some(stored) = store::get(conn, &key).map_err(db_error)? {
                        summaries.push(stored.summary());
                    }
                }
                Ok(summaries)
            }
            None => {
                Ok(store::all(conn, query.kind).map_err(db_error)?.iter().map(StoredItem::summary).collect())
            }
        }
    }

    pub fn catalog_get(&mut self, request: CatalogRef) -> Result<CatalogEntry, ApiError> {
        let board = CatalogBoard(self.db.conn());
        board.entry(board.stored(&request.key)?)
    }

    /// Replaces an item with the TOML the user wrote. The key and kind stay; a built-in item
    /// becomes "edited" (unless the text equals the shipped copy) and newer catalogs leave it be.
    pub fn catalog_update(&mut self, edit: CatalogEdit) -> Result<CatalogEntry, ApiError> {
        if edit.dry_run {
            let board = CatalogBoard(self.db.conn());
            let (_, next) = planned_edit(board, &edit)?;
            return board.entry(next);
        }
        self.write(|tx| {
            let board = CatalogBoard(tx);
            let (existing, next) = planned_edit(board, &edit)?;
            if next != existing {
                store::put(tx, &next).map_err(db_error)?;
                audit(tx, AuditAction::Update, Some(&existing.item), Some(&next.item))?;
            }
            board.entry(next)
        })
    }

    /// Copies an item under a new key as the user's own.
    pub fn catalog_duplicate(&mut self, request: CatalogDuplicate) -> Result<CatalogEntry, ApiError> {
        self.write(|tx| {
            let board = CatalogBoard(tx);
            let original = board.stored(&request.key)?;
            let kind = original.item.kind();
            let key = match request.new_key.map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()) {
                Some(key) => {
                    if store::get(tx, &key).map_err(db_error)?.is_some() {
                        return Err(ApiError::validation(
                            "new_key",
                            format!("an item with the key `{key}` already exists"),
                        ));
                    }
                    key
                }
                None => board.free_copy_key(&request.key)?,
            };
            let name = request
                .new_name
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("{} (copy)", original.item.name()));
            let mut item = original.item.clone();
            item.rename(key, name);
            if let Some(problem) =
                catalog::validate(std::slice::from_ref(&item), &|k| board.lookup(k)).first()
            {
                return Err(ApiError::validation("new_key", format!("{}: {}", problem.key, problem.message)));
            }
            debug_assert_eq!(item.kind(), kind);
            let copy = StoredItem {
                item,
                origin: CatalogOrigin::User,
                edited: false,
                builtin: None,
                builtin_version: None,
                base_version: None,
            };
            store::put(tx, &copy).map_err(db_error)?;
            audit(tx, AuditAction::Duplicate, None, Some(&copy.item))?;
            board.entry(copy)
        })
    }

    /// Deletes an item the user made or imported. Built-ins stay (reset them instead), and an
    /// item other items point at stays until they no longer do.
    pub fn catalog_delete(&mut self, request: CatalogRef) -> Result<Empty, ApiError> {
        self.write(|tx| {
            let board = CatalogBoard(tx);
            let stored = board.stored(&request.key)?;
            if stored.origin == CatalogOrigin::Builtin {
                return Err(ApiError::conflict(format!(
                    "`{}` is built in and cannot be deleted; edit it, or reset it to the shipped copy",
                    request.key
                )));
            }
            let referrers = board.referrers(&request.key)?;
            if !referrers.is_empty() {
                let names: Vec<&str> = referrers.iter().map(|s| s.key.as_str()).collect();
                return Err(ApiError::conflict(format!(
                    "`{}` is still referred to by {}; change those first",
                    request.key,
                    names.join(", ")
                )));
            }
            store::delete(tx, &request.key).map_err(db_error)?;
            audit(tx, AuditAction::Delete, Some(&stored.item), None)?;
            Ok(Empty {})
        })
    }

    pub fn catalog_builtin_choice(
        &mut self,
        request: CatalogBuiltinChoice,
    ) -> Result<CatalogEntry, ApiError> {
        self.write(|tx| {
            let board = CatalogBoard(tx);
            let existing = board.stored(&request.key)?;
            let next = merge::apply_choice(&existing, request.choice).map_err(ApiError::conflict)?;
            let action = match request.choice {
                BuiltinChoice::TakeBuiltin => AuditAction::TakeBuiltin,
                BuiltinChoice::KeepMine => AuditAction::KeepMine,
            };
            store::put(tx, &next).map_err(db_error)?;
            audit(tx, action, Some(&existing.item), Some(&next.item))?;
            board.entry(next)
        })
    }

    /// Every item as TOML, one file per kind (or one file), ready to share or re-import.
    pub fn catalog_export(&mut self, request: CatalogExportRequest) -> Result<CatalogExport, ApiError> {
        let all = store::all(self.db.conn(), None).map_err(db_error)?;
        let mut by_kind: BTreeMap<CatalogKind, Vec<CatalogItem>> = BTreeMap::new();
        for stored in &all {
            by_kind.entry(stored.item.kind()).or_default().push(stored.item.clone());
        }
        let header = |what: &str| {
            format!(
                "# Archboard catalog export: {what}. Import with `archboard catalog import DIR` or the Catalog page.\n\n"
            )
        };
        let files = if request.single_file {
            let items: Vec<&CatalogItem> = by_kind.values().flatten().collect();
            vec![CatalogFile::new("archboard-catalog.toml", header("every kind") + &catalog::to_toml(items))]
        } else {
            by_kind
                .iter()
                .map(|(kind, items)| {
                    CatalogFile::new(
                        catalog::export_file_name(*kind),
                        header(kind.plural_label()) + &catalog::to_toml(items),
                    )
                })
                .collect()
        };
        Ok(CatalogExport { files, items: all.len() as u32 })
    }

    /// Imports catalog files. Every file is read and every item checked first; if anything is
    /// wrong nothing is written and the report names each problem with its file and line.
    pub fn catalog_import(&mut self, request: CatalogImportRequest) -> Result<CatalogImportReport, ApiError> {
        let mut request = request;
        super::adr_folder::normalise_file_paths(&mut request.files)?;
        if request.dry_run {
            return plan_import(CatalogBoard(self.db.conn()), &request).map(|(report, _)| report);
        }
        self.write(|tx| {
            let (mut report, plans) = plan_import(CatalogBoard(tx), &request)?;
            if report.problems.is_empty() {
                for (before, next) in &plans {
                    store::put(tx, next).map_err(db_error)?;
                    audit(tx, AuditAction::Import, before.as_ref().map(|b| &b.item), Some(&next.item))?;
                }
                report.written = true;
            }
            Ok(report)
        })
    }
}

/// What an import would change: the report, and each item's stored state before and after.
type ImportPlan = (CatalogImportReport, Vec<(Option<StoredItem>, StoredItem)>);

/// Reads every file and checks every item against the board as `board` sees it; nothing is
/// written here.
fn plan_import(board: CatalogBoard<'_>, request: &CatalogImportRequest) -> Result<ImportPlan, ApiError> {
    {
        let mut report = CatalogImportReport { dry_run: request.dry_run, ..Default::default() };
        let mut incoming: Vec<(String, CatalogItem)> = Vec::new();
        let mut texts = BTreeMap::new();
        for file in &request.files {
            let problem = |line: Option<u32>, message: String| CatalogProblem {
                path: file.path.clone(),
                key: None,
                line,
                message,
            };
            if file.content.len() > MAX_FILE_BYTES {
                report
                    .problems
                    .push(problem(None, format!("is larger than {} MB", MAX_FILE_BYTES / 1024 / 1024)));
                continue;
            }
            let text = match std::str::from_utf8(file.content.as_slice()) {
                Ok(text) => text,
                Err(e) => {
                    let line = catalog_line(&file.content.as_slice()[..e.valid_up_to()]);
                    report.problems.push(problem(Some(line), "is not UTF-8 text".into()));
                    continue;
                }
            };
            match catalog::parse_file(&file.path, text) {
                Ok(items) if items.is_empty() => report.problems.push(problem(
                    None,
                    "holds no catalog items ([[kpi]], [[role]], [[checklist]], [[maturity]], [[pattern]] or [[hardware]] tables)"
                        .into(),
                )),
                Ok(items) => incoming.extend(items.into_iter().map(|item| (file.path.clone(), item))),
                Err(problem) => report.problems.push(problem),
            }
            texts.insert(file.path.clone(), text.to_owned());
        }
        if request.files.is_empty() {
            report.problems.push(CatalogProblem {
                path: String::new(),
                key: None,
                line: None,
                message: "no files to import; choose a folder or files holding .toml catalog files".into(),
            });
        }
        let items: Vec<CatalogItem> = incoming.iter().map(|(_, item)| item.clone()).collect();
        let path_of: BTreeMap<&str, &str> =
            incoming.iter().map(|(path, item)| (item.key(), path.as_str())).collect();
        for broken in board.rule_breaks(&items)? {
            let (path, message) = match path_of.get(broken.key.as_str()) {
                Some(path) => (path.to_string(), broken.message),
                // A board item that refers to an imported one and would break with it.
                None => (String::new(), format!("this board's item would break: {}", broken.message)),
            };
            report.problems.push(CatalogProblem {
                line: texts.get(&path).and_then(|text| line_of_key(text, &broken.key)),
                path,
                key: Some(broken.key),
                message,
            });
        }
        let mut plans = Vec::new();
        for (path, item) in incoming {
            let existing = store::get(board.0, item.key()).map_err(db_error)?;
            let (next, outcome) = match &existing {
                None => (
                    Some(StoredItem {
                        item: item.clone(),
                        origin: CatalogOrigin::Imported,
                        edited: false,
                        builtin: None,
                        builtin_version: None,
                        base_version: None,
                    }),
                    CatalogImportOutcome::New,
                ),
                Some(existing) if existing.item == item => (None, CatalogImportOutcome::Unchanged),
                Some(existing) => {
                    (Some(merge::apply_edit(existing, item.clone())), CatalogImportOutcome::Updated)
                }
            };
            report.items.push(CatalogImportItem {
                path,
                key: item.key().to_owned(),
                name: item.name().to_owned(),
                outcome,
            });
            if let Some(next) = next {
                plans.push((existing, next));
            }
        }
        Ok((report, plans))
    }
}

/// Applies a shipped catalog inside the caller's transaction (see `catalog::merge`), with one
/// audit entry for the whole sync when it changed anything.
fn sync_items(tx: &Change<'_>, shipped: &[CatalogItem]) -> Result<SyncReport, ApiError> {
    let mut report = SyncReport::default();
    for item in shipped {
        let existing = store::get(tx, item.key()).map_err(db_error)?;
        let (next, outcome) = merge::apply_shipped(existing.as_ref(), item);
        if let Some(next) = next {
            store::put(tx, &next).map_err(db_error)?;
        }
        match outcome {
            SyncOutcome::Added => report.added += 1,
            SyncOutcome::Updated => report.updated += 1,
            SyncOutcome::UpdateOffered => report.update_offered += 1,
            SyncOutcome::Unchanged => report.unchanged += 1,
        }
    }
    if report != (SyncReport { unchanged: report.unchanged, ..SyncReport::default() }) {
        let summary = serde_json::json!({
            "added": report.added, "updated": report.updated,
            "update_offered": report.update_offered, "unchanged": report.unchanged,
        })
        .to_string();
        tx.audit_text(AuditEntity::Catalog, "builtin", AuditAction::Sync, None, Some(&summary))?;
    }
    Ok(report)
}

/// The catalog as one connection sees it: inside an operation's write transaction, or for a
/// read.
#[derive(Clone, Copy)]
struct CatalogBoard<'c>(&'c Connection);

impl CatalogBoard<'_> {
    fn stored(&self, key: &str) -> Result<StoredItem, ApiError> {
        store::get(self.0, key.trim())
            .map_err(db_error)?
            .ok_or_else(|| ApiError::not_found(format!("no catalog item has the key `{}`", key.trim())))
    }

    fn lookup(&self, key: &str) -> Option<CatalogItem> {
        store::get(self.0, key).ok().flatten().map(|stored| stored.item)
    }

    fn free_copy_key(&self, key: &str) -> Result<String, ApiError> {
        for n in 1.. {
            let candidate = if n == 1 { format!("{key}-copy") } else { format!("{key}-copy-{n}") };
            if store::get(self.0, &candidate).map_err(db_error)?.is_none() {
                return Ok(candidate);
            }
        }
        unreachable!("some copy number is free")
    }

    /// Items whose content names `key` (as a value, or as `key#item`).
    fn referring_items(&self, key: &str) -> Result<Vec<StoredItem>, ApiError> {
        let quoted = format!("\"{key}\"");
        let anchored = format!("\"{key}#");
        Ok(store::all(self.0, None)
            .map_err(db_error)?
            .into_iter()
            .filter(|stored| stored.item.key() != key)
            .filter(|stored| {
                let json = serde_json::to_string(&stored.item).unwrap_or_default();
                json.contains(&quoted) || json.contains(&anchored)
            })
            .collect())
    }

    fn referrers(&self, key: &str) -> Result<Vec<CatalogSummary>, ApiError> {
        Ok(self.referring_items(key)?.iter().map(StoredItem::summary).collect())
    }

    /// The rules `changed` would break: its own, and those of stored items that refer to it
    /// (a checklist edit that drops an item a pattern cites breaks the pattern).
    fn rule_breaks(&self, changed: &[CatalogItem]) -> Result<Vec<RuleBreak>, ApiError> {
        let mut checked = changed.to_vec();
        for item in changed {
            for referrer in self.referring_items(item.key())? {
                if !checked.iter().any(|c| c.key() == referrer.item.key()) {
                    checked.push(referrer.item);
                }
            }
        }
        Ok(catalog::validate(&checked, &|key| self.lookup(key)))
    }

    fn entry(&self, stored: StoredItem) -> Result<CatalogEntry, ApiError> {
        let builtin = stored.builtin.clone().filter(|builtin| *builtin != stored.item);
        Ok(CatalogEntry {
            summary: stored.summary(),
            toml: catalog::to_toml([&stored.item]),
            builtin_toml: builtin.as_ref().map(|b| catalog::to_toml([b])),
            builtin,
            referenced_by: self.referrers(stored.item.key())?,
            item: stored.item,
        })
    }
}

/// The line a byte offset falls on, for files that are not UTF-8 from some point on.
fn catalog_line(valid_prefix: &[u8]) -> u32 {
    valid_prefix.iter().filter(|b| **b == b'\n').count() as u32 + 1
}

/// Parses an edit: exactly one item, of the same kind and key as the one being edited.
fn parse_single(text: &str, current: &CatalogItem) -> Result<CatalogItem, ApiError> {
    let items = catalog::parse_file("edit", text).map_err(|problem| {
        let at = problem.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        ApiError::validation("toml", format!("{at}{}", problem.message.trim()))
    })?;
    let [item] = <[CatalogItem; 1]>::try_from(items).map_err(|items| {
        ApiError::validation(
            "toml",
            format!("write exactly one [[{}]] table; found {}", current.kind(), items.len()),
        )
    })?;
    if item.kind() != current.kind() {
        return Err(ApiError::validation(
            "toml",
            format!(
                "`{}` is a {}; write a [[{}]] table, not [[{}]]",
                current.key(),
                current.kind(),
                current.kind(),
                item.kind()
            ),
        ));
    }
    if item.key() != current.key() {
        return Err(ApiError::validation(
            "toml",
            format!(
                "the key must stay `{}` (found `{}`); duplicate the item to give it a new key",
                current.key(),
                item.key()
            ),
        ));
    }
    Ok(item)
}

/// Records a catalog item's change in the same transaction.
fn audit(
    tx: &Change<'_>,
    action: AuditAction,
    before: Option<&CatalogItem>,
    after: Option<&CatalogItem>,
) -> Result<(), ApiError> {
    let key = after.or(before).map(CatalogItem::key).unwrap_or_default();
    tx.audit(AuditEntity::Catalog, key, action, before, after)
}

/// An edit checked against the board: the item as stored and as it would be after.
fn planned_edit(board: CatalogBoard<'_>, edit: &CatalogEdit) -> Result<(StoredItem, StoredItem), ApiError> {
    let existing = board.stored(&edit.key)?;
    let item = parse_single(&edit.toml, &existing.item)?;
    let breaks = board.rule_breaks(std::slice::from_ref(&item))?;
    if let Some(first) = breaks.first() {
        if first.key != edit.key {
            return Err(ApiError::validation(
                "toml",
                format!("this change would break `{}`: {}", first.key, first.message),
            ));
        }
        let line = line_of_key(&edit.toml, &first.key).map(|l| format!(" (line {l})")).unwrap_or_default();
        let more = match breaks.len() {
            1 => String::new(),
            n => format!("; and {} more problem{}", n - 1, if n == 2 { "" } else { "s" }),
        };
        return Err(ApiError::validation("toml", format!("{}{line}: {}{more}", first.key, first.message)));
    }
    let next = merge::apply_edit(&existing, item);
    Ok((existing, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::Adapter;
    use archboard_types::ErrorCode;
    use archboard_types::adr_folder::ImportFile;
    use archboard_types::catalog::BuiltinChoice;

    use crate::services::test_board as services;

    fn key(k: &str) -> CatalogRef {
        CatalogRef { key: k.into() }
    }

    /// The shipped catalog with every item's version bumped and a changed summary, as a newer
    /// Archboard release would carry.
    fn newer_catalog() -> Vec<CatalogItem> {
        catalog::builtin_items()
            .into_iter()
            .map(|item| {
                let version = item.version();
                let text = catalog::to_toml([&item])
                    .replacen(&format!("version = {version}"), &format!("version = {}", version + 1), 1)
                    .replacen("summary = \"", "summary = \"Revised: ", 1);
                catalog::parse_file("newer", &text).unwrap().remove(0)
            })
            .collect()
    }

    #[test]
    fn first_open_loads_the_whole_builtin_catalog_once() {
        let (dir, mut services) = services();
        let all = services.catalog_list(CatalogListQuery::default()).unwrap();
        assert_eq!(all.len(), catalog::builtin_items().len());
        assert!(all.iter().all(|s| s.origin == CatalogOrigin::Builtin && !s.edited));
        drop(services);
        // Reopening with the same catalog skips the sync: no second audit entry.
        let mut again = Services::open(&dir.path().join("board.db"), Adapter::Cli).unwrap();
        let syncs = again
            .audit_list(archboard_types::audit::AuditQuery {
                entity: Some(AuditEntity::Catalog),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(syncs.len(), 1);
    }

    #[test]
    fn a_newer_catalog_updates_untouched_items_and_never_overwrites_a_users_edit() {
        let (_dir, mut services) = services();
        let entry = services.catalog_get(key("kpi.change-failure-rate")).unwrap();
        let edited_toml = entry.toml.replace("max = 10.0", "max = 8.0");
        assert_ne!(edited_toml, entry.toml);
        let edited = services
            .catalog_update(CatalogEdit {
                key: "kpi.change-failure-rate".into(),
                toml: edited_toml.clone(),
                dry_run: false,
            })
            .unwrap();
        assert!(edited.summary.edited);

        let report = services.sync_catalog(&newer_catalog()).unwrap();
        assert_eq!(report.update_offered, 1);
        assert_eq!(report.updated as usize, catalog::builtin_items().len() - 1);

        // One above the shipped version, whatever that is now.
        let shipped_version =
            |k: &str| catalog::builtin_items().iter().find(|i| i.key() == k).unwrap().version();
        let untouched = services.catalog_get(key("kpi.rollback-rate")).unwrap();
        assert_eq!(untouched.summary.version, shipped_version("kpi.rollback-rate") + 1);
        assert!(untouched.item.summary().starts_with("Revised: "));
        assert_eq!(untouched.summary.update_available, None);

        let mine = services.catalog_get(key("kpi.change-failure-rate")).unwrap();
        assert_eq!(mine.toml, edited_toml, "the user's copy wins");
        assert_eq!(mine.summary.update_available, Some(shipped_version("kpi.change-failure-rate") + 1));
        assert!(mine.builtin.as_ref().unwrap().summary().starts_with("Revised: "));

        // Keeping mine hides the offer; taking the shipped copy restores it.
        let kept = services
            .catalog_builtin_choice(CatalogBuiltinChoice {
                key: mine.summary.key.clone(),
                choice: BuiltinChoice::KeepMine,
            })
            .unwrap();
        assert_eq!(kept.summary.update_available, None);
        assert!(kept.summary.edited);
        let taken = services
            .catalog_builtin_choice(CatalogBuiltinChoice {
                key: mine.summary.key.clone(),
                choice: BuiltinChoice::TakeBuiltin,
            })
            .unwrap();
        assert!(!taken.summary.edited);
        assert!(taken.item.summary().starts_with("Revised: "));
        // Syncing the same newer catalog again changes nothing.
        let again = services.sync_catalog(&newer_catalog()).unwrap();
        assert_eq!(again.unchanged as usize, catalog::builtin_items().len());
    }

    #[test]
    fn edits_are_validated_with_the_line_and_nothing_is_written() {
        let (_dir, mut services) = services();
        let entry = services.catalog_get(key("role.mlops-architect")).unwrap();
        let bad_weight = entry.toml.replacen("weight = 20.0", "weight = 30.0", 1);
        let error = services
            .catalog_update(CatalogEdit {
                key: "role.mlops-architect".into(),
                toml: bad_weight,
                dry_run: false,
            })
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::Validation);
        assert!(error.message.contains("add up to 110"), "{}", error.message);
        let renamed = entry.toml.replacen("key = \"role.mlops-architect\"", "key = \"role.other\"", 1);
        let error = services
            .catalog_update(CatalogEdit { key: "role.mlops-architect".into(), toml: renamed, dry_run: false })
            .unwrap_err();
        assert!(error.message.contains("key must stay"), "{}", error.message);
        let error = services
            .catalog_update(CatalogEdit {
                key: "role.mlops-architect".into(),
                toml: "[[role]]\nkey = ".into(),
                dry_run: true,
            })
            .unwrap_err();
        assert!(error.message.starts_with("line 2"), "{}", error.message);
        assert_eq!(services.catalog_get(key("role.mlops-architect")).unwrap().toml, entry.toml);
        assert!(!services.catalog_get(key("role.mlops-architect")).unwrap().summary.edited);
    }

    #[test]
    fn an_edit_or_import_that_would_break_a_referring_item_is_refused() {
        let (_dir, mut services) = services();
        // pattern.online-inference cites checklist.production-readiness#load-tested.
        let checklist = services.catalog_get(key("checklist.production-readiness")).unwrap();
        let renamed = checklist.toml.replace("key = \"load-tested\"", "key = \"load-test\"");
        assert_ne!(renamed, checklist.toml);
        let error = services
            .catalog_update(CatalogEdit {
                key: checklist.summary.key.clone(),
                toml: renamed.clone(),
                dry_run: true,
            })
            .unwrap_err();
        assert!(error.message.contains("would break `pattern."), "{}", error.message);
        assert!(error.message.contains("no item `load-tested`"), "{}", error.message);
        let report = services
            .catalog_import(CatalogImportRequest {
                files: vec![ImportFile::new("checklists.toml", renamed.into_bytes())],
                dry_run: false,
            })
            .unwrap();
        assert!(!report.written);
        assert!(report.problems.iter().any(|p| p.key.as_deref().is_some_and(|k| k.starts_with("pattern."))));
        assert_eq!(services.catalog_get(key("checklist.production-readiness")).unwrap().toml, checklist.toml);
    }

    #[test]
    fn duplicates_are_the_users_and_only_unreferenced_user_items_can_be_deleted() {
        let (_dir, mut services) = services();
        let copy = services
            .catalog_duplicate(CatalogDuplicate { key: "hw.nvidia-t4".into(), new_key: None, new_name: None })
            .unwrap();
        assert_eq!(copy.summary.key, "hw.nvidia-t4-copy");
        assert_eq!(copy.summary.origin, CatalogOrigin::User);
        let second = services
            .catalog_duplicate(CatalogDuplicate { key: "hw.nvidia-t4".into(), new_key: None, new_name: None })
            .unwrap();
        assert_eq!(second.summary.key, "hw.nvidia-t4-copy-2");
        let bad = services
            .catalog_duplicate(CatalogDuplicate {
                key: "hw.nvidia-t4".into(),
                new_key: Some("kpi.wrong".into()),
                new_name: None,
            })
            .unwrap_err();
        assert!(bad.message.contains("must start with `hw.`"), "{}", bad.message);

        let builtin = services.catalog_delete(key("hw.nvidia-t4")).unwrap_err();
        assert_eq!(builtin.code, ErrorCode::Conflict);
        services.catalog_delete(key("hw.nvidia-t4-copy")).unwrap();
        assert_eq!(services.catalog_get(key("hw.nvidia-t4-copy")).unwrap_err().code, ErrorCode::NotFound);

        // A KPI copy a role points at cannot go until the role stops pointing at it.
        services
            .catalog_duplicate(CatalogDuplicate {
                key: "kpi.rollback-rate".into(),
                new_key: Some("kpi.team-rollbacks".into()),
                new_name: None,
            })
            .unwrap();
        let role = services.catalog_get(key("role.lead-ml-engineer")).unwrap();
        let pointing = role.toml.replacen("\"kpi.rollback-rate\"", "\"kpi.team-rollbacks\"", 1);
        services
            .catalog_update(CatalogEdit { key: role.summary.key.clone(), toml: pointing, dry_run: false })
            .unwrap();
        let refused = services.catalog_delete(key("kpi.team-rollbacks")).unwrap_err();
        assert!(refused.message.contains("role.lead-ml-engineer"), "{}", refused.message);
        let kpi = services.catalog_get(key("kpi.team-rollbacks")).unwrap();
        assert_eq!(
            kpi.referenced_by.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
            ["role.lead-ml-engineer"]
        );
    }

    #[test]
    fn export_then_import_into_another_board_round_trips_and_bad_files_change_nothing() {
        let (_dir, mut services) = services();
        services
            .catalog_duplicate(CatalogDuplicate {
                key: "pattern.batch-scoring".into(),
                new_key: None,
                new_name: Some("Our batch scoring".into()),
            })
            .unwrap();
        let export = services.catalog_export(CatalogExportRequest { single_file: false }).unwrap();
        assert_eq!(export.files.len(), 6);
        let files: Vec<ImportFile> = export.files.clone();

        let other_dir = tempfile::tempdir().unwrap();
        let mut other = Services::open(&other_dir.path().join("other.db"), Adapter::Cli).unwrap();
        let report =
            other.catalog_import(CatalogImportRequest { files: files.clone(), dry_run: false }).unwrap();
        assert!(report.written && report.problems.is_empty(), "{:?}", report.problems);
        let new: Vec<_> = report.items.iter().filter(|i| i.outcome == CatalogImportOutcome::New).collect();
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].key, "pattern.batch-scoring-copy");
        let again = other.catalog_import(CatalogImportRequest { files, dry_run: false }).unwrap();
        assert!(again.items.iter().all(|i| i.outcome == CatalogImportOutcome::Unchanged));

        let broken = vec![
            ImportFile::new("good.toml", export.files[0].content.clone()),
            ImportFile {
                path: "typo.toml".into(),
                content: b"[[hardware]]\nkey = \"hw.x\"\nnmae = \"X\"\n".to_vec().into(),
            },
            ImportFile::new("binary.toml", vec![b'a', b'\n', 0xff, 0xfe]),
        ];
        let before = other.catalog_list(CatalogListQuery::default()).unwrap();
        let report = other.catalog_import(CatalogImportRequest { files: broken, dry_run: false }).unwrap();
        assert!(!report.written);
        assert_eq!(report.problems.len(), 2, "{:?}", report.problems);
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.path == "typo.toml" && p.message.contains("nmae") && p.line == Some(3))
        );
        assert!(report.problems.iter().any(|p| p.path == "binary.toml" && p.line == Some(2)));
        assert_eq!(other.catalog_list(CatalogListQuery::default()).unwrap(), before);
    }

    #[test]
    fn search_finds_items_by_any_field_and_kind_filters() {
        let (_dir, mut services) = services();
        let hits =
            services.catalog_list(CatalogListQuery { kind: None, search: Some("poisoning".into()) }).unwrap();
        assert!(hits.iter().any(|h| h.key == "checklist.ml-security"), "{hits:?}");
        let gpus = services
            .catalog_list(CatalogListQuery {
                kind: Some(CatalogKind::Hardware),
                search: Some("Hopper".into()),
            })
            .unwrap();
        let keys: Vec<_> = gpus.iter().map(|h| h.key.as_str()).collect();
        assert!(keys.contains(&"hw.nvidia-h100-sxm") && keys.contains(&"hw.nvidia-h200"), "{keys:?}");
        assert!(gpus.iter().all(|h| h.kind == CatalogKind::Hardware));
        let hostile =
            services.catalog_list(CatalogListQuery { kind: None, search: Some("\"NEAR( *".into()) }).unwrap();
        assert!(hostile.len() < 500);
    }
}
