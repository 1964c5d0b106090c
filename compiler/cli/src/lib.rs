//! The `ward` command line. Every subcommand loads a [`ward_core::Host`] (the embedded
//! standard library plus any local policy), asks it the same queries the language server
//! asks, and renders the answer. Nothing here checks or evaluates anything itself.
//!
//! Exit codes: 0 success; 1 policy errors, failing tests or unformatted files; 2 bad input
//! (a malformed case file, an unreadable path, a usage error, a package problem).

mod as_of;
mod ask;
mod batch;
mod check;
mod completions;
mod console;
mod diff;
mod doc;
mod eval;
mod evaluate;
mod example_case;
mod exceptions;
mod explain;
mod export;
mod fmt;
mod init;
mod input;
mod manpage;
mod policy;
mod render;
mod schema;
mod serve;
mod stdlib_cmd;
mod test;
mod update;
mod verify;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

/// The stack the `ward` binary runs its command on. The checker, the evaluator and the
/// explanation recurse over expressions and chains of derived values; the parser's limits
/// (`ward_syntax::limits::MAX_EXPR_DEPTH`) and the checker's (`ward_core::limits`) bound
/// that depth, and this much stack holds the deepest program they allow, with room to
/// spare, even unoptimised. It is reserved, not used: untouched pages cost nothing.
pub const STACK_BYTES: usize = 256 * 1024 * 1024;

/// What the process gives the command: where it runs, whether to colour, what day it is.
/// Tests pass their own, so output never depends on the machine or the date.
#[derive(Clone, Debug)]
pub struct Env {
    pub cwd: PathBuf,
    pub color: bool,
    pub today: ward_core::hir::Instant,
    /// Where git dependencies are fetched to (`WARD_HOME`, else the user's cache directory).
    pub cache: PathBuf,
    /// Show progress bars (stderr is a terminal).
    pub progress: bool,
    /// Where the standard library is installed and the keys it must be signed with (the
    /// user's data directory and the keys built into ward; tests pass their own).
    pub library: ward_project::stdlib_package::Installation,
}

impl Env {
    pub fn from_process() -> Env {
        use std::io::IsTerminal;
        let cache = ward_project::cache::cache_dir();
        Env {
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            color: console::stderr_wants_colour(),
            today: ward_project::clock::today(),
            cache,
            progress: std::io::stderr().is_terminal(),
            library: ward_project::stdlib_package::Installation::for_user(),
        }
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "ward",
    version,
    about = "Guidance as code for digital health governance"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum OutputFormat {
    Text,
    Json,
}

/// `--stdlib DIR`, for every command that loads policy.
#[derive(clap::Args, Debug)]
struct StdlibArg {
    /// Load the standard library from DIR instead of the copy built into ward (for the
    /// library's maintainers); every report then says so in its first lines.
    #[arg(long = "stdlib", value_name = "DIR")]
    dir: Option<PathBuf>,
}

impl StdlibArg {
    /// `--stdlib DIR`, else the installed library (verified on this load) or the built-in one.
    fn choice(&self, env: &Env) -> ward_project::stdlib::Choice {
        match &self.dir {
            Some(d) => ward_project::stdlib::Choice::Dir(d.clone()),
            None => ward_project::stdlib::Choice::Installed(env.library.clone()),
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse, resolve and type-check policy (the standard library and a project).
    Check(check::CheckArgs),
    /// Evaluate the policies against a case file (JSON or YAML) and list the obligations.
    Eval(eval::EvalArgs),
    /// Why one duty applies, does not apply, or is undetermined.
    Explain(explain::ExplainArgs),
    /// Interview: ask only the questions that matter, and write the answers as a case file.
    Ask(ask::AskArgs),
    /// Serve decisions over HTTP: the API, its OpenAPI contract and a web interview.
    Serve(serve::ServeArgs),
    /// Print the JSON Schema of case files (for editors and tools that check cases).
    Schema(schema::SchemaArgs),
    /// The policy as one SQL query over a table of cases (DuckDB, Spark, Postgres).
    Export(export::ExportArgs),
    /// Write a static reference site of the policy: a page per obligation, fact and module.
    Doc(doc::DocArgs),
    /// Prove properties of the policy, each finding with a witness case.
    Verify(verify::VerifyArgs),
    /// What changes between two versions of a policy, over every case and over a portfolio.
    Diff(diff::DiffArgs),
    /// List every local exception: what it sets aside, why, its review date and its state.
    Exceptions(exceptions::ExceptionsArgs),
    /// Run the in-language tests and report rules no test exercised.
    Test(test::TestArgs),
    /// Start a package: write `ward.toml` and a first module.
    Init(init::InitArgs),
    /// Resolve every dependency again (fetching git ones) and rewrite `ward.lock`.
    Update(update::PackageDirArgs),
    /// Fetch the git revisions `ward.lock` names, without re-resolving anything.
    Fetch(update::PackageDirArgs),
    /// Signed updates of the standard library: keygen, pack, sign, verify, install, status,
    /// uninstall.
    Stdlib {
        #[command(subcommand)]
        command: stdlib_cmd::StdlibCommand,
    },
    /// Format `.ward` files in place.
    Fmt(fmt::FmtArgs),
    /// Print a shell completion script on stdout (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout: `ward`'s, or one command's (`ward man eval`).
    Man {
        /// A command of `ward` (default: the page for `ward` itself).
        command: Option<String>,
    },
}

/// Run the command line `args` (the first is the program name).
pub fn run(args: Vec<OsString>, out: &mut dyn Write, err: &mut dyn Write, env: Env) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = if env.color {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            let _ = if e.use_stderr() {
                write!(err, "{text}")
            } else {
                write!(out, "{text}")
            };
            return code;
        }
    };
    let result = match cli.command {
        Command::Check(args) => check::run(args, out, err, &env),
        Command::Eval(args) => eval::run(args, out, err, &env),
        Command::Exceptions(args) => exceptions::run(args, out, err, &env),
        Command::Explain(args) => explain::run(args, out, err, &env),
        Command::Ask(args) => ask::run(args, out, err, &env),
        Command::Schema(args) => schema::run(args, out, err, &env),
        Command::Serve(args) => serve::run(args, out, err, &env),
        Command::Export(args) => export::run(args, out, err, &env),
        Command::Doc(args) => doc::run(args, out, err, &env),
        Command::Verify(args) => verify::run(args, out, err, &env),
        Command::Diff(args) => diff::run(args, out, err, &env),
        Command::Test(args) => test::run(args, out, err, &env),
        Command::Stdlib { command } => stdlib_cmd::run(command, out, err, &env),
        Command::Fmt(args) => fmt::run(args, out, err, &env),
        Command::Init(args) => init::run(args, out, err, &env),
        Command::Update(args) => update::run(args, ward_project::Mode::Update, out, err, &env),
        Command::Fetch(args) => update::run(args, ward_project::Mode::Fetch, out, err, &env),
        Command::Completions { shell } => completions::write(Cli::command(), shell, out),
        Command::Man { command } => manpage::write(Cli::command(), command.as_deref(), out, err),
    };
    let _ = out.flush();
    result
}
