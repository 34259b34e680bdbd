//! Importing and exporting ADR folders as teams keep them in git: the flavors, the files that
//! travel, and the per-file report shown before anything is written.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The on-disk conventions Archboard reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdrFlavor {
    /// MADR 4: YAML front matter with `decision-makers`, `NNNN-title.md`.
    Madr4,
    /// MADR 3: YAML front matter with `deciders`.
    Madr3,
    /// MADR 2: `* Status:` bullet metadata under the title.
    Madr2,
    /// adr-tools (Nygard): `# N. Title`, `Date:`, `## Status` with link lines.
    AdrTools,
    /// log4brains: `yyyymmdd-slug.md`, `- Status:` bullets; the slug is the identity.
    Log4brains,
}

impl AdrFlavor {
    pub const ALL: [AdrFlavor; 5] =
        [AdrFlavor::Madr4, AdrFlavor::Madr3, AdrFlavor::Madr2, AdrFlavor::AdrTools, AdrFlavor::Log4brains];

    pub fn as_str(self) -> &'static str {
        match self {
            AdrFlavor::Madr4 => "madr4",
            AdrFlavor::Madr3 => "madr3",
            AdrFlavor::Madr2 => "madr2",
            AdrFlavor::AdrTools => "adr-tools",
            AdrFlavor::Log4brains => "log4brains",
        }
    }
}

impl fmt::Display for AdrFlavor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AdrFlavor {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AdrFlavor::ALL.into_iter().find(|f| f.as_str() == s.trim().to_ascii_lowercase()).ok_or_else(|| {
            format!("unknown flavor `{s}`; expected one of madr4, madr3, madr2, adr-tools, log4brains")
        })
    }
}

/// One file of a folder being imported: its path relative to the folder chosen and its raw
/// bytes, so that encoding problems are found and reported by the engine, whatever front end
/// read the file. The engine normalises the path and refuses absolute paths and `..`.
pub type ImportFile = crate::files::FileContents;

/// The files an ADR folder import reads, whichever front picks the folder: every Markdown
/// file, plus adr-tools' `.adr-dir` and log4brains' `.log4brains.yml`, which say where and how
/// the decisions are kept.
pub fn is_adr_folder_file(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.ends_with(".md") || name == ".adr-dir" || name == ".log4brains.yml"
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRequest {
    pub files: Vec<ImportFile>,
    /// Report what would happen without writing anything.
    #[serde(default)]
    pub dry_run: bool,
}

/// What importing one file does (or would do, in a dry run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    New,
    Updated,
    Unchanged,
    Failed,
}

impl ImportOutcome {
    /// The word shown beside each file of a preview.
    pub fn label(self) -> &'static str {
        match self {
            ImportOutcome::New => "new",
            ImportOutcome::Updated => "updated",
            ImportOutcome::Unchanged => "unchanged",
            ImportOutcome::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportItem {
    pub path: String,
    pub outcome: ImportOutcome,
    pub flavor: Option<AdrFlavor>,
    /// The ADR number the file maps to (absent when it failed before one was known).
    pub number: Option<u32>,
    pub title: Option<String>,
    /// Why the file failed, or a warning about a part that was left out (e.g. a link to a
    /// decision that does not exist).
    pub messages: Vec<String>,
    /// 1-based line the first problem is on, when known.
    pub line: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub dry_run: bool,
    pub items: Vec<ImportItem>,
    pub new: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub failed: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRequest {
    /// Write every ADR in this flavor; by default each in the flavor it was imported from
    /// (MADR 4 for decisions created in Archboard).
    #[serde(default)]
    pub flavor: Option<AdrFlavor>,
}

/// One exported decision file, for the front to save (the CLI into a folder, the browser as
/// a download).
pub type ExportFile = crate::files::ExportedFile;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportResponse {
    pub files: Vec<ExportFile>,
}
