//! AWS Well-Architected custom lenses in and out of the catalog: a lens file becomes a
//! checklist template (the same key again is a new version when it changed), and any
//! checklist template is written as a lens file. The format itself is archboard-lens's.

use super::{Services, db_error};
use archboard_catalog as catalog;
use archboard_db::catalog::{self as store, StoredItem};
use archboard_types::ApiError;
use archboard_types::audit::{AuditAction, AuditEntity};
use archboard_types::catalog::{CatalogItem, CatalogOrigin, CatalogRef, Checklist};
use archboard_types::files::{ExportedFile, IMPORT_FILE_MAX_BYTES};
use archboard_types::review::{LensImportReport, LensImportRequest};

impl Services {
    pub fn lens_import(&mut self, request: LensImportRequest) -> Result<LensImportReport, ApiError> {
        let file = request.file_name.trim();
        if request.json.len() > IMPORT_FILE_MAX_BYTES {
            return Err(ApiError::validation(
                "json",
                format!(
                    "{file} is {} bytes; a lens file may be at most {IMPORT_FILE_MAX_BYTES}.",
                    request.json.len()
                ),
            ));
        }
        let imported = archboard_lens::import_lens(file, &request.json)
            .map_err(|e| ApiError::validation("json", format!("{file}: {e}")))?;
        let mut checklist = imported.checklist;
        let warnings = imported.warnings;
        self.write(|tx| {
            let existing = store::get(tx, &checklist.key).map_err(db_error)?;
            let created = existing.is_none();
            let before = existing.as_ref().map(|s| s.item.clone());
            match &before {
                Some(CatalogItem::Checklist(old)) => {
                    // The key comes from the lens's name: a lens sharing no question with the
                    // template of that name is another lens, not its next version.
                    let shared = old.items.iter().any(|o| checklist.items.iter().any(|n| n.key == o.key));
                    if !shared {
                        return Err(ApiError::conflict(format!(
                            "`{}` is already in the catalog from a different lens (no question in common); give this lens another name to import it beside that one.",
                            checklist.key
                        )));
                    }
                    if same_content(old, &checklist) {
                        return Ok(report(&checklist, false, warnings.clone()));
                    }
                    checklist.version = old.version + 1;
                }
                Some(other) => {
                    return Err(ApiError::conflict(format!(
                        "`{}` is already a {} in the catalog; rename the lens to import it.",
                        checklist.key,
                        other.kind().as_str()
                    )));
                }
                None => {}
            }
            let item = CatalogItem::Checklist(checklist.clone());
            let lookup = |key: &str| store::get(tx, key).ok().flatten().map(|s| s.item);
            if let Some(problem) = catalog::validate(std::slice::from_ref(&item), &lookup).first() {
                return Err(ApiError::validation(
                    "json",
                    format!("{file}: {}: {}", problem.key, problem.message),
                ));
            }
            let stored = StoredItem {
                item: item.clone(),
                origin: CatalogOrigin::User,
                edited: false,
                builtin: None,
                builtin_version: None,
                base_version: None,
            };
            store::put(tx, &stored).map_err(db_error)?;
            tx.audit(
                AuditEntity::Catalog,
                &checklist.key,
                AuditAction::Import,
                before.as_ref(),
                Some(&item),
            )?;
            Ok(report(&checklist, created, warnings.clone()))
        })
    }

    pub fn lens_export(&mut self, request: CatalogRef) -> Result<ExportedFile, ApiError> {
        let stored = store::get(self.db.conn(), request.key.trim()).map_err(db_error)?.ok_or_else(|| {
            ApiError::not_found(format!("There is no checklist `{}` in the catalog.", request.key.trim()))
        })?;
        let CatalogItem::Checklist(checklist) = stored.item else {
            return Err(ApiError::validation(
                "key",
                format!("`{}` is not a checklist template.", request.key.trim()),
            ));
        };
        let json = archboard_lens::export_lens(&checklist).map_err(|e| {
            ApiError::validation("key", format!("`{}` cannot be written as a lens: {e}", checklist.key))
        })?;
        let name = checklist.key.trim_start_matches("checklist.");
        Ok(ExportedFile::new(format!("{name}.lens.json"), json))
    }
}

/// The same lens again: everything but the version equal, and the file's JSON the same value
/// (its layout may differ; a changed key Archboard does not use is a change, since export
/// writes it back).
fn same_content(old: &Checklist, new: &Checklist) -> bool {
    let strip = |c: &Checklist| {
        let mut c = c.clone();
        c.version = 0;
        let original = c.lens.as_mut().map(|lens| std::mem::take(&mut lens.original_json));
        (c, original.and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok()))
    };
    strip(old) == strip(new)
}

fn report(checklist: &Checklist, created: bool, warnings: Vec<String>) -> LensImportReport {
    LensImportReport {
        key: checklist.key.clone(),
        name: checklist.name.clone(),
        version: checklist.version,
        sections: checklist.sections.len() as u32,
        items: checklist.items.len() as u32,
        created,
        warnings,
    }
}
