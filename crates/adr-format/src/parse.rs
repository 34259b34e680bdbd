//! Reading one ADR file in any supported flavor: adr-tools (Nygard), MADR 2, MADR 3/4 (YAML
//! front matter) and log4brains, as real folders hold them. Only a file over 5 MB or one that
//! is not UTF-8 is refused; whatever else cannot be understood (an unknown status word, an
//! impossible date, broken front matter, a missing title) is kept as written and reported as a
//! warning on the file, which still imports.

mod dates;
mod front_matter;
mod skip;
pub(crate) mod status;

use archboard_types::adr::AdrStatus;
use archboard_types::adr_folder::{AdrFlavor, DateOrder};
use chrono::NaiveDate;
use dates::DateReading;
use front_matter::{Entry, FrontMatter};
use yaml_rust2::Yaml;

pub use dates::parse_date_text;
pub use skip::skip_reason;

/// Files larger than this are refused rather than imported.
pub const FILE_MAX_BYTES: usize = archboard_types::files::IMPORT_FILE_MAX_BYTES;

/// What the folder says about its files, beyond each file's own text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// How numeric dates such as `03/04/2017` are written in this collection.
    pub date_order: DateOrder,
    /// What the folder says about itself (`.log4brains.yml`, `.adr-dir`).
    pub folder_flavor: Option<AdrFlavor>,
}

/// Something in a file that was not understood and was kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file line (1-based) it concerns, when it concerns one.
    pub line: Option<u32>,
    pub message: String,
}

/// A decision as read from a file, before it meets the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAdr {
    pub flavor: AdrFlavor,
    /// From the file name (`0007-…`, `ADR-007-…`, `adr_7_…`) or the title (`# 7. Title`,
    /// `# ADR-0007: Title`); 0 is a real number (MADR's `0000-use-markdown-…md`).
    pub number: Option<u32>,
    /// The file name without `.md` when the name carries no number: log4brains'
    /// `yyyymmdd-slug`, or a plain `use-postgres` (also for any file of a log4brains folder).
    pub slug: Option<String>,
    pub title: String,
    /// `None` when the file states no status, or its wording has no clear lifecycle meaning.
    pub status: Option<AdrStatus>,
    /// The file's own status wording, verbatim (trimmed), whenever it is not exactly one of the
    /// five status words in lowercase or capitalised (`draft`, `on hold`,
    /// `Accepted; supersedes ADR-0045`, a badge).
    pub status_note: Option<String>,
    pub date: Option<NaiveDate>,
    /// The date as written whenever it is not ISO `yyyy-mm-dd` (`31/03/2017`, `March 31, 2017`,
    /// the impossible `31/06/2016`); `None` when ISO or absent.
    pub date_text: Option<String>,
    pub deciders: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub tags: Vec<String>,
    pub body: String,
    pub links: Vec<DeclaredLink>,
    /// The front matter lines Archboard does not use (`nav_order`, `parent`, `layout`, a
    /// `title:` beside a `# ` heading, keys that are not valid YAML, comments), verbatim with
    /// their continuation lines, joined with `\n`, no trailing newline.
    pub front_matter_extra: Option<String>,
    pub warnings: Vec<Warning>,
}

/// A link line such as `Supercedes [9. Use X](0009-use-x.md)`, or a link named in a status
/// (`Accepted; supersedes ADR-0045`), read from the declaring file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredLink {
    pub label: String,
    pub target: LinkTarget,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    Number(u32),
    Slug(String),
}

/// Why a file could not be read at all: it is over 5 MB, or it is not UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: Option<u32>,
    pub message: String,
}

/// The front matter keys Archboard reads as decision fields; their presence makes a file MADR 3/4.
const MADR_KEYS: [&str; 6] = ["status", "date", "decision-makers", "deciders", "consulted", "informed"];

/// The keys of MADR 2 / log4brains bullet metadata (`* Status: accepted`).
const BULLET_KEYS: [&str; 8] =
    ["status", "date", "deciders", "decision-makers", "decision makers", "consulted", "informed", "tags"];

/// The file-name conventions, as `(number, slug)`: a number from `0007-use-sqlite.md`,
/// `7-use-sqlite.md`, `ADR-007-use-sqlite.md`, `adr_007_use_sqlite.md`, `0007.md`,
/// `ADR-0007.md`; otherwise the stem as the slug: log4brains' `20240131-use-sqlite.md`, a
/// dated `2024-01-31-use-sqlite.md`, a plain `use-sqlite.md`. Not Markdown: `(None, None)`.
pub fn name_parts(path: &str) -> (Option<u32>, Option<String>) {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.strip_suffix(".md") {
        None | Some("") => (None, None),
        Some(stem) => match split_stem(stem) {
            (Some(number), _) => (Some(number), None),
            (None, _) => (None, Some(stem.to_owned())),
        },
    }
}

/// A stem's number (if it has one) and the words after the number or the date prefix.
fn split_stem(stem: &str) -> (Option<u32>, &str) {
    let bytes = stem.as_bytes();
    let digits_at =
        |from: usize| bytes[from.min(bytes.len())..].iter().take_while(|b| b.is_ascii_digit()).count();
    let separator = |at: usize| at >= bytes.len() || matches!(bytes[at], b'-' | b'_' | b'.' | b' ');
    let rest_from = |at: usize| stem.get(at + 1..).unwrap_or_default();
    // log4brains' `yyyymmdd-` and a dated `yyyy-mm-dd-`: a date, never a number.
    if digits_at(0) == 8 && separator(8) {
        return (None, rest_from(8));
    }
    if stem.len() >= 10
        && digits_at(0) == 4
        && bytes[4] == b'-'
        && digits_at(5) == 2
        && bytes[7] == b'-'
        && digits_at(8) == 2
        && separator(10)
    {
        return (None, rest_from(10));
    }
    let mut at = 0;
    if stem.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("adr")) {
        at = 3;
        if bytes.get(at).is_some_and(|b| matches!(b, b'-' | b'_' | b' ' | b'.')) {
            at += 1;
        }
    }
    let digits = digits_at(at);
    if (1..=7).contains(&digits) && separator(at + digits) {
        return (stem[at..at + digits].parse().ok(), rest_from(at + digits));
    }
    (None, stem)
}

/// `use-postgres` → `Use postgres`, for a file that has no title heading.
fn title_from_name(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let (number, rest) = split_stem(stem);
    let words = rest.replace(['-', '_'], " ").split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match (chars.next(), number) {
        (Some(first), _) => first.to_uppercase().chain(chars).collect(),
        (None, Some(number)) => archboard_types::adr::display_number(number),
        (None, None) if !stem.trim().is_empty() => stem.to_owned(),
        (None, None) => "Untitled decision".to_owned(),
    }
}

/// Reads one file. Only a file over 5 MB or one that is not UTF-8 is an error.
pub fn parse_file(path: &str, bytes: &[u8], options: &ParseOptions) -> Result<ParsedAdr, ParseError> {
    if bytes.len() > FILE_MAX_BYTES {
        return Err(ParseError {
            line: None,
            message: format!(
                "the file is {:.1} MB; files over 5 MB are not imported",
                bytes.len() as f64 / 1_000_000.0
            ),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u32 + 1;
        ParseError {
            line: Some(line),
            message: "the file is not UTF-8 text (save it as UTF-8 and import again)".into(),
        }
    })?;
    // Editors on Windows often start UTF-8 files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut reader = Reader { lines: &lines, options: *options, warnings: Vec::new() };
    Ok(reader.parse(path))
}

/// A title heading: `# Title` or a setext `Title` over `=====`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub index: usize,
    /// The heading's last line (the `===` line of a setext heading).
    pub end: usize,
    pub text: String,
}

