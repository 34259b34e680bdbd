//! The Reports pages' pure logic: their URLs and what the hub keeps in the query string (the
//! quarter, the job followed, the report selected), the quarters offered, how quarters,
//! reports and assessments read, the report builder and assessment forms (typed choices → the
//! contract's requests, checked with archboard-types' own checks first), the files a download
//! saves, and the report's `<main class="archboard-report">` taken out of its HTML document
//! for the inline preview. Every rule about maturity and reports stays in archboard-types and
//! the engine; this only shapes what they say.

use crate::logic::query_string::{build, encode};
use crate::logic::reviews::review_path;
use archboard_types::ApiError;
use archboard_types::job::JobSummary;
use archboard_types::kpi::{Period, Scope};
use archboard_types::maturity::{
    AssessRequest, DimensionProposal, LevelCheck, MaturityProposal, QuarterStatus, check_assessment,
    check_level, require_quarter,
};
use archboard_types::report::{
    COMMENTARY_MAX_CHARS, ReportFiles, ReportRequest, ReportSection, ReportSummary,
};
use archboard_types::review::ReviewId;
use chrono::NaiveDate;

pub const REPORTS_PATH: &str = "/reports";

/// The class that marks the report's content in its HTML document.
pub const REPORT_MAIN_CLASS: &str = "archboard-report";

/// One team's assessment for a quarter: `/reports/assess/Platform%20ML/2026-Q3`.
pub fn assess_path(team: &str, period: Period) -> String {
    format!("{REPORTS_PATH}/assess/{}/{period}", encode(team))
}

/// The hub following report build `job` (`/reports?job=ID`), so the status bar's link and a
/// reload find it.
pub fn report_job_path(job: &str) -> String {
    format!("{REPORTS_PATH}{}", build(&[("job", job.to_owned())]))
}

/// Where the status bar's link to a report build leads.
pub fn report_job_href(job: &JobSummary) -> String {
    report_job_path(&job.id)
}

/// The hub's place: `/reports?quarter=2026-Q3&job=…&report=…`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportsParams {
    /// The quarter whose team assessments are linked; `None`: the current one.
    pub quarter: Option<Period>,
    /// The report build followed.
    pub job: Option<String>,
    /// The report selected in the history.
    pub report: Option<i64>,
    /// Values in the URL that mean nothing, said to the user.
    pub problems: Vec<String>,
}

impl ReportsParams {
    /// Reads the parameters through `get` (the router's query map).
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        let mut params = ReportsParams::default();
        if let Some(text) = get("quarter").filter(|t| !t.trim().is_empty()) {
            match parse_quarter(&text) {
                Ok(period) => params.quarter = Some(period),
                Err(message) => params.problems.push(message),
            }
        }
        params.job = get("job").map(|j| j.trim().to_owned()).filter(|j| !j.is_empty());
        if let Some(text) = get("report").filter(|t| !t.trim().is_empty()) {
            match text.trim().parse::<i64>() {
                Ok(id) if id > 0 => params.report = Some(id),
                _ => params.problems.push(format!("`{text}` is not a report number")),
            }
        }
        params
    }

    pub fn to_query(&self) -> String {
        build(&[
            ("quarter", self.quarter.map(|p| p.to_string()).unwrap_or_default()),
            ("job", self.job.clone().unwrap_or_default()),
            ("report", self.report.map(|id| id.to_string()).unwrap_or_default()),
        ])
    }

    /// The quarter chosen, else the one holding `today`.
    pub fn quarter_or(&self, today: NaiveDate) -> Period {
        self.quarter.unwrap_or_else(|| Period::quarter_of(today))
    }
}

/// A quarter typed or read from the URL (`2026-Q3`), or why it is not one.
pub fn parse_quarter(text: &str) -> Result<Period, String> {
    text.trim().parse::<Period>().and_then(require_quarter)
}

