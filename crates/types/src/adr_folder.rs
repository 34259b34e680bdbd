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

wire_enum! {
    /// How a collection's files write dates such as `03/04/2017`: day first (most of the
    /// world) or month first (the United States). ISO dates read the same either way.
    DateOrder {
        DayFirst => "day-first", "day first (31/03/2017)";
        MonthFirst => "month-first", "month first (03/31/2017)";
    }
}

// `wire_enum!` declares the variants, so `#[default]` cannot mark one; said here instead.
#[allow(clippy::derivable_impls)]
impl Default for DateOrder {
    fn default() -> Self {
        DateOrder::DayFirst
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
    /// The collection the folder goes into, created when it does not exist yet; the default
    /// collection when absent. An import never touches another collection's decisions.
    #[serde(default)]
    pub collection: Option<String>,
    /// The folder the files were read from, remembered by the collection so that `adr sync`
    /// and the desktop's watcher can read it again.
    #[serde(default)]
    pub folder: Option<String>,
    /// How the files write dates like `03/04/2017`; the collection's own order when absent
    /// (and remembered by a collection this import creates).
    #[serde(default)]
    pub date_order: Option<DateOrder>,
    /// The files are the whole folder: a decision of the collection whose file is not among
    /// them is marked missing from the folder (never deleted).
    #[serde(default)]
    pub sync: bool,
}

/// What importing one file does (or would do, in a dry run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    New,
    Updated,
    Unchanged,
    Failed,
    /// Not a decision: a README, an index, a template.
    Skipped,
    /// A sync found the decision's file gone; the decision is kept and marked.
    Missing,
}

impl ImportOutcome {
    /// The word shown beside each file of a preview.
    pub fn label(self) -> &'static str {
        match self {
            ImportOutcome::New => "new",
            ImportOutcome::Updated => "updated",
            ImportOutcome::Unchanged => "unchanged",
            ImportOutcome::Failed => "failed",
            ImportOutcome::Skipped => "skipped",
            ImportOutcome::Missing => "missing",
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
    /// `payments/ADR-0007` (or `ADR-0007` on a board with one collection).
    #[serde(default)]
    pub reference: Option<String>,
    pub title: Option<String>,
    /// Why the file failed or was skipped, or what in it could not be read and was kept as
    /// written (a date, a status wording, a link to a decision that does not exist).
    pub messages: Vec<String>,
    /// 1-based line the first problem is on, when known.
    pub line: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub dry_run: bool,
    /// The collection the files went (or would go) into.
    #[serde(default)]
    pub collection: String,
    /// True when this import created (or would create) the collection.
    #[serde(default)]
    pub collection_created: bool,
    pub items: Vec<ImportItem>,
    pub new: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub failed: u32,
    #[serde(default)]
    pub skipped: u32,
    #[serde(default)]
    pub missing: u32,
    /// Files that imported with at least one warning.
    #[serde(default)]
    pub warned: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRequest {
    /// Write every ADR in this flavor; by default each in the flavor it was imported from
    /// (MADR 4 for decisions created in Archboard).
    #[serde(default)]
    pub flavor: Option<AdrFlavor>,
    /// Only this collection. Without it every collection is exported, each into a folder of
    /// its name when the board has several.
    #[serde(default)]
    pub collection: Option<String>,
    /// The files now in the folder being written into (path inside it and SHA-256 of the
    /// bytes). When given, a file that changed on disk since the last sync and would be
    /// overwritten with something else is a conflict, and nothing is returned to write.
    #[serde(default)]
    pub on_disk: Option<Vec<DiskFile>>,
}

/// A file as it is on disk now, named by its content's SHA-256 (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiskFile {
    pub path: String,
    pub sha256: String,
}

/// A file the export refuses to overwrite: it changed on disk since the last sync, and the
/// board's version differs from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportConflict {
    pub path: String,
    pub reference: String,
    /// SHA-256 of the file on disk now.
    pub disk_sha256: String,
    /// SHA-256 of the file as the last sync read it (none: the board never read this file).
    pub synced_sha256: Option<String>,
    /// When the board's version last changed, and by whom.
    pub board_updated_at: chrono::DateTime<chrono::Utc>,
    pub board_changed_by: Option<String>,
    /// One sentence naming both versions.
    pub message: String,
}

/// One exported decision file, for the front to save (the CLI into a folder, the browser as
/// a download).
pub type ExportFile = crate::files::ExportedFile;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportResponse {
    pub files: Vec<ExportFile>,
    /// Files that would overwrite a change made on disk; when any, `files` is empty.
    #[serde(default)]
    pub conflicts: Vec<ExportConflict>,
    /// The collection's linked folder, when one collection was exported.
    #[serde(default)]
    pub folder: Option<String>,
}
