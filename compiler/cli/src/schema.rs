//! `ward schema`: the JSON Schema (2020-12) of case files for the loaded policy — the
//! embedded library plus any `--policy` packages — on standard output, for editors (the
//! VS Code extension ships the library's copy) and for tools that check cases.

use std::io::Write;
use std::path::PathBuf;

use crate::{Env, StdlibArg};

#[derive(clap::Args, Debug)]
pub struct SchemaArgs {
    /// A local policy directory to add to the standard library (repeatable): its facts and
    /// enums join the schema.
    #[arg(long = "policy", value_name = "DIR")]
    policies: Vec<PathBuf>,
    #[command(flatten)]
    stdlib: StdlibArg,
}

pub fn run(args: SchemaArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let p = ward_project::load_for_eval(
        &env.cwd,
        &env.cache,
        &args.stdlib.choice(env),
        &args.policies,
    );
    let prog = match crate::policy::program(&p, err, env, "no schema was written") {
        Ok(prog) => prog,
        Err(code) => return code,
    };
    let schema = ward_core::schema::case_schema(&prog);
    let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    let _ = writeln!(out, "{text}");
    0
}
