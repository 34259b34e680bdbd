//! Status wording as teams write it: the five lifecycle words and their everyday synonyms,
//! decorated (`**Accepted**`, `ACCEPTED.`, `accepted ✅`), as badges or links, and compound
//! (`Accepted; supersedes ADR-0045`), which also declare links.

use super::{DeclaredLink, LinkTarget, name_parts};
use archboard_types::adr::AdrStatus;

/// What one status wording says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StatusReading {
    pub status: Option<AdrStatus>,
    pub links: Vec<DeclaredLink>,
    /// Why the wording has no lifecycle meaning, for a warning (`None` when it has one).
    pub problem: Option<String>,
}

/// Everyday words for each lifecycle state, lowercase, punctuation already turned to spaces
/// and apostrophes removed (`won't do` → `wont do`). Only wording whose meaning is clear.
const VOCABULARY: &[(&str, AdrStatus)] = &[
    ("draft", AdrStatus::Proposed),
    ("proposed", AdrStatus::Proposed),
    ("proposal", AdrStatus::Proposed),
    ("in progress", AdrStatus::Proposed),
    ("work in progress", AdrStatus::Proposed),
    ("wip", AdrStatus::Proposed),
    ("under review", AdrStatus::Proposed),
    ("in review", AdrStatus::Proposed),
    ("for review", AdrStatus::Proposed),
    ("under discussion", AdrStatus::Proposed),
    ("pending", AdrStatus::Proposed),
    ("open", AdrStatus::Proposed),
    ("rfc", AdrStatus::Proposed),
    ("suggested", AdrStatus::Proposed),
    ("accepted", AdrStatus::Accepted),
    ("approved", AdrStatus::Accepted),
    ("agreed", AdrStatus::Accepted),
    ("adopted", AdrStatus::Accepted),
    ("decided", AdrStatus::Accepted),
    ("done", AdrStatus::Accepted),
    ("implemented", AdrStatus::Accepted),
    ("active", AdrStatus::Accepted),
    ("in effect", AdrStatus::Accepted),
    ("rejected", AdrStatus::Rejected),
    ("declined", AdrStatus::Rejected),
    ("wont do", AdrStatus::Rejected),
    ("wont fix", AdrStatus::Rejected),
    ("wontfix", AdrStatus::Rejected),
    ("abandoned", AdrStatus::Rejected),
    ("deprecated", AdrStatus::Deprecated),
    ("obsolete", AdrStatus::Deprecated),
    ("retired", AdrStatus::Deprecated),
    ("withdrawn", AdrStatus::Deprecated),
    ("superseded", AdrStatus::Superseded),
    ("superceded", AdrStatus::Superseded),
    ("superseeded", AdrStatus::Superseded),
    ("replaced", AdrStatus::Superseded),
];

/// Words that may follow a status word without changing it: `accepted by the board`,
/// `approved on 2024-01-05`, `superseded by ADR-0012`.
const FOLLOWERS: &[&str] =
    &["by", "on", "in", "at", "since", "as", "from", "for", "with", "after", "per", "via", "adr", "see"];

/// Relation phrases in a status wording and the label each declares (the labels the engine
/// maps to link kinds).
const RELATIONS: &[(&str, &str)] = &[
    ("superseded by", "Superseded by"),
    ("superceded by", "Superseded by"),
    ("superseeded by", "Superseded by"),
    ("replaced by", "Superseded by"),
    ("supersedes", "Supersedes"),
    ("supercedes", "Supersedes"),
    ("replaces", "Supersedes"),
    ("amended by", "Amended by"),
    ("amends", "Amends"),
    ("clarified by", "Clarified by"),
    ("clarifies", "Clarifies"),
    ("extended by", "Extended by"),
    ("extends", "Extends"),
    ("relates to", "Relates to"),
    ("related to", "Relates to"),
];

/// The lifecycle meaning of a wording, ignoring the links it declares (the renderer asks this
/// to tell whether kept wording still says what the decision's status is).
pub(crate) fn wording_status(text: &str) -> Option<AdrStatus> {
    read_status(text, 0).status
}