/// The first level-1 heading from `start` on, outside fenced code.
pub(crate) fn find_title(lines: &[&str], start: usize) -> Option<Heading> {
    let mut fence: Option<char> = None;
    for index in start..lines.len() {
        let line = lines[index];
        let indented = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if indented <= 3
            && let Some(mark) = ['`', '~'].into_iter().find(|m| trimmed.starts_with(&m.to_string().repeat(3)))
        {
            fence = match fence {
                None => Some(mark),
                Some(open) if open == mark => None,
                other => other,
            };
            continue;
        }
        if fence.is_some() || indented > 3 {
            continue;
        }
        if trimmed == "#" || trimmed.starts_with("# ") {
            let text = closing_hashes(trimmed[1..].trim());
            if !text.is_empty() {
                return Some(Heading { index, end: index, text: text.to_owned() });
            }
            continue;
        }
        let underline = lines.get(index + 1).map(|l| l.trim()).unwrap_or_default();
        let paragraph_start = index == start || lines[index - 1].trim().is_empty();
        if paragraph_start
            && !trimmed.is_empty()
            && !underline.is_empty()
            && underline.bytes().all(|b| b == b'=')
            && !trimmed.starts_with(['#', '>', '-', '*', '+', '|', '<'])
        {
            return Some(Heading { index, end: index + 1, text: trimmed.to_owned() });
        }
    }
    None
}

/// `Title ##` → `Title`: CommonMark's optional closing sequence (after a space only, so that
/// `Use C#` keeps its `#`).
fn closing_hashes(text: &str) -> &str {
    let without = text.trim_end_matches('#');
    if without.len() == text.len() || !(without.is_empty() || without.ends_with(' ')) {
        text
    } else {
        without.trim_end()
    }
}

/// `7. Title`, `ADR-0007: Title`, `ADR 7 - Title`, `7 - Title`, `ADR-0007 Title` → the number
/// and the title. A title that merely starts with digits (`2FA for the registry`, `10x faster`)
/// has no number.
fn heading_number(heading: &str) -> Option<(u32, &str)> {
    let bytes = heading.as_bytes();
    let mut at = 0;
    let prefixed = heading.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("adr"));
    if prefixed {
        at = 3;
        if bytes.get(at).is_some_and(|b| matches!(b, b'-' | b'_' | b' ' | b'#')) {
            at += 1;
        }
    }
    let digits = bytes[at..].iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=7).contains(&digits) {
        return None;
    }
    let number = heading[at..at + digits].parse().ok()?;
    let after = &heading[at + digits..];
    let spaced = after.trim_start();
    let rest = if let Some(rest) = spaced.strip_prefix(['.', ':', ')']) {
        // `7.5 release` is not `7. 5 release`.
        if spaced.starts_with('.') && !rest.starts_with(char::is_whitespace) {
            return None;
        }
        rest
    } else if let Some(rest) = spaced.strip_prefix(['-', '–', '—', '|']) {
        if !after.starts_with(char::is_whitespace) && !rest.starts_with(char::is_whitespace) {
            return None;
        }
        rest
    } else if prefixed && after.starts_with(char::is_whitespace) {
        spaced
    } else {
        return None;
    };
    let rest = rest.trim();
    (!rest.is_empty()).then_some((number, rest))
}

fn empty(flavor: AdrFlavor) -> ParsedAdr {
    ParsedAdr {
        flavor,
        number: None,
        slug: None,
        title: String::new(),
        status: None,
        status_note: None,
        date: None,
        date_text: None,
        deciders: vec![],
        consulted: vec![],
        informed: vec![],
        tags: vec![],
        body: String::new(),
        links: vec![],
        front_matter_extra: None,
        warnings: vec![],
    }
}

/// The body: everything from `start` on, without the blank lines that separate it from the
/// metadata above.
fn body_from(lines: &[&str], start: usize) -> String {
    let rest: Vec<&str> =
        lines.get(start..).unwrap_or_default().iter().copied().skip_while(|l| l.trim().is_empty()).collect();
    if rest.is_empty() { String::new() } else { format!("{}\n", rest.join("\n").trim_end()) }
}

/// Whether a status wording is exactly one of the five words, lowercase or capitalised
/// (nothing worth keeping beside the status).
fn is_plain_status_word(text: &str) -> bool {
    AdrStatus::ALL.iter().any(|s| {
        let word = s.as_str();
        let mut chars = word.chars();
        let capitalised: String =
            chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        text == word || text == capitalised
    })
}

/// `Key: value` with the key lowercase, also `**Key:** value` and `**Key**: value`.
fn key_value(text: &str) -> Option<(String, &str)> {
    let (raw_key, value) = text.split_once(':')?;
    let key = raw_key.trim().trim_matches(['*', '_']).trim().to_ascii_lowercase();
    if key.is_empty() || key.contains(['[', ']', '(', ')', '`']) {
        return None;
    }
    // `**Status:** Accepted`: the emphasis closes after the colon.
    let value = value.trim();
    let value = if raw_key.trim_start().starts_with("**") && !raw_key.trim_end().ends_with("**") {
        value.strip_prefix("**").unwrap_or(value).trim()
    } else if raw_key.trim_start().starts_with("__") && !raw_key.trim_end().ends_with("__") {
        value.strip_prefix("__").unwrap_or(value).trim()
    } else {
        value
    };
    Some((key, value))
}

/// A metadata bullet (`* Status: accepted`, `- Date: …`): its bullet character, key and value.
fn bullet(line: &str) -> Option<(char, String, &str)> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let mark = trimmed.chars().next().filter(|c| matches!(c, '*' | '-' | '+'))?;
    let item = trimmed[1..].strip_prefix([' ', '\t'])?;
    let (key, value) = key_value(item)?;
    Some((mark, key, value))
}

/// An ATX heading line of any level (`## Context`).
fn is_heading(line: &str) -> bool {
    let trimmed = line.trim_start();
    let hashes = trimmed.bytes().take_while(|b| *b == b'#').count();
    (1..=6).contains(&hashes) && (trimmed.len() == hashes || trimmed[hashes..].starts_with([' ', '\t']))
}

/// `## Status` (also `### Status`, `## Status:`).
fn is_status_heading(line: &str) -> bool {
    let trimmed = line.trim();
    let hashes = trimmed.bytes().take_while(|b| *b == b'#').count();
    (2..=3).contains(&hashes) && trimmed[hashes..].trim().trim_end_matches(':').eq_ignore_ascii_case("status")
}

/// One file being read: its lines and the warnings found so far.
struct Reader<'a> {
    lines: &'a [&'a str],
    options: ParseOptions,
    warnings: Vec<Warning>,
}

impl<'a> Reader<'a> {
    fn warn(&mut self, line: Option<u32>, message: impl Into<String>) {
        self.warnings.push(Warning { line, message: message.into() });
    }

