//! The board's review calendar: its time zone (days end at midnight there), the SLA in
//! business days per review kind, and the holiday calendar read from CSV or ICS files.

use crate::services::db_error;
use archboard_db::Connection;
use archboard_db::review as store;
use archboard_types::ApiError;
use archboard_types::review::{DEFAULT_SLA_BUSINESS_DAYS, Holiday, ReviewKind, ReviewSettings};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use std::collections::BTreeSet;

const TIME_ZONE: &str = "time_zone";
const SLA_PREFIX: &str = "sla_days.";
/// The longest holiday event read from a calendar, in days.
const MAX_EVENT_DAYS: i64 = 366;
/// The most business days an SLA may be set to (a year of working days).
const MAX_SLA_DAYS: u32 = 260;

pub(crate) struct BoardCalendar {
    pub(crate) time_zone: Tz,
    pub(crate) sla: Vec<(ReviewKind, u32)>,
    pub(crate) holidays: Vec<Holiday>,
}

impl BoardCalendar {
    pub(crate) fn read(conn: &Connection) -> Result<BoardCalendar, ApiError> {
        let time_zone = store::setting(conn, TIME_ZONE)
            .map_err(db_error)?
            .and_then(|name| name.parse::<Tz>().ok())
            .unwrap_or(Tz::UTC);
        let mut sla = Vec::new();
        for kind in ReviewKind::ALL {
            let days = store::setting(conn, &format!("{SLA_PREFIX}{}", kind.as_str()))
                .map_err(db_error)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(DEFAULT_SLA_BUSINESS_DAYS);
            sla.push((*kind, days));
        }
        let holidays = store::holidays(conn)
            .map_err(db_error)?
            .into_iter()
            .map(|(date, name)| Holiday { date, name })
            .collect();
        Ok(BoardCalendar { time_zone, sla, holidays })
    }

    /// The board-local date of an instant: a day ends at midnight in the board's time zone.
    pub(crate) fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.time_zone).date_naive()
    }

    pub(crate) fn sla_days(&self, kind: ReviewKind) -> u32 {
        self.sla.iter().find(|(k, _)| *k == kind).map(|(_, d)| *d).unwrap_or(DEFAULT_SLA_BUSINESS_DAYS)
    }

    pub(crate) fn holiday_set(&self) -> BTreeSet<NaiveDate> {
        self.holidays.iter().map(|h| h.date).collect()
    }

    pub(crate) fn settings(self) -> ReviewSettings {
        ReviewSettings {
            time_zone: self.time_zone.name().to_owned(),
            sla_days: self.sla,
            holidays: self.holidays,
        }
    }
}

/// Checks and stores the time zone and SLAs.
pub(crate) fn write_settings(
    conn: &Connection,
    time_zone: &str,
    sla: &[(ReviewKind, u32)],
) -> Result<(), ApiError> {
    let zone = time_zone.trim();
    zone.parse::<Tz>().map_err(|_| {
        ApiError::validation(
            "time_zone",
            format!(
                "`{zone}` is not a time zone Archboard knows; use an IANA name such as Europe/Berlin or UTC."
            ),
        )
    })?;
    store::set_setting(conn, TIME_ZONE, zone).map_err(db_error)?;
    for (kind, days) in sla {
        if *days == 0 || *days > MAX_SLA_DAYS {
            return Err(ApiError::validation(
                "sla_days",
                format!("The SLA of {} must be 1 to {MAX_SLA_DAYS} business days, not {days}.", kind.label()),
            ));
        }
        store::set_setting(conn, &format!("{SLA_PREFIX}{}", kind.as_str()), &days.to_string())
            .map_err(db_error)?;
    }
    Ok(())
}

/// Reads holidays from a CSV (`date,name`, header optional) or an ICS calendar (all-day
/// `VEVENT`s: `DTSTART;VALUE=DATE:20261225` and `SUMMARY`). A bad line is refused with its
/// number, so nothing half-read is stored.
pub(crate) fn parse_holidays(file_name: &str, text: &str) -> Result<Vec<(NaiveDate, String)>, ApiError> {
    let is_ics =
        file_name.to_lowercase().ends_with(".ics") || text.trim_start().starts_with("BEGIN:VCALENDAR");
    if is_ics { parse_ics(file_name, text) } else { parse_csv(file_name, text) }
}

fn refuse(file_name: &str, line: usize, why: String) -> ApiError {
    ApiError::validation("text", format!("{file_name}, line {line}: {why}"))
}

fn parse_csv(file_name: &str, text: &str) -> Result<Vec<(NaiveDate, String)>, ApiError> {
    let mut days = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (date, name) = line.split_once([',', ';']).unwrap_or((line, ""));
        let date = date.trim().trim_matches('"');
        match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
            Ok(day) => days.push((day, name.trim().trim_matches('"').to_owned())),
            Err(_) if index == 0 && !date.starts_with(|c: char| c.is_ascii_digit()) => {} // a header
            Err(_) => {
                return Err(refuse(file_name, index + 1, format!("`{date}` is not a date like 2026-12-25")));
            }
        }
    }
    if days.is_empty() {
        return Err(ApiError::validation("text", format!("{file_name} holds no holiday dates.")));
    }
    Ok(days)
}

