//! Reading one ADR file in any supported flavor: adr-tools (Nygard), MADR 2, MADR 3/4 (YAML
//! front matter) and log4brains. Produces the decision's fields, its body and the links it
//! declares, or an error naming the line and the reason.

use archboard_types::adr::AdrStatus;
use archboard_types::adr_folder::AdrFlavor;
use chrono::NaiveDate;
use yaml_rust2::{Yaml, YamlLoader};

/// Files larger than this are refused rather than imported.
pub const FILE_MAX_BYTES: usize = archboard_types::files::IMPORT_FILE_MAX_BYTES;

/// A decision as read from a file, before it meets the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAdr {
    pub flavor: AdrFlavor,
    /// From an `NNNN-title.md` file name (adr-tools, MADR).
    pub number: Option<u32>,
    /// The log4brains identity: the file name without `.md`.
    pub slug: Option<String>,
    pub title: String,
    pub status: AdrStatus,
    /// The file's own status word when it is not one of Archboard's (log4brains' `draft`).
    pub status_note: Option<String>,
    pub date: Option<NaiveDate>,
    pub deciders: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub tags: Vec<String>,
    pub body: String,
    pub links: Vec<DeclaredLink>,
}

/// A link line such as `Supercedes [9. Use X](0009-use-x.md)`, read from the declaring file.
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

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: Option<u32>,
    pub message: String,
}

impl ParseError {
    fn at(line: u32, message: impl Into<String>) -> Self {
        Self { line: Some(line), message: message.into() }
    }
    fn whole(message: impl Into<String>) -> Self {
        Self { line: None, message: message.into() }
    }
}

/// The file-name conventions: `0007-use-sqlite.md` and log4brains' `20240131-use-sqlite.md`.
pub fn name_parts(path: &str) -> (Option<u32>, Option<String>) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some(stem) = name.strip_suffix(".md") else { return (None, None) };
    let digits = stem.chars().take_while(char::is_ascii_digit).count();
    let dashed = stem[digits..].starts_with('-');
    match digits {
        8 if dashed => (None, Some(stem.to_owned())),
        1..=7 if dashed => (stem[..digits].parse().ok(), None),
        _ => (None, None),
    }
}