    fn parse(&mut self, path: &str) -> ParsedAdr {
        let lines = self.lines;
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let stem = name.strip_suffix(".md").unwrap_or(name);
        let (file_number, mut slug) = name_parts(path);
        let log4brains_folder = self.options.folder_flavor == Some(AdrFlavor::Log4brains);
        if slug.is_none() && log4brains_folder {
            // In a log4brains folder the file name is the identity, numbered or not.
            slug = Some(stem.to_owned());
        }
        let dated_name = file_number.is_none() && split_stem(stem).1.len() < stem.len();

        let mut front: Option<FrontMatter<'a>> = None;
        if lines.first().is_some_and(|l| l.trim_end() == "---") {
            match front_matter::closing_fence(lines) {
                Some(close) => front = Some(front_matter::read(lines, close)),
                None => self.warn(
                    Some(1),
                    "the front matter opened with `---` is never closed; the file is read as if it had none",
                ),
            }
        }
        let content_start = front.as_ref().map(|f| f.close + 1).unwrap_or(0);
        if let Some((line, info)) = front.as_ref().and_then(|f| f.error.clone()) {
            self.warn(
                Some(line),
                format!(
                    "the front matter is not valid YAML ({info}); what cannot be read is kept as written"
                ),
            );
        }
        let entries: &[Entry<'a>] = front.as_ref().map(|f| f.entries.as_slice()).unwrap_or_default();
        let mut used = vec![false; entries.len()];
        let heading = find_title(lines, content_start);
        let after_title = heading.as_ref().map(|h| h.end + 1).unwrap_or(content_start);

        let madr = entries
            .iter()
            .any(|e| e.value.is_some() && e.key.as_deref().is_some_and(|k| MADR_KEYS.contains(&k)));
        let mut parsed = if madr {
            let has = |key: &str| entries.iter().any(|e| e.key.as_deref() == Some(key));
            let flavor =
                if has("decision-makers") || !has("deciders") { AdrFlavor::Madr4 } else { AdrFlavor::Madr3 };
            let mut parsed = empty(flavor);
            self.read_front_matter_keys(entries, &mut used, &mut parsed);
            parsed.body = body_from(lines, after_title);
            parsed
        } else {
            let numbered_heading = heading.as_ref().and_then(|h| heading_number(&h.text)).is_some();
            let log4brains_name = log4brains_folder || dated_name;
            let mut parsed = self.read_markdown_metadata(
                after_title,
                heading.as_ref(),
                log4brains_name,
                file_number.is_none() && !numbered_heading,
            );
            // `tags:` alone does not make a file MADR (site generators use it too), but in a
            // file that reads as MADR 4 anyway it is MADR's key (as rendered for such a file).
            if parsed.flavor == AdrFlavor::Madr4
                && let Some(index) =
                    entries.iter().position(|e| e.key.as_deref() == Some("tags") && e.value.is_some())
            {
                used[index] = true;
                let value = entries[index].value.clone().unwrap_or(Yaml::Null);
                parsed.tags = self.yaml_list(&entries[index], &value);
            }
            parsed
        };

        // The title: the heading, else the front matter's `title:`, else the file name.
        let mut heading_numbered = None;
        if let Some(heading) = &heading {
            match heading_number(&heading.text) {
                Some((number, rest)) => {
                    heading_numbered = Some((number, heading.index as u32 + 1));
                    parsed.title = rest.to_owned();
                }
                None => parsed.title = heading.text.clone(),
            }
        } else if let Some((index, title)) = entries.iter().enumerate().find_map(|(i, e)| {
            let title = e.value.as_ref().and_then(front_matter::scalar)?;
            (e.key.as_deref() == Some("title") && !title.trim().is_empty())
                .then(|| (i, title.trim().to_owned()))
        }) {
            used[index] = true;
            parsed.title = title;
        } else {
            parsed.title = title_from_name(path);
            self.warn(
                None,
                format!(
                    "no `# Title` heading in the file; the title `{}` is taken from the file name",
                    parsed.title
                ),
            );
        }
        parsed.number = match (file_number, heading_numbered) {
            (Some(from_name), Some((from_heading, line))) if from_name != from_heading => {
                self.warn(
                    Some(line),
                    format!(
                        "the title says {from_heading} but the file name says {from_name}; the file name's number is used"
                    ),
                );
                Some(from_name)
            }
            (Some(number), _) => Some(number),
            (None, heading) => heading.map(|(number, _)| number),
        };
        parsed.slug = slug;

        let extra: Vec<&str> = entries
            .iter()
            .zip(&used)
            .filter(|(_, used)| !**used)
            .flat_map(|(e, _)| e.lines.iter().copied())
            .collect();
        parsed.front_matter_extra = (!extra.is_empty()).then(|| extra.join("\n"));

        if parsed.status.is_none() && parsed.status_note.is_none() {
            self.warn(None, "no status in the file; the status is unknown");
        }
        if parsed.date.is_none() && parsed.date_text.is_none() {
            self.warn(None, "no date in the file; the date is unknown");
        }
        // Links named twice (a compound status and a link line) count once.
        let mut seen: Vec<(String, LinkTarget)> = Vec::new();
        parsed.links.retain(|link| {
            let key = (canonical_label(&link.label), link.target.clone());
            let new = !seen.contains(&key);
            seen.push(key);
            new
        });
        let mut warnings = std::mem::take(&mut self.warnings);
        warnings.sort_by_key(|w| w.line);
        parsed.warnings = warnings;
        parsed
    }

    /// MADR 3/4's keys. The first of a repeated key is used; the others are kept as written.
    fn read_front_matter_keys(&mut self, entries: &[Entry<'a>], used: &mut [bool], parsed: &mut ParsedAdr) {
        let mut seen: Vec<String> = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let (Some(key), Some(value)) = (entry.key.as_deref(), entry.value.as_ref()) else { continue };
            if !MADR_KEYS.contains(&key) && key != "tags" {
                continue;
            }
            if seen.iter().any(|k| k == key) {
                self.warn(
                    Some(entry.line),
                    format!("`{key}` appears twice in the front matter; the first is used, this one is kept as written"),
                );
                continue;
            }
            seen.push(key.to_owned());
            used[index] = true;
            let line = entry.line;
            match key {
                "status" | "date" => {
                    let text = match value {
                        Yaml::Null => None,
                        other => Some(front_matter::scalar(other).unwrap_or_else(|| entry.raw_value())),
                    };
                    match (key, text) {
                        ("status", Some(text)) => self.set_status(parsed, &text, line),
                        ("date", Some(text)) => self.set_date(parsed, &text, line),
                        _ => {}
                    }
                }
                _ => {
                    let names = self.yaml_list(entry, value);
                    match key {
                        "decision-makers" | "deciders" => parsed.deciders = names,
                        "consulted" => parsed.consulted = names,
                        "informed" => parsed.informed = names,
                        _ => parsed.tags = names,
                    }
                }
            }
        }
    }

    /// A YAML list of names, or one comma-separated string of them; MADR's
    /// `{list everyone involved}` placeholder is no names, with a warning.
    fn yaml_list(&mut self, entry: &Entry<'a>, value: &Yaml) -> Vec<String> {
        match value {
            Yaml::Array(items) => items
                .iter()
                .filter_map(front_matter::scalar)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect(),
            Yaml::Null => vec![],
            other => match front_matter::scalar(other) {
                Some(text) => split_people(&text),
                None => {
                    let key = entry.key.clone().unwrap_or_default();
                    self.warn(
                        Some(entry.line),
                        format!(
                            "`{key}` still holds the template's placeholder `{}`; no names read",
                            entry.raw_value()
                        ),
                    );
                    vec![]
                }
            },
        }
    }

    /// Files without MADR front matter: MADR 2 / log4brains bullets under the title, or
    /// adr-tools' `Date:` and `## Status`, or only a title and sections (MADR 4 without front
    /// matter).
    fn read_markdown_metadata(
        &mut self,
        after_title: usize,
        heading: Option<&Heading>,
        log4brains_name: bool,
        unnumbered: bool,
    ) -> ParsedAdr {
        let lines = self.lines;
        let first = (after_title..lines.len()).find(|i| !lines[*i].trim().is_empty()).unwrap_or(lines.len());
        // The run of `key: value` bullets right under the title, up to the last known key.
        let run: Vec<(usize, char, String)> = (first..lines.len())
            .map_while(|i| bullet(lines[i]).map(|(mark, key, _)| (i, mark, key)))
            .collect();
        let last_known = run.iter().rposition(|(_, _, key)| BULLET_KEYS.contains(&key.as_str()));
        if let Some(last_known) = last_known {
            let dashes = run.first().is_some_and(|(_, mark, _)| *mark == '-');
            let log4brains = log4brains_name || (unnumbered && dashes);
            return self.read_bullets(&run[..=last_known], log4brains);
        }
        let adr_tools_heading = heading.is_some_and(|h| {
            heading_number(&h.text).is_some() && h.text.trim_start().starts_with(|c: char| c.is_ascii_digit())
        });
        let status_heading = (after_title..lines.len()).find(|i| is_status_heading(lines[*i]));
        let preamble_end = status_heading
            .or_else(|| (after_title..lines.len()).find(|i| is_heading(lines[*i])))
            .unwrap_or(lines.len());
        let preamble_meta = (after_title..preamble_end)
            .map(|i| lines[i].trim())
            .filter(|l| !l.is_empty())
            .map_while(|l| key_value(l).filter(|(key, _)| key == "date" || key == "status"))
            .count();
        if status_heading.is_some() || preamble_meta > 0 || adr_tools_heading {
            return self.read_adr_tools(after_title, status_heading, preamble_end);
        }
        let flavor = if log4brains_name { AdrFlavor::Log4brains } else { AdrFlavor::Madr4 };
        let mut parsed = empty(flavor);
        parsed.body = body_from(lines, after_title);
        parsed
    }

    /// MADR 2 (`* Status:`) and log4brains (`- Status:`). Unknown bullets among the known
    /// ones are not metadata: they stay at the top of the body.
    fn read_bullets(&mut self, run: &[(usize, char, String)], log4brains: bool) -> ParsedAdr {
        let lines = self.lines;
        let mut parsed = empty(if log4brains { AdrFlavor::Log4brains } else { AdrFlavor::Madr2 });
        let mut kept: Vec<&str> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for (index, _, key) in run {
            let line_number = *index as u32 + 1;
            let value = bullet(lines[*index]).map(|(_, _, v)| v).unwrap_or_default();
            if !BULLET_KEYS.contains(&key.as_str()) || seen.contains(key) {
                kept.push(lines[*index]);
                continue;
            }
            seen.push(key.clone());
            match key.as_str() {
                "status" if !value.is_empty() => self.set_status(&mut parsed, value, line_number),
                "date" if !value.is_empty() => self.set_date(&mut parsed, value, line_number),
                "deciders" | "decision-makers" | "decision makers" => parsed.deciders = split_people(value),
                "consulted" => parsed.consulted = split_people(value),
                "informed" => parsed.informed = split_people(value),
                "tags" => parsed.tags = split_people(value),
                _ => {}
            }
        }
        let rest = body_from(lines, run.last().map(|(i, _, _)| i + 1).unwrap_or(lines.len()));
        parsed.body = match (kept.is_empty(), rest.is_empty()) {
            (true, _) => rest,
            (false, true) => format!("{}\n", kept.join("\n")),
            (false, false) => format!("{}\n\n{rest}", kept.join("\n")),
        };
        parsed
    }

    /// adr-tools (Nygard): `Date:` under the title, then `## Status` whose first line is the
    /// status and whose other lines are links; the body starts at the next heading. Without a
    /// `## Status` section the body starts after the title and date.
    fn read_adr_tools(
        &mut self,
        after_title: usize,
        status_heading: Option<usize>,
        preamble_end: usize,
    ) -> ParsedAdr {
        let lines = self.lines;
        let mut parsed = empty(AdrFlavor::AdrTools);
        let mut first_prose = None;
        for (index, line) in lines.iter().enumerate().take(preamble_end).skip(after_title) {
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            let line_number = index as u32 + 1;
            match key_value(trimmed) {
                Some((key, value))
                    if key == "date" && parsed.date.is_none() && parsed.date_text.is_none() =>
                {
                    if !value.is_empty() {
                        self.set_date(&mut parsed, value, line_number);
                    }
                }
                Some((key, value)) if key == "status" && status_heading.is_none() && !value.is_empty() => {
                    self.set_status(&mut parsed, value, line_number);
                }
                _ => {
                    first_prose = Some(index);
                    break;
                }
            }
        }
        let Some(status_index) = status_heading else {
            parsed.body = body_from(lines, first_prose.unwrap_or(preamble_end));
            return parsed;
        };
        if let Some(prose) = first_prose {
            self.warn(
                Some(prose as u32 + 1),
                "text between the title and `## Status` is not part of the decision's body; it is left out when the decision is written back",
            );
        }
        let section_end =
            (status_index + 1..lines.len()).find(|i| is_heading(lines[*i])).unwrap_or(lines.len());
        let mut body_start = section_end;
        let mut status_seen = false;
        for (index, line) in lines.iter().enumerate().take(section_end).skip(status_index + 1) {
            let line_number = index as u32 + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            let markdown_link = link_line(trimmed, line_number);
            if status::starts_with_relation(trimmed) {
                // A link line: adr-tools' own `Supercedes [2. Use X](0002-use-x.md)` keeps its
                // label as written; `Superseded by ADR-0012` is read like a compound status.
                let links = match markdown_link.clone() {
                    Some(link) if status::starts_with_relation(&link.label) => vec![link],
                    _ => status::read_status(trimmed, line_number).links,
                };
                if !links.is_empty() {
                    if !status_seen && canonical_label(&links[0].label) == "superseded by" {
                        parsed.status = Some(AdrStatus::Superseded);
                        status_seen = true;
                    }
                    parsed.links.extend(links);
                    continue;
                }
            }
            if !status_seen {
                let reading = status::read_status(trimmed, line_number);
                if reading.status.is_none()
                    && reading.links.is_empty()
                    && let Some(link) = markdown_link
                {
                    // A link with a label of its own (`Implements [3. X](0003-x.md)`).
                    parsed.links.push(link);
                    continue;
                }
                self.set_status(&mut parsed, trimmed, line_number);
                status_seen = true;
                continue;
            }
            if let Some(link) = markdown_link {
                parsed.links.push(link);
                continue;
            }
            // Prose after the status and its links: the body starts here, without a heading.
            body_start = index;
            break;
        }
        parsed.body = body_from(lines, body_start);
        parsed
    }

    /// Reads a status wording into the status, the kept wording and the links it names.
    fn set_status(&mut self, parsed: &mut ParsedAdr, raw: &str, line: u32) {
        let text = raw.trim();
        let reading = status::read_status(text, line);
        parsed.status = reading.status;
        parsed.status_note = (!is_plain_status_word(text)).then(|| text.to_owned());
        parsed.links.extend(reading.links);
        if let Some(problem) = reading.problem {
            self.warn(Some(line), problem);
        }
    }

    /// Reads a date as written, in the collection's day/month order.
    fn set_date(&mut self, parsed: &mut ParsedAdr, raw: &str, line: u32) {
        let text = raw.trim();
        let order = self.options.date_order;
        let unknown = |why: &str| format!("`{text}` {why}; kept as written, the date is unknown");
        match dates::read_date(text, order) {
            DateReading::Iso(date) => {
                parsed.date = Some(date);
                // `"2017-03-31"` in a bullet is ISO once its quotes are set aside.
                parsed.date_text = (text != date.format("%Y-%m-%d").to_string()).then(|| text.to_owned());
            }
            // Read in the collection's stated order, so `03/04/2017` needs no warning: the order
            // was chosen for the whole folder, and a wrong choice shows as impossible dates.
            DateReading::Read { date } => {
                parsed.date = Some(date);
                parsed.date_text = Some(text.to_owned());
            }
            DateReading::Impossible => {
                let why = match (order, text.contains(char::is_alphabetic)) {
                    (DateOrder::MonthFirst, false) => {
                        "is not a date that exists (this collection writes dates month first)"
                    }
                    _ => "is not a date that exists",
                };
                parsed.date_text = Some(text.to_owned());
                self.warn(Some(line), unknown(why));
            }
            DateReading::Placeholder => {
                parsed.date_text = Some(text.to_owned());
                self.warn(Some(line), unknown("is still the template's placeholder, not a date"));
            }
            DateReading::Unreadable => {
                parsed.date_text = Some(text.to_owned());
                self.warn(Some(line), unknown("is not a date Archboard can read"));
            }
        }
    }
}

/// Labels compared for sameness: adr-tools' `Supercedes` is `Supersedes`.
fn canonical_label(label: &str) -> String {
    match label.trim().to_ascii_lowercase().as_str() {
        "supercedes" | "replaces" => "supersedes".into(),
        "superceded by" | "superseeded by" | "replaced by" => "superseded by".into(),
        other => other.to_owned(),
    }
}

/// `Ada, [Grace](mailto:g@x.org), Linus` → names, with Markdown link syntax reduced to its text.
fn split_people(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|name| {
            let name = name.trim();
            match (name.strip_prefix('['), name.find("](")) {
                (Some(_), Some(end)) => name[1..end].to_owned(),
                _ => name.to_owned(),
            }
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// `Label [text](target.md)`: the label, and the target's number or slug from its file name
/// (or from `N. ` / `ADR-NNNN` in the text when the target is not a file name).
pub fn link_line(line: &str, line_number: u32) -> Option<DeclaredLink> {
    let open = line.find('[')?;
    let close = line[open..].find("](")? + open;
    let end = line[close..].find(')')? + close;
    let label = line[..open].trim().trim_start_matches(['*', '-', '+']).trim().trim_end_matches(':').trim();
    if label.is_empty() || label.ends_with('!') {
        return None;
    }
    let target = status::link_target(&line[close + 2..end], &line[open + 1..close])?;
    Some(DeclaredLink { label: label.to_owned(), target, line: line_number })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str, text: &str) -> ParsedAdr {
        parse_file(path, text.as_bytes(), &ParseOptions::default()).unwrap()
    }

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// A MADR 2 file whose only varying part is one bullet.
    fn madr2_with(bullet: &str) -> ParsedAdr {
        read("0001-x.md", &format!("# Serve models with Triton\n\n{bullet}\n\n## Context\n\nx\n"))
    }

    #[test]
    fn file_names_give_numbers_or_slugs() {
        assert_eq!(name_parts("doc/adr/0007-use-sqlite.md"), (Some(7), None));
        assert_eq!(name_parts("20240131-use-sqlite.md"), (None, Some("20240131-use-sqlite".into())));
        assert_eq!(name_parts("2024-01-31-use-sqlite.md"), (None, Some("2024-01-31-use-sqlite".into())));
        assert_eq!(name_parts("README.md"), (None, Some("README".into())));
        assert_eq!(name_parts("use-postgres.md"), (None, Some("use-postgres".into())));
        assert_eq!(name_parts("0007-notes.txt"), (None, None));
        for (name, number) in [
            ("0000-use-markdown-architectural-decision-records.md", 0),
            ("1-foo.md", 1),
            ("001-foo.md", 1),
            ("0001-foo.md", 1),
            ("00001-foo.md", 1),
            ("ADR-001-foo.md", 1),
            ("adr-0001-foo.md", 1),
            ("ADR001-foo.md", 1),
            ("adr_001_foo.md", 1),
            ("0001_foo.md", 1),
            ("0001.md", 1),
            ("ADR-0007.md", 7),
            ("docs\\adr\\0012-windows-path.md", 12),
        ] {
            assert_eq!(name_parts(name), (Some(number), None), "{name}");
        }
        assert_eq!(name_parts("10x-faster-serving.md"), (None, Some("10x-faster-serving".into())));
    }

    #[test]
    fn headings_give_numbers_and_titles() {
        assert_eq!(heading_number("7. Use Triton"), Some((7, "Use Triton")));
        assert_eq!(heading_number("ADR-0007: Use Triton"), Some((7, "Use Triton")));
        assert_eq!(heading_number("ADR 7 - Use Triton"), Some((7, "Use Triton")));
        assert_eq!(heading_number("7 - Use Triton"), Some((7, "Use Triton")));
        assert_eq!(heading_number("ADR-0007 Use Triton"), Some((7, "Use Triton")));
        assert_eq!(heading_number("2FA for the model registry"), None);
        assert_eq!(heading_number("10x faster feature joins"), None);
        assert_eq!(heading_number("7.5 release of the serving stack"), None);
        let adr = read("use-triton.md", "# ADR-0007: Use Triton\n\n* Status: accepted\n* Date: 2024-01-02\n");
        assert_eq!((adr.number, adr.title.as_str(), adr.flavor), (Some(7), "Use Triton", AdrFlavor::Madr2));
        assert_eq!(adr.slug.as_deref(), Some("use-triton"));
        let clash =
            read("0003-use-triton.md", "# 4. Use Triton\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n");
        assert_eq!(clash.number, Some(3));
        assert!(clash.warnings.iter().any(|w| w.line == Some(1) && w.message.contains("says 4")));
    }

    #[test]
    fn adr_tools_status_links_and_body() {
        let text = "# 3. Use PostgreSQL\n\nDate: 2024-02-01\n\n## Status\n\nAccepted\n\nSupercedes [2. Use MySQL](0002-use-mysql.md)\n\nAmends [1. Record decisions](0001-record-decisions.md)\n\n## Context\n\nWe need JSON.\n";
        let adr = read("0003-use-postgresql.md", text);
        assert_eq!(adr.flavor, AdrFlavor::AdrTools);
        assert_eq!(
            (adr.number, adr.title.as_str(), adr.status),
            (Some(3), "Use PostgreSQL", Some(AdrStatus::Accepted))
        );
        assert_eq!(
            (adr.date, adr.date_text.as_deref(), adr.status_note.as_deref()),
            (ymd(2024, 2, 1), None, None)
        );
        let labels: Vec<_> = adr.links.iter().map(|l| (l.label.as_str(), l.target.clone())).collect();
        assert_eq!(labels, vec![("Supercedes", LinkTarget::Number(2)), ("Amends", LinkTarget::Number(1))]);
        assert_eq!(adr.body, "## Context\n\nWe need JSON.\n");
        assert_eq!(adr.slug, None);
        assert!(adr.warnings.is_empty(), "{:?}", adr.warnings);
    }

    #[test]
    fn adr_tools_superseded_status_line_is_a_link() {
        let text = "# 2. Use MySQL\n\nDate: 2024-01-01\n\n## Status\n\nSuperceded by [3. Use PostgreSQL](0003-use-postgresql.md)\n\n## Context\n\nx\n";
        let adr = read("0002-use-mysql.md", text);
        assert_eq!(adr.status, Some(AdrStatus::Superseded));
        assert_eq!(adr.links[0].target, LinkTarget::Number(3));
        let plain = read(
            "0002-use-mysql.md",
            "# 2. Use MySQL\n\n## Status\n\nSuperseded by ADR-0012\n\nAmended by #5\n",
        );
        assert_eq!(plain.status, Some(AdrStatus::Superseded));
        let labels: Vec<_> =
            plain.links.iter().map(|l| (l.label.as_str(), l.target.clone(), l.line)).collect();
        assert_eq!(
            labels,
            vec![("Superseded by", LinkTarget::Number(12), 5), ("Amended by", LinkTarget::Number(5), 7)]
        );
    }

    #[test]
    fn adr_tools_without_a_status_section_still_imports() {
        let text = "# 4. Cache features in Redis\n\nDate: 2024-03-05\n\n## Context\n\nLookups are slow.\n";
        let adr = read("0004-cache-features-in-redis.md", text);
        assert_eq!((adr.flavor, adr.status, adr.status_note.as_deref()), (AdrFlavor::AdrTools, None, None));
        assert_eq!(adr.date, ymd(2024, 3, 5));
        assert_eq!(adr.body, "## Context\n\nLookups are slow.\n");
        assert_eq!(
            adr.warnings,
            vec![Warning { line: None, message: "no status in the file; the status is unknown".into() }]
        );
        let inline = read(
            "0005-x.md",
            "# 5. Pin CUDA versions\n\nDate: 2024-03-06\nStatus: Accepted\n\nWe pin CUDA.\n",
        );
        assert_eq!(inline.status, Some(AdrStatus::Accepted));
        assert_eq!(inline.body, "We pin CUDA.\n");
    }

    #[test]
    fn madr_front_matter_versions_are_told_apart() {
        let madr4 = "---\nstatus: accepted\ndate: 2024-03-01\ndecision-makers: [Ada, Grace]\nconsulted: Linus\n---\n\n# Use Leptos\n\n## Context and Problem Statement\n\nWhy.\n";
        let adr = read("0004-use-leptos.md", madr4);
        assert_eq!((adr.flavor, adr.status), (AdrFlavor::Madr4, Some(AdrStatus::Accepted)));
        assert_eq!(adr.deciders, vec!["Ada", "Grace"]);
        assert_eq!(adr.consulted, vec!["Linus"]);
        assert!(adr.body.starts_with("## Context and Problem Statement"));
        assert_eq!(adr.front_matter_extra, None);
        let madr3 = "---\nstatus: proposed\ndeciders: Ada, Grace\n---\n# Use Tauri\n\nBody.\n";
        assert_eq!(read("0005-use-tauri.md", madr3).flavor, AdrFlavor::Madr3);
    }

    #[test]
    fn madr_placeholders_are_warnings_with_their_line() {
        let text = "---\nstatus: {proposed | rejected | accepted | deprecated | … | superseded by ADR-0123}\ndate: {YYYY-MM-DD when the decision was last updated}\n---\n# Serve models with Triton\n";
        let adr = read("0001-t.md", text);
        assert_eq!((adr.status, adr.date), (None, None));
        assert_eq!(
            adr.status_note.as_deref(),
            Some("{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123}")
        );
        assert_eq!(adr.date_text.as_deref(), Some("{YYYY-MM-DD when the decision was last updated}"));
        assert_eq!(adr.warnings.len(), 2, "{:?}", adr.warnings);
        assert!(adr.warnings[0].line == Some(2) && adr.warnings[0].message.contains("placeholder"));
        assert!(adr.warnings[1].line == Some(3) && adr.warnings[1].message.contains("placeholder"));
        assert_eq!(adr.front_matter_extra, None);
    }

    #[test]
    fn front_matter_keys_archboard_does_not_use_are_kept() {
        let text = "---\nparent: Decisions\nstatus: accepted\nnav_order: 4\ndate: 2024-03-01\ndescription: >\n  Serving for\n  all models\nlayout: adr\n---\n\n# Serve with KServe\n\nBody.\n";
        let adr = read("0004-serve-with-kserve.md", text);
        assert_eq!(adr.status, Some(AdrStatus::Accepted));
        assert_eq!(
            adr.front_matter_extra.as_deref(),
            Some("parent: Decisions\nnav_order: 4\ndescription: >\n  Serving for\n  all models\nlayout: adr")
        );
        // A `title:` beside a `# ` heading is the site's page title: kept, the heading wins.
        let titled = read("0005-x.md", "---\ntitle: Page title\nstatus: accepted\n---\n# Heading title\n");
        assert_eq!(titled.title, "Heading title");
        assert_eq!(titled.front_matter_extra.as_deref(), Some("title: Page title"));
        // Without a heading the `title:` is the title, and used.
        let untitled = read(
            "0006-x.md",
            "---\ntitle: Shard the feature store\nstatus: accepted\n---\n\n## Context\n\nx\n",
        );
        assert_eq!(untitled.title, "Shard the feature store");
        assert_eq!(untitled.front_matter_extra, None);
        assert_eq!(untitled.body, "## Context\n\nx\n");
    }

    #[test]
    fn invalid_front_matter_is_kept_and_the_rest_still_read() {
        let text = "---\nstatus: accepted\ndeciders: [Ada\ntitle: ADR 5: Serve with Triton\n---\n# Serve with Triton\n\nBody.\n";
        let adr = read("0005-serve-with-triton.md", text);
        assert_eq!(adr.status, Some(AdrStatus::Accepted));
        assert_eq!(adr.title, "Serve with Triton");
        assert_eq!(
            adr.front_matter_extra.as_deref(),
            Some("deciders: [Ada\ntitle: ADR 5: Serve with Triton")
        );
        assert!(adr.warnings.iter().any(|w| w.message.contains("not valid YAML")), "{:?}", adr.warnings);
        assert_eq!(adr.body, "Body.\n");
        let unclosed =
            read("0006-x.md", "---\nstatus: accepted\n# Serve with Triton\n\n## Status\n\nAccepted\n");
        assert_eq!(unclosed.status, Some(AdrStatus::Accepted));
        assert!(unclosed.warnings.iter().any(|w| w.message.contains("never closed")));
    }

    #[test]
    fn front_matter_on_other_flavors_keeps_their_flavor() {
        let text = "---\nparent: Decisions\nnav_order: 2\n---\n\n# 2. Use MLflow for the registry\n\nDate: 2024-01-15\n\n## Status\n\nAccepted\n\n## Context\n\nx\n";
        let adr = read("0002-use-mlflow.md", text);
        assert_eq!((adr.flavor, adr.status), (AdrFlavor::AdrTools, Some(AdrStatus::Accepted)));
        assert_eq!(adr.front_matter_extra.as_deref(), Some("parent: Decisions\nnav_order: 2"));
        assert_eq!(adr.body, "## Context\n\nx\n");
    }

    #[test]
    fn madr2_and_log4brains_bullets() {
        let madr2 = "# Use Markdown ADRs\n\n* Status: superseded by [ADR-0005](0005-use-madr3.md)\n* Deciders: Ada, [Grace](mailto:g@example.org)\n* Date: 2018-02-23\n\nTechnical Story: #12\n\n## Context and Problem Statement\n\nx\n";
        let adr = read("0001-use-markdown-adrs.md", madr2);
        assert_eq!((adr.flavor, adr.status), (AdrFlavor::Madr2, Some(AdrStatus::Superseded)));
        assert_eq!(adr.status_note.as_deref(), Some("superseded by [ADR-0005](0005-use-madr3.md)"));
        assert_eq!(adr.deciders, vec!["Ada", "Grace"]);
        assert_eq!(adr.links[0].target, LinkTarget::Number(5));
        assert!(adr.body.starts_with("Technical Story: #12"));

        let log4brains = "# Use Log4brains\n\n- Status: draft\n- Date: 2020-09-10\n- Tags: doc, tooling\n\n## Context\n\nx\n";
        let adr = read("20200910-use-log4brains.md", log4brains);
        assert_eq!(adr.flavor, AdrFlavor::Log4brains);
        assert_eq!((adr.status, adr.status_note.as_deref()), (Some(AdrStatus::Proposed), Some("draft")));
        assert_eq!(adr.slug.as_deref(), Some("20200910-use-log4brains"));
        assert_eq!(adr.tags, vec!["doc", "tooling"]);
        let superseded = read(
            "20200910-use-log4brains.md",
            "# X\n\n- Status: superseded by [20210101-use-y](20210101-use-y.md)\n- Date: 2020-09-10\n",
        );
        assert_eq!(superseded.links[0].target, LinkTarget::Slug("20210101-use-y".into()));
    }

    #[test]
    fn unknown_bullets_among_the_metadata_stay_in_the_body() {
        let adr = madr2_with("* Author: Priya\n* Status: accepted\n* Date: 2024-01-02");
        assert_eq!(adr.status, Some(AdrStatus::Accepted));
        assert_eq!(adr.body, "* Author: Priya\n\n## Context\n\nx\n");
    }

    #[test]
    fn every_date_form_is_read_in_the_stated_order() {
        let day = DateOrder::DayFirst;
        let month = DateOrder::MonthFirst;
        for (text, order, expected) in [
            ("2017-03-31", day, ymd(2017, 3, 31)),
            ("31/03/2017", day, ymd(2017, 3, 31)),
            ("03/31/2017", month, ymd(2017, 3, 31)),
            ("12/01/2018", month, ymd(2018, 12, 1)),
            ("12/01/2018", day, ymd(2018, 1, 12)),
            ("31.03.2017", day, ymd(2017, 3, 31)),
            ("31-03-2017", day, ymd(2017, 3, 31)),
            ("2017-3-31", day, ymd(2017, 3, 31)),
            ("2017/03/31", month, ymd(2017, 3, 31)),
            ("March 31, 2017", day, ymd(2017, 3, 31)),
            ("Mar 31 2017", day, ymd(2017, 3, 31)),
            ("31 March 2017", month, ymd(2017, 3, 31)),
            ("31st March 2017", day, ymd(2017, 3, 31)),
            ("March 31st, 2017", day, ymd(2017, 3, 31)),
            ("Friday, 31 March 2017", day, ymd(2017, 3, 31)),
            ("Sept 30 2017", day, ymd(2017, 9, 30)),
            ("2017-03-31T10:20:00Z", day, ymd(2017, 3, 31)),
            ("2017-03-31 10:20", day, ymd(2017, 3, 31)),
            ("2017/03/31 10:20", day, ymd(2017, 3, 31)),
            ("**2017-03-31**", day, ymd(2017, 3, 31)),
            // Impossible or unreadable: unknown.
            ("31/03/2017", month, None),
            ("31/06/2016", day, None),
            ("2016-06-31", day, None),
            ("sometime in Q3", day, None),
            ("{YYYY-MM-DD when the decision was last updated}", day, None),
            ("31/03/17", day, None),
            ("17-03-31", day, None),
            ("", day, None),
        ] {
            assert_eq!(parse_date_text(text, order), expected, "{text} ({order:?})");
        }
    }

    #[test]
    fn dates_not_in_iso_keep_their_wording() {
        let adr = madr2_with("* Status: accepted\n* Date: March 31, 2017");
        assert_eq!((adr.date, adr.date_text.as_deref()), (ymd(2017, 3, 31), Some("March 31, 2017")));
        assert!(adr.warnings.is_empty(), "{:?}", adr.warnings);
        let iso = madr2_with("* Status: accepted\n* Date: 2017-03-31");
        assert_eq!((iso.date, iso.date_text), (ymd(2017, 3, 31), None));
        // A numeric date that reads both ways is read in the stated order, without a warning.
        let both = madr2_with("* Status: accepted\n* Date: 03/04/2017");
        assert_eq!(both.date, ymd(2017, 4, 3));
        assert!(both.warnings.is_empty(), "{:?}", both.warnings);
        let month_first = ParseOptions { date_order: DateOrder::MonthFirst, ..ParseOptions::default() };
        let text = "# X\n\n* Status: accepted\n* Date: 03/31/2017\n";
        let us = parse_file("0001-x.md", text.as_bytes(), &month_first).unwrap();
        assert_eq!((us.date, us.date_text.as_deref()), (ymd(2017, 3, 31), Some("03/31/2017")));
        assert!(us.warnings.is_empty(), "{:?}", us.warnings);
        let yaml = read("0001-x.md", "---\nstatus: accepted\ndate: 2017-03-31T10:20:00Z\n---\n# X\n");
        assert_eq!((yaml.date, yaml.date_text.as_deref()), (ymd(2017, 3, 31), Some("2017-03-31T10:20:00Z")));
    }

    #[test]
    fn impossible_unreadable_and_missing_dates_are_warnings() {
        let adr = madr2_with("* Status: accepted\n* Date: 31/06/2016");
        assert_eq!((adr.date, adr.date_text.as_deref()), (None, Some("31/06/2016")));
        assert_eq!(
            adr.warnings,
            vec![Warning {
                line: Some(4),
                message: "`31/06/2016` is not a date that exists; kept as written, the date is unknown"
                    .into()
            }]
        );
        let vague = madr2_with("* Status: accepted\n* Date: sometime in Q3");
        assert_eq!(vague.date_text.as_deref(), Some("sometime in Q3"));
        assert!(vague.warnings[0].message.contains("not a date Archboard can read"));
        let missing = madr2_with("* Status: accepted");
        assert_eq!((missing.date, missing.date_text.as_deref()), (None, None));
        assert_eq!(missing.warnings[0].message, "no date in the file; the date is unknown");
    }

    #[test]
    fn every_status_form_is_mapped_or_kept() {
        use AdrStatus::*;
        for (wording, expected) in [
            ("accepted", Some(Accepted)),
            ("Accepted.", Some(Accepted)),
            ("ACCEPTED", Some(Accepted)),
            ("**Accepted**", Some(Accepted)),
            ("accepted ✅", Some(Accepted)),
            ("Status: accepted ✅", Some(Accepted)),
            ("Approved by the board", Some(Accepted)),
            ("approved", Some(Accepted)),
            ("agreed", Some(Accepted)),
            ("adopted", Some(Accepted)),
            ("decided", Some(Accepted)),
            ("done", Some(Accepted)),
            ("implemented", Some(Accepted)),
            ("active", Some(Accepted)),
            ("In effect", Some(Accepted)),
            ("draft", Some(Proposed)),
            ("proposed", Some(Proposed)),
            ("in progress", Some(Proposed)),
            ("WIP", Some(Proposed)),
            ("under review", Some(Proposed)),
            ("in review", Some(Proposed)),
            ("pending", Some(Proposed)),
            ("open", Some(Proposed)),
            ("RFC", Some(Proposed)),
            ("for review", Some(Proposed)),
            ("suggested", Some(Proposed)),
            ("rejected", Some(Rejected)),
            ("declined", Some(Rejected)),
            ("won't do", Some(Rejected)),
            ("Won’t do", Some(Rejected)),
            ("abandoned", Some(Rejected)),
            ("deprecated", Some(Deprecated)),
            ("obsolete", Some(Deprecated)),
            ("retired", Some(Deprecated)),
            ("withdrawn", Some(Deprecated)),
            ("superseded", Some(Superseded)),
            ("superceded", Some(Superseded)),
            ("replaced", Some(Superseded)),
            ("Replaced by ADR-0009", Some(Superseded)),
            ("![Accepted](https://img.shields.io/badge/ADR-accepted-green)", Some(Accepted)),
            (
                "[![Status: Accepted](https://img.shields.io/badge/x-y-green)](https://example.org/adr)",
                Some(Accepted),
            ),
            ("![status](https://img.shields.io/badge/status-deprecated-lightgrey.svg)", Some(Deprecated)),
            ("[Accepted](https://example.org/process#accepted)", Some(Accepted)),
            ("on hold", None),
            ("postponed", None),
            ("foo", None),
            ("not accepted", None),
            ("{proposed | accepted}", None),
        ] {
            let adr = madr2_with(&format!("* Status: {wording}\n* Date: 2024-01-02"));
            assert_eq!(adr.status, expected, "{wording}");
            let kept = !matches!(
                wording,
                "accepted" | "approved" | "proposed" | "rejected" | "deprecated" | "superseded"
            );
            // `approved` is not one of the five words: kept.
            let kept = kept || wording == "approved";
            assert_eq!(adr.status_note.as_deref(), kept.then_some(wording), "{wording}");
            assert_eq!(adr.warnings.is_empty(), expected.is_some(), "{wording}: {:?}", adr.warnings);
        }
        let adr = madr2_with("* Status: on hold\n* Date: 2024-01-02");
        assert_eq!(
            adr.warnings,
            vec![Warning {
                line: Some(3),
                message: "status `on hold` has no clear place in the lifecycle; kept as written".into()
            }]
        );
    }

    #[test]
    fn compound_statuses_declare_links() {
        for (wording, status, label, target) in [
            ("accepted; supersedes ADR-0045", AdrStatus::Accepted, "Supersedes", 45),
            ("Accepted, supersedes [ADR-0045](0045-x.md)", AdrStatus::Accepted, "Supersedes", 45),
            ("Accepted (amends ADR 45)", AdrStatus::Accepted, "Amends", 45),
            ("Accepted and relates to #45", AdrStatus::Accepted, "Relates to", 45),
            ("accepted, supercedes 0045", AdrStatus::Accepted, "Supersedes", 45),
            ("superseded by [ADR-0012](0012-x.md)", AdrStatus::Superseded, "Superseded by", 12),
            ("Superseded by ADR-0012", AdrStatus::Superseded, "Superseded by", 12),
            ("Deprecated, amended by [the new one](0012-x.md)", AdrStatus::Deprecated, "Amended by", 12),
        ] {
            let adr = madr2_with(&format!("* Status: {wording}\n* Date: 2024-01-02"));
            assert_eq!(adr.status, Some(status), "{wording}");
            assert_eq!(adr.status_note.as_deref(), Some(wording));
            let links: Vec<_> =
                adr.links.iter().map(|l| (l.label.as_str(), l.target.clone(), l.line)).collect();
            assert_eq!(links, vec![(label, LinkTarget::Number(target), 3)], "{wording}");
        }
        let two = madr2_with("* Status: Accepted; supersedes ADR-0002 and ADR-0003\n* Date: 2024-01-02");
        assert_eq!(two.links.len(), 2);
        let adr_tools =
            "# 7. X\n\n## Status\n\nAccepted; supersedes ADR-0002\n\nSupercedes [2. Y](0002-y.md)\n";
        let adr = read("0007-x.md", adr_tools);
        assert_eq!(adr.status, Some(AdrStatus::Accepted));
        assert_eq!(adr.links.len(), 1, "named twice, counted once: {:?}", adr.links);
    }

    #[test]
    fn titles_come_from_headings_front_matter_or_the_file_name() {
        let setext = read(
            "0001-x.md",
            "Serve models with Triton\n========================\n\n* Status: accepted\n* Date: 2024-01-02\n",
        );
        assert_eq!((setext.title.as_str(), setext.flavor), ("Serve models with Triton", AdrFlavor::Madr2));
        let fenced = read("0002-x.md", "```\n# not a title\n```\n\n# Real title\n");
        assert_eq!(fenced.title, "Real title");
        let nameless = read("use-postgres.md", "## Context\n\nWe need a database.\n");
        assert_eq!((nameless.title.as_str(), nameless.number), ("Use postgres", None));
        assert_eq!(nameless.slug.as_deref(), Some("use-postgres"));
        assert!(nameless.warnings.iter().any(|w| w.message.contains("taken from the file name")));
        assert_eq!(nameless.body, "## Context\n\nWe need a database.\n");
        assert_eq!(read("0009.md", "text only\n").title, "ADR-0009");
        let bom = read("0010-x.md", "\u{feff}# Keep the BOM out\n");
        assert_eq!(bom.title, "Keep the BOM out");
    }

    #[test]
    fn only_size_and_encoding_are_errors() {
        let options = ParseOptions::default();
        let not_utf8 = b"# 1. Title\n\nDate: 2024-01-01\n\xff\xfe\n";
        let error = parse_file("0001-title.md", not_utf8, &options).unwrap_err();
        assert_eq!(error.line, Some(4));
        assert!(error.message.contains("UTF-8"));
        let huge = vec![b'a'; FILE_MAX_BYTES + 1];
        assert!(parse_file("0002-big.md", &huge, &options).unwrap_err().message.contains("over 5 MB"));
        // What the old parser refused now imports, with warnings.
        let approved = read("0001-x.md", "# 1. X\n\nDate: 2024-01-01\n\n## Status\n\nApproved\n");
        assert_eq!(
            (approved.status, approved.status_note.as_deref()),
            (Some(AdrStatus::Accepted), Some("Approved"))
        );
        let unknown = read("0001-x.md", "# 1. X\n\nDate: 2024-01-01\n\n## Status\n\nParked until Q3\n");
        assert_eq!(unknown.status, None);
        assert_eq!(unknown.warnings[0].line, Some(7));
        let headingless = read("0003-x.md", "no heading at all");
        assert_eq!((headingless.title.as_str(), headingless.number), ("X", Some(3)));
        assert_eq!(headingless.body, "no heading at all\n");
        assert!(headingless.warnings.iter().any(|w| w.message.contains("no `# Title` heading")));
        let blank = read("0004-empty.md", "");
        assert_eq!(blank.title, "Empty");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Whatever Markdown-ish text a file holds, it imports (or is skipped): no error, no panic.
        #[test]
        fn no_text_makes_a_file_fail(
            text in r"(---\n|\.\.\.\n|# |## Status\n|\* Status: |- Date: |Date: |status: |date: |title: |superseded by |supersedes |ADR-|#|\[|\]|\(|\)|!\[|\]\(|:|\{|\}|\||[a-zA-Z0-9 ]{1,8}|\n|\n\n|=+\n|[✅é’\t\r]|`{3}\n|  - |\x{FEFF})*",
            name in r"(ADR-|adr_|[0-9]{1,9}|[a-z]{1,6}|-|_|\.)*\.md",
            month_first in proptest::bool::ANY,
        ) {
            let order = if month_first { DateOrder::MonthFirst } else { DateOrder::DayFirst };
            let options = ParseOptions { date_order: order, folder_flavor: None };
            let _ = skip_reason(&name, &text);
            let parsed = parse_file(&name, text.as_bytes(), &options);
            proptest::prop_assert!(parsed.is_ok(), "{:?}", parsed);
            let parsed = parsed.unwrap();
            proptest::prop_assert!(!parsed.title.is_empty());
        }
    }
}
