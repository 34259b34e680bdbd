//! List helpers: comma-separated name fields and grouping decisions by month.

use chrono::NaiveDate;

/// Splits a comma-separated field ("Ada, Grace") into trimmed, non-empty names.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

pub fn join_list(items: &[String]) -> String {
    items.join(", ")
}

/// Groups items by the month of their date ("March 2026"), newest month first, keeping each
/// month's items newest first. `key` gives an item's date and a tie-breaker (its number).
pub fn group_by_month<T>(mut items: Vec<T>, key: impl Fn(&T) -> (NaiveDate, u32)) -> Vec<(String, Vec<T>)> {
    items.sort_by_key(|item| std::cmp::Reverse(key(item)));
    let mut months: Vec<(String, Vec<T>)> = Vec::new();
    for item in items {
        let month = key(&item).0.format("%B %Y").to_string();
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
        let items = vec![(day("2026-01-05"), 1), (day("2026-03-01"), 3), (day("2026-01-20"), 2)];
        let months = group_by_month(items, |(date, n)| (*date, *n));
        assert_eq!(months.len(), 2);
        assert_eq!(months[0].0, "March 2026");
        assert_eq!(months[1].1.iter().map(|(_, n)| *n).collect::<Vec<_>>(), vec![2, 1]);
    }

    #[test]
    fn dates_parse_or_explain() {
        assert_eq!(parse_date(" "), Ok(None));
        assert_eq!(parse_date("2026-11-23"), Ok(Some(day("2026-11-23"))));
        assert!(parse_date("23/11/2026").unwrap_err().contains("23/11/2026"));
    }
}
