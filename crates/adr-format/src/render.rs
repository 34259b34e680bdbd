//! Writing a decision as a file in a chosen flavor, for decisions made or changed in Archboard.
//! (An imported decision nobody changed is written back from its original bytes instead.)

use archboard_types::adr::AdrStatus;
use archboard_types::adr_folder::AdrFlavor;
use chrono::NaiveDate;

/// Everything a file needs about one decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renderable {
    pub number: u32,
    pub title: String,
    pub status: AdrStatus,
    /// Kept status wording such as log4brains' `draft`.
    pub status_note: Option<String>,
    pub date: NaiveDate,
    pub deciders: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub tags: Vec<String>,
    pub body: String,
    /// Links as read from this decision, with the label for this side.
    pub links: Vec<RenderLink>,
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
        (AdrFlavor::Log4brains, None) => format!("{}-{}.md", adr.date.format("%Y%m%d"), slugify(&adr.title)),
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

fn status_word(adr: &Renderable) -> String {
    match (&adr.status_note, adr.status) {
        (Some(note), AdrStatus::Proposed) => note.clone(),
        _ => adr.status.as_str().to_owned(),
    }
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
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn yaml_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| yaml_string(s)).collect::<Vec<_>>().join(", "))
}

/// Renders the whole file. The body is written after one blank line, exactly as stored.
pub fn render(flavor: AdrFlavor, adr: &Renderable) -> String {
    let mut out = String::new();
    let body = adr.body.trim_end();
    match flavor {
        AdrFlavor::AdrTools => {
            out.push_str(&format!("# {}. {}\n\nDate: {}\n\n## Status\n\n", adr.number, adr.title, adr.date));
            let successor = adr.links.iter().position(|l| l.kind == "supersedes" && !l.outgoing);
            let link_line = |l: &RenderLink| {
                format!("{} [{}. {}]({})\n\n", adr_tools_label(l), l.number, l.title, l.file)
            };
            match (adr.status, successor) {
                (AdrStatus::Superseded, Some(index)) => out.push_str(&link_line(&adr.links[index])),
                _ => out.push_str(&format!("{}\n\n", capitalised(&status_word(adr)))),
            }
            for (index, link) in adr.links.iter().enumerate() {
                if Some(index) != successor || adr.status != AdrStatus::Superseded {
                    out.push_str(&link_line(link));
                }
            }
        }
        AdrFlavor::Madr2 | AdrFlavor::Log4brains => {
            let bullet = if flavor == AdrFlavor::Madr2 { "*" } else { "-" };
            out.push_str(&format!("# {}\n\n", adr.title));
            let status = superseded_by_phrase(adr, flavor)
                .filter(|_| adr.status == AdrStatus::Superseded)
                .unwrap_or_else(|| status_word(adr));
            out.push_str(&format!("{bullet} Status: {status}\n"));
            for (key, names) in
                [("Deciders", &adr.deciders), ("Consulted", &adr.consulted), ("Informed", &adr.informed)]
            {
                if !names.is_empty() {
                    out.push_str(&format!("{bullet} {key}: {}\n", names.join(", ")));
                }
            }
            out.push_str(&format!("{bullet} Date: {}\n", adr.date));
            if !adr.tags.is_empty() {
                out.push_str(&format!("{bullet} Tags: {}\n", adr.tags.join(", ")));
            }
            out.push('\n');
        }
        AdrFlavor::Madr3 | AdrFlavor::Madr4 => {
            let status = superseded_by_phrase(adr, flavor)
                .filter(|_| adr.status == AdrStatus::Superseded)
                .unwrap_or_else(|| status_word(adr));
            out.push_str(&format!("---\nstatus: {}\ndate: {}\n", yaml_string(&status), adr.date));
            let deciders_key = if flavor == AdrFlavor::Madr4 { "decision-makers" } else { "deciders" };
            for (key, names) in [
                (deciders_key, &adr.deciders),
                ("consulted", &adr.consulted),
                ("informed", &adr.informed),
                ("tags", &adr.tags),
            ] {
                // MADR 3 always names `deciders`: that key is what tells it from MADR 4 on import.
                if !names.is_empty() || key == "deciders" {
                    out.push_str(&format!("{key}: {}\n", yaml_list(names)));
                }
            }
            out.push_str(&format!("---\n\n# {}\n\n", adr.title));
        }
    }
    if !body.is_empty() {
        out.push_str(body);
        out.push('\n');
    }
    out
}
