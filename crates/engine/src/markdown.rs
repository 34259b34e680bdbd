//! Markdown to safe HTML. Bodies are untrusted (imported files, pasted text): pulldown-cmark
//! renders them and ammonia removes scripts, event handlers and dangerous URL schemes before
//! any HTML leaves the engine.

use pulldown_cmark::{Options, Parser, html};

/// Renders CommonMark (with tables, task lists, strikethrough, footnotes) to sanitised HTML.
pub fn render_markdown(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    sanitize_html(&unsafe_html)
}

/// Keeps ordinary document markup; drops `<script>`, `on*=` attributes, `javascript:` and
/// other non-web URL schemes, and marks links `rel="noopener noreferrer"`.
pub fn sanitize_html(html: &str) -> String {
    ammonia::Builder::default()
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_common_markdown() {
        let html = render_markdown("## Context\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n");
        assert!(html.contains("<h2>Context</h2>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("checkbox"), "{html}");
    }

    #[test]
    fn strips_scripts_handlers_and_javascript_urls() {
        let hostile = "Hello <script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n\
                       [click](javascript:alert(3)) <a href=\"JaVaScRiPt:alert(4)\">x</a>\n\n\
                       <iframe src=\"https://evil.example\"></iframe><div onclick=\"alert(5)\">d</div>";
        let html = render_markdown(hostile);
        let lower = html.to_ascii_lowercase();
        for forbidden in ["<script", "onerror", "onclick", "javascript:", "<iframe", "alert(1)"] {
            assert!(!lower.contains(forbidden), "`{forbidden}` survived in {html}");
        }
        assert!(html.contains("Hello"));
    }

    #[test]
    fn links_open_without_leaking_the_opener() {
        let html = render_markdown("[docs](https://example.org)");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }
}