/// The quarters a select offers, newest first: the last `count` up to the one holding
/// `today`, those the board lists (`quarter_list`) and `chosen`, each once.
pub fn quarter_choices(
    today: NaiveDate,
    listed: &[Period],
    chosen: Option<Period>,
    count: usize,
) -> Vec<Period> {
    let mut quarters = Period::quarter_of(today).trailing(count.max(1));
    quarters.extend(listed.iter().copied().filter(|p| matches!(p, Period::Quarter { .. })));
    quarters.extend(chosen.filter(|p| matches!(p, Period::Quarter { .. })));
    quarters.sort_by(|a, b| b.cmp(a));
    quarters.dedup();
    quarters
}

/// Where a quarter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuarterState {
    Open,
    Closed,
    /// Closed once, then reopened by an owner.
    Reopened,
}

impl QuarterState {
    pub fn of(quarter: &QuarterStatus) -> QuarterState {
        if quarter.closed {
            QuarterState::Closed
        } else if quarter.reopened_at.is_some() {
            QuarterState::Reopened
        } else {
            QuarterState::Open
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            QuarterState::Open => "open",
            QuarterState::Closed => "closed",
            QuarterState::Reopened => "reopened",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            QuarterState::Open => "Open",
            QuarterState::Closed => "Closed",
            QuarterState::Reopened => "Reopened",
        }
    }
}

/// "3/5 teams approved".
pub fn approved_line(quarter: &QuarterStatus) -> String {
    format!("{}/{} teams approved", quarter.approved_teams, quarter.teams)
}

/// "by ada at 2026-10-01 09:00 UTC", or "—" when it never happened.
pub fn by_at(by: Option<&str>, at: Option<&chrono::DateTime<chrono::Utc>>) -> String {
    match (by.filter(|b| !b.is_empty()), at) {
        (Some(by), Some(at)) => format!("by {by} at {}", crate::logic::lists::readable_at(at)),
        (None, Some(at)) => format!("at {}", crate::logic::lists::readable_at(at)),
        (Some(by), None) => format!("by {by}"),
        (None, None) => "—".to_owned(),
    }
}

/// The teams a report covers, as the history shows them.
pub fn teams_text(report: &ReportSummary) -> String {
    if report.whole_board || report.teams.is_empty() {
        "whole board".to_owned()
    } else {
        report.teams.join(", ")
    }
}

/// Where a report's figures came from: the quarter-close snapshot or, for an open quarter,
/// provisional figures.
pub fn figures_text(report: &ReportSummary) -> String {
    match report.snapshot_id {
        Some(id) if !report.provisional => format!("snapshot #{id}"),
        _ => "provisional".to_owned(),
    }
}

/// The MIME type a saved report file is offered with.
pub fn report_mime(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html",
        "md" => "text/markdown",
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// "Saved a.md.", "Saved a.md and b.svg.", "Saved a.md, b.svg and c.svg.".
pub fn saved_message(places: &[String]) -> String {
    match places {
        [] => "Nothing was saved.".to_owned(),
        [one] => format!("Saved {one}."),
        [rest @ .., last] => format!("Saved {} and {last}.", rest.join(", ")),
    }
}

/// Flips `value` in or out of `list`.
pub fn toggle<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if let Some(at) = list.iter().position(|v| *v == value) {
        list.remove(at);
    } else {
        list.push(value);
    }
}

/// What the report builder holds while it is filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportForm {
    /// The quarter as the select holds it (`2026-Q3`).
    pub period: String,
    /// The teams ticked; none means the whole board.
    pub teams: Vec<String>,
    pub sections: Vec<ReportSection>,
    pub commentary: String,
    pub title: String,
}

impl ReportForm {
    /// A fresh form for `period` with every section ticked.
    pub fn new(period: Period) -> Self {
        ReportForm {
            period: period.to_string(),
            teams: Vec::new(),
            sections: ReportSection::ALL.to_vec(),
            commentary: String::new(),
            title: String::new(),
        }
    }

