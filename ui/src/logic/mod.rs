//! Pure UI logic with no DOM and no reactivity, so it is unit-tested natively with
//! `cargo test -p archboard-ui`: areas and their URLs, query strings, form conversion
//! (decisions, collections, benchmarks, teams, systems, users), the folder import's choices and
//! report, list helpers, the Reviews pages (URLs, filters, the item answer form, the
//! backlog's sort), the Scorecards and Data sources pages (URLs, the scope and period in the
//! query string, value formatting, the entry, override, source and binding forms), the
//! Interviews pages (URLs, the list's filters, the scorecard form's edits and keys, the planner,
//! decision and retention forms, the debrief grid), the Reports pages (URLs, quarters, the report
//! builder and assessment forms, the report preview's extraction), the debounce arithmetic and the stale-answer check behind the query hook.

pub mod adr_form;
pub mod areas;
pub mod backlog;
pub mod bench_form;
pub mod collection_form;
pub mod debounce;
pub mod import_report;
pub mod interview;
pub mod kpi;
pub mod latest;
pub mod lists;
pub mod people_form;
pub mod query_string;
pub mod report;
pub mod reviews;
pub mod sources;
