//! Architecture Decision Records in the contract: status lifecycle, records, queries, edits.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where an ADR is in its life. Allowed moves are in [`AdrStatus::allowed_next`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdrStatus {
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    Superseded,
}

impl AdrStatus {
    pub const ALL: [AdrStatus; 5] = [
        AdrStatus::Proposed,
        AdrStatus::Accepted,
        AdrStatus::Rejected,
        AdrStatus::Deprecated,
        AdrStatus::Superseded,
    ];

    /// The lifecycle: proposed → accepted | rejected; accepted → deprecated | superseded.
    /// Rejected, deprecated and superseded are final.
    pub fn allowed_next(self) -> &'static [AdrStatus] {
        match self {
            AdrStatus::Proposed => &[AdrStatus::Accepted, AdrStatus::Rejected],
            AdrStatus::Accepted => &[AdrStatus::Deprecated, AdrStatus::Superseded],
            AdrStatus::Rejected | AdrStatus::Deprecated | AdrStatus::Superseded => &[],
        }
    }

    pub fn can_become(self, next: AdrStatus) -> bool {
        self.allowed_next().contains(&next)
    }

    /// Where a decision may go from `current`. A decision whose file gave no status Archboard
    /// could place (`on hold`, or none at all) may be given any status but superseded, which
    /// needs a successor and so an accepted decision first.
    pub fn allowed_from(current: Option<AdrStatus>) -> &'static [AdrStatus] {
        match current {
            Some(status) => status.allowed_next(),
            None => &[AdrStatus::Proposed, AdrStatus::Accepted, AdrStatus::Rejected, AdrStatus::Deprecated],
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AdrStatus::Proposed => "proposed",
            AdrStatus::Accepted => "accepted",
            AdrStatus::Rejected => "rejected",
            AdrStatus::Deprecated => "deprecated",
            AdrStatus::Superseded => "superseded",
        }
    }
}

impl fmt::Display for AdrStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AdrStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        AdrStatus::ALL.into_iter().find(|status| status.as_str() == lower).ok_or_else(|| {
            format!(
                "unknown status `{s}`; expected one of proposed, accepted, rejected, deprecated, superseded"
            )
        })
    }
}

/// Formats an ADR number the way people say it: `ADR-0007`.
pub fn display_number(number: u32) -> String {
    format!("ADR-{number:04}")
}

/// A decision's board-wide handle. Numbers repeat across collections; the id never does, and
/// every request that names one decision names it by id. Decisions from before collections
/// existed have `id == number`.
pub type AdrId = u32;

/// How a decision is named to people: `payments/ADR-0007` on a board with several
/// collections, `ADR-0007` where there is only one.
pub fn display_reference(collection: &str, number: u32, qualified: bool) -> String {
    if qualified { format!("{collection}/{}", display_number(number)) } else { display_number(number) }
}

/// The most characters of a file's status wording a badge shows; the whole wording is on
/// the decision's page.
pub const STATUS_WORDING_BADGE_CHARS: usize = 24;

/// The status as people read it on a badge: the lifecycle word, with the file's own short
/// wording when it says something else ("accepted (approved by the board)" is too long, so
/// "accepted"; "proposed (in progress)"); the wording alone when it has no place in the
/// lifecycle ("on hold"). Case, punctuation, Markdown links and badges add nothing to the
/// lifecycle word and are left to the decision's page.
pub fn status_label(status: Option<AdrStatus>, wording: Option<&str>) -> String {
    let wording = wording.map(str::trim).filter(|w| !w.is_empty());
    let plain = |w: &str| {
        w.chars().filter(|c| c.is_alphanumeric() || *c == ' ').collect::<String>().trim().to_lowercase()
    };
    let short = |w: &str| !w.contains("](") && w.chars().count() <= STATUS_WORDING_BADGE_CHARS;
    match (status, wording) {
        (Some(status), Some(wording)) if plain(wording) != status.as_str() && short(wording) => {
            format!("{status} ({wording})")
        }
        (Some(status), _) => status.as_str().to_owned(),
        (None, Some(wording)) if short(wording) => wording.to_owned(),
        (None, Some(wording)) => {
            let cut: String = wording.chars().take(STATUS_WORDING_BADGE_CHARS).collect();
            format!("{}…", cut.trim_end())
        }
        (None, None) => "no status".to_owned(),
    }
}

/// The date as people read it: ISO when known, else the file's wording, else "no date".
pub fn date_label(date: Option<NaiveDate>, wording: Option<&str>) -> String {
    match (date, wording) {
        (Some(date), _) => date.to_string(),
        (None, Some(wording)) if !wording.trim().is_empty() => format!("{} (unreadable)", wording.trim()),
        _ => "no date".to_owned(),
    }
}

