//! Names in both directions: lens ids (letters, digits and `_`) to Archboard keys (lowercase
//! letters, digits and `-`, which the catalog rules require), and back when a template is
//! written as a lens.

use std::collections::HashSet;

/// The lens format's id rule: 3 to 128 characters, ASCII letters, digits and `_`.
pub(crate) fn is_spec_id(id: &str) -> bool {
    (3..=128).contains(&id.chars().count()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The checklist item key of a question id: lowercase, every other character a `-`, no `-` at
/// either end. Runs of `-` are kept so that `a_b` and `a__b` stay different keys; ids that
/// still collide (`Q1` and `q1`) are refused at import, since export finds questions by key.
pub(crate) fn item_key(question_id: &str) -> String {
    let key: String = question_id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    key.trim_matches('-').to_owned()
}

/// The question id for an item written without one: `-` becomes `_`, at most 128 characters,
/// at least 3 (padded with `_`, which `item_key` drops again, so the key comes back unchanged).
pub(crate) fn question_id_from_key(key: &str) -> String {
    let mut id: String =
        key.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).take(MAX_QUESTION_ID).collect();
    while id.chars().count() < 3 {
        id.push('_');
    }
    id
}

pub(crate) const MAX_QUESTION_ID: usize = 128;
/// Pillar and choice ids are kept to 64 characters: the file format allows 128, but the
/// Well-Architected API reports pillar and choice ids of at most 64.
pub(crate) const MAX_PILLAR_ID: usize = 64;
pub(crate) const MAX_CHOICE_ID: usize = 64;

/// A pillar id from a section name: `Ownership and operations` → `ownership_and_operations`.
pub(crate) fn pillar_id_from_name(name: &str, position: usize) -> String {
    let words = words(name, '_');
    let id: String = words.chars().take(MAX_PILLAR_ID).collect();
    let id = id.trim_end_matches('_');
    match id.chars().count() {
        0 => format!("pillar_{}", position + 1),
        1 | 2 => format!("pillar_{id}"),
        _ => id.to_owned(),
    }
}

/// The slug of a lens name for the checklist key: `Company Policy ABC` → `company-policy-abc`.
pub(crate) fn name_slug(name: &str) -> String {
    let slug: String = words(name, '-').chars().take(64).collect();
    slug.trim_end_matches('-').to_owned()
}

/// Lowercase ASCII words joined by `separator`; common accented Latin letters lose their
/// accents (so `Sécurité` reads `securite`), other characters separate words.
fn words(text: &str, separator: char) -> String {
    let mut out = String::new();
    let mut pending = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mut buffer = [0; 4];
        let folded = if c.is_ascii_alphanumeric() { &*c.encode_utf8(&mut buffer) } else { fold(c) };
        if folded.is_empty() {
            pending = !out.is_empty();
            continue;
        }
        if pending {
            out.push(separator);
            pending = false;
        }
        out.push_str(folded);
    }
    out
}

/// The ASCII letters of an accented Latin letter; empty for anything else.
fn fold(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'œ' => "oe",
        'ß' => "ss",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        _ => "",
    }
}

/// `base`, or `base_2`, `base_3`, … — the first not in `used`, within `max` characters — and
/// records it as used.
pub(crate) fn unique(base: &str, used: &mut HashSet<String>, max: usize) -> String {
    let mut candidate: String = base.chars().take(max).collect();
    let mut n = 2;
    while used.contains(&candidate) {
        let suffix = format!("_{n}");
        let room = max.saturating_sub(suffix.len());
        candidate = base.chars().take(room).collect::<String>() + &suffix;
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// Cuts an id to `max` characters (ids are ASCII after `question_id_from_key`, but a lens may
/// bring others).
pub(crate) fn truncate(id: &str, max: usize) -> String {
    id.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_ids_become_catalog_keys_and_back() {
        assert_eq!(item_key("pillar_1_q1"), "pillar-1-q1");
        assert_eq!(item_key("Privacy01"), "privacy01");
        assert_eq!(item_key("_lead_and_trail_"), "lead-and-trail");
        assert_eq!(item_key("a__b"), "a--b");
        assert_eq!(item_key("___"), "");
        for key in ["owner-on-call", "slo-defined", "ab", "x", "a1"] {
            let id = question_id_from_key(key);
            assert!(is_spec_id(&id), "{id}");
            assert_eq!(item_key(&id), key);
        }
        assert_eq!(question_id_from_key("owner-on-call"), "owner_on_call");
        assert_eq!(question_id_from_key(&"k".repeat(200)).len(), 128);
    }

    #[test]
    fn pillar_ids_and_name_slugs_are_readable() {
        assert_eq!(pillar_id_from_name("Ownership and operations", 0), "ownership_and_operations");
        assert_eq!(pillar_id_from_name("QA", 1), "pillar_qa");
        assert_eq!(pillar_id_from_name("Безопасность", 2), "pillar_3");
        assert_eq!(pillar_id_from_name("  Data & reproducibility!  ", 0), "data_reproducibility");
        assert!(pillar_id_from_name(&"word ".repeat(40), 0).len() <= MAX_PILLAR_ID);
        assert_eq!(name_slug("Company Policy ABC"), "company-policy-abc");
        assert_eq!(name_slug("Sécurité des données (v2)"), "securite-des-donnees-v2");
        assert_eq!(name_slug("日本"), "");
    }

    #[test]
    fn unique_ids_get_numbered_within_the_length() {
        let mut used = HashSet::new();
        assert_eq!(unique("abc", &mut used, 5), "abc");
        assert_eq!(unique("abc", &mut used, 5), "abc_2");
        assert_eq!(unique("abcdef", &mut used, 5), "abcde");
        assert_eq!(unique("abcdef", &mut used, 5), "abc_3");
    }
}