    /// The request to send, or the field that is wrong and why.
    pub fn to_request(&self) -> Result<ReportRequest, ApiError> {
        let period = parse_quarter(&self.period).map_err(|e| ApiError::validation("period", e))?;
        if self.sections.is_empty() {
            return Err(ApiError::validation("sections", "Tick at least one section for the report."));
        }
        let commentary = self.commentary.trim().to_owned();
        if commentary.chars().count() > COMMENTARY_MAX_CHARS {
            return Err(ApiError::validation(
                "commentary",
                format!("The commentary is longer than {COMMENTARY_MAX_CHARS} characters."),
            ));
        }
        let sections = ReportSection::ALL.iter().copied().filter(|s| self.sections.contains(s)).collect();
        let title = self.title.trim();
        Ok(ReportRequest {
            period,
            teams: self.teams.clone(),
            sections,
            commentary,
            title: (!title.is_empty()).then(|| title.to_owned()),
        })
    }
}

/// A level typed or chosen in a select: empty means none.
pub fn parse_level(field: &str, text: &str) -> Result<Option<u8>, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let level: u8 = text.parse().map_err(|_| {
        ApiError::validation(field, format!("`{text}` is not a level; choose one from 0 to 4."))
    })?;
    check_level(level).map_err(|e| ApiError::validation(field, e))?;
    Ok(Some(level))
}

/// What "Set another level" holds for one dimension while it is filled in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssessDraft {
    pub level: String,
    pub rationale: String,
    /// The level aimed for next quarter; empty for none.
    pub target: String,
}

impl AssessDraft {
    /// The form as the current assessment left it (or empty, with the proposed level chosen).
    pub fn from_dimension(dimension: &DimensionProposal) -> Self {
        match &dimension.assessment {
            Some(a) => AssessDraft {
                level: a.level.to_string(),
                rationale: a.rationale.clone(),
                target: a.target.map(|t| t.to_string()).unwrap_or_default(),
            },
            None => AssessDraft { level: dimension.proposed.to_string(), ..Default::default() },
        }
    }

    /// "Accept proposed level N": the proposed level, no rationale, with the target chosen.
    pub fn accept_request(
        &self,
        team: &str,
        period: Period,
        dimension: &DimensionProposal,
    ) -> Result<AssessRequest, ApiError> {
        let request = AssessRequest {
            team: team.to_owned(),
            period,
            dimension: dimension.dimension.clone(),
            level: dimension.proposed,
            rationale: String::new(),
            target: parse_level("target", &self.target)?,
        };
        check(request, dimension.proposed)
    }

    /// "Set another level": the level chosen with its rationale and target.
    pub fn to_request(
        &self,
        team: &str,
        period: Period,
        dimension: &DimensionProposal,
    ) -> Result<AssessRequest, ApiError> {
        let level = parse_level("level", &self.level)?
            .ok_or_else(|| ApiError::validation("level", "Choose a level from 0 to 4."))?;
        let request = AssessRequest {
            team: team.to_owned(),
            period,
            dimension: dimension.dimension.clone(),
            level,
            rationale: self.rationale.trim().to_owned(),
            target: parse_level("target", &self.target)?,
        };
        check(request, dimension.proposed)
    }
}

/// The contract's own check of an assessment, its refusal as a field error.
fn check(request: AssessRequest, proposed: u8) -> Result<AssessRequest, ApiError> {
    match check_assessment(&request, proposed) {
        Ok(()) => Ok(request),
        Err((field, message)) => Err(ApiError::validation(field, message)),
    }
}

/// How a level reads against the evidence: met, not met, or with nothing to check.
pub fn level_class(level: &LevelCheck) -> &'static str {
    if !level.has_evidence() {
        "no-evidence"
    } else if level.met() {
        "met"
    } else {
        "not-met"
    }
}

/// A level offered in a select: "2 — Defined" when the model names it.
pub fn level_option_label(level: u8, levels: &[LevelCheck]) -> String {
    match levels.iter().find(|l| l.level == level).map(|l| l.name.trim()).filter(|n| !n.is_empty()) {
        Some(name) => format!("{level} — {name}"),
        None => level.to_string(),
    }
}

