//! The improvement backlog page's pure logic: its filters and sort in the query string
//! (`/reviews/backlog?system=…&team=…&owner=…&risk=…&closed=1&sort=due&order=asc`), the
//! request they make, and sorting the engine's rows by a clicked column.

use crate::logic::query_string::build;
use archboard_types::review::{BacklogItem, BacklogQuery, ItemStatus, RiskLevel};
use std::cmp::Ordering;

/// A column the backlog table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BacklogColumn {
    Key,
    System,
    Team,
    Title,
    Status,
    Risk,
    Owner,
    Due,
    Age,
    Overdue,
}

impl BacklogColumn {
    pub const ALL: [BacklogColumn; 10] = [
        BacklogColumn::Key,
        BacklogColumn::System,
        BacklogColumn::Team,
        BacklogColumn::Title,
        BacklogColumn::Status,
        BacklogColumn::Risk,
        BacklogColumn::Owner,
        BacklogColumn::Due,
        BacklogColumn::Age,
        BacklogColumn::Overdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BacklogColumn::Key => "key",
            BacklogColumn::System => "system",
            BacklogColumn::Team => "team",
            BacklogColumn::Title => "title",
            BacklogColumn::Status => "status",
            BacklogColumn::Risk => "risk",
            BacklogColumn::Owner => "owner",
            BacklogColumn::Due => "due",
            BacklogColumn::Age => "age",
            BacklogColumn::Overdue => "overdue",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BacklogColumn::Key => "Key",
            BacklogColumn::System => "System",
            BacklogColumn::Team => "Team",
            BacklogColumn::Title => "Title",
            BacklogColumn::Status => "Status",
            BacklogColumn::Risk => "Risk",
            BacklogColumn::Owner => "Owner",
            BacklogColumn::Due => "Due",
            BacklogColumn::Age => "Age (days)",
            BacklogColumn::Overdue => "Overdue",
        }
    }

    fn parse(text: &str) -> Result<BacklogColumn, String> {
        BacklogColumn::ALL.into_iter().find(|c| c.as_str() == text.trim()).ok_or_else(|| {
            let known: Vec<&str> = BacklogColumn::ALL.iter().map(|c| c.as_str()).collect();
            format!("unknown backlog column `{text}`; expected one of {}", known.join(", "))
        })
    }
}

/// The sort the backlog opens with: the riskiest first.
pub const DEFAULT_SORT: (BacklogColumn, bool) = (BacklogColumn::Risk, true);

#[derive(Debug, Clone, PartialEq)]
pub struct BacklogParams {
    pub system: String,
    pub team: String,
    pub owner: String,
    pub risk: Option<RiskLevel>,
    pub include_closed: bool,
    pub sort: BacklogColumn,
    pub descending: bool,
    /// Values in the URL that mean nothing, said to the user.
    pub problems: Vec<String>,
}

impl Default for BacklogParams {
    fn default() -> Self {
        BacklogParams {
            system: String::new(),
            team: String::new(),
            owner: String::new(),
            risk: None,
            include_closed: false,
            sort: DEFAULT_SORT.0,
            descending: DEFAULT_SORT.1,
            problems: Vec::new(),
        }
    }
}

impl BacklogParams {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        let mut params = BacklogParams {
            system: get("system").unwrap_or_default(),
            team: get("team").unwrap_or_default(),
            owner: get("owner").unwrap_or_default(),
            include_closed: get("closed").is_some_and(|v| v == "1" || v == "true"),
            ..Default::default()
        };
        if let Some(text) = get("risk").filter(|s| !s.is_empty()) {
            match text.parse() {
                Ok(risk) => params.risk = Some(risk),
                Err(message) => params.problems.push(message),
            }
        }
        // A sort named in the URL is ascending unless it says otherwise.
        if let Some(text) = get("sort").filter(|s| !s.is_empty()) {
            match BacklogColumn::parse(&text) {
                Ok(column) => {
                    params.sort = column;
                    params.descending = get("order").is_some_and(|o| o == "desc");
                }
                Err(message) => params.problems.push(message),
            }
        }
        params
    }

    pub fn to_query(&self) -> String {
        let default_sort = (self.sort, self.descending) == DEFAULT_SORT;
        build(&[
            ("system", self.system.clone()),
            ("team", self.team.clone()),
            ("owner", self.owner.clone()),
            ("risk", self.risk.map(|r| r.as_str().to_owned()).unwrap_or_default()),
            ("closed", if self.include_closed { "1".into() } else { String::new() }),
            ("sort", if default_sort { String::new() } else { self.sort.as_str().to_owned() }),
            (
                "order",
                if default_sort {
                    String::new()
                } else if self.descending {
                    "desc".into()
                } else {
                    "asc".into()
                },
            ),
        ])
    }

    pub fn filtered(&self) -> bool {
        !self.system.is_empty()
            || !self.team.is_empty()
            || !self.owner.is_empty()
            || self.risk.is_some()
            || self.include_closed
    }

    /// The `review_backlog` request these filters make (the sort stays in the page).
    pub fn query(&self) -> BacklogQuery {
        BacklogQuery {
            system: non_empty(&self.system),
            team: non_empty(&self.team),
            owner: non_empty(&self.owner),
            risk: self.risk,
            include_closed: self.include_closed,
        }
    }

    /// The sort after a click on `column`'s header: the same column again flips the order; a
    /// new one sorts ascending.
    pub fn clicked(&self, column: BacklogColumn) -> BacklogParams {
        let descending = if self.sort == column { !self.descending } else { false };
        BacklogParams { sort: column, descending, problems: Vec::new(), ..self.clone() }
    }

    /// `aria-sort` of a column's header.
    pub fn aria_sort(&self, column: BacklogColumn) -> &'static str {
        match (self.sort == column, self.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }
}

