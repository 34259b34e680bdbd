//! The files an ADR folder holds besides decisions (indexes, READMEs, templates), recognised
//! so that they are skipped with a note instead of failing or turning into decisions.

use super::{find_title, front_matter};

/// Files in an ADR folder that are not decisions, with the note shown for skipping them.
///
/// By name: indexes (`README.md`, `index.md`, `_index.md`, `SUMMARY.md`, `_sidebar.md`,
/// `toc.md`), project documents (`CHANGELOG.md`, `CONTRIBUTING.md`, …), templates
/// (`template.md`, `adr-template.md`, `*-template.md`, `template-*.md`, anything under a
/// `template/` or `templates/` folder). By content: an empty file, or one whose title is still
/// the template's placeholder (`# {short title of solved problem and solution}`). A real
/// decision numbered 0 (`0000-use-markdown-architectural-decision-records.md`) is not skipped.
pub fn skip_reason(path: &str, text: &str) -> Option<String> {
    let mut components: Vec<&str> = path.split(['/', '\\']).filter(|c| !c.is_empty()).collect();
    let name = components.pop().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower.strip_suffix(".md") else {
        return Some(format!("{name}: not a Markdown file; skipped"));
    };
    if matches!(stem, "readme" | "index" | "_index" | "summary" | "_sidebar" | "toc" | "contents") {
        return Some(format!("{name}: an index of the folder, not a decision; skipped"));
    }
    if matches!(stem, "changelog" | "contributing" | "license" | "code_of_conduct" | "code-of-conduct") {
        return Some(format!("{name}: project documentation, not a decision; skipped"));
    }
    let template_name = stem == "template"
        || stem.ends_with("-template")
        || stem.ends_with("_template")
        || stem.starts_with("template-")
        || stem.starts_with("template_");
    let in_template_folder = components
        .iter()
        .any(|c| matches!(c.to_ascii_lowercase().as_str(), "template" | "templates" | "_templates"));
    if template_name || in_template_folder {
        return Some(format!("{name}: a template, not a decision; skipped"));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Some(format!("{name}: an empty file, not a decision; skipped"));
    }
    let lines: Vec<&str> = text.lines().collect();
    let start = if lines.first().is_some_and(|l| l.trim_end() == "---") {
        front_matter::closing_fence(&lines).map(|close| close + 1).unwrap_or(0)
    } else {
        0
    };
    let title = find_title(&lines, start)?.text;
    let placeholder = (title.starts_with('{') && title.ends_with('}'))
        || (title.starts_with('[') && title.ends_with(']') && !title.contains("]("));
    placeholder.then(|| format!("{name}: still the ADR template (its title is a placeholder); skipped"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_and_templates_are_skipped_with_a_note() {
        let note = |path: &str| skip_reason(path, "# Something\n");
        assert_eq!(
            note("docs/adr/README.md").unwrap(),
            "README.md: an index of the folder, not a decision; skipped"
        );
        for path in ["readme.md", "index.md", "_index.md", "SUMMARY.md", "_sidebar.md", "toc.md"] {
            assert!(note(path).unwrap().contains("an index of the folder"), "{path}");
        }
        for path in [
            "template.md",
            "adr-template.md",
            "madr-template.md",
            "template-short.md",
            "0000-template.md",
            "0000-adr-template.md",
            "templates/decision.md",
            "docs/template/0001-x.md",
        ] {
            assert!(note(path).unwrap().contains("a template, not a decision"), "{path}");
        }
        assert_eq!(note("adr-template.md").unwrap(), "adr-template.md: a template, not a decision; skipped");
        assert!(note("0000-use-markdown-architectural-decision-records.md").is_none());
        assert!(note("0007-template-engine-for-reports.md").is_none());
        assert!(note("notes.txt").unwrap().contains("not a Markdown file"));
    }

    #[test]
    fn placeholder_titles_and_empty_files_are_skipped() {
        let madr =
            "---\nstatus: {proposed | accepted}\n---\n# {short title of solved problem and solution}\n";
        assert!(skip_reason("0001-new.md", madr).unwrap().contains("placeholder"));
        let madr2 = "# [short title of solved problem and solution]\n\n* Status: [proposed | accepted]\n";
        assert!(skip_reason("0002-new.md", madr2).unwrap().contains("placeholder"));
        assert!(skip_reason("0003-new.md", " \n\n").unwrap().contains("empty file"));
        assert!(skip_reason("0004-real.md", "# [WIP] Serve models with Triton\n").is_none());
    }
}
