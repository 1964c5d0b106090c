//! The one place Ward reads the clock. The compiler takes "today" as an input
//! (`Host::set_today`, `--as-of`); the shells above it — the CLI and the language server —
//! ask here, so both agree on what today is: the current date in UTC, at midnight, as a
//! date-only instant (the same value `--as-of YYYY-MM-DD` gives).

use std::time::{SystemTime, UNIX_EPOCH};

use ward_core::hir::Instant;

const DAY: i64 = 86_400;

/// Today's date in UTC.
pub fn today() -> Instant {
    // A clock set before 1970 is not a date anyone governs by; read it as the epoch.
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    Instant {
        secs: secs - secs.rem_euclid(DAY),
        precise: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_date_only_instant_at_midnight_utc() {
        let t = today();
        assert!(!t.precise);
        assert_eq!(t.secs % DAY, 0);
        // Agrees with the calendar's reading of the same date.
        let shown = ward_core::time::format_instant(t);
        assert_eq!(ward_core::time::parse_instant(&shown), Some(t), "{shown}");
    }
}