/// Reads one file. `folder_flavor` is what the folder says about itself (`.log4brains.yml`).
pub fn parse_file(
    path: &str,
    bytes: &[u8],
    folder_flavor: Option<AdrFlavor>,
) -> Result<ParsedAdr, ParseError> {
    if bytes.len() > FILE_MAX_BYTES {
        return Err(ParseError::whole(format!(
            "the file is {:.1} MB; files over 5 MB are not imported",
            bytes.len() as f64 / 1_000_000.0
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u32 + 1;
        ParseError::at(line, "the file is not UTF-8 text (save it as UTF-8 and import again)")
    })?;
    let (number, mut slug) = name_parts(path);
    if slug.is_none() && folder_flavor == Some(AdrFlavor::Log4brains) {
        slug = path.rsplit('/').next().and_then(|n| n.strip_suffix(".md")).map(str::to_owned);
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut parsed = if lines.first().is_some_and(|l| l.trim_end() == "---") {
        parse_madr_front_matter(&lines)?
    } else {
        let (title_index, title_line) = lines
            .iter()
            .enumerate()
            .find(|(_, l)| l.starts_with("# "))
            .ok_or_else(|| ParseError::whole("no `# Title` heading found; is this an ADR?"))?;
        let heading = title_line[2..].trim();
        if let Some((n, title)) = numbered_title(heading) {
            let mut parsed = parse_adr_tools(&lines, title_index, title)?;
            parsed.number = parsed.number.or(Some(n));
            parsed
        } else {
            let log4brains = slug.is_some();
            parse_bullet_metadata(&lines, title_index, heading, log4brains)?
        }
    };
    parsed.number = number.or(parsed.number);
    parsed.slug = slug;
    Ok(parsed)
}

fn numbered_title(heading: &str) -> Option<(u32, &str)> {
    let (n, rest) = heading.split_once(". ")?;
    Some((n.trim().parse().ok()?, rest.trim()))
}

fn empty(flavor: AdrFlavor, title: &str) -> ParsedAdr {
    ParsedAdr {
        flavor,
        number: None,
        slug: None,
        title: title.to_owned(),
        status: AdrStatus::Proposed,
        status_note: None,
        date: None,
        deciders: vec![],
        consulted: vec![],
        informed: vec![],
        tags: vec![],
        body: String::new(),
        links: vec![],
    }
}

/// The body: everything from `start` on, without the blank lines that separate it from the
/// metadata above.
fn body_from(lines: &[&str], start: usize) -> String {
    let rest: Vec<&str> =
        lines.get(start..).unwrap_or_default().iter().copied().skip_while(|l| l.trim().is_empty()).collect();
    if rest.is_empty() { String::new() } else { format!("{}\n", rest.join("\n").trim_end()) }
}

/// adr-tools: `# N. Title`, `Date: …`, then `## Status` whose first line is the status and
/// whose other lines are links; the body starts at the next `## ` heading.
fn parse_adr_tools(lines: &[&str], title_index: usize, title: &str) -> Result<ParsedAdr, ParseError> {
    let mut parsed = empty(AdrFlavor::AdrTools, title);
    let status_index =
        lines.iter().position(|l| l.trim().eq_ignore_ascii_case("## status")).ok_or_else(|| {
            ParseError::at(title_index as u32 + 1, "an adr-tools record needs a `## Status` section")
        })?;
    for (index, line) in lines.iter().enumerate().take(status_index).skip(title_index + 1) {
        if let Some(date) = line.trim().strip_prefix("Date:") {
            parsed.date = Some(parse_date(date.trim(), index as u32 + 1)?);
        }
    }
    let section_end =
        lines.iter().enumerate().skip(status_index + 1).find(|(_, l)| l.starts_with("## ")).map(|(i, _)| i);
    let mut section_end = section_end.unwrap_or(lines.len());
    let mut status_seen = false;
    for (index, line) in lines.iter().enumerate().take(section_end).skip(status_index + 1) {
        let line_number = index as u32 + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(link) = link_line(trimmed, line_number) {
            if !status_seen && is_superseded_by(&link.label) {
                parsed.status = AdrStatus::Superseded;
                status_seen = true;
            }
            parsed.links.push(link);
        } else if !status_seen {
            let (status, note) = parse_status(trimmed, line_number)?;
            parsed.status = status;
            parsed.status_note = note;
            status_seen = true;
        } else {
            // Prose after the status and its links: the body starts here, without a heading.
            section_end = index;
            break;
        }
    }
    parsed.body = body_from(lines, section_end);
    Ok(parsed)
}

/// MADR 2 (`* Status:`) and log4brains (`- Status:`): bullet metadata right under the title.
fn parse_bullet_metadata(
    lines: &[&str],
    title_index: usize,
    title: &str,
    log4brains: bool,
) -> Result<ParsedAdr, ParseError> {
    let flavor = if log4brains { AdrFlavor::Log4brains } else { AdrFlavor::Madr2 };
    let mut parsed = empty(flavor, title);
    let mut index = title_index + 1;
    while lines.get(index).is_some_and(|l| l.trim().is_empty()) {
        index += 1;
    }
    let mut saw_metadata = false;
    while let Some(line) = lines.get(index) {
        let Some(item) = line.strip_prefix("* ").or_else(|| line.strip_prefix("- ")) else { break };
        let Some((key, value)) = item.split_once(':') else { break };
        let line_number = index as u32 + 1;
        let value = value.trim();
        match key.trim().to_ascii_lowercase().as_str() {
            "status" => {
                let (status, note, link) = parse_status_with_link(value, line_number)?;
                parsed.status = status;
                parsed.status_note = note;
                parsed.links.extend(link);
            }
            "date" => parsed.date = Some(parse_date(value, line_number)?),
            "deciders" | "decision-makers" => parsed.deciders = split_people(value),
            "consulted" => parsed.consulted = split_people(value),
            "informed" => parsed.informed = split_people(value),
            "tags" => parsed.tags = split_people(value),
            _ => break,
        }
        saw_metadata = true;
        index += 1;
    }
    if !saw_metadata && !log4brains {
        // A plain Markdown ADR with a title and sections only: MADR 4 without front matter.
        parsed.flavor = AdrFlavor::Madr4;
    }
    parsed.body = body_from(lines, index);
    Ok(parsed)
}

/// MADR 3 and 4: YAML front matter between `---` lines, then `# Title` and the sections.
fn parse_madr_front_matter(lines: &[&str]) -> Result<ParsedAdr, ParseError> {
    let end = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| l.trim_end() == "---")
        .map(|(i, _)| i)
        .ok_or_else(|| ParseError::at(1, "the front matter opened with `---` is never closed"))?;
    let yaml_text = lines[1..end].join("\n");
    let documents = YamlLoader::load_from_str(&yaml_text).map_err(|e| {
        ParseError::at(
            e.marker().line() as u32 + 1,
            format!(
                "the front matter is not valid YAML ({}); MADR's `{{…}}` placeholders must be replaced",
                e.info()
            ),
        )
    })?;
    let meta = documents.into_iter().next().unwrap_or(Yaml::Null);
    let field = |key: &str| -> Option<&Yaml> {
        match &meta {
            Yaml::Hash(hash) => hash.get(&Yaml::String(key.to_owned())),
            _ => None,
        }
    };
    let title_index = lines
        .iter()
        .enumerate()
        .skip(end + 1)
        .find(|(_, l)| l.starts_with("# "))
        .map(|(i, _)| i)
        .ok_or_else(|| ParseError::at(end as u32 + 2, "no `# Title` heading after the front matter"))?;
    let flavor = if field("decision-makers").is_some() || field("deciders").is_none() {
        AdrFlavor::Madr4
    } else {
        AdrFlavor::Madr3
    };
    let mut parsed = empty(flavor, lines[title_index][2..].trim());
    let line_of = |key: &str| {
        lines[1..end]
            .iter()
            .position(|l| l.starts_with(&format!("{key}:")))
            .map(|i| i as u32 + 2)
            .unwrap_or(1)
    };
    if let Some(status) = field("status") {
        let text = yaml_text_value(status).ok_or_else(|| placeholder_error("status", line_of("status")))?;
        let (status, note, link) = parse_status_with_link(&text, line_of("status"))?;
        parsed.status = status;
        parsed.status_note = note;
        parsed.links.extend(link);
    }
    if let Some(date) = field("date") {
        let text = yaml_text_value(date).ok_or_else(|| placeholder_error("date", line_of("date")))?;
        parsed.date = Some(parse_date(&text, line_of("date"))?);
    }
    parsed.deciders = field("decision-makers").or(field("deciders")).map(yaml_list).unwrap_or_default();
    parsed.consulted = field("consulted").map(yaml_list).unwrap_or_default();
    parsed.informed = field("informed").map(yaml_list).unwrap_or_default();
    parsed.tags = field("tags").map(yaml_list).unwrap_or_default();
    parsed.body = body_from(lines, title_index + 1);
    Ok(parsed)
}

/// `status: {proposed | accepted}` is valid YAML (a mapping), but it is MADR's template text.
fn placeholder_error(key: &str, line: u32) -> ParseError {
    ParseError::at(
        line,
        format!("`{key}` still holds a `{{…}}` placeholder from the MADR template; write the real value"),
    )
}

fn yaml_text_value(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Real(r) => Some(r.clone()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A YAML list of names, or one comma-separated string of them.
fn yaml_list(value: &Yaml) -> Vec<String> {
    match value {
        Yaml::Array(items) => items.iter().filter_map(yaml_text_value).map(|s| s.trim().to_owned()).collect(),
        other => yaml_text_value(other).map(|s| split_people(&s)).unwrap_or_default(),
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

fn parse_date(text: &str, line: u32) -> Result<NaiveDate, ParseError> {
    let text = text.trim().trim_matches('"');
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| ParseError::at(line, format!("`{text}` is not a date like 2024-01-31")))
}

/// A status word; `draft` (log4brains) is proposed with the word kept as a note.
fn parse_status(text: &str, line: u32) -> Result<(AdrStatus, Option<String>), ParseError> {
    let word = text.trim().trim_matches('"').to_ascii_lowercase();
    if word == "draft" {
        return Ok((AdrStatus::Proposed, Some("draft".into())));
    }
    if word.starts_with("superseded") || word.starts_with("superceded") {
        return Ok((AdrStatus::Superseded, None));
    }
    word.parse::<AdrStatus>().map(|s| (s, None)).map_err(|_| {
        ParseError::at(
            line,
            format!(
                "`{}` is not a status; use proposed, accepted, rejected, deprecated or superseded",
                text.trim()
            ),
        )
    })
}

/// `superseded by [ADR-0005](0005-example.md)` gives the status and the link.
fn parse_status_with_link(
    text: &str,
    line: u32,
) -> Result<(AdrStatus, Option<String>, Option<DeclaredLink>), ParseError> {
    if let Some(link) = link_line(text.trim(), line)
        && is_superseded_by(&link.label)
    {
        return Ok((AdrStatus::Superseded, None, Some(link)));
    }
    let (status, note) = parse_status(text, line)?;
    Ok((status, note, None))
}

fn is_superseded_by(label: &str) -> bool {
    let lower = label.to_ascii_lowercase();
    lower == "superseded by" || lower == "superceded by"
}

/// `Label [text](target.md)`: the label, and the target's number or slug from its file name
/// (or from `N. ` / `ADR-NNNN` in the text when the target is not a file name).
pub fn link_line(line: &str, line_number: u32) -> Option<DeclaredLink> {
    let open = line.find('[')?;
    let close = line[open..].find("](")? + open;
    let end = line[close..].find(')')? + close;
    let label = line[..open].trim().trim_end_matches(':').trim();
    if label.is_empty() {
        return None;
    }
    let text = &line[open + 1..close];
    let href = &line[close + 2..end];
    let file = href.rsplit('/').next().unwrap_or(href);
    let target = match name_parts(file) {
        (Some(number), _) => LinkTarget::Number(number),
        (_, Some(slug)) => LinkTarget::Slug(slug),
        _ => {
            let digits: String = text
                .trim_start_matches("ADR-")
                .trim_start_matches("adr-")
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            LinkTarget::Number(digits.parse().ok()?)
        }
    };
    Some(DeclaredLink { label: label.to_owned(), target, line: line_number })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_numbers_or_slugs() {
        assert_eq!(name_parts("doc/adr/0007-use-sqlite.md"), (Some(7), None));
        assert_eq!(name_parts("20240131-use-sqlite.md"), (None, Some("20240131-use-sqlite".into())));
        assert_eq!(name_parts("README.md"), (None, None));
        assert_eq!(name_parts("0007-notes.txt"), (None, None));
    }

    #[test]
    fn adr_tools_status_links_and_body() {
        let text = "# 3. Use PostgreSQL\n\nDate: 2024-02-01\n\n## Status\n\nAccepted\n\nSupercedes [2. Use MySQL](0002-use-mysql.md)\n\nAmends [1. Record decisions](0001-record-decisions.md)\n\n## Context\n\nWe need JSON.\n";
        let adr = parse_file("0003-use-postgresql.md", text.as_bytes(), None).unwrap();
        assert_eq!(adr.flavor, AdrFlavor::AdrTools);
        assert_eq!(
            (adr.number, adr.title.as_str(), adr.status),
            (Some(3), "Use PostgreSQL", AdrStatus::Accepted)
        );
        assert_eq!(adr.date, NaiveDate::from_ymd_opt(2024, 2, 1));
        let labels: Vec<_> = adr.links.iter().map(|l| (l.label.as_str(), l.target.clone())).collect();
        assert_eq!(labels, vec![("Supercedes", LinkTarget::Number(2)), ("Amends", LinkTarget::Number(1))]);
        assert_eq!(adr.body, "## Context\n\nWe need JSON.\n");
    }

    #[test]
    fn adr_tools_superseded_status_line_is_a_link() {
        let text = "# 2. Use MySQL\n\nDate: 2024-01-01\n\n## Status\n\nSuperceded by [3. Use PostgreSQL](0003-use-postgresql.md)\n\n## Context\n\nx\n";
        let adr = parse_file("0002-use-mysql.md", text.as_bytes(), None).unwrap();
        assert_eq!(adr.status, AdrStatus::Superseded);
        assert_eq!(adr.links[0].target, LinkTarget::Number(3));
    }

    #[test]
    fn madr_front_matter_versions_are_told_apart() {
        let madr4 = "---\nstatus: accepted\ndate: 2024-03-01\ndecision-makers: [Ada, Grace]\nconsulted: Linus\n---\n\n# Use Leptos\n\n## Context and Problem Statement\n\nWhy.\n";
        let adr = parse_file("0004-use-leptos.md", madr4.as_bytes(), None).unwrap();
        assert_eq!((adr.flavor, adr.status), (AdrFlavor::Madr4, AdrStatus::Accepted));
        assert_eq!(adr.deciders, vec!["Ada", "Grace"]);
        assert_eq!(adr.consulted, vec!["Linus"]);
        assert!(adr.body.starts_with("## Context and Problem Statement"));
        let madr3 = "---\nstatus: proposed\ndeciders: Ada, Grace\n---\n# Use Tauri\n\nBody.\n";
        assert_eq!(parse_file("0005-use-tauri.md", madr3.as_bytes(), None).unwrap().flavor, AdrFlavor::Madr3);
    }

    #[test]
    fn madr_placeholders_are_reported_with_their_line() {
        let text = "---\nstatus: {proposed | rejected | accepted | deprecated | … | superseded by ADR-0123}\ndate: {YYYY-MM-DD when the decision was last updated}\n---\n# T\n";
        let error = parse_file("0001-t.md", text.as_bytes(), None).unwrap_err();
        assert!(error.message.contains("`status`") && error.message.contains("placeholder"), "{error:?}");
        assert_eq!(error.line, Some(2));
        let broken = "---\nstatus: accepted\ndeciders: [Ada\n---\n# T\n";
        let error = parse_file("0001-t.md", broken.as_bytes(), None).unwrap_err();
        assert!(error.message.contains("not valid YAML"), "{error:?}");
    }

    #[test]
    fn madr2_and_log4brains_bullets() {
        let madr2 = "# Use Markdown ADRs\n\n* Status: superseded by [ADR-0005](0005-use-madr3.md)\n* Deciders: Ada, [Grace](mailto:g@example.org)\n* Date: 2018-02-23\n\nTechnical Story: #12\n\n## Context and Problem Statement\n\nx\n";
        let adr = parse_file("0001-use-markdown-adrs.md", madr2.as_bytes(), None).unwrap();
        assert_eq!((adr.flavor, adr.status), (AdrFlavor::Madr2, AdrStatus::Superseded));
        assert_eq!(adr.deciders, vec!["Ada", "Grace"]);
        assert_eq!(adr.links[0].target, LinkTarget::Number(5));
        assert!(adr.body.starts_with("Technical Story: #12"));

        let log4brains = "# Use Log4brains\n\n- Status: draft\n- Date: 2020-09-10\n- Tags: doc, tooling\n\n## Context\n\nx\n";
        let adr = parse_file("20200910-use-log4brains.md", log4brains.as_bytes(), None).unwrap();
        assert_eq!(adr.flavor, AdrFlavor::Log4brains);
        assert_eq!((adr.status, adr.status_note.as_deref()), (AdrStatus::Proposed, Some("draft")));
        assert_eq!(adr.slug.as_deref(), Some("20200910-use-log4brains"));
        assert_eq!(adr.tags, vec!["doc", "tooling"]);
    }

    #[test]
    fn bad_files_name_the_problem() {
        let not_utf8 = b"# 1. Title\n\nDate: 2024-01-01\n\xff\xfe\n";
        let error = parse_file("0001-title.md", not_utf8, None).unwrap_err();
        assert_eq!(error.line, Some(4));
        assert!(error.message.contains("UTF-8"));
        let huge = vec![b'a'; FILE_MAX_BYTES + 1];
        assert!(parse_file("0002-big.md", &huge, None).unwrap_err().message.contains("over 5 MB"));
        let bad_status = "# 1. X\n\nDate: 2024-01-01\n\n## Status\n\nApproved\n";
        let error = parse_file("0001-x.md", bad_status.as_bytes(), None).unwrap_err();
        assert_eq!(error.line, Some(7));
        assert!(error.message.contains("`Approved` is not a status"));
        assert!(parse_file("0003-x.md", b"no heading at all", None).unwrap_err().message.contains("Title"));
    }
}
