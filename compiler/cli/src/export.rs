//! `ward export sql|table|cases`: the loaded policy as one SQL query over a table of cases,
//! the DDL of that table, and case files converted to NDJSON rows of it (see docs/export.md).

use std::io::Write;
use std::path::PathBuf;

use crate::{Env, StdlibArg};

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand, Debug)]
enum What {
    /// The query: per case and obligation, its status, level and deciding rule.
    Sql(SqlArgs),
    /// The DDL of the cases table.
    Table(Common),
    /// Case files (JSON, YAML, or JSONL with one case a line) as NDJSON rows of the table.
    Cases(CasesArgs),
}

#[derive(clap::Args, Debug)]
struct Common {
    /// A local policy directory to add to the standard library (repeatable).
    #[arg(long = "policy", value_name = "DIR")]
    policies: Vec<PathBuf>,
    #[command(flatten)]
    stdlib: StdlibArg,
    #[arg(long, value_enum, default_value = "duckdb")]
    dialect: DialectArg,
    /// The table of cases the query reads.
    #[arg(long, default_value = "cases")]
    table: String,
}

#[derive(clap::Args, Debug)]
struct SqlArgs {
    #[command(flatten)]
    common: Common,
    /// The evaluation date (which exceptions have lapsed), as `ward eval --as-of`.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Honour local exceptions whose review date has passed.
    #[arg(long)]
    allow_expired: bool,
}

#[derive(clap::Args, Debug)]
struct CasesArgs {
    #[command(flatten)]
    common: Common,
    /// The case files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Where to write the NDJSON (standard output if not given).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum DialectArg {
    Duckdb,
    Spark,
    Postgres,
}

impl DialectArg {
    fn dialect(self) -> ward_export::Dialect {
        match self {
            DialectArg::Duckdb => ward_export::Dialect::DuckDb,
            DialectArg::Spark => ward_export::Dialect::Spark,
            DialectArg::Postgres => ward_export::Dialect::Postgres,
        }
    }
}

fn program(
    c: &Common,
    err: &mut dyn Write,
    env: &Env,
) -> Result<std::sync::Arc<ward_core::eval::Program>, i32> {
    let p = ward_project::load_for_eval(&env.cwd, &env.cache, &c.stdlib.choice(env), &c.policies);
    crate::policy::program(&p, err, env, "nothing was exported")
}

pub fn run(args: ExportArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    match args.what {
        What::Sql(a) => sql(a, out, err, env),
        What::Table(c) => table(c, out, err, env),
        What::Cases(a) => cases(a, out, err, env),
    }
}

fn sql(a: SqlArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let prog = match program(&a.common, err, env) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let Some(as_of) = crate::as_of::as_of_or_today(a.as_of.as_deref(), err, env) else {
        return 2;
    };
    let opts = ward_export::ExportOptions {
        dialect: a.common.dialect.dialect(),
        table: a.common.table.clone(),
        as_of,
        allow_expired: a.allow_expired,
    };
    match ward_export::export_sql(&prog, &opts) {
        Ok(text) => {
            let _ = out.write_all(text.as_bytes());
            0
        }
        Err(errors) => {
            for e in &errors {
                let _ = writeln!(err, "error: {e}");
            }
            let _ = writeln!(
                err,
                "no query was written ({} rules untranslated)",
                errors.len()
            );
            1
        }
    }
}

fn table(c: Common, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let prog = match program(&c, err, env) {
        Ok(p) => p,
        Err(code) => return code,
    };
    match ward_export::table_ddl(&prog, c.dialect.dialect(), &c.table) {
        Ok(text) => {
            let _ = out.write_all(text.as_bytes());
            0
        }
        Err(errors) => {
            for e in &errors {
                let _ = writeln!(err, "error: fact {e}");
            }
            1
        }
    }
}

fn cases(a: CasesArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let prog = match program(&a.common, err, env) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut text = String::new();
    let mut failed = false;
    for path in &a.files {
        let file = match crate::input::read_case_file(path) {
            Ok(f) => f,
            Err(e) => {
                let _ = writeln!(err, "error: {}: {e}", path.display());
                failed = true;
                continue;
            }
        };
        let id = path.display().to_string();
        let jsonl = path.extension().is_some_and(|e| e == "jsonl");
        let docs: Vec<(String, &str)> = if jsonl {
            file.text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| (format!("{id}:{}", i + 1), l))
                .collect()
        } else {
            vec![(id, file.text.as_str())]
        };
        let format = ward_core::eval::Format::from_path(path);
        for (case_id, doc) in docs {
            let row = ward_core::eval::case::load(&prog, doc, format)
                .map_err(|es| {
                    es.iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .and_then(|case| ward_export::case_row(&prog, &case, &case_id));
            match row {
                Ok(r) => {
                    text.push_str(&r.to_string());
                    text.push('\n');
                }
                Err(e) => {
                    let _ = writeln!(err, "error: {case_id}: {e}");
                    failed = true;
                }
            }
        }
    }
    let written = match &a.output {
        Some(p) => std::fs::write(p, &text).map_err(|e| format!("{}: {e}", p.display())),
        None => out.write_all(text.as_bytes()).map_err(|e| e.to_string()),
    };
    if let Err(e) = written {
        let _ = writeln!(err, "error: {e}");
        return 2;
    }
    if failed { 2 } else { 0 }
}