/// `{proposed | rejected | …}` (MADR) and `[draft | proposed | …]` (log4brains) are the
/// template's list of choices, not a choice.
fn is_placeholder(text: &str) -> bool {
    (text.starts_with('{') && text.ends_with('}')) || text.contains(" | ")
}

pub(crate) fn read_status(raw: &str, line: u32) -> StatusReading {
    let text = raw.trim();
    if is_placeholder(text) {
        return StatusReading {
            status: None,
            links: vec![],
            problem: Some(format!(
                "status `{text}` is still the template's placeholder; kept as written, the status is unknown"
            )),
        };
    }
    let reduced = reduce(text);
    let lower = reduced.text.to_ascii_lowercase();
    let relations = find_relations(&lower);
    let mut links = Vec::new();
    for (_, end, label) in &relations {
        for target in targets_after(&reduced, &lower, *end) {
            links.push(DeclaredLink { label: (*label).to_owned(), target, line });
        }
    }
    let head_end = relations.first().map(|(start, _, _)| *start).unwrap_or(reduced.text.len());
    let words = status_words(&reduced.text[..head_end]);
    let mut status = lifecycle(&words);
    if status.is_none() {
        // A badge whose alt text says nothing (`![status](…/badge/ADR-accepted-green)`).
        status = reduced
            .spans
            .iter()
            .filter(|s| s.image && s.start < head_end)
            .find_map(|s| badge_words(&s.href).iter().find_map(|w| lifecycle(&status_words(w))));
    }
    if status.is_none() && words.is_empty() && relations.first().is_some_and(|r| r.2 == "Superseded by") {
        status = Some(AdrStatus::Superseded);
    }
    let problem = status
        .is_none()
        .then(|| format!("status `{text}` has no clear place in the lifecycle; kept as written"));
    StatusReading { status, links, problem }
}

/// Lowercase words only: decoration, punctuation and emoji turn to spaces, apostrophes go,
/// and a leading `status` (from `Status: accepted` or a badge's alt text) is dropped.
fn status_words(text: &str) -> String {
    let cleaned: String = text
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '\'' | '’'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.first() == Some(&"adr") && words.get(1) == Some(&"status") {
        words.remove(0);
    }
    if words.first() == Some(&"status") {
        words.remove(0);
    }
    // `Accepted and supersedes …` leaves `accepted and` before the relation.
    if words.last() == Some(&"and") {
        words.pop();
    }
    words.join(" ")
}

/// A vocabulary phrase, alone or followed by a word such as `by` or a date.
fn lifecycle(words: &str) -> Option<AdrStatus> {
    if words.is_empty() {
        return None;
    }
    let mut best: Option<(usize, AdrStatus)> = None;
    for (phrase, status) in VOCABULARY {
        let fits = words == *phrase
            || words.strip_prefix(phrase).and_then(|rest| rest.strip_prefix(' ')).is_some_and(|rest| {
                let next = rest.split(' ').next().unwrap_or_default();
                FOLLOWERS.contains(&next) || next.bytes().all(|b| b.is_ascii_digit())
            });
        // The longest phrase wins: `work in progress` over nothing, `in effect` over `in`.
        if fits && best.is_none_or(|(len, _)| phrase.len() > len) {
            best = Some((phrase.len(), *status));
        }
    }
    best.map(|(_, status)| status)
}

/// The words a badge's address carries: shields.io's `/badge/<label>-<message>-<colour>`
/// (message first), its `?label=…&message=…` form, and the file name of other images.
fn badge_words(href: &str) -> Vec<String> {
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    let mut words = Vec::new();
    let decode =
        |s: &str| s.replace("%20", " ").replace("__", "\u{0}").replace('_', " ").replace('\u{0}', "_");
    for pair in query.split('&') {
        if let Some((key, value)) = pair.split_once('=')
            && matches!(key, "message" | "status")
        {
            words.push(decode(value));
        }
    }
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or(path);
    let last = last.strip_suffix(".svg").or_else(|| last.strip_suffix(".png")).unwrap_or(last);
    if path.contains("/badge/") {
        // `--` is a literal dash in shields.io's path form.
        let parts: Vec<String> =
            last.replace("--", "\u{0}").split('-').map(|p| decode(&p.replace('\u{0}', "-"))).collect();
        match parts.len() {
            0 | 1 => words.extend(parts),
            2 => words.push(parts[0].clone()),
            n => {
                words.extend(parts[1..n - 1].iter().cloned());
                words.push(parts[0].clone());
            }
        }
    } else {
        words.push(last.replace(['-', '_'], " "));
        words.extend(last.split(['-', '_']).map(str::to_owned));
    }
    words
}