/// Where a piece of evidence leads: a review id (`R7`) to the review, anything else (a KPI
/// key) to that KPI of the team's scorecard for the quarter.
pub fn evidence_href(evidence: &str, team: &str, period: Period) -> String {
    let review = evidence
        .strip_prefix('R')
        .filter(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|rest| rest.parse::<ReviewId>().ok());
    match review {
        Some(id) => review_path(id),
        None => crate::logic::kpi::kpi_path(evidence, &Scope::team(team), period),
    }
}

/// The dimensions still to assess, by name.
pub fn unassessed_names(proposal: &MaturityProposal) -> Vec<String> {
    proposal
        .unassessed
        .iter()
        .map(|key| {
            proposal
                .dimensions
                .iter()
                .find(|d| d.dimension == *key)
                .map(|d| d.name.clone())
                .unwrap_or_else(|| key.clone())
        })
        .collect()
}

/// Why Approve cannot be pressed now, if it cannot.
pub fn approve_blocker(proposal: &MaturityProposal) -> Option<String> {
    if proposal.closed {
        return Some("The quarter is closed, so its assessments cannot be approved now.".to_owned());
    }
    let missing = unassessed_names(proposal);
    (!missing.is_empty()).then(|| {
        format!(
            "Please assess every dimension first; {} still to assess.",
            if missing.len() == 1 { "1 is".to_owned() } else { format!("{} are", missing.len()) }
        )
    })
}

