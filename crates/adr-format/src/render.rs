//! Writing a decision as a file in a chosen flavor, for decisions made or changed in Archboard.
//! (An imported decision nobody changed is written back from its original bytes instead.)

use crate::parse::parse_date_text;
use archboard_types::adr::AdrStatus;
use archboard_types::adr_folder::{AdrFlavor, DateOrder};
use chrono::NaiveDate;

/// Everything a file needs about one decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renderable {
    pub number: u32,
    pub title: String,
    /// `None`: the decision has no known status; the status line or key is left out, unless
    /// `status_note` keeps wording for it.
    pub status: Option<AdrStatus>,
    /// The file's own status wording (`draft`, `on hold`, `Accepted; supersedes ADR-0045`).
    /// Written instead of the status word while it still reads as `status` (so a note left
    /// over after the status changed is not written); a superseded decision with a known
    /// successor gets the `superseded by …` phrase instead, so the link is the current one.
    pub status_note: Option<String>,
    /// `None`: the date is unknown; `date_text` is written if there is one, else no date line.
    pub date: Option<NaiveDate>,
    /// The date as the file wrote it (`31/03/2017`, `March 31, 2017`, `31/06/2016`). With a
    /// known date it is written instead of the ISO date while it still reads as that date
    /// (either day/month order), so edited files keep their wording; otherwise ISO is written.
    pub date_text: Option<String>,
    pub deciders: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub tags: Vec<String>,
    pub body: String,
    /// Links as read from this decision, with the label for this side.
    pub links: Vec<RenderLink>,
    /// Front matter lines Archboard does not use, written verbatim after the known keys in
    /// MADR 3/4, and as a front matter block of their own before the title in the other
    /// flavors (which the parser reads back into the same flavor).
    pub front_matter_extra: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderLink {
    pub kind: String,
    pub label: String,
    pub outgoing: bool,
    pub number: u32,
    pub title: String,
    /// The target's file name in the exported folder.
    pub file: String,
}

/// `Use SQLite, not files!` → `use-sqlite-not-files`.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "decision".to_owned()
    } else {
        slug.chars().take(60).collect::<String>().trim_end_matches('-').to_owned()
    }
}

/// The file name a decision gets when it has none yet.
pub fn file_name(flavor: AdrFlavor, adr: &Renderable, slug: Option<&str>) -> String {
    match (flavor, slug) {
        (AdrFlavor::Log4brains, Some(slug)) => format!("{slug}.md"),
        (AdrFlavor::Log4brains, None) => match adr.date {
            Some(date) => format!("{}-{}.md", date.format("%Y%m%d"), slugify(&adr.title)),
            None => format!("{}.md", slugify(&adr.title)),
        },
        _ => format!("{:04}-{}.md", adr.number, slugify(&adr.title)),
    }
}

/// adr-tools writes "Supercedes" / "Superceded by"; keep its spelling in its own files.
fn adr_tools_label(link: &RenderLink) -> String {
    match (link.kind.as_str(), link.outgoing) {
        ("supersedes", true) => "Supercedes".into(),
        ("supersedes", false) => "Superceded by".into(),
        _ => link.label.clone(),
    }
}

/// The status as written: the kept wording while it still means the decision's status, else
/// the status word (`None`: no status line at all). The flag says whether it is kept wording.
fn status_text(adr: &Renderable) -> Option<(String, bool)> {
    let note = adr.status_note.as_deref().map(one_line).filter(|n| !n.is_empty());
    match note {
        Some(note) if crate::parse::status::wording_status(&note) == adr.status => Some((note, true)),
        _ => adr.status.map(|s| (s.as_str().to_owned(), false)),
    }
}

/// The date as written: the kept wording while it still reads as the date, else ISO.
fn date_text(adr: &Renderable) -> Option<String> {
    let text = adr.date_text.as_deref().map(one_line).filter(|t| !t.is_empty());
    match (adr.date, text) {
        (Some(date), Some(text))
            if [DateOrder::DayFirst, DateOrder::MonthFirst]
                .into_iter()
                .any(|order| parse_date_text(&text, order) == Some(date)) =>
        {
            Some(text)
        }
        (Some(date), _) => Some(date.format("%Y-%m-%d").to_string()),
        (None, text) => text,
    }
}

/// Kept wording goes on one line: a line break would end the bullet or the status line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `superseded by [ADR-0005](0005-x.md)` for MADR and log4brains metadata, when there is a successor.
fn superseded_by_phrase(adr: &Renderable, flavor: AdrFlavor) -> Option<String> {
    let successor = adr.links.iter().find(|l| l.kind == "supersedes" && !l.outgoing)?;
    let text = match flavor {
        AdrFlavor::Log4brains => successor.file.trim_end_matches(".md").to_owned(),
        _ => archboard_types::adr::display_number(successor.number),
    };
    Some(format!("superseded by [{text}]({})", successor.file))
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn yaml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"").replace('\t', "\\t"))
}

