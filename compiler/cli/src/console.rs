//! Whether the console wants colour codes. Diagnostics are coloured only when stderr is a
//! terminal, `NO_COLOR` is unset and `TERM` is not `dumb`; on Windows also only when the
//! console accepts ANSI sequences (virtual terminal processing could be switched on), since an
//! older console would print the escape codes as text. Text itself needs nothing here: the
//! standard library writes to a Windows console as UTF-16, and to pipes and files as UTF-8.

use std::io::IsTerminal;

/// Colour for stderr, decided once per process.
pub fn stderr_wants_colour() -> bool {
    if anstyle_query::no_color() || !std::io::stderr().is_terminal() {
        return false;
    }
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        return false;
    }
    // `None` off Windows, where terminals take ANSI codes; on Windows `Some(true)` only if
    // the console now interprets them.
    anstyle_query::windows::enable_ansi_colors().unwrap_or(true)
}
