//! List helpers: comma-separated name fields and grouping decisions by month.

use chrono::NaiveDate;

/// Splits a comma-separated field ("Ada, Grace") into trimmed, non-empty names.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

pub fn join_list(items: &[String]) -> String {
    items.join(", ")
}

/// How a decision is offered in a picker: `payments/ADR-0007 — Use Kafka`. The reference is
/// the engine's, so a board with several collections names each decision's collection.
pub fn decision_choice_label(reference: &str, title: &str) -> String {
    format!("{reference} — {title}")
}

/// The group of items whose date is unknown, after every month.
pub const NO_DATE_GROUP: &str = "No date";

/// Groups items by the month of their date ("March 2026"), newest month first, keeping each
/// month's items newest first. `key` gives an item's date and a tie-breaker (its id). Items
/// whose date is unknown (a file's date that could not be read) come last, under "No date".
pub fn group_by_month<T>(
    mut items: Vec<T>,
    key: impl Fn(&T) -> (Option<NaiveDate>, u32),
) -> Vec<(String, Vec<T>)> {
    // `None` sorts before every date, so newest first puts the undated last.
    items.sort_by_key(|item| std::cmp::Reverse(key(item)));
    let mut months: Vec<(String, Vec<T>)> = Vec::new();
    for item in items {
        let month = match key(&item).0 {
            Some(date) => date.format("%B %Y").to_string(),
            None => NO_DATE_GROUP.to_owned(),
        };
        match months.last_mut() {
            Some((last, group)) if *last == month => group.push(item),
            _ => months.push((month, vec![item])),
        }
    }
    months
}

/// An RFC 3339 instant as people read it (`2026-12-01 21:38 UTC`); text that is not one is
/// shown as it came.
pub fn readable_instant(text: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&chrono::Utc).format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| text.to_owned())
}

/// An instant from the contract as people read it (`2026-12-01 21:38 UTC`).
pub fn readable_at(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Parses a date field: empty means none; anything else must be `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<Option<NaiveDate>, String> {
    match text.trim() {
        "" => Ok(None),
        text => text.parse().map(Some).map_err(|_| format!("`{text}` is not a date like 2026-11-23.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_read_to_the_minute_in_utc() {
        assert_eq!(readable_instant("2026-12-01T21:38:00.857076760+00:00"), "2026-12-01 21:38 UTC");
        assert_eq!(readable_instant("2026-12-01T23:38:00+02:00"), "2026-12-01 21:38 UTC");
        assert_eq!(readable_instant("yesterday"), "yesterday");
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T21:38:59Z").unwrap().to_utc();
        assert_eq!(readable_at(&at), "2026-12-01 21:38 UTC");
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn names_split_and_join() {
        assert_eq!(split_list(" Ada,, Grace ,"), vec!["Ada", "Grace"]);
        assert_eq!(join_list(&split_list("Ada, Grace")), "Ada, Grace");
    }

    #[test]
    fn months_group_newest_first() {
        let items = vec![
            (Some(day("2026-01-05")), 1),
            (None, 4),
            (Some(day("2026-03-01")), 3),
            (Some(day("2026-01-20")), 2),
            (None, 5),
        ];
        let months = group_by_month(items, |(date, n)| (*date, *n));
        assert_eq!(months.len(), 3);
        assert_eq!(months[0].0, "March 2026");
        assert_eq!(months[1].1.iter().map(|(_, n)| *n).collect::<Vec<_>>(), vec![2, 1]);
        assert_eq!(months[2].0, NO_DATE_GROUP);
        assert_eq!(months[2].1.iter().map(|(_, n)| *n).collect::<Vec<_>>(), vec![5, 4]);
    }

    #[test]
    fn decisions_are_offered_by_reference_and_title() {
        assert_eq!(decision_choice_label("payments/ADR-0007", "Use Kafka"), "payments/ADR-0007 — Use Kafka");
    }

    #[test]
    fn dates_parse_or_explain() {
        assert_eq!(parse_date(" "), Ok(None));
        assert_eq!(parse_date("2026-11-23"), Ok(Some(day("2026-11-23"))));
        assert!(parse_date("23/11/2026").unwrap_err().contains("23/11/2026"));
    }
}
