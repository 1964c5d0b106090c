//! `ward doc [PATH] [-o DIR]`: write the static reference site of the loaded policy (the
//! standard library and the package at PATH): a page per obligation, fact and module, and an
//! index with a search box. The pages are made by `ward_core::site`; this only writes them.

use std::io::Write;
use std::path::PathBuf;

use ward_project::fswrite;

use crate::policy::print_banner;
use crate::{Env, StdlibArg};

#[derive(clap::Args, Debug)]
pub struct DocArgs {
    /// A package directory or a `.ward` file (default: the current directory's package, or
    /// the standard library alone).
    path: Option<PathBuf>,
    /// Where to write the site (default: `ward-doc` in the current directory).
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    stdlib: StdlibArg,
}

pub fn run(args: DocArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let choice = args.stdlib.choice(env);
    // Without a path: the library and the package around the working directory, if any (as
    // `ward eval` loads them).
    let p = match args.path.as_deref() {
        Some(path) => {
            ward_project::load_for_check(&env.cwd, &env.cache, &choice, Some(path), "doc")
        }
        None => ward_project::load_for_eval(&env.cwd, &env.cache, &choice, &[]),
    };
    print_banner(out, &p, env);
    let prog = match crate::policy::program(&p, err, env, "no site was written") {
        Ok(prog) => prog,
        Err(code) => return code,
    };
    let dir = env
        .cwd
        .join(args.out.unwrap_or_else(|| PathBuf::from("ward-doc")));
    let pages = ward_core::site::site(&prog, &p.host, ward_core::VERSION);
    for page in &pages {
        let path = dir.join(&page.path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| fswrite::write(&path, page.html.as_bytes()));
        if let Err(e) = written {
            let _ = writeln!(err, "error: {}: {e}", path.display());
            return 2;
        }
    }
    let _ = writeln!(
        out,
        "wrote {} pages to {} (open index.html)",
        pages.len(),
        ward_project::paths::display_path(&env.cwd, &dir)
    );
    0
}
