//! archboard-adr-format: ADR files as teams keep them in git, in every flavor Archboard knows
//! (adr-tools, MADR 2–4, log4brains): parsing a file into a decision and rendering one back.
//! Pure: no disk, no store; the fronts read folders and the engine decides what to keep.
#![forbid(unsafe_code)]

pub mod parse;
pub mod render;

/// Files that sit in ADR folders but are not decisions.
pub fn is_decision_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name.ends_with(".md")
        && !matches!(name.as_str(), "readme.md" | "index.md" | "template.md" | "adr-template.md")
}

#[cfg(test)]
mod round_trip {
    //! Generated decisions rendered in each flavor must read back as the same decision.
    use super::parse::parse_file;
    use super::render::{Renderable, file_name, render};
    use archboard_types::adr::AdrStatus;
    use archboard_types::adr_folder::AdrFlavor;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn words(min: usize, max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec("[A-Za-z][a-z]{0,9}", min..max).prop_map(|w| w.join(" "))
    }

    fn names() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec("[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?", 0..4)
    }

    fn body() -> impl Strategy<Value = String> {
        proptest::collection::vec((words(1, 4), words(1, 30)), 0..4).prop_map(|sections| {
            sections
                .iter()
                .map(|(heading, text)| format!("## {heading}\n\n{text}.\n"))
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    fn decision() -> impl Strategy<Value = Renderable> {
        let status = prop_oneof![
            Just(AdrStatus::Proposed),
            Just(AdrStatus::Accepted),
            Just(AdrStatus::Rejected),
            Just(AdrStatus::Deprecated)
        ];
        (1u32..9999, words(1, 8), status, 0i64..20000, names(), names(), names(), names(), body()).prop_map(
            |(number, title, status, day, deciders, consulted, informed, tags, body)| Renderable {
                number,
                title,
                status,
                status_note: None,
                date: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Days::new(day as u64),
                deciders,
                consulted,
                informed,
                tags: tags.into_iter().map(|t| t.to_lowercase().replace(' ', "-")).collect(),
                body,
                links: vec![],
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn every_flavor_reads_back_what_it_wrote(adr in decision()) {
            for flavor in AdrFlavor::ALL {
                let text = render(flavor, &adr);
                let name = file_name(flavor, &adr, None);
                let parsed = parse_file(&name, text.as_bytes(), None)
                    .map_err(|e| TestCaseError::fail(format!("{flavor}: {e:?}\n{text}")))?;
                prop_assert_eq!(parsed.flavor, flavor, "{}", text);
                prop_assert_eq!(&parsed.title, &adr.title);
                prop_assert_eq!(parsed.status, adr.status);
                prop_assert_eq!(parsed.date, Some(adr.date));
                prop_assert_eq!(&parsed.body, &adr.body, "{}", text);
                if flavor != AdrFlavor::Log4brains {
                    prop_assert_eq!(parsed.number, Some(adr.number));
                }
                if flavor != AdrFlavor::AdrTools {
                    // adr-tools files have no place for people or tags.
                    prop_assert_eq!(&parsed.deciders, &adr.deciders);
                    prop_assert_eq!(&parsed.consulted, &adr.consulted);
                    prop_assert_eq!(&parsed.informed, &adr.informed);
                    prop_assert_eq!(&parsed.tags, &adr.tags);
                }
                // Rendering what was read gives the same bytes again (idempotent).
                let again = Renderable { body: parsed.body.clone(), ..adr.clone() };
                prop_assert_eq!(render(flavor, &again), text);
            }
        }
    }
}