/// How severe a risk is, for sorting: high above medium above unanswered (not yet known)
/// above none above not applicable.
fn risk_rank(risk: RiskLevel) -> u8 {
    match risk {
        RiskLevel::High => 4,
        RiskLevel::Medium => 3,
        RiskLevel::Unanswered => 2,
        RiskLevel::None => 1,
        RiskLevel::NotApplicable => 0,
    }
}

/// Where a status sorts: the open gaps (fail, then partly met) before the rest.
fn status_rank(status: ItemStatus) -> u8 {
    match status {
        ItemStatus::Pass => 0,
        ItemStatus::NotApplicable => 1,
        ItemStatus::Exempt => 2,
        ItemStatus::Unanswered => 3,
        ItemStatus::Partial => 4,
        ItemStatus::Fail => 5,
    }
}

/// Sorts `items` by `column` (descending when asked), keeping rows with no owner or no due
/// date last either way, and breaking ties by review then key so the order never jumps.
pub fn sort_backlog(items: &mut [BacklogItem], column: BacklogColumn, descending: bool) {
    let directed = |ordering: Ordering| if descending { ordering.reverse() } else { ordering };
    // Absent values go last in both directions.
    let optional = |a: Option<&str>, b: Option<&str>| match (a, b) {
        (Some(a), Some(b)) => directed(a.to_lowercase().cmp(&b.to_lowercase())),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    items.sort_by(|a, b| {
        let primary = match column {
            BacklogColumn::Key => directed((a.review, &a.key).cmp(&(b.review, &b.key))),
            BacklogColumn::System => directed(a.system.cmp(&b.system)),
            BacklogColumn::Team => directed(a.team.to_lowercase().cmp(&b.team.to_lowercase())),
            BacklogColumn::Title => directed(a.title.to_lowercase().cmp(&b.title.to_lowercase())),
            BacklogColumn::Status => directed(status_rank(a.status).cmp(&status_rank(b.status))),
            BacklogColumn::Risk => directed(risk_rank(a.risk).cmp(&risk_rank(b.risk))),
            BacklogColumn::Owner => optional(a.owner.as_deref(), b.owner.as_deref()),
            BacklogColumn::Due => match (a.due, b.due) {
                (Some(x), Some(y)) => directed(x.cmp(&y)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            BacklogColumn::Age => directed(a.age_days.cmp(&b.age_days)),
            BacklogColumn::Overdue => directed(a.overdue.cmp(&b.overdue)),
        };
        primary.then_with(|| (a.review, &a.key).cmp(&(b.review, &b.key)))
    });
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::collections::HashMap;

    fn map(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |key| map.get(key).cloned()
    }

    fn row(
        review: u32,
        key: &str,
        risk: RiskLevel,
        owner: Option<&str>,
        due: Option<&str>,
        age: i64,
    ) -> BacklogItem {
        BacklogItem {
            key: format!("R{review}/{key}"),
            review,
            review_title: "Readiness".into(),
            system: "fraud".into(),
            team: "ML".into(),
            item: Some(key.into()),
            condition: None,
            title: key.to_uppercase(),
            status: ItemStatus::Fail,
            risk,
            owner: owner.map(String::from),
            due: due.map(|d| d.parse::<NaiveDate>().unwrap()),
            opened_on: "2026-11-01".parse().unwrap(),
            age_days: age,
            overdue: false,
            closed: false,
        }
    }

    fn keys(items: &[BacklogItem]) -> Vec<&str> {
        items.iter().map(|i| i.key.as_str()).collect()
    }

    #[test]
    fn filters_and_sort_round_trip_through_the_query_string() {
        let params = BacklogParams::parse(map(&[
            ("system", "fraud"),
            ("owner", "ada"),
            ("risk", "high"),
            ("closed", "1"),
            ("sort", "due"),
        ]));
        assert!(params.problems.is_empty());
        assert_eq!((params.sort, params.descending), (BacklogColumn::Due, false));
        assert_eq!(params.to_query(), "?system=fraud&owner=ada&risk=high&closed=1&sort=due&order=asc");
        let query = params.query();
        assert_eq!(query.risk, Some(RiskLevel::High));
        assert!(query.include_closed);
        assert_eq!(query.team, None);
        assert_eq!(BacklogParams::default().to_query(), "");
        assert!(!BacklogParams::default().filtered());
        let bad = BacklogParams::parse(map(&[("risk", "extreme"), ("sort", "colour")]));
        assert_eq!(bad.problems.len(), 2);
        assert_eq!((bad.sort, bad.descending), DEFAULT_SORT);
    }

    #[test]
    fn clicking_a_header_sorts_by_it_then_flips_the_order() {
        let params = BacklogParams::default();
        assert_eq!(params.aria_sort(BacklogColumn::Risk), "descending");
        let by_due = params.clicked(BacklogColumn::Due);
        assert_eq!((by_due.sort, by_due.descending), (BacklogColumn::Due, false));
        assert_eq!(by_due.aria_sort(BacklogColumn::Due), "ascending");
        assert_eq!(by_due.aria_sort(BacklogColumn::Risk), "none");
        let flipped = by_due.clicked(BacklogColumn::Due);
        assert!(flipped.descending);
        assert_eq!(flipped.to_query(), "?sort=due&order=desc");
    }

    #[test]
    fn sorting_by_risk_puts_the_riskiest_first_and_ties_by_review_and_key() {
        let mut items = vec![
            row(2, "b", RiskLevel::Medium, None, None, 3),
            row(1, "z", RiskLevel::High, None, None, 1),
            row(1, "a", RiskLevel::High, None, None, 2),
            row(3, "c", RiskLevel::None, None, None, 9),
        ];
        sort_backlog(&mut items, BacklogColumn::Risk, true);
        assert_eq!(keys(&items), vec!["R1/a", "R1/z", "R2/b", "R3/c"]);
        sort_backlog(&mut items, BacklogColumn::Risk, false);
        assert_eq!(keys(&items), vec!["R3/c", "R2/b", "R1/a", "R1/z"]);
        sort_backlog(&mut items, BacklogColumn::Age, true);
        assert_eq!(keys(&items), vec!["R3/c", "R2/b", "R1/a", "R1/z"]);
    }

    #[test]
    fn rows_without_an_owner_or_a_due_date_stay_last_both_ways() {
        let mut items = vec![
            row(1, "a", RiskLevel::High, None, None, 1),
            row(1, "b", RiskLevel::High, Some("grace"), Some("2026-12-01"), 1),
            row(1, "c", RiskLevel::High, Some("Ada"), Some("2026-12-20"), 1),
        ];
        sort_backlog(&mut items, BacklogColumn::Owner, false);
        assert_eq!(keys(&items), vec!["R1/c", "R1/b", "R1/a"]);
        sort_backlog(&mut items, BacklogColumn::Owner, true);
        assert_eq!(keys(&items), vec!["R1/b", "R1/c", "R1/a"]);
        sort_backlog(&mut items, BacklogColumn::Due, false);
        assert_eq!(keys(&items), vec!["R1/b", "R1/c", "R1/a"]);
        sort_backlog(&mut items, BacklogColumn::Due, true);
        assert_eq!(keys(&items), vec!["R1/c", "R1/b", "R1/a"]);
    }

    #[test]
    fn keys_sort_by_review_number_not_as_text() {
        let mut items =
            vec![row(10, "a", RiskLevel::High, None, None, 1), row(9, "b", RiskLevel::High, None, None, 1)];
        sort_backlog(&mut items, BacklogColumn::Key, false);
        assert_eq!(keys(&items), vec!["R9/b", "R10/a"]);
    }
}
