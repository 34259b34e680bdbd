//! archboard-adr-format: ADR files as teams keep them in git, in every flavor Archboard knows
//! (adr-tools, MADR 2–4, log4brains): parsing a file into a decision and rendering one back.
//! Pure: no disk, no store; the fronts read folders and the engine decides what to keep.
#![forbid(unsafe_code)]

pub mod parse;
pub mod render;

/// Whether a file of an ADR folder is Markdown, and so offered to the parser at all. Which
/// Markdown files are not decisions (READMEs, indexes, templates) is [`parse::skip_reason`]'s
/// call, so that each gets a note saying why it was skipped.
pub fn is_decision_file(path: &str) -> bool {
    path.rsplit(['/', '\\']).next().unwrap_or(path).ends_with(".md")
}

#[cfg(test)]
mod round_trip {
    //! Generated decisions rendered in each flavor must read back as the same decision.
    use super::parse::{ParseOptions, parse_file};
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

    /// Statuses with the wording a file may keep beside them, including none at all.
    fn status() -> impl Strategy<Value = (Option<AdrStatus>, Option<String>)> {
        prop_oneof![
            Just((Some(AdrStatus::Proposed), None)),
            Just((Some(AdrStatus::Accepted), None)),
            Just((Some(AdrStatus::Rejected), None)),
            Just((Some(AdrStatus::Deprecated), None)),
            Just((Some(AdrStatus::Proposed), Some("draft".to_owned()))),
            Just((Some(AdrStatus::Accepted), Some("ACCEPTED.".to_owned()))),
            Just((None, None)),
            Just((None, Some("on hold".to_owned()))),
        ]
    }

    /// Known ISO dates, dates kept in their own wording, unknown dates kept as written, none.
    fn date() -> impl Strategy<Value = (Option<NaiveDate>, Option<String>)> {
        let start = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
        prop_oneof![
            4 => (0u64..20000).prop_map(move |day| (Some(start + chrono::Days::new(day)), None)),
            1 => Just((NaiveDate::from_ymd_opt(2017, 3, 31), Some("31 March 2017".to_owned()))),
            1 => Just((None, Some("sometime in Q3".to_owned()))),
            1 => Just((None, Some("31/06/2016".to_owned()))),
            1 => Just((None, None)),
        ]
    }

    /// Front matter lines of site generators, kept verbatim in every flavor.
    fn extra() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            3 => Just(None),
            1 => Just(Some("nav_order: 3\nparent: Decisions".to_owned())),
            1 => Just(Some("layout: adr\ntoc:\n  - context\n  - decision".to_owned())),
        ]
    }

    fn decision() -> impl Strategy<Value = Renderable> {
        (0u32..9999, words(1, 8), status(), date(), (names(), names(), names(), names()), body(), extra())
            .prop_map(
                |(
                    number,
                    title,
                    (status, status_note),
                    (date, date_text),
                    people,
                    body,
                    front_matter_extra,
                )| {
                    let (deciders, consulted, informed, tags) = people;
                    Renderable {
                        number,
                        title,
                        status,
                        status_note,
                        date,
                        date_text,
                        deciders,
                        consulted,
                        informed,
                        tags: tags.into_iter().map(|t| t.to_lowercase().replace(' ', "-")).collect(),
                        body,
                        links: vec![],
                        front_matter_extra,
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn every_flavor_reads_back_what_it_wrote(adr in decision()) {
            for flavor in AdrFlavor::ALL {
                let text = render(flavor, &adr);
                let name = file_name(flavor, &adr, None);
                let parsed = parse_file(&name, text.as_bytes(), &ParseOptions::default())
                    .map_err(|e| TestCaseError::fail(format!("{flavor}: {e:?}\n{text}")))?;
                // MADR 2 and log4brains files with no metadata line at all are plain Markdown
                // decisions, which read as MADR 4.
                let no_metadata = !text.contains("Status: ")
                    && !text.contains("Date: ")
                    && adr.deciders.is_empty()
                    && adr.consulted.is_empty()
                    && adr.informed.is_empty()
                    && adr.tags.is_empty();
                let plain = matches!(flavor, AdrFlavor::Madr2 | AdrFlavor::Log4brains) && no_metadata;
                if plain {
                    prop_assert_eq!(parsed.flavor, AdrFlavor::Madr4, "{}", text);
                } else {
                    prop_assert_eq!(parsed.flavor, flavor, "{}", text);
                }
                prop_assert_eq!(&parsed.title, &adr.title);
                prop_assert_eq!(parsed.status, adr.status, "{}", text);
                prop_assert_eq!(&parsed.status_note, &adr.status_note, "{}", text);
                prop_assert_eq!(parsed.date, adr.date, "{}", text);
                prop_assert_eq!(&parsed.date_text, &adr.date_text, "{}", text);
                prop_assert_eq!(&parsed.body, &adr.body, "{}", text);
                prop_assert_eq!(&parsed.front_matter_extra, &adr.front_matter_extra, "{}", text);
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
                // A decision with a known status and date has nothing to warn about.
                if adr.status.is_some() && adr.date.is_some() {
                    prop_assert!(parsed.warnings.is_empty(), "{:?}\n{}", parsed.warnings, text);
                }
                // Rendering what was read gives the same bytes again (idempotent).
                let again = Renderable {
                    body: parsed.body.clone(),
                    status: parsed.status,
                    status_note: parsed.status_note.clone(),
                    date: parsed.date,
                    date_text: parsed.date_text.clone(),
                    front_matter_extra: parsed.front_matter_extra.clone(),
                    ..adr.clone()
                };
                prop_assert_eq!(render(flavor, &again), text);
            }
        }
    }
}