/// One row of the decision list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdrSummary {
    pub id: AdrId,
    /// The collection's name.
    pub collection: String,
    /// The number inside its collection.
    pub number: u32,
    /// `payments/ADR-0007`, or `ADR-0007` on a board with one collection.
    pub reference: String,
    pub title: String,
    /// None when the file gave no status Archboard could place in the lifecycle.
    pub status: Option<AdrStatus>,
    /// The file's own status wording, when it said something other than the lifecycle word.
    #[serde(default)]
    pub status_note: Option<String>,
    /// None when unknown: the file gave no date or one that cannot be read.
    pub date: Option<NaiveDate>,
    /// The date as the file wrote it, when it was not ISO.
    #[serde(default)]
    pub date_text: Option<String>,
    pub tags: Vec<String>,
    pub deciders: Vec<String>,
    /// When the decision should be looked at again, if anyone said.
    pub revisit_by: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
    /// Who made the latest change, as the audit trail records it.
    #[serde(default)]
    pub changed_by: Option<String>,
    /// A sync of the linked folder found this decision's file gone (the decision is kept).
    #[serde(default)]
    pub missing_from_folder: bool,
}

/// A whole decision record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adr {
    pub id: AdrId,
    pub collection: String,
    pub number: u32,
    pub reference: String,
    pub title: String,
    pub status: Option<AdrStatus>,
    #[serde(default)]
    pub status_note: Option<String>,
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub date_text: Option<String>,
    pub deciders: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub tags: Vec<String>,
    /// The Markdown source, exactly as written.
    pub body_markdown: String,
    /// The body rendered to HTML and sanitised; safe to insert into a page.
    pub body_html: String,
    /// Ids of the decisions this one supersedes.
    pub supersedes: Vec<AdrId>,
    /// Ids of the decisions that supersede this one.
    pub superseded_by: Vec<AdrId>,
    /// Every typed link touching this decision, read from this decision's side.
    pub links: Vec<AdrLinkView>,
    pub revisit_by: Option<NaiveDate>,
    /// MADR's Confirmation section on its own (sanitised HTML), when the body has one.
    pub confirmation_html: Option<String>,
    /// Keys of the systems this decision is about (set from each system).
    #[serde(default)]
    pub systems: Vec<String>,
    /// The file this decision was imported from, inside its collection's folder.
    #[serde(default)]
    pub source_path: Option<String>,
    /// What the last import could not read in the file (kept verbatim, imported anyway).
    #[serde(default)]
    pub warnings: Vec<String>,
    #[serde(default)]
    pub missing_from_folder: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A link as seen from one decision: "Supersedes ADR-0003" or "Amended by ADR-0012".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdrLinkView {
    pub kind: String,
    /// The label read from this side (the kind's forward or inverse label).
    pub label: String,
    /// True when this decision is the link's source.
    pub outgoing: bool,
    /// The other decision.
    pub id: AdrId,
    pub reference: String,
    pub title: String,
    /// Whether the engine would remove this link if asked (a decision's last supersedes link
    /// cannot go while it is superseded); the UI offers Remove only when true.
    #[serde(default)]
    pub removable: bool,
}

/// A kind of link with its label in each direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkKind {
    pub kind: String,
    pub forward: String,
    pub inverse: String,
}

/// Adds or removes the link `from --kind--> to`. Unknown kinds are created when `forward` and
/// `inverse` labels are given (custom pairs such as "Depends on" / "Needed by").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkChange {
    pub from: AdrId,
    pub kind: String,
    pub to: AdrId,
    #[serde(default)]
    pub forward: Option<String>,
    #[serde(default)]
    pub inverse: Option<String>,
}

/// Full-text search over title, body, tags and people.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdrSearchQuery {
    pub query: String,
    /// At most this many hits (default 20, at most 200).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Only decisions of this collection.
    #[serde(default)]
    pub collection: Option<String>,
}

/// One search hit, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdrSearchHit {
    pub id: AdrId,
    pub reference: String,
    pub title: String,
    pub status: Option<AdrStatus>,
    /// A short excerpt around the match, HTML-escaped, with matches wrapped in `<mark>`.
    pub snippet_html: String,
    /// bm25 rank; lower is better.
    pub rank: f64,
}

/// Decisions whose revisit date has come by `as_of` (default: today).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueForReviewQuery {
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
    #[serde(default)]
    pub collection: Option<String>,
}

/// The graph of one collection's decisions, or of all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdrGraphQuery {
    #[serde(default)]
    pub collection: Option<String>,
}

/// A decision as people type it: `7`, `ADR-0007`, `payments/7`, `payments/ADR-0007`, or a
/// file's slug. Answered with the one decision it names, or an error listing the candidates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdrLookup {
    pub text: String,
    /// Look only in this collection (the CLI's `--collection`).
    #[serde(default)]
    pub collection: Option<String>,
}

