//! The catalog as files: reading and writing the TOML layout of `assets/catalog/` (any file may
//! hold any kinds, as `[[kpi]]`, `[[role]]`, … tables), the rules every item must meet, and the
//! embedded built-in set.

pub mod merge;
mod rules;

pub use rules::{RuleBreak, validate};

use archboard_types::catalog::{
    CatalogItem, CatalogKind, CatalogProblem, Checklist, HardwareProfile, Kpi, MaturityDimension, Pattern,
    Role,
};
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));

/// One catalog file: an array of tables per kind.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileContent {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    role: Vec<Role>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    kpi: Vec<Kpi>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    checklist: Vec<Checklist>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    maturity: Vec<MaturityDimension>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pattern: Vec<Pattern>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    hardware: Vec<HardwareProfile>,
}

impl FileContent {
    fn into_items(self) -> Vec<CatalogItem> {
        let FileContent { role, kpi, checklist, maturity, pattern, hardware } = self;
        role.into_iter()
            .map(CatalogItem::Role)
            .chain(kpi.into_iter().map(CatalogItem::Kpi))
            .chain(checklist.into_iter().map(CatalogItem::Checklist))
            .chain(maturity.into_iter().map(CatalogItem::Maturity))
            .chain(pattern.into_iter().map(CatalogItem::Pattern))
            .chain(hardware.into_iter().map(CatalogItem::Hardware))
            .collect()
    }

    fn from_items<'a>(items: impl IntoIterator<Item = &'a CatalogItem>) -> FileContent {
        let mut content = FileContent::default();
        for item in items {
            match item.clone() {
                CatalogItem::Role(i) => content.role.push(i),
                CatalogItem::Kpi(i) => content.kpi.push(i),
                CatalogItem::Checklist(i) => content.checklist.push(i),
                CatalogItem::Maturity(i) => content.maturity.push(i),
                CatalogItem::Pattern(i) => content.pattern.push(i),
                CatalogItem::Hardware(i) => content.hardware.push(i),
            }
        }
        content
    }
}

/// The 1-based line holding byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> u32 {
    text[..offset.min(text.len())].matches('\n').count() as u32 + 1
}

/// The line where the item with `key` is declared, for pointing at a rule it breaks.
pub fn line_of_key(text: &str, key: &str) -> Option<u32> {
    let needle = format!("\"{key}\"");
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            line.starts_with("key") && line.contains(&needle)
        })
        .map(|index| index as u32 + 1)
}

/// Reads one catalog file. Syntax errors, unknown fields and wrong types are reported with the
/// file and line; nothing from a file with a problem is returned.
pub fn parse_file(path: &str, text: &str) -> Result<Vec<CatalogItem>, CatalogProblem> {
    toml::from_str::<FileContent>(text).map(FileContent::into_items).map_err(|error| CatalogProblem {
        path: path.to_owned(),
        key: None,
        line: error.span().map(|span| line_of(text, span.start)),
        message: error.message().to_owned(),
    })
}

/// Writes items as one catalog file, kinds in a fixed order.
pub fn to_toml<'a>(items: impl IntoIterator<Item = &'a CatalogItem>) -> String {
    toml::to_string_pretty(&FileContent::from_items(items)).expect("catalog items always serialise as TOML")
}

/// The file name an export uses for a kind.
pub fn export_file_name(kind: CatalogKind) -> &'static str {
    match kind {
        CatalogKind::Role => "roles.toml",
        CatalogKind::Kpi => "kpis.toml",
        CatalogKind::Checklist => "checklists.toml",
        CatalogKind::Maturity => "maturity.toml",
        CatalogKind::Pattern => "patterns.toml",
        CatalogKind::Hardware => "hardware.toml",
    }
}

/// The catalog shipped in this build, validated by the schema tests.
pub fn builtin_items() -> Vec<CatalogItem> {
    BUILTIN_FILES
        .iter()
        .flat_map(|(path, text)| {
            parse_file(path, text).unwrap_or_else(|problem| {
                panic!("built-in catalog file {path} line {:?}: {}", problem.line, problem.message)
            })
        })
        .collect()
}

/// A fingerprint of the shipped files; a board whose stored fingerprint matches skips the sync.
pub fn builtin_fingerprint() -> String {
    fingerprint_of(BUILTIN_FILES)
}

fn fingerprint_of(files: &[(&str, &str)]) -> String {
    // FNV-1a: stable across Rust releases, unlike `DefaultHasher`.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (path, text) in files {
        for byte in path.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{}:{hash:016x}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests;
