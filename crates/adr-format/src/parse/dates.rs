//! Dates as people write them in ADRs: ISO, numeric day/month forms read in the collection's
//! order, month names, timestamps, and the template placeholders that are not dates at all.

use archboard_types::adr_folder::DateOrder;
use chrono::NaiveDate;
use chrono::format::ParseErrorKind;

/// What a date as written turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateReading {
    /// Exactly `yyyy-mm-dd`: nothing to keep beside the date.
    Iso(NaiveDate),
    /// Another form that reads as a date (in the stated order, for numeric day/month forms).
    Read { date: NaiveDate },
    /// The shape of a date, but no such day (`31/06/2016`, or `31/03/2017` read month first).
    Impossible,
    /// The template's text (`{YYYY-MM-DD …}`, `[YYYY-MM-DD]`).
    Placeholder,
    /// Anything else (`sometime in Q3`).
    Unreadable,
}

/// Reads a date as written; `None` when it is not one (impossible, placeholder, unreadable).
pub fn parse_date_text(text: &str, order: DateOrder) -> Option<NaiveDate> {
    match read_date(text, order) {
        DateReading::Iso(date) | DateReading::Read { date, .. } => Some(date),
        _ => None,
    }
}

/// Surrounding quotes, emphasis and code marks are decoration, not part of the date.
fn clean(text: &str) -> &str {
    text.trim().trim_matches(|c: char| matches!(c, '"' | '\'' | '*' | '_' | '`')).trim()
}

pub(crate) fn read_date(text: &str, order: DateOrder) -> DateReading {
    let text = clean(text);
    if text.is_empty() {
        return DateReading::Unreadable;
    }
    if is_placeholder(text) {
        return DateReading::Placeholder;
    }
    // ISO first, also when a time or a remark follows (`2017-03-31T10:20:00Z`, `2017-03-31 10:20`).
    // chrono reads `%Y` from fewer digits, so `17-03-31` must not get this far.
    let four_digit_year = text.len() > 4 && text.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    if let Ok((date, rest)) = NaiveDate::parse_and_remainder(text, "%Y-%m-%d")
        && four_digit_year
    {
        if rest.is_empty() {
            return if date.format("%Y-%m-%d").to_string() == text {
                DateReading::Iso(date)
            } else {
                // `2017-3-31`: the same day, written without zero padding.
                DateReading::Read { date }
            };
        }
        if rest.starts_with(['T', 't', ' ', ',', ';', '(']) {
            return DateReading::Read { date };
        }
    }
    if let Some(reading) = read_numeric(text, order) {
        return reading;
    }
    // `2017/03/31 10:20`: a numeric date, then a time.
    if let Some((head, _)) = text.split_once(' ')
        && let Some(reading @ DateReading::Read { .. }) = read_numeric(head, order)
    {
        return reading;
    }
    read_named_month(text).unwrap_or(DateReading::Unreadable)
}

/// MADR's `{YYYY-MM-DD when the decision was last updated}` and log4brains' `[YYYY-MM-DD]`.
pub(crate) fn is_placeholder(text: &str) -> bool {
    let wrapped = (text.starts_with('{') && text.ends_with('}'))
        || (text.starts_with('[') && text.ends_with(']') && !text.contains("]("));
    wrapped || text.to_ascii_lowercase().contains("yyyy")
}