fn parse_ics(file_name: &str, text: &str) -> Result<Vec<(NaiveDate, String)>, ApiError> {
    // ICS folds long lines: a line starting with a space continues the previous one.
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let raw = raw.trim_end_matches('\r');
        if let Some(rest) = raw.strip_prefix([' ', '\t'])
            && let Some((_, last)) = lines.last_mut()
        {
            last.push_str(rest);
            continue;
        }
        lines.push((index + 1, raw.to_owned()));
    }
    let mut days = Vec::new();
    // (start, end exclusive, name, line of BEGIN)
    let mut current: Option<(Option<NaiveDate>, Option<NaiveDate>, String, usize)> = None;
    let date_of = |property: &str, value: &str, number: usize| {
        let digits: String = value.chars().take(8).collect();
        NaiveDate::parse_from_str(&digits, "%Y%m%d").map_err(|_| {
            refuse(file_name, number, format!("{property} `{value}` is not a date like 20261225"))
        })
    };
    for (number, line) in lines {
        let (name_part, value) = line.split_once(':').unwrap_or((line.as_str(), ""));
        let property = name_part.split(';').next().unwrap_or("").to_uppercase();
        match (property.as_str(), current.as_mut()) {
            ("BEGIN", _) if value.eq_ignore_ascii_case("VEVENT") => {
                current = Some((None, None, String::new(), number))
            }
            ("DTSTART", Some(event)) => event.0 = Some(date_of("DTSTART", value, number)?),
            ("DTEND", Some(event)) => event.1 = Some(date_of("DTEND", value, number)?),
            ("SUMMARY", Some(event)) => event.2 = value.replace("\\,", ",").replace("\\;", ";"),
            ("RRULE", Some(_)) => {
                return Err(refuse(
                    file_name,
                    number,
                    "a recurring event (RRULE) is not expanded; export the calendar with each holiday as its own date".into(),
                ));
            }
            ("END", Some(_)) if value.eq_ignore_ascii_case("VEVENT") => {
                let Some((start, end, name, started)) = current.take() else { continue };
                let start =
                    start.ok_or_else(|| refuse(file_name, started, "the event has no DTSTART".into()))?;
                // An all-day event's DTEND is the day after its last day; a closure over
                // several days gives each of them.
                let mut day = start;
                loop {
                    days.push((day, name.clone()));
                    day = match day.succ_opt() {
                        Some(next)
                            if end.is_some_and(|end| next < end)
                                && (next - start).num_days() < MAX_EVENT_DAYS =>
                        {
                            next
                        }
                        _ => break,
                    };
                }
            }
            _ => {}
        }
    }
    if days.is_empty() {
        return Err(ApiError::validation(
            "text",
            format!("{file_name} holds no events (VEVENT with DTSTART)."),
        ));
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holidays_are_read_from_csv_and_ics_and_bad_lines_are_named() {
        let csv = "date,name\n2026-12-25,Christmas Day\n2026-12-26;\"Boxing Day\"\n\n";
        let days = parse_holidays("holidays.csv", csv).unwrap();
        assert_eq!(days.len(), 2);
        assert_eq!(days[1].1, "Boxing Day");
        let error = parse_holidays("h.csv", "2026-12-25,x\n25/12/2026,y\n").unwrap_err();
        assert!(
            error.message.contains("h.csv, line 2") && error.message.contains("25/12/2026"),
            "{}",
            error.message
        );

        let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:New Year\\, \r\n observed\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART:20270405T000000Z\r\nSUMMARY:Easter Monday\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let days = parse_holidays("board.ics", ics).unwrap();
        assert_eq!(
            days,
            vec![
                ("2027-01-01".parse().unwrap(), "New Year, observed".into()),
                ("2027-04-05".parse().unwrap(), "Easter Monday".into())
            ]
        );
        let closure = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261224\nDTEND;VALUE=DATE:20261227\nSUMMARY:Closed\nEND:VEVENT\nEND:VCALENDAR\n";
        let days: Vec<String> =
            parse_holidays("c.ics", closure).unwrap().iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(days, ["2026-12-24", "2026-12-25", "2026-12-26"]);
        let yearly = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nRRULE:FREQ=YEARLY\nEND:VEVENT\nEND:VCALENDAR\n";
        assert!(parse_holidays("y.ics", yearly).unwrap_err().message.contains("line 4"));
        let broken = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n";
        assert!(parse_holidays("b.ics", broken).unwrap_err().message.contains("line 2"));
    }
}