fn yaml_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| yaml_string(s)).collect::<Vec<_>>().join(", "))
}

/// The status line of MADR and log4brains metadata.
fn metadata_status(adr: &Renderable, flavor: AdrFlavor) -> Option<String> {
    superseded_by_phrase(adr, flavor)
        .filter(|_| adr.status == Some(AdrStatus::Superseded))
        .or_else(|| status_text(adr).map(|(text, _)| text))
}

/// Renders the whole file. The body is written after one blank line, exactly as stored.
pub fn render(flavor: AdrFlavor, adr: &Renderable) -> String {
    let mut out = String::new();
    let body = adr.body.trim_end();
    let extra = adr.front_matter_extra.as_deref().map(str::trim_end).filter(|e| !e.trim().is_empty());
    let date = date_text(adr);
    match flavor {
        AdrFlavor::AdrTools => {
            front_matter_block(&mut out, extra);
            out.push_str(&format!("# {}. {}\n\n", adr.number, adr.title));
            if let Some(date) = &date {
                out.push_str(&format!("Date: {date}\n\n"));
            }
            let successor = adr.links.iter().position(|l| l.kind == "supersedes" && !l.outgoing);
            let superseded = adr.status == Some(AdrStatus::Superseded);
            let link_line = |l: &RenderLink| {
                format!("{} [{}. {}]({})\n\n", adr_tools_label(l), l.number, l.title, l.file)
            };
            let status_line = match (superseded, successor) {
                (true, Some(index)) => Some(link_line(&adr.links[index])),
                _ => status_text(adr)
                    .map(|(text, kept)| format!("{}\n\n", if kept { text } else { capitalised(&text) })),
            };
            // No status and no links: no `## Status` section (the parser reads that back).
            if status_line.is_some() || !adr.links.is_empty() {
                out.push_str("## Status\n\n");
                out.push_str(&status_line.unwrap_or_default());
            }
            for (index, link) in adr.links.iter().enumerate() {
                if Some(index) != successor || !superseded {
                    out.push_str(&link_line(link));
                }
            }
        }
        AdrFlavor::Madr2 | AdrFlavor::Log4brains => {
            front_matter_block(&mut out, extra);
            let bullet = if flavor == AdrFlavor::Madr2 { "*" } else { "-" };
            out.push_str(&format!("# {}\n\n", adr.title));
            let mut metadata = String::new();
            if let Some(status) = metadata_status(adr, flavor) {
                metadata.push_str(&format!("{bullet} Status: {status}\n"));
            }
            for (key, names) in
                [("Deciders", &adr.deciders), ("Consulted", &adr.consulted), ("Informed", &adr.informed)]
            {
                if !names.is_empty() {
                    metadata.push_str(&format!("{bullet} {key}: {}\n", names.join(", ")));
                }
            }
            if let Some(date) = &date {
                metadata.push_str(&format!("{bullet} Date: {date}\n"));
            }
            if !adr.tags.is_empty() {
                metadata.push_str(&format!("{bullet} Tags: {}\n", adr.tags.join(", ")));
            }
            if !metadata.is_empty() {
                out.push_str(&metadata);
                out.push('\n');
            }
        }
        AdrFlavor::Madr3 | AdrFlavor::Madr4 => {
            let mut front = String::new();
            if let Some(status) = metadata_status(adr, flavor) {
                front.push_str(&format!("status: {}\n", yaml_string(&status)));
            }
            match (adr.date, &date) {
                // ISO dates are plain YAML; kept wording is quoted so that it reads back as text.
                (Some(known), Some(text)) if *text == known.format("%Y-%m-%d").to_string() => {
                    front.push_str(&format!("date: {text}\n"))
                }
                (_, Some(text)) => front.push_str(&format!("date: {}\n", yaml_string(text))),
                (_, None) => {}
            }
            let deciders_key = if flavor == AdrFlavor::Madr4 { "decision-makers" } else { "deciders" };
            for (key, names) in [
                (deciders_key, &adr.deciders),
                ("consulted", &adr.consulted),
                ("informed", &adr.informed),
                ("tags", &adr.tags),
            ] {
                // MADR 3 always names `deciders`: that key is what tells it from MADR 4 on import.
                if !names.is_empty() || key == "deciders" {
                    front.push_str(&format!("{key}: {}\n", yaml_list(names)));
                }
            }
            if let Some(extra) = extra {
                front.push_str(extra);
                front.push('\n');
            }
            // A MADR 4 decision with nothing to say in front matter is plain Markdown.
            if !front.is_empty() {
                out.push_str(&format!("---\n{front}---\n\n"));
            }
            out.push_str(&format!("# {}\n\n", adr.title));
        }
    }
    if !body.is_empty() {
        out.push_str(body);
        out.push('\n');
    }
    out
}

