//! `--as-of DATE`: the day a command judges deadlines and review dates against.

use std::io::Write;

use ward_core::hir::Instant;

use crate::Env;

/// `--as-of` if given (an error is printed when it is not a date), otherwise today.
pub(crate) fn as_of_or_today(
    as_of: Option<&str>,
    err: &mut dyn Write,
    env: &Env,
) -> Option<Instant> {
    match as_of {
        Some(text) => match ward_core::time::parse_instant(text) {
            Some(d) => Some(d),
            None => {
                let _ = writeln!(err, "error: `{text}` is not a date; write it as YYYY-MM-DD");
                None
            }
        },
        None => Some(env.today),
    }
}