/// Every relation phrase at word boundaries: (start, end, label), in order.
fn find_relations(lower: &str) -> Vec<(usize, usize, &'static str)> {
    let bytes = lower.as_bytes();
    let boundary = |i: usize| i == 0 || i >= bytes.len() || !bytes[i - 1].is_ascii_alphanumeric();
    let after = |i: usize| i >= bytes.len() || !bytes[i].is_ascii_alphanumeric();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if boundary(i)
            && let Some((phrase, label)) = RELATIONS
                .iter()
                .find(|(phrase, _)| bytes[i..].starts_with(phrase.as_bytes()) && after(i + phrase.len()))
        {
            found.push((i, i + phrase.len(), *label));
            i += phrase.len();
            continue;
        }
        i += 1;
    }
    found
}

/// The decisions named after a relation phrase: a Markdown link (its file name, else its text)
/// or a plain reference (`ADR-0045`, `ADR 45`, `#45`, `0045`), and more after `,` / `and`.
fn targets_after(reduced: &Reduced, lower: &str, mut at: usize) -> Vec<LinkTarget> {
    let mut targets = Vec::new();
    loop {
        let before = at;
        let skip = |mut i: usize, and: bool| {
            loop {
                let rest = &lower[i..];
                if let Some(c) = rest.chars().next()
                    && (c.is_whitespace() || matches!(c, ':' | '*' | '_' | '`' | '-' | '–' | '—' | '(' | '['))
                {
                    i += c.len_utf8();
                } else if and && (rest.starts_with(',') || rest.starts_with('&')) {
                    i += 1;
                } else if and && rest.starts_with("and ") {
                    i += 3;
                } else {
                    return i;
                }
            }
        };
        let start = skip(at, !targets.is_empty());
        if let Some(span) = reduced.spans.iter().find(|s| s.start == start && !s.image) {
            let target = link_target(&span.href, &reduced.text[span.start..span.end]);
            match target {
                Some(target) => targets.push(target),
                None => break,
            }
            at = span.end;
        } else if let Some((number, end)) = plain_reference(&lower[start..]) {
            targets.push(LinkTarget::Number(number));
            at = start + end;
        } else {
            break;
        }
        // An empty link text (`[](0001-x.md)`) reads nothing more; stop rather than loop.
        if at <= before {
            break;
        }
    }
    targets
}

/// A link's target: the decision its file name names, else the number in its text.
pub(crate) fn link_target(href: &str, text: &str) -> Option<LinkTarget> {
    let path = href.split(['#', '?']).next().unwrap_or(href);
    let file = path.rsplit('/').next().unwrap_or(path);
    match name_parts(file) {
        (Some(number), _) => Some(LinkTarget::Number(number)),
        (_, Some(slug)) => Some(LinkTarget::Slug(slug)),
        _ => {
            let lower = text.trim().to_ascii_lowercase();
            plain_reference(&lower).map(|(n, _)| LinkTarget::Number(n)).or_else(|| {
                // adr-tools' own link text: `12. Use PostgreSQL`.
                let digits: String = lower.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok().map(LinkTarget::Number)
            })
        }
    }
}

/// `adr-0045`, `adr 45`, `adr45`, `#45`, `0045` at the start of lowercase text: the number and
/// the byte length read.
fn plain_reference(lower: &str) -> Option<(u32, usize)> {
    let mut i = 0;
    if lower.starts_with("adr") {
        i = 3;
        if lower[i..].starts_with(['-', '_', ' ', '#', '.']) {
            i += 1;
        }
    } else if lower.starts_with('#') {
        i = 1;
    }
    let digits = lower[i..].bytes().take_while(u8::is_ascii_digit).count();
    let end = i + digits;
    let followed_by_word = lower[end..].chars().next().is_some_and(char::is_alphanumeric);
    if digits == 0 || digits > 7 || followed_by_word {
        return None;
    }
    Some((lower[i..end].parse().ok()?, end))
}