/// Every decision and every link between them, for drawing the decision graph.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdrGraph {
    pub nodes: Vec<AdrSummary>,
    pub edges: Vec<GraphEdge>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphEdge {
    pub from: AdrId,
    pub kind: String,
    /// The kind's forward label ("Supersedes").
    pub label: String,
    pub to: AdrId,
}

/// Which column the list is ordered by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdrSort {
    #[default]
    Number,
    Title,
    Status,
    Date,
    Updated,
}

/// Filter and order for `adr_list`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdrListQuery {
    #[serde(default)]
    pub status: Option<AdrStatus>,
    #[serde(default)]
    pub tag: Option<String>,
    /// Only decisions this person helped decide (case-insensitive).
    #[serde(default)]
    pub decider: Option<String>,
    #[serde(default)]
    pub sort: AdrSort,
    /// Newest / largest first when true.
    #[serde(default)]
    pub descending: bool,
    /// At most this many rows (all when absent).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Only decisions of this collection (by name).
    #[serde(default)]
    pub collection: Option<String>,
}

/// Names one ADR by its board-wide id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdrRef {
    pub id: AdrId,
}

/// Request for a fresh body: the MADR 4 template with the title filled in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRequest {
    #[serde(default)]
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateResponse {
    pub markdown: String,
}

/// A new decision. A missing body gets the MADR 4 template; new ADRs start as proposed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAdr {
    pub title: String,
    /// The collection it belongs to; the default collection when absent.
    #[serde(default)]
    pub collection: Option<String>,
    #[serde(default)]
    pub body_markdown: Option<String>,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub deciders: Vec<String>,
    #[serde(default)]
    pub consulted: Vec<String>,
    #[serde(default)]
    pub informed: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub revisit_by: Option<NaiveDate>,
}

/// A full edit of an ADR's content. The status changes only through `adr_set_status`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdrEdit {
    pub id: AdrId,
    pub title: String,
    pub body_markdown: String,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub deciders: Vec<String>,
    #[serde(default)]
    pub consulted: Vec<String>,
    #[serde(default)]
    pub informed: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub revisit_by: Option<NaiveDate>,
}

/// Moves an ADR to a new status. `superseded_by` is required exactly when the new status is
/// `superseded`, and names the successor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub id: AdrId,
    pub status: AdrStatus,
    #[serde(default)]
    pub superseded_by: Option<AdrId>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkdownPreviewRequest {
    pub markdown: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedMarkdown {
    /// Sanitised HTML.
    pub html: String,
}

impl AdrStatus {
    /// The button that moves a decision into this status ("Accept", "Supersede…").
    pub fn verb(self) -> &'static str {
        match self {
            AdrStatus::Proposed => "Propose",
            AdrStatus::Accepted => "Accept",
            AdrStatus::Rejected => "Reject",
            AdrStatus::Deprecated => "Deprecate",
            AdrStatus::Superseded => "Supersede…",
        }
    }
}

impl AdrSort {
    pub const ALL: [AdrSort; 5] =
        [AdrSort::Number, AdrSort::Title, AdrSort::Status, AdrSort::Date, AdrSort::Updated];

    /// The wire form (also used in the UI's URLs and the CLI's `--sort`).
    pub fn as_str(self) -> &'static str {
        match self {
            AdrSort::Number => "number",
            AdrSort::Title => "title",
            AdrSort::Status => "status",
            AdrSort::Date => "date",
            AdrSort::Updated => "updated",
        }
    }

    /// The column heading.
    pub fn label(self) -> &'static str {
        match self {
            AdrSort::Number => "Number",
            AdrSort::Title => "Title",
            AdrSort::Status => "Status",
            AdrSort::Date => "Date",
            AdrSort::Updated => "Updated",
        }
    }
}

impl FromStr for AdrSort {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        AdrSort::ALL.into_iter().find(|sort| sort.as_str() == lower).ok_or_else(|| {
            format!("unknown sort `{s}`; expected one of number, title, status, date, updated")
        })
    }
}

/// The link kind a status change to `superseded` records; it is set through the status, never
/// added as a free link.
pub const SUPERSEDES_KIND: &str = "supersedes";

/// Names (tags, people) as choices: one per name compared case-insensitively, the way the
/// store matches tags and deciders, keeping the first spelling seen, sorted without regard to
/// case. Blank names are dropped.
pub fn distinct_names<I, S>(names: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<String> = names
        .into_iter()
        .map(|name| name.as_ref().trim().to_owned())
        .filter(|name| !name.is_empty() && seen.insert(name.to_lowercase()))
        .collect();
    out.sort_by_key(|name| name.to_lowercase());
    out
}

/// The most characters a title may have; longer ones are refused with a clear message.
pub const TITLE_MAX_CHARS: usize = 200;

