//! The tests' well-formedness check for chart SVG, shared by every chart module's tests.

/// A small well-formedness check: tags nest and close, attribute values are quoted, and
/// every `&` starts an entity XML knows and no attribute is written twice
pub(crate) fn assert_well_formed(svg: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = svg;
    let check_text = |text: &str| {
        let mut parts = text.split('&');
        parts.next();
        for part in parts {
            let entity = part.split(';').next().unwrap_or("");
            let known = ["lt", "gt", "amp", "quot", "apos"].contains(&entity);
            assert!(known && part.contains(';'), "a bare & before {part:?}");
        }
        assert!(!text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')));
    };
    while let Some(start) = rest.find('<') {
        check_text(&rest[..start]);
        let end = rest[start..].find('>').expect("an unclosed tag") + start;
        let tag = &rest[start + 1..end];
        assert!(!tag.contains('<'), "a < inside the tag {tag:?}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "mismatched </{name}>");
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body.split_whitespace().next().expect("a tag name").to_owned();
            let attributes = &body[name.len()..];
            assert_eq!(attributes.matches('"').count() % 2, 0, "unbalanced quotes in {tag:?}");
            let mut names: Vec<&str> = Vec::new();
            for (i, part) in attributes.split('"').enumerate() {
                if i % 2 == 1 {
                    check_text(part);
                } else if let Some(name) = part.trim().strip_suffix('=') {
                    assert!(!names.contains(&name), "{name} twice in {tag:?}");
                    names.push(name);
                }
            }
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[end + 1..];
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches("<svg").count(), 1);
    assert_eq!(svg.matches("</svg>").count(), 1);
}
