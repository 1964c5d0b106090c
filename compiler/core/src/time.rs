//! Dates, times and calendar arithmetic, shared by the checker, the case loader and the
//! evaluator. Instants are UTC seconds; months are calendar months (31 Jan + 1 month = 28/29 Feb).

use jiff::tz::TimeZone;

use crate::hir::{Instant, Period};
use ward_syntax::ast::Unit;

/// Parse `2026-11-22` or `2026-11-22T09:30:00Z` (any RFC 3339 offset).
pub fn parse_instant(text: &str) -> Option<Instant> {
    if text.len() == 10 {
        let d: jiff::civil::Date = text.parse().ok()?;
        let z = d.at(0, 0, 0, 0).to_zoned_datetime(TimeZone::UTC).ok()?;
        return Some(Instant {
            secs: z.timestamp().as_second(),
            precise: false,
        });
    }
    let t: jiff::Timestamp = text.parse().ok()?;
    Some(Instant {
        secs: t.as_second(),
        precise: true,
    })
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

/// `at + p` (or `at - p` when `sign` is -1); `None` when the result leaves jiff's range.
pub fn shift(at: Instant, p: Period, sign: i64) -> Option<Instant> {
    let mut secs = at.secs;
    if p.months != 0 {
        let ts = jiff::Timestamp::from_second(secs).ok()?;
        let z = ts.to_zoned_datetime(TimeZone::UTC);
        let shifted = z
            .checked_add(jiff::Span::new().try_months(p.months as i64 * sign).ok()?)
            .ok()?;
        secs = shifted.timestamp().as_second();
    }
    secs = secs.checked_add(p.secs.checked_mul(sign)?)?;
    jiff::Timestamp::from_second(secs).ok()?;
    Some(Instant {
        secs,
        precise: at.precise || p.secs % 86_400 != 0,
    })
}

/// A rough length in seconds, for comparing periods that mix months with exact time.
pub fn approx_secs(p: Period) -> i64 {
    p.months as i64 * 2_629_746 + p.secs
}

/// `2026-11-22` for plain dates, `2026-11-22T09:30:00Z` for precise instants.
pub fn format_instant(at: Instant) -> String {
    match jiff::Timestamp::from_second(at.secs) {
        Ok(ts) if at.precise => ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Ok(ts) => ts.strftime("%Y-%m-%d").to_string(),
        Err(_) => at.secs.to_string(),
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
}
