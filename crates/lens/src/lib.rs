//! AWS Well-Architected custom lenses (JSON, schema version 2021-11-01) as Archboard
//! checklist templates, both ways, with no I/O: the caller reads and writes files.
//!
//! - [`import_lens`] turns a lens file into a [`Checklist`]: pillars become sections,
//!   questions become items answered by selecting choices, and the whole file is kept in
//!   [`LensDocument::original_json`] so that [`export_lens`] can write it back losslessly.
//! - [`export_lens`] writes any checklist template as a lens file.
//! - [`rules`] is the risk-rule language: parse, evaluate, and check a selection of choices.
//!
//! Specification: "Lens format specification in AWS WA Tool" (AWS Well-Architected Tool user
//! guide). Its limits are enforced where breaking them loses meaning and reported as warnings
//! where it does not; see `import.rs`.

mod export;
mod ids;
mod import;
mod json;
pub mod rules;

use archboard_types::catalog::Checklist;
#[cfg(doc)]
use archboard_types::catalog::LensDocument;
use std::fmt;

/// The only schema version the lens format has had, and the one this crate reads and writes.
pub const SCHEMA_VERSION: &str = "2021-11-01";

/// An imported lens: the template, and what in the file breaks the lens format's limits
/// without losing meaning (each warning starts with the JSON path it is about).
#[derive(Debug, Clone, PartialEq)]
pub struct LensImport {
    pub checklist: Checklist,
    pub warnings: Vec<String>,
}

/// Why a lens file is refused: where (a JSON path from `$`, such as
/// `$.pillars[1].questions[0].riskRules[2].condition`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LensError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for LensError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for LensError {}

/// Reads a lens file. `file_name` only names a lens that has no name of its own.
///
/// The checklist's key is `checklist.lens-<slug of the lens name>`; each item's key is its
/// question id in lowercase with `-` for `_` (catalog keys allow no `_`), which is how export
/// finds the question again.
pub fn import_lens(file_name: &str, json: &str) -> Result<LensImport, LensError> {
    import::import(file_name, json)
}

/// Writes a checklist template as a lens file: pretty JSON with a two-space indent.
///
/// A template imported from a lens starts from its original file: keys outside the format and
/// fields Archboard does not use are written back unchanged, and only what was edited in
/// Archboard (names, descriptions, question texts, choices, rules) is written over them;
/// questions and pillars added in Archboard are appended, removed ones dropped. Any other
/// template becomes a new lens in the specification's key order. The result is checked by
/// importing it again; a template that would give a refused file is an error.
pub fn export_lens(checklist: &Checklist) -> Result<String, String> {
    export::export(checklist)
}
