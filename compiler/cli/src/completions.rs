//! `ward completions SHELL`: a completion script for bash, zsh, fish, PowerShell or elvish,
//! generated from the same command definition that parses the arguments, so it can never
//! offer a flag `ward` does not take. The release archives carry one per shell.

use std::io::Write;

use clap_complete::Shell;

/// Write the completion script for `shell` to `out`.
pub fn write(mut cmd: clap::Command, shell: Shell, out: &mut dyn Write) -> i32 {
    let name = cmd.get_name().to_string();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, name, &mut buf);
    match out.write_all(&buf) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}