/// A key as a piece of an element id (`maturity.deployment-automation` →
/// `maturity-deployment-automation`).
pub fn dom_key(key: &str) -> String {
    key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

/// The report's content for the inline preview: the first `<main class="archboard-report">`
/// element of a full HTML document as an `<article>` (the app's shell is the page's one
/// `main`, and its styles must not reach the preview), or why there is none.
pub fn extract_report_main(html: &str) -> Result<String, String> {
    // ASCII lower-casing keeps every byte where it was, so offsets found in `lower` hold in
    // `html`.
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = find_tag(&lower, "<main", from) {
        let tag_end = lower[found..]
            .find('>')
            .map(|i| found + i + 1)
            .ok_or_else(|| "The report's HTML ends inside a <main> tag.".to_owned())?;
        if has_class(&html[found..tag_end], REPORT_MAIN_CLASS) {
            let end = matching_close(&lower, tag_end).ok_or_else(|| {
                format!("The report's <main class=\"{REPORT_MAIN_CLASS}\"> is never closed.")
            })?;
            let inner = found + "<main".len();
            let close = lower[..end].rfind("</main").unwrap_or(end);
            return Ok(format!("<article{}</article>", &html[inner..close]));
        }
        from = tag_end;
    }
    Err(format!("The report's HTML holds no <main class=\"{REPORT_MAIN_CLASS}\"> element to preview."))
}

/// The next `name` tag (`<main`, `</main`) at or after `from`: the name must end there.
fn find_tag(lower: &str, name: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = lower[at..].find(name) {
        let start = at + i;
        let after = lower.as_bytes().get(start + name.len()).copied();
        if matches!(after, Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')) {
            return Some(start);
        }
        at = start + name.len();
    }
    None
}

/// The end (just past `</main>`) of the element whose start tag ends at `from`.
fn matching_close(lower: &str, from: usize) -> Option<usize> {
    let mut depth = 1usize;
    let mut at = from;
    loop {
        let open = find_tag(lower, "<main", at);
        let close = find_tag(lower, "</main", at)?;
        match open {
            Some(open) if open < close => {
                depth += 1;
                at = open + "<main".len();
            }
            _ => {
                let end = close + lower[close..].find('>')? + 1;
                depth -= 1;
                if depth == 0 {
                    return Some(end);
                }
                at = end;
            }
        }
    }
}

/// Whether the start tag `tag` has `class` among its class names.
fn has_class(tag: &str, class: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find("class") {
        let start = at + i;
        at = start + "class".len();
        let before_ok = start > 0 && lower.as_bytes()[start - 1].is_ascii_whitespace();
        let rest = lower[at..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        if !before_ok {
            continue;
        }
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or_default(),
            _ => rest.split(|c: char| c.is_ascii_whitespace() || c == '>').next().unwrap_or_default(),
        };
        if value.split_ascii_whitespace().any(|name| name == class) {
            return true;
        }
    }
    false
}

/// The preview of an HTML download: its first file's text, cut to the report's content.
pub fn preview_html(files: &ReportFiles) -> Result<String, String> {
    let file = files.files.first().ok_or_else(|| "The report came back without its HTML file.".to_owned())?;
    let text = file.content.as_text().ok_or_else(|| format!("{} is not UTF-8 text.", file.path))?;
    extract_report_main(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use archboard_types::files::FileContents;
    use archboard_types::maturity::{Assessment, CriterionCheck, EvidenceKind};
    use archboard_types::report::ReportFormat;
    use std::collections::HashMap;

    fn at() -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339("2026-10-01T09:00:00Z").unwrap().to_utc()
    }

    fn q(text: &str) -> Period {
        text.parse().unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn params(pairs: &[(&str, &str)]) -> ReportsParams {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ReportsParams::parse(|key| map.get(key).cloned())
    }

    #[test]
    fn paths_carry_team_quarter_job_and_report() {
        assert_eq!(assess_path("Platform ML", q("2026-Q3")), "/reports/assess/Platform%20ML/2026-Q3");
        assert_eq!(report_job_path("job-1"), "/reports?job=job-1");
    }

    #[test]
    fn hub_params_read_back_and_explain_nonsense() {
        let p = params(&[("quarter", "2026-Q3"), ("job", " j1 "), ("report", "12")]);
        assert_eq!(p.quarter, Some(q("2026-Q3")));
        assert_eq!(p.job.as_deref(), Some("j1"));
        assert_eq!(p.report, Some(12));
        assert!(p.problems.is_empty());
        assert_eq!(p.to_query(), "?quarter=2026-Q3&job=j1&report=12");
        let bad = params(&[("quarter", "2026-09"), ("report", "x")]);
        assert_eq!(bad.quarter, None);
        assert_eq!(bad.report, None);
        assert_eq!(bad.problems.len(), 2);
        assert!(bad.problems[0].contains("month"), "{:?}", bad.problems);
        assert_eq!(params(&[]).quarter_or(day("2026-08-14")), q("2026-Q3"));
        assert_eq!(params(&[]).to_query(), "");
    }

    #[test]
    fn quarters_offered_newest_first_once_each() {
        let listed = [q("2025-Q1"), q("2026-Q2"), Period::Month { year: 2026, month: 1 }];
        let choices = quarter_choices(day("2026-08-14"), &listed, Some(q("2027-Q1")), 3);
        let shown: Vec<String> = choices.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown, ["2027-Q1", "2026-Q3", "2026-Q2", "2026-Q1", "2025-Q1"]);
    }

    fn quarter(closed: bool, reopened: bool) -> QuarterStatus {
        let at = at();
        QuarterStatus {
            period: q("2026-Q3"),
            closed,
            snapshot_id: closed.then_some(4),
            closed_at: (closed || reopened).then_some(at),
            closed_by: (closed || reopened).then(|| "ada".to_owned()),
            reopened_at: reopened.then_some(at),
            reopened_by: reopened.then(|| "grace".to_owned()),
            reopen_reason: reopened.then(|| "late data".to_owned()),
            teams: 5,
            approved_teams: 3,
        }
    }

    #[test]
    fn quarters_read_open_closed_or_reopened() {
        assert_eq!(QuarterState::of(&quarter(false, false)), QuarterState::Open);
        assert_eq!(QuarterState::of(&quarter(true, false)), QuarterState::Closed);
        assert_eq!(QuarterState::of(&quarter(false, true)), QuarterState::Reopened);
        assert_eq!(QuarterState::Reopened.as_str(), "reopened");
        assert_eq!(approved_line(&quarter(true, false)), "3/5 teams approved");
        let closed = quarter(true, false);
        assert_eq!(
            by_at(closed.closed_by.as_deref(), closed.closed_at.as_ref()),
            "by ada at 2026-10-01 09:00 UTC"
        );
        assert_eq!(by_at(None, None), "—");
    }

    fn summary(whole_board: bool, snapshot: Option<i64>) -> ReportSummary {
        ReportSummary {
            id: 3,
            title: "Maturity 2026-Q3".into(),
            period: q("2026-Q3"),
            teams: vec!["Payments".into(), "Search".into()],
            whole_board,
            sections: ReportSection::ALL.to_vec(),
            snapshot_id: snapshot,
            provisional: snapshot.is_none(),
            built_at: at(),
            built_by: "ada".into(),
            late_changes: 0,
        }
    }

    #[test]
    fn reports_read_their_scope_and_figures() {
        assert_eq!(teams_text(&summary(true, Some(4))), "whole board");
        assert_eq!(teams_text(&summary(false, Some(4))), "Payments, Search");
        assert_eq!(figures_text(&summary(false, Some(4))), "snapshot #4");
        assert_eq!(figures_text(&summary(false, None)), "provisional");
    }

    #[test]
    fn saved_files_get_their_types_and_a_message() {
        assert_eq!(report_mime("maturity-2026-Q3.md"), "text/markdown");
        assert_eq!(report_mime("maturity-2026-Q3-charts/radar-payments.SVG"), "image/svg+xml");
        assert_eq!(report_mime("maturity-2026-Q3.pdf"), "application/pdf");
        assert_eq!(report_mime("maturity-2026-Q3.html"), "text/html");
        assert_eq!(report_mime("README"), "application/octet-stream");
        assert_eq!(saved_message(&[]), "Nothing was saved.");
        assert_eq!(saved_message(&["a.md".into()]), "Saved a.md.");
        assert_eq!(saved_message(&["a.md".into(), "b.svg".into()]), "Saved a.md and b.svg.");
        assert_eq!(
            saved_message(&["a.md".into(), "b.svg".into(), "c.svg".into()]),
            "Saved a.md, b.svg and c.svg."
        );
    }

    #[test]
    fn the_builder_sends_its_choices_in_report_order() {
        let mut form = ReportForm::new(q("2026-Q3"));
        assert_eq!(form.sections, ReportSection::ALL);
        let all = form.to_request().unwrap();
        assert!(all.teams.is_empty(), "no team ticked is the whole board");
        assert_eq!(all.title, None);
        toggle(&mut form.sections, ReportSection::Summary);
        toggle(&mut form.sections, ReportSection::Summary);
        toggle(&mut form.sections, ReportSection::Commentary);
        toggle(&mut form.teams, "Payments".to_owned());
        form.title = "  Board pack  ".into();
        form.commentary = " Steady quarter. \n".into();
        let request = form.to_request().unwrap();
        assert_eq!(request.teams, ["Payments"]);
        assert!(!request.sections.contains(&ReportSection::Commentary));
        assert_eq!(request.sections[0], ReportSection::Summary, "{:?}", request.sections);
        assert_eq!(request.title.as_deref(), Some("Board pack"));
        assert_eq!(request.commentary, "Steady quarter.");
    }

    #[test]
    fn the_builder_names_the_field_it_refuses() {
        let mut form = ReportForm::new(q("2026-Q3"));
        form.period = "2026-09".into();
        assert_eq!(form.to_request().unwrap_err().field.as_deref(), Some("period"));
        let mut form = ReportForm::new(q("2026-Q3"));
        form.sections.clear();
        assert_eq!(form.to_request().unwrap_err().field.as_deref(), Some("sections"));
        let mut form = ReportForm::new(q("2026-Q3"));
        form.commentary = "x".repeat(COMMENTARY_MAX_CHARS + 1);
        assert_eq!(form.to_request().unwrap_err().field.as_deref(), Some("commentary"));
    }

    fn check(met: bool, evidence: &[&str]) -> CriterionCheck {
        CriterionCheck {
            kind: EvidenceKind::Kpi,
            subject: "kpi.lead-time".into(),
            requirement: "Lead time is green".into(),
            met,
            reason: "green".into(),
            evidence: evidence.iter().map(|e| e.to_string()).collect(),
        }
    }

    fn level(level: u8, name: &str, checks: Vec<CriterionCheck>) -> LevelCheck {
        LevelCheck { level, name: name.into(), criteria: vec![], checks }
    }

    fn dimension(proposed: u8, assessment: Option<Assessment>) -> DimensionProposal {
        DimensionProposal {
            dimension: "maturity.deployment-automation".into(),
            name: "Deployment automation".into(),
            proposed,
            reason: "Level 3 is not met.".into(),
            levels: vec![
                level(1, "Repeatable", vec![check(true, &["kpi.lead-time"])]),
                level(2, "Defined", vec![check(true, &["R7"])]),
                level(3, "Managed", vec![check(false, &[])]),
                level(4, "Optimised", vec![]),
            ],
            assessment,
            previous_level: Some(1),
        }
    }

    #[test]
    fn accepting_sends_the_proposed_level() {
        let d = dimension(2, None);
        let draft = AssessDraft { target: "3".into(), ..AssessDraft::from_dimension(&d) };
        let request = draft.accept_request("Payments", q("2026-Q3"), &d).unwrap();
        assert_eq!((request.level, request.target), (2, Some(3)));
        assert_eq!(request.dimension, "maturity.deployment-automation");
        assert!(request.rationale.is_empty());
        let low_target = AssessDraft { target: "1".into(), ..Default::default() };
        assert_eq!(
            low_target.accept_request("Payments", q("2026-Q3"), &d).unwrap_err().field.as_deref(),
            Some("target")
        );
    }

    #[test]
    fn another_level_needs_a_rationale() {
        let d = dimension(2, None);
        let mut draft = AssessDraft::from_dimension(&d);
        assert_eq!(draft.level, "2");
        draft.level = "3".into();
        let error = draft.to_request("Payments", q("2026-Q3"), &d).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("rationale"));
        draft.rationale = "  The pipeline covers every service now. ".into();
        let request = draft.to_request("Payments", q("2026-Q3"), &d).unwrap();
        assert_eq!(request.level, 3);
        assert_eq!(request.rationale, "The pipeline covers every service now.");
        draft.level = "7".into();
        assert_eq!(
            draft.to_request("Payments", q("2026-Q3"), &d).unwrap_err().field.as_deref(),
            Some("level")
        );
        draft.level = String::new();
        assert_eq!(
            draft.to_request("Payments", q("2026-Q3"), &d).unwrap_err().field.as_deref(),
            Some("level")
        );
    }

    #[test]
    fn the_form_starts_from_the_current_assessment() {
        let assessed = Assessment {
            level: 3,
            proposed: 2,
            rationale: "Covered".into(),
            assessor: "ada".into(),
            at: at(),
            target: Some(4),
        };
        let draft = AssessDraft::from_dimension(&dimension(2, Some(assessed)));
        assert_eq!(draft, AssessDraft { level: "3".into(), rationale: "Covered".into(), target: "4".into() });
    }

    #[test]
    fn levels_read_against_their_evidence() {
        let d = dimension(2, None);
        assert_eq!(level_class(&d.levels[0]), "met");
        assert_eq!(level_class(&d.levels[2]), "not-met");
        assert_eq!(level_class(&d.levels[3]), "no-evidence");
        assert_eq!(level_option_label(2, &d.levels), "2 — Defined");
        assert_eq!(level_option_label(0, &d.levels), "0");
        assert_eq!(parse_level("target", " "), Ok(None));
        assert_eq!(parse_level("target", "4"), Ok(Some(4)));
        assert_eq!(parse_level("target", "5").unwrap_err().field.as_deref(), Some("target"));
    }

    #[test]
    fn evidence_links_to_reviews_and_the_scorecard() {
        assert_eq!(evidence_href("R7", "Payments", q("2026-Q3")), "/reviews/7");
        assert_eq!(
            evidence_href("kpi.lead-time", "Platform ML", q("2026-Q3")),
            "/scorecards/kpi/kpi.lead-time?team=Platform%20ML&period=2026-Q3"
        );
        assert!(evidence_href("Runbook", "Payments", q("2026-Q3")).starts_with("/scorecards/kpi/Runbook"));
    }

    fn proposal(unassessed: &[&str], closed: bool) -> MaturityProposal {
        MaturityProposal {
            team: "Payments".into(),
            period: q("2026-Q3"),
            dimensions: vec![dimension(2, None)],
            approval: None,
            closed,
            unassessed: unassessed.iter().map(|u| u.to_string()).collect(),
            decisions_this_quarter: 0,
        }
    }

    #[test]
    fn approval_waits_for_every_dimension() {
        let waiting = proposal(&["maturity.deployment-automation", "maturity.observability"], false);
        assert_eq!(unassessed_names(&waiting), ["Deployment automation", "maturity.observability"]);
        assert!(approve_blocker(&waiting).unwrap().contains("2 are still to assess"));
        assert!(approve_blocker(&proposal(&["maturity.x"], false)).unwrap().contains("1 is still"));
        assert_eq!(approve_blocker(&proposal(&[], false)), None);
        assert!(approve_blocker(&proposal(&[], true)).unwrap().contains("closed"));
        assert_eq!(dom_key("maturity.deployment-automation"), "maturity-deployment-automation");
    }

    const DOCUMENT: &str = "<!doctype html><html><head><title>R</title><link rel=\"stylesheet\" href=\"x.css\"></head>\
        <body><nav><main>not this</main></nav>\
        <MAIN id=\"r\" class=\"wide archboard-report\"><h1>Maturity</h1><main class=\"inner\">x</main><p>end</p></Main>\
        <footer>f</footer></body></html>";

    #[test]
    fn the_preview_is_the_reports_main_element() {
        let main = extract_report_main(DOCUMENT).unwrap();
        // Taken out as an article: the app's shell is the page's one main.
        assert!(main.starts_with("<article id=\"r\" class=\"wide archboard-report\">"), "{main}");
        assert!(main.ends_with("<p>end</p></article>"), "{main}");
        assert!(main.contains("<main class=\"inner\">x</main>"));
        let single = "<main class='archboard-report'>a</main>";
        assert_eq!(extract_report_main(single).unwrap(), "<article class='archboard-report'>a</article>");
        let unquoted = "<body><main data-x=1 class=archboard-report>b</main></body>";
        assert_eq!(
            extract_report_main(unquoted).unwrap(),
            "<article data-x=1 class=archboard-report>b</article>"
        );
    }

    #[test]
    fn a_document_without_the_marker_is_refused() {
        for html in [
            "<html><body><main>no class</main></body></html>",
            "<html><body><main class=\"archboard-report-old\">near</main></body></html>",
            "<html><body><mainframe class=\"archboard-report\">x</mainframe></body></html>",
            "<html><body><div data-class=\"archboard-report\"><main>x</main></div></body></html>",
            "",
        ] {
            let error = extract_report_main(html).unwrap_err();
            assert!(error.contains("archboard-report"), "{html}: {error}");
        }
        assert!(
            extract_report_main("<main class=\"archboard-report\"><p>open")
                .unwrap_err()
                .contains("never closed")
        );
    }

    #[test]
    fn the_preview_reads_the_first_html_file() {
        let files = ReportFiles {
            format: ReportFormat::Html,
            files: vec![FileContents::new("maturity-2026-Q3.html", DOCUMENT)],
        };
        assert!(preview_html(&files).unwrap().contains("<h1>Maturity</h1>"));
        let empty = ReportFiles { format: ReportFormat::Html, files: vec![] };
        assert!(preview_html(&empty).is_err());
        let binary = ReportFiles {
            format: ReportFormat::Html,
            files: vec![FileContents::new("x.html", vec![0xffu8, 0xfe])],
        };
        assert!(preview_html(&binary).unwrap_err().contains("x.html"));
    }
}
