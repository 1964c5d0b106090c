//! `ward init [PATH]`: start a package with a manifest, a first module and an example case.

use std::io::Write;
use std::path::PathBuf;

use ward_project::paths::display_path;
use ward_project::{fswrite, manifest};

use crate::Env;

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// The directory (default: the current directory).
    path: Option<PathBuf>,
    /// The package name (default: the directory's name).
    #[arg(long)]
    name: Option<String>,
}

pub fn run(args: InitArgs, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let InitArgs { path, name } = args;
    let dir = path
        .map(|p| env.cwd.join(p))
        .unwrap_or_else(|| env.cwd.clone());
    // Anything called ward.toml counts, even a link to nowhere (writing through it would
    // create a file wherever it points).
    if std::fs::symlink_metadata(dir.join("ward.toml")).is_ok() {
        let _ = writeln!(
            err,
            "error: {} already has a ward.toml",
            display_path(&env.cwd, &dir)
        );
        return 2;
    }
    let name = name.unwrap_or_else(|| {
        let raw = dir
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_else(|| "local_policy".into());
        let mut n: String = raw
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if !n.starts_with(|c: char| c.is_ascii_lowercase()) {
            n.insert_str(0, "trust_");
        }
        n
    });
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\ndescription = \"Local digital governance policy\"\n\n[dependencies]\n# The national standard library is always available; pin the version you were checked with.\nnhs = \"^{}\"\n# A shared package: path = \"../regional\", or git = \"https://…\" with tag = \"v1.0.0\"\n",
        ward_core::VERSION
    );
    if name == ward_stdlib::PACKAGE {
        let _ = writeln!(
            err,
            "error: `nhs` is the standard library's name, and a local package cannot have it; choose another with --name"
        );
        return 2;
    }
    if let Err(e) = manifest::parse(&dir.join("ward.toml"), &manifest) {
        let _ = writeln!(err, "error: {}", e.message);
        return 2;
    }
    let module = "//! Local policy: duties this organisation adds on top of the national guidance.\n\nuse nhs.case.{organisation, technology}\n\nsource local_policy {\n  document \"Digital governance policy\"\n  section \"AI tools\"\n  label none\n}\n\n/// Every AI tool is recorded in the organisation's AI register before use.\nobligation local-ai-register \"Record the AI tool in the AI register\" held_by adopter\n\nrule ai_register {\n  cites local_policy\n  level local\n  when organisation.roles has adopter and technology.traits has ai\n  then require local-ai-register before \"first use\"\n}\n\ntest \"AI tools are registered\" {\n  given {\n    organisation.roles = {adopter}\n    technology.traits = {ai}\n  }\n  expect require local-ai-register\n}\n";
    // A policy.ward already there (or a link of that name) is left alone.
    let module_path = dir.join("policy.ward");
    let keep_module = std::fs::symlink_metadata(&module_path).is_ok();
    // So is an example case already there.
    let example_path = dir.join(crate::example_case::FILE);
    let example = match std::fs::symlink_metadata(&example_path) {
        Ok(_) => None,
        Err(_) => crate::example_case::text(),
    };
    let result = std::fs::create_dir_all(&dir)
        .and_then(|_| fswrite::create_new(&dir.join("ward.toml"), manifest.as_bytes()))
        .and_then(|_| {
            if keep_module {
                Ok(())
            } else {
                fswrite::create_new(&module_path, module.as_bytes())
            }
        })
        .and_then(|_| match &example {
            Some(text) => fswrite::create_new(&example_path, text.as_bytes()),
            None => Ok(()),
        });
    if let Err(e) = result {
        let _ = writeln!(err, "error: {}: {e}", display_path(&env.cwd, &dir));
        return 2;
    }
    let _ = writeln!(
        out,
        "created package `{name}` in {}: {}",
        display_path(&env.cwd, &dir),
        match (keep_module, example.is_some()) {
            (false, true) =>
                "ward.toml, policy.ward and example.case.yaml (a commented example case)",
            (false, false) => "ward.toml and policy.ward",
            (true, true) =>
                "ward.toml and example.case.yaml (policy.ward was already there and is left as it was)",
            (true, false) => "ward.toml (policy.ward was already there and is left as it was)",
        }
    );
    let _ = writeln!(
        out,
        "next: `ward test {0}`, `ward eval {1} --policy {0}`, and `ward ask` to write a case of your own",
        display_path(&env.cwd, &dir),
        display_path(&env.cwd, &dir.join(crate::example_case::FILE))
    );
    0
}
