//! Dates, times and calendar arithmetic, shared by the checker, the case loader and the
//! evaluator. Instants are UTC seconds; months are calendar months (31 Jan + 1 month = 28/29 Feb).

use jiff::civil;

use crate::hir::{Instant, Period};
use ward_syntax::ast::Unit;

/// Parse `2026-11-22` or `2026-11-22T09:30:00Z` (any RFC 3339 offset). Every civil date
/// from -9999-01-01 to 9999-12-31 is accepted; `jiff::Timestamp` stops a day short of that
/// (it keeps room for any offset), so UTC times are converted here.
pub fn parse_instant(text: &str) -> Option<Instant> {
    if text.len() == 10 {
        let d: civil::Date = text.parse().ok()?;
        return Some(Instant {
            secs: civil_secs(d.at(0, 0, 0, 0)),
            precise: false,
        });
    }
    let secs = match text.parse::<jiff::Timestamp>() {
        Ok(t) => t.as_second(),
        // The last day, read as two days earlier (which `Timestamp` holds at any offset).
        Err(_) => {
            let rest = text.strip_prefix("9999-12-31T")?;
            let t: jiff::Timestamp = format!("9999-12-29T{rest}").parse().ok()?;
            t.as_second() + 2 * 86_400
        }
    };
    secs_civil(secs)?;
    Some(Instant {
        secs,
        precise: true,
    })
}

/// Seconds since 1970-01-01T00:00:00Z of a UTC date and time.
fn civil_secs(dt: civil::DateTime) -> i64 {
    let days = days_from_civil(dt.year() as i64, dt.month() as i64, dt.day() as i64);
    days * 86_400 + dt.hour() as i64 * 3600 + dt.minute() as i64 * 60 + dt.second() as i64
}

/// The UTC date and time of `secs`, if it is within the civil range (years -9999 to 9999).
fn secs_civil(secs: i64) -> Option<civil::DateTime> {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let date = civil::Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()?;
    Some(date.at(
        (rem / 3600) as i8,
        (rem % 3600 / 60) as i8,
        (rem % 60) as i8,
        0,
    ))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub fn period(amount: i64, unit: Unit) -> Period {
    match unit {
        Unit::Minutes => Period {
            months: 0,
            secs: amount * 60,
        },
        Unit::Hours => Period {
            months: 0,
            secs: amount * 3600,
        },
        Unit::Days => Period {
            months: 0,
            secs: amount * 86_400,
        },
        Unit::Weeks => Period {
            months: 0,
            secs: amount * 7 * 86_400,
        },
        Unit::Months => Period {
            months: amount as i32,
            secs: 0,
        },
        Unit::Years => Period {
            months: (amount * 12) as i32,
            secs: 0,
        },
    }
}

/// `at + p` (or `at - p` when `sign` is -1); `None` when the result is past the civil range
/// (after 9999-12-31 or before -9999-01-01), which a deadline reports as such.
pub fn shift(at: Instant, p: Period, sign: i64) -> Option<Instant> {
    let mut secs = at.secs;
    if p.months != 0 {
        let dt = secs_civil(secs)?;
        let span = jiff::Span::new()
            .try_months((p.months as i64).checked_mul(sign)?)
            .ok()?;
        secs = civil_secs(dt.checked_add(span).ok()?);
    }
    secs = secs.checked_add(p.secs.checked_mul(sign)?)?;
    secs_civil(secs)?;
    Some(Instant {
        secs,
        precise: at.precise || p.secs % 86_400 != 0,
    })
}

/// The last date Ward computes with; a deadline after it is reported as past it.
pub const LAST_DATE: &str = "9999-12-31";

/// A rough length in seconds, for comparing periods that mix months with exact time.
pub fn approx_secs(p: Period) -> i64 {
    p.months as i64 * 2_629_746 + p.secs
}

/// `2026-11-22` for plain dates, `2026-11-22T09:30:00Z` for precise instants.
pub fn format_instant(at: Instant) -> String {
    match secs_civil(at.secs) {
        Some(dt) if at.precise => dt.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Some(dt) => dt.strftime("%Y-%m-%d").to_string(),
        None => at.secs.to_string(),
    }
}

/// `72 hours`, `12 months`, `1 year 2 months`.
pub fn format_period(p: Period) -> String {
    let mut parts = Vec::new();
    let plural = |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if p.months != 0 {
        if p.months % 12 == 0 {
            parts.push(plural(p.months as i64 / 12, "year", "years"));
        } else {
            parts.push(plural(p.months as i64, "month", "months"));
        }
    }
    let s = p.secs;
    if s != 0 || parts.is_empty() {
        if s % (7 * 86_400) == 0 && s != 0 {
            parts.push(plural(s / (7 * 86_400), "week", "weeks"));
        } else if s % 86_400 == 0 {
            parts.push(plural(s / 86_400, "day", "days"));
        } else if s % 3600 == 0 {
            parts.push(plural(s / 3600, "hour", "hours"));
        } else {
            parts.push(plural(s / 60, "minute", "minutes"));
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_periods() {
        let d = parse_instant("2026-01-31").unwrap();
        let m = shift(d, period(1, Unit::Months), 1).unwrap();
        assert_eq!(format_instant(m), "2026-02-28");
        let t = parse_instant("2026-11-20T09:30:00Z").unwrap();
        let due = shift(t, period(72, Unit::Hours), 1).unwrap();
        assert_eq!(format_instant(due), "2026-11-23T09:30:00Z");
        assert_eq!(format_period(period(12, Unit::Months)), "1 year");
        assert_eq!(format_period(period(72, Unit::Hours)), "3 days");
        assert!(parse_instant("2026-02-30").is_none());
    }

    #[test]
    fn the_whole_civil_range() {
        let last = parse_instant("9999-12-31").unwrap();
        assert_eq!(format_instant(last), "9999-12-31");
        let t = parse_instant("9999-12-31T23:59:59Z").unwrap();
        assert_eq!(format_instant(t), "9999-12-31T23:59:59Z");
        assert_eq!(t.secs, last.secs + 86_399);
        assert_eq!(parse_instant("1970-01-01").unwrap().secs, 0);
        assert_eq!(
            parse_instant("2026-11-20T09:30:00+01:00").unwrap().secs,
            parse_instant("2026-11-20T08:30:00Z").unwrap().secs
        );
        let late = parse_instant("9999-12-31T23:00:00-00:30").unwrap();
        assert_eq!(format_instant(late), "9999-12-31T23:30:00Z");
        assert!(parse_instant("9999-12-31T23:30:00-01:00").is_none());
        // Past the range: no date, no overflow.
        assert!(shift(last, period(1, Unit::Days), 1).is_none());
        assert!(shift(last, period(12, Unit::Months), 1).is_none());
        assert!(
            shift(
                last,
                Period {
                    months: i32::MAX,
                    secs: i64::MAX
                },
                1
            )
            .is_none()
        );
        assert!(
            shift(
                last,
                Period {
                    months: i32::MIN,
                    secs: i64::MIN
                },
                -1
            )
            .is_none()
        );
        assert_eq!(
            format_instant(shift(last, period(-1, Unit::Months), 1).unwrap()),
            "9999-11-30"
        );
        for s in [-300_000_000_000i64, -1, 0, 1, 86_399, 1_798_761_600] {
            let dt = secs_civil(s).unwrap();
            assert_eq!(civil_secs(dt), s);
        }
    }
}