/// Markdown text with links and images reduced to their text, remembering where each was.
#[derive(Debug, Default)]
pub(crate) struct Reduced {
    pub text: String,
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone)]
pub(crate) struct Span {
    /// Byte range of the link's text in `Reduced::text`.
    pub start: usize,
    pub end: usize,
    pub href: String,
    pub image: bool,
}

/// `[![Status: Accepted](badge)](page) see [ADR-1](0001-x.md)` →
/// `Status: Accepted see ADR-1`, with the spans of the badge, its link and the ADR link.
pub(crate) fn reduce(text: &str) -> Reduced {
    let mut out = Reduced::default();
    let mut i = 0;
    while i < text.len() {
        let image = text[i..].starts_with("![");
        let open = if image { i + 1 } else { i };
        if (image || text[i..].starts_with('['))
            && let Some(close) = matching(text, open, '[', ']')
            && text[close + 1..].starts_with('(')
            && let Some(end) = matching(text, close + 1, '(', ')')
        {
            let inner = reduce(&text[open + 1..close]);
            let start = out.text.len();
            out.spans.extend(inner.spans.into_iter().map(|s| Span {
                start: s.start + start,
                end: s.end + start,
                ..s
            }));
            out.text.push_str(&inner.text);
            // `(0001-x.md "Title")`: the address is the part before any title.
            let href = text[close + 2..end].split_whitespace().next().unwrap_or_default().to_owned();
            out.spans.push(Span { start, end: out.text.len(), href, image });
            i = end + 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or_default();
        out.text.push(c);
        i += c.len_utf8();
    }
    out
}

/// The index of the bracket closing the one at `open`, counting nesting.
fn matching(text: &str, open: usize, left: char, right: char) -> Option<usize> {
    let mut depth = 0usize;
    for (offset, c) in text[open..].char_indices() {
        if c == left {
            depth += 1;
        } else if c == right {
            depth -= 1;
            if depth == 0 {
                return Some(open + offset);
            }
        }
    }
    None
}

/// Whether a line in an adr-tools `## Status` section begins with a relation phrase
/// (`Supersedes ADR-0002`, `Amended by [3. X](0003-x.md)`): a link line, not the status.
pub(crate) fn starts_with_relation(line: &str) -> bool {
    let reduced = reduce(line.trim_start_matches(['*', '-', ' ', '_']));
    find_relations(&reduced.text.to_ascii_lowercase()).first().is_some_and(|(start, _, _)| *start == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badge_addresses_give_their_words() {
        assert_eq!(badge_words("https://img.shields.io/badge/ADR-accepted-green"), vec!["accepted", "ADR"]);
        assert_eq!(
            badge_words("https://img.shields.io/badge/status-on--hold-yellow.svg"),
            vec!["on-hold", "status"]
        );
        assert!(
            badge_words("https://img.shields.io/static/v1?label=adr&message=rejected&color=red")
                .contains(&"rejected".to_owned())
        );
    }

    #[test]
    fn plain_references() {
        assert_eq!(plain_reference("adr-0045 x"), Some((45, 8)));
        assert_eq!(plain_reference("adr 45"), Some((45, 6)));
        assert_eq!(plain_reference("#45."), Some((45, 3)));
        assert_eq!(plain_reference("0045"), Some((45, 4)));
        assert_eq!(plain_reference("10x"), None);
        assert_eq!(plain_reference("a newer one"), None);
    }

    #[test]
    fn reduced_markdown_keeps_link_places() {
        let reduced = reduce("[![Status: Accepted](https://b/x.svg)](https://p) see [ADR-1](0001-x.md)");
        assert_eq!(reduced.text, "Status: Accepted see ADR-1");
        assert_eq!(reduced.spans.len(), 3);
        assert!(reduced.spans[0].image && reduced.spans[0].href == "https://b/x.svg");
        assert_eq!(&reduced.text[reduced.spans[2].start..reduced.spans[2].end], "ADR-1");
    }
}
