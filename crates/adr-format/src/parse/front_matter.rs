//! YAML front matter between `---` lines: MADR 3/4's decision keys, and the keys site
//! generators and teams add to any flavor (`nav_order`, `parent`, `layout`, …). It is read
//! one top-level key at a time, so that a key Archboard does not know, or one that is not valid
//! YAML, is kept as its own lines without costing the others.

use yaml_rust2::{Yaml, YamlLoader};

/// One top-level key with its indented continuation lines (or a comment, or lines that belong
/// to no key).
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    /// The key, lowercase, when the entry starts with `key:`.
    pub key: Option<String>,
    /// The file line (1-based) the entry starts on.
    pub line: u32,
    pub lines: Vec<&'a str>,
    /// The value, when the entry reads as YAML on its own.
    pub value: Option<Yaml>,
}

impl Entry<'_> {
    /// The value as written after `key:`, with its continuation lines: kept when the value is
    /// not a plain scalar (a MADR `{…}` placeholder reads as a YAML mapping).
    pub fn raw_value(&self) -> String {
        let first = self.lines.first().and_then(|l| l.split_once(':')).map(|(_, v)| v).unwrap_or_default();
        let mut text = first.trim().to_owned();
        for line in &self.lines[1..] {
            text.push('\n');
            text.push_str(line);
        }
        text.trim().to_owned()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct FrontMatter<'a> {
    /// The index of the closing `---` line.
    pub close: usize,
    pub entries: Vec<Entry<'a>>,
    /// Where the front matter as a whole stops being valid YAML, and why.
    pub error: Option<(u32, String)>,
}

/// The closing `---` (or YAML's `...`) of front matter opened on the first line.
pub(crate) fn closing_fence(lines: &[&str]) -> Option<usize> {
    lines.iter().enumerate().skip(1).find(|(_, l)| matches!(l.trim_end(), "---" | "...")).map(|(i, _)| i)
}

pub(crate) fn read<'a>(lines: &[&'a str], close: usize) -> FrontMatter<'a> {
    let inner = &lines[1..close];
    // The marker's line is 1-based within the front matter, which starts on file line 2.
    let error = YamlLoader::load_from_str(&inner.join("\n"))
        .err()
        .map(|e| (e.marker().line() as u32 + 1, e.info().to_owned()));
    let mut entries: Vec<Entry<'a>> = Vec::new();
    let mut blanks: Vec<&'a str> = Vec::new();
    for (offset, line) in inner.iter().enumerate() {
        let file_line = offset as u32 + 2;
        if line.trim().is_empty() {
            // Blank lines inside a block scalar matter; between keys they are only spacing.
            blanks.push(line);
            continue;
        }
        let continuation = line.starts_with([' ', '\t', '-', ']', '}']);
        let starts_key = !continuation && !line.starts_with('#') && line.contains(':');
        let is_comment = line.starts_with('#');
        match entries.last_mut() {
            Some(entry) if !starts_key && !is_comment => {
                entry.lines.append(&mut blanks);
                entry.lines.push(line);
            }
            _ => {
                blanks.clear();
                let key = starts_key.then(|| {
                    let key = line.split_once(':').map(|(k, _)| k).unwrap_or_default();
                    key.trim().trim_matches(['"', '\'']).to_ascii_lowercase()
                });
                entries.push(Entry { key, line: file_line, lines: vec![line], value: None });
            }
        }
    }
    for entry in &mut entries {
        if entry.key.is_none() {
            continue;
        }
        if let Ok(documents) = YamlLoader::load_from_str(&entry.lines.join("\n"))
            && let Some(Yaml::Hash(hash)) = documents.into_iter().next()
            && hash.len() == 1
            && let Some((Yaml::String(_), value)) = hash.into_iter().next()
        {
            entry.value = Some(value);
        }
    }
    FrontMatter { close, entries, error }
}

/// A scalar as text (`2017-03-31`, `accepted`, `20170331`).
pub(crate) fn scalar(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Real(r) => Some(r.clone()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_keep_their_continuation_lines() {
        let text = "---\nstatus: accepted\n\nparent: Decisions\nsummary: |\n  one\n\n  two\ntags:\n- gpu\n- serving\n# a comment\nnav_order: 3\n---";
        let lines: Vec<&str> = text.lines().collect();
        let close = closing_fence(&lines).unwrap();
        let front = read(&lines, close);
        let keys: Vec<_> = front.entries.iter().map(|e| e.key.as_deref()).collect();
        assert_eq!(
            keys,
            vec![Some("status"), Some("parent"), Some("summary"), Some("tags"), None, Some("nav_order")]
        );
        assert_eq!(front.entries[2].lines, vec!["summary: |", "  one", "", "  two"]);
        assert_eq!(front.entries[3].lines, vec!["tags:", "- gpu", "- serving"]);
        assert_eq!(front.entries[1].line, 4);
        assert!(front.error.is_none());
        assert!(front.entries.iter().filter(|e| e.key.is_some()).all(|e| e.value.is_some()));
    }

    #[test]
    fn a_broken_key_costs_only_itself() {
        let text = "---\ntitle: ADR 5: Serve with Triton\nstatus: accepted\n---";
        let lines: Vec<&str> = text.lines().collect();
        let front = read(&lines, 3);
        assert_eq!(front.error.as_ref().map(|e| e.0), Some(2));
        assert!(front.entries[0].value.is_none());
        assert_eq!(front.entries[1].value, Some(Yaml::String("accepted".into())));
    }
}
