//! `ward man [COMMAND]`: the manual page (roff) for `ward` or one of its commands, generated
//! from the command definition like `--help`, so the two never disagree. The release archives
//! carry `ward.1` and a `ward-COMMAND.1` for each command.

use std::io::Write;

/// Write the page for `command` (a subcommand's name), or `ward`'s own page when `None`.
pub fn write(
    mut cmd: clap::Command,
    command: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    // Building gives each subcommand its display name (`ward-eval`), the page's title.
    cmd.build();
    let page = match command {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
                let _ = writeln!(
                    err,
                    "error: `ward` has no command `{name}`; the commands are {}",
                    names.join(", ")
                );
                return 2;
            }
        },
    };
    // Every page names the program and its version, a command's page too.
    let source = format!("ward {}", env!("CARGO_PKG_VERSION"));
    let mut buf = Vec::new();
    if clap_mangen::Man::new(page)
        .source(source)
        .render(&mut buf)
        .is_err()
        || out.write_all(&buf).is_err()
    {
        return 2;
    }
    0
}