/// `31/03/2017`, `31.03.2017`, `31-03-2017`, `2017/03/31`: three numbers and one separator.
/// The year must have four digits: chrono reads `%Y` from fewer, and `31/03/17` as the year 17
/// would be worse than unknown.
fn read_numeric(text: &str, order: DateOrder) -> Option<DateReading> {
    let separator = ['/', '.', '-'].into_iter().find(|s| text.contains(*s))?;
    let parts: Vec<&str> = text.split(separator).collect();
    let numeric = |p: &str, widths: std::ops::RangeInclusive<usize>| {
        widths.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.len() != 3 || !parts.iter().all(|p| numeric(p, 1..=4)) {
        return None;
    }
    let s = separator;
    let format = if numeric(parts[0], 4..=4) && numeric(parts[1], 1..=2) && numeric(parts[2], 1..=2) {
        format!("%Y{s}%m{s}%d")
    } else if numeric(parts[0], 1..=2) && numeric(parts[1], 1..=2) && numeric(parts[2], 4..=4) {
        match order {
            DateOrder::DayFirst => format!("%d{s}%m{s}%Y"),
            DateOrder::MonthFirst => format!("%m{s}%d{s}%Y"),
        }
    } else {
        // Two-digit years and other widths: a date, perhaps, but not one to guess at.
        return Some(DateReading::Unreadable);
    };
    Some(match NaiveDate::parse_from_str(text, &format) {
        Ok(date) => DateReading::Read { date },
        Err(e) if matches!(e.kind(), ParseErrorKind::OutOfRange | ParseErrorKind::Impossible) => {
            DateReading::Impossible
        }
        Err(_) => DateReading::Unreadable,
    })
}

/// `March 31, 2017`, `Mar 31 2017`, `31 March 2017`, `31st March 2017`, `Friday, 31 March 2017`.
fn read_named_month(text: &str) -> Option<DateReading> {
    let lower = text.to_lowercase().replace([',', '.'], " ");
    let mut tokens: Vec<String> = Vec::new();
    for token in lower.split_whitespace() {
        // Ordinals: `31st` → `31`.
        let digits = token.bytes().take_while(u8::is_ascii_digit).count();
        let token = if digits > 0 && matches!(&token[digits..], "st" | "nd" | "rd" | "th") {
            &token[..digits]
        } else {
            token
        };
        // chrono knows `sep` and `september`, not `sept`.
        let token = if token == "sept" { "sep" } else { token };
        tokens.push(token.to_owned());
    }
    const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    if tokens.first().is_some_and(|t| t.len() >= 3 && WEEKDAYS.iter().any(|w| t.starts_with(w))) {
        tokens.remove(0);
    }
    let numbers: Vec<&String> = tokens.iter().filter(|t| t.bytes().all(|b| b.is_ascii_digit())).collect();
    let years = numbers.iter().filter(|t| t.len() == 4).count();
    let days = numbers.iter().filter(|t| t.len() <= 2).count();
    if tokens.len() != 3 || numbers.len() != 2 || years != 1 || days != 1 {
        return None;
    }
    let normalised = tokens.join(" ");
    let mut impossible = false;
    for format in ["%B %d %Y", "%d %B %Y", "%Y %B %d"] {
        match NaiveDate::parse_from_str(&normalised, format) {
            Ok(date) => return Some(DateReading::Read { date }),
            Err(e) if matches!(e.kind(), ParseErrorKind::OutOfRange | ParseErrorKind::Impossible) => {
                impossible = true
            }
            Err(_) => {}
        }
    }
    impossible.then_some(DateReading::Impossible)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn readings_are_told_apart() {
        let day = DateOrder::DayFirst;
        assert_eq!(read_date("2017-03-31", day), DateReading::Iso(ymd(2017, 3, 31)));
        assert_eq!(read_date("\"2017-03-31\"", day), DateReading::Iso(ymd(2017, 3, 31)));
        assert_eq!(read_date("03/04/2017", day), DateReading::Read { date: ymd(2017, 4, 3) });
        assert_eq!(
            read_date("03/04/2017", DateOrder::MonthFirst),
            DateReading::Read { date: ymd(2017, 3, 4) }
        );
        assert_eq!(read_date("31/06/2016", day), DateReading::Impossible);
        assert_eq!(read_date("February 30, 2017", day), DateReading::Impossible);
        assert_eq!(
            read_date("{YYYY-MM-DD when the decision was last updated}", day),
            DateReading::Placeholder
        );
        assert_eq!(read_date("[YYYY-MM-DD]", day), DateReading::Placeholder);
        assert_eq!(read_date("sometime in Q3", day), DateReading::Unreadable);
        assert_eq!(read_date("31/03/17", day), DateReading::Unreadable);
    }
}