/// Checks a title the same way everywhere (the UI validates as you type with this too).
pub fn validate_title(title: &str) -> Result<(), String> {
    let trimmed = title.trim();
    if trimmed.is_empty() {
        return Err("A decision needs a title.".into());
    }
    let chars = trimmed.chars().count();
    if chars > TITLE_MAX_CHARS {
        return Err(format!("The title is {chars} characters long; keep it to {TITLE_MAX_CHARS}."));
    }
    if trimmed.chars().any(char::is_control) {
        return Err("The title cannot contain control characters such as line breaks.".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle_allows_only_the_documented_moves() {
        use AdrStatus::*;
        let allowed: Vec<(AdrStatus, AdrStatus)> = AdrStatus::ALL
            .into_iter()
            .flat_map(|from| AdrStatus::ALL.into_iter().map(move |to| (from, to)))
            .filter(|(from, to)| from.can_become(*to))
            .collect();
        assert_eq!(
            allowed,
            vec![(Proposed, Accepted), (Proposed, Rejected), (Accepted, Deprecated), (Accepted, Superseded)]
        );
    }

    #[test]
    fn status_parses_case_insensitively_and_names_bad_input() {
        assert_eq!("Accepted".parse::<AdrStatus>(), Ok(AdrStatus::Accepted));
        let err = "approved".parse::<AdrStatus>().unwrap_err();
        assert!(err.contains("approved") && err.contains("proposed"), "{err}");
    }

    #[test]
    fn title_validation_explains_the_problem() {
        assert!(validate_title("Use SQLite").is_ok());
        assert!(validate_title("   ").unwrap_err().contains("needs a title"));
        assert!(validate_title(&"x".repeat(201)).unwrap_err().contains("201"));
        assert!(validate_title("a\nb").is_err());
    }

    #[test]
    fn numbers_display_with_four_digits_and_their_collection_when_there_are_several() {
        assert_eq!(display_number(7), "ADR-0007");
        assert_eq!(display_number(0), "ADR-0000");
        assert_eq!(display_number(12345), "ADR-12345");
        assert_eq!(display_reference("payments", 7, true), "payments/ADR-0007");
        assert_eq!(display_reference("payments", 7, false), "ADR-0007");
    }

    #[test]
    fn statuses_and_dates_read_as_people_wrote_them() {
        assert_eq!(status_label(Some(AdrStatus::Accepted), Some("Accepted")), "accepted");
        assert_eq!(status_label(Some(AdrStatus::Accepted), Some("Approved")), "accepted (Approved)");
        assert_eq!(status_label(Some(AdrStatus::Accepted), Some("ACCEPTED.")), "accepted");
        let badge = "![Accepted](https://img.shields.io/badge/ADR-accepted-green)";
        assert_eq!(status_label(Some(AdrStatus::Accepted), Some(badge)), "accepted");
        let long = "superseded by [ADR-0004](0004-serve-models-with-kserve.md)";
        assert_eq!(status_label(Some(AdrStatus::Superseded), Some(long)), "superseded");
        assert_eq!(
            status_label(None, Some("waiting for the security review board")),
            "waiting for the security…"
        );
        assert_eq!(status_label(None, Some("on hold")), "on hold");
        assert_eq!(status_label(None, None), "no status");
        assert_eq!(AdrStatus::allowed_from(None).len(), 4);
        assert!(!AdrStatus::allowed_from(None).contains(&AdrStatus::Superseded));
        assert_eq!(date_label(None, Some("31/06/2016")), "31/06/2016 (unreadable)");
        assert_eq!(date_label(None, None), "no date");
    }

    #[test]
    fn requests_round_trip_through_json() {
        let change = StatusChange { id: 3, status: AdrStatus::Superseded, superseded_by: Some(9) };
        let json = serde_json::to_string(&change).unwrap();
        assert_eq!(json, r#"{"id":3,"status":"superseded","superseded_by":9}"#);
        assert_eq!(serde_json::from_str::<StatusChange>(&json).unwrap(), change);
    }
}

#[cfg(test)]
mod choice_tests {
    use super::*;

    #[test]
    fn names_are_distinct_without_regard_to_case() {
        let names = distinct_names(["Priya Nair", "ada", "priya nair", " ", "Ada", "bob"]);
        assert_eq!(names, vec!["ada", "bob", "Priya Nair"]);
    }

    #[test]
    fn sorts_parse_and_name_bad_input() {
        for sort in AdrSort::ALL {
            assert_eq!(sort.as_str().parse::<AdrSort>(), Ok(sort));
        }
        assert!("size".parse::<AdrSort>().unwrap_err().contains("`size`"));
        assert_eq!(AdrStatus::Superseded.verb(), "Supersede…");
    }
}