/// Front matter lines kept from a file of a flavor without front matter of its own (a site
/// generator's `nav_order`, `parent`), so that nothing is lost on the way back.
fn front_matter_block(out: &mut String, extra: Option<&str>) {
    if let Some(extra) = extra {
        out.push_str(&format!("---\n{extra}\n---\n\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision() -> Renderable {
        Renderable {
            number: 7,
            title: "Serve models with Triton".into(),
            status: Some(AdrStatus::Accepted),
            status_note: None,
            date: NaiveDate::from_ymd_opt(2017, 3, 31),
            date_text: None,
            deciders: vec![],
            consulted: vec![],
            informed: vec![],
            tags: vec![],
            body: "## Context\n\nx\n".into(),
            links: vec![],
            front_matter_extra: None,
        }
    }

    #[test]
    fn no_status_and_no_date_leave_their_lines_out() {
        let adr = Renderable { status: None, date: None, ..decision() };
        assert_eq!(render(AdrFlavor::AdrTools, &adr), "# 7. Serve models with Triton\n\n## Context\n\nx\n");
        assert_eq!(render(AdrFlavor::Madr2, &adr), "# Serve models with Triton\n\n## Context\n\nx\n");
        assert_eq!(render(AdrFlavor::Madr4, &adr), "# Serve models with Triton\n\n## Context\n\nx\n");
        assert_eq!(
            render(AdrFlavor::Madr3, &adr),
            "---\ndeciders: []\n---\n\n# Serve models with Triton\n\n## Context\n\nx\n"
        );
        assert_eq!(file_name(AdrFlavor::Log4brains, &adr, None), "serve-models-with-triton.md");
        assert_eq!(
            file_name(AdrFlavor::Log4brains, &decision(), None),
            "20170331-serve-models-with-triton.md"
        );
    }

    #[test]
    fn kept_wording_is_written_while_it_still_holds() {
        let kept = Renderable {
            status_note: Some("ACCEPTED.".into()),
            date_text: Some("31/03/2017".into()),
            ..decision()
        };
        let text = render(AdrFlavor::AdrTools, &kept);
        assert!(
            text.starts_with(
                "# 7. Serve models with Triton\n\nDate: 31/03/2017\n\n## Status\n\nACCEPTED.\n\n"
            ),
            "{text}"
        );
        assert!(
            render(AdrFlavor::Madr4, &kept)
                .starts_with("---\nstatus: \"ACCEPTED.\"\ndate: \"31/03/2017\"\n---")
        );
        // The status or the date changed since the file was read: the wording no longer holds.
        let stale = Renderable {
            status: Some(AdrStatus::Deprecated),
            date: NaiveDate::from_ymd_opt(2018, 1, 2),
            ..kept.clone()
        };
        let text = render(AdrFlavor::Madr2, &stale);
        assert!(text.contains("* Status: deprecated\n* Date: 2018-01-02\n"), "{text}");
        // Unknown: the wording is all there is.
        let unknown = Renderable {
            status: None,
            status_note: Some("on hold".into()),
            date: None,
            date_text: Some("sometime in Q3".into()),
            ..decision()
        };
        assert!(
            render(AdrFlavor::Log4brains, &unknown).contains("- Status: on hold\n- Date: sometime in Q3\n")
        );
    }

    #[test]
    fn a_known_successor_beats_kept_wording() {
        let adr = Renderable {
            status: Some(AdrStatus::Superseded),
            status_note: Some("Superseded by ADR-0009".into()),
            links: vec![RenderLink {
                kind: "supersedes".into(),
                label: "Superseded by".into(),
                outgoing: false,
                number: 12,
                title: "Serve models with KServe".into(),
                file: "0012-serve-models-with-kserve.md".into(),
            }],
            ..decision()
        };
        let text = render(AdrFlavor::Madr2, &adr);
        assert!(
            text.contains("* Status: superseded by [ADR-0012](0012-serve-models-with-kserve.md)\n"),
            "{text}"
        );
    }

    #[test]
    fn front_matter_lines_are_kept_in_every_flavor() {
        let adr =
            Renderable { front_matter_extra: Some("parent: Decisions\nnav_order: 7".into()), ..decision() };
        assert!(render(AdrFlavor::Madr4, &adr).starts_with(
            "---\nstatus: \"accepted\"\ndate: 2017-03-31\nparent: Decisions\nnav_order: 7\n---\n\n# Serve"
        ));
        assert!(
            render(AdrFlavor::AdrTools, &adr)
                .starts_with("---\nparent: Decisions\nnav_order: 7\n---\n\n# 7. Serve models with Triton\n")
        );
        assert!(
            render(AdrFlavor::Madr2, &adr)
                .starts_with("---\nparent: Decisions\nnav_order: 7\n---\n\n# Serve")
        );
    }
}
