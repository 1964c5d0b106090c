//! `ward stdlib …`: signed updates of the national library. Maintainers make a key
//! (`keygen`), pack the library directory and sign the package (`pack --key`, or `pack` then
//! `sign`); users `verify` a package, `install` it, see which library is in use (`status`) and
//! go back to the built-in one (`uninstall`). The work is in `ward_project::stdlib_package`;
//! this file parses the arguments, reads and writes the files, and words the results.

use std::io::Write;
use std::path::{Path, PathBuf};

use ward_project::paths::display_path;
use ward_project::stdlib::{self, Choice};
use ward_project::stdlib_package::{
    Installed, Keyring, SecretKey, Verified, format::MAX_PACKAGE_BYTES, pack, sign, verify,
};
use ward_project::{Problem, fsread, fswrite};

use crate::Env;
use crate::render;

#[derive(clap::Subcommand, Debug)]
pub enum StdlibCommand {
    /// Make a signing key pair (maintainers): DIR/<id>.key (secret, owner-only) and DIR/<id>.pub.
    Keygen {
        /// The directory to write the two files into.
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: PathBuf,
        /// Who holds the key, as reports will name the signer.
        #[arg(long)]
        name: String,
    },
    /// Pack a library directory (with its ward.toml, modules and guidance/) into a package.
    Pack {
        /// The library directory, such as the repository's `stdlib`.
        dir: PathBuf,
        /// The package file (default: nhs-<version>.wardpkg in the current directory).
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
        /// Sign the package with this secret key; without it the package is unsigned.
        #[arg(long, value_name = "SECRET")]
        key: Option<PathBuf>,
    },
    /// Sign an unsigned package (maintainers).
    Sign {
        /// The package.
        file: PathBuf,
        /// The secret key file from `ward stdlib keygen`.
        #[arg(long, value_name = "SECRET")]
        key: PathBuf,
        /// Where to write the signed package (default: FILE itself).
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Check a package: its layout, its signature by a trusted key, its manifest and hash.
    Verify {
        /// The package.
        file: PathBuf,
    },
    /// Verify a package and install it as the library every command uses.
    Install {
        /// The package.
        file: PathBuf,
    },
    /// Which standard library commands use, and the keys this ward trusts.
    Status,
    /// Remove the installed package: commands use the built-in library again.
    Uninstall,
}

pub fn run(cmd: StdlibCommand, out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    let result = match cmd {
        StdlibCommand::Keygen { out: dir, name } => keygen(&env.cwd.join(dir), &name, out, env),
        StdlibCommand::Pack {
            dir,
            out: file,
            key,
        } => pack_cmd(&env.cwd.join(dir), file, key, out, env),
        StdlibCommand::Sign { file, key, out: to } => sign_cmd(&file, &key, to, out, env),
        StdlibCommand::Verify { file } => verify_cmd(&file, out, env),
        StdlibCommand::Install { file } => install(&file, out, env),
        StdlibCommand::Status => status(out, env),
        StdlibCommand::Uninstall => uninstall(out, env),
    };
    match result {
        Ok(()) => 0,
        Err(problems) => {
            for p in &problems {
                render::problem(err, &env.cwd, p, env.color);
            }
            2
        }
    }
}

type Outcome = Result<(), Vec<Problem>>;

fn error(message: String) -> Vec<Problem> {
    vec![Problem::Message {
        message,
        help: None,
    }]
}

fn shown(env: &Env, p: &Path) -> String {
    display_path(&env.cwd, p)
}

fn read_package(file: &Path, env: &Env) -> Result<Vec<u8>, Vec<Problem>> {
    let path = env.cwd.join(file);
    fsread::read_bounded(&path, MAX_PACKAGE_BYTES)
        .map_err(|e| error(format!("{}: {e}", shown(env, &path))))
}

fn read_secret(key: &Path, env: &Env) -> Result<SecretKey, Vec<Problem>> {
    let path = env.cwd.join(key);
    let text =
        fsread::read_text(&path, 4096).map_err(|e| error(format!("{}: {e}", shown(env, &path))))?;
    SecretKey::from_file(&text).map_err(|e| {
        error(format!(
            "{}: not a secret key from `ward stdlib keygen`: {e}",
            shown(env, &path)
        ))
    })
}

fn write(path: &Path, bytes: &[u8], env: &Env) -> Outcome {
    fswrite::write(path, bytes).map_err(|e| error(format!("{}: {e}", shown(env, path))))
}

fn keygen(dir: &Path, name: &str, out: &mut dyn Write, env: &Env) -> Outcome {
    let key = SecretKey::generate(name).map_err(error)?;
    let public = key.public();
    std::fs::create_dir_all(dir).map_err(|e| error(format!("{}: {e}", shown(env, dir))))?;
    let secret_path = dir.join(format!("{}.key", public.id));
    let public_path = dir.join(format!("{}.pub", public.id));
    fswrite::create_private(&secret_path, key.to_file().as_bytes())
        .map_err(|e| error(e.to_string()))?;
    fswrite::create_new(&public_path, public.to_file().as_bytes())
        .map_err(|e| error(e.to_string()))?;
    let _ = writeln!(out, "key {}", public.describe());
    let _ = writeln!(
        out,
        "wrote {} (secret: keep it to the library's maintainers) and {} (public: ward trusts it once it is in stdlib/keys/)",
        shown(env, &secret_path),
        shown(env, &public_path)
    );
    Ok(())
}

fn pack_cmd(
    dir: &Path,
    file: Option<PathBuf>,
    key: Option<PathBuf>,
    out: &mut dyn Write,
    env: &Env,
) -> Outcome {
    let secret = key.map(|k| read_secret(&k, env)).transpose()?;
    let created = ward_core::time::format_instant(env.today);
    let packed = pack::pack(dir, &env.cwd, &created)?;
    let target = env.cwd.join(
        file.unwrap_or_else(|| PathBuf::from(format!("nhs-{}.wardpkg", packed.manifest.version))),
    );
    let m = &packed.manifest;
    let bytes = match &secret {
        Some(key) => sign(&packed.bytes, key).map_err(|e| error(e.to_string()))?,
        None => packed.bytes,
    };
    write(&target, &bytes, env)?;
    let signed = match &secret {
        Some(key) => format!("signed by {}", key.public().describe()),
        None => "unsigned: sign it with `ward stdlib sign`".into(),
    };
    let _ = writeln!(
        out,
        "packed nhs {} ({}, {} files) into {}, {signed}",
        m.version,
        m.hash,
        m.files,
        shown(env, &target)
    );
    Ok(())
}

fn sign_cmd(
    file: &Path,
    key: &Path,
    to: Option<PathBuf>,
    out: &mut dyn Write,
    env: &Env,
) -> Outcome {
    let secret = read_secret(key, env)?;
    let bytes = read_package(file, env)?;
    let path = env.cwd.join(file);
    let signed = sign(&bytes, &secret).map_err(|e| error(format!("{}: {e}", shown(env, &path))))?;
    let target = to.map(|t| env.cwd.join(t)).unwrap_or(path);
    write(&target, &signed, env)?;
    let _ = writeln!(
        out,
        "signed {} with key {}",
        shown(env, &target),
        secret.public().describe()
    );
    Ok(())
}

/// The lines that describe a verified package.
fn describe(out: &mut dyn Write, v: &Verified) {
    let m = &v.manifest;
    let _ = writeln!(out, "  library:   {} {}", m.name, v.version);
    let _ = writeln!(out, "  hash:      {}", m.hash);
    let _ = writeln!(out, "  signed by: {}", v.signer.describe());
    let _ = writeln!(out, "  created:   {}", m.created);
    let _ = writeln!(
        out,
        "  files:     {} modules, {} documents",
        v.contents.modules.len(),
        v.contents.documents.len()
    );
    let _ = writeln!(out, "  package:   {}", v.digest);
}

fn verify_cmd(file: &Path, out: &mut dyn Write, env: &Env) -> Outcome {
    let bytes = read_package(file, env)?;
    let path = env.cwd.join(file);
    let v = verify(&bytes, &env.library.keys).map_err(|r| {
        vec![Problem::Message {
            message: format!("{}: refused: {r}", shown(env, &path)),
            help: r.help(),
        }]
    })?;
    let _ = writeln!(out, "ok: {} verified", shown(env, &path));
    describe(out, &v);
    Ok(())
}

fn install(file: &Path, out: &mut dyn Write, env: &Env) -> Outcome {
    let bytes = read_package(file, env)?;
    let path = env.cwd.join(file);
    match env.library.install(&bytes, &path, &env.cwd) {
        Ok(Installed::Already(v)) => {
            let _ = writeln!(out, "already installed: {}", v.describe());
        }
        Ok(Installed::New { package, replaced }) => {
            let _ = writeln!(
                out,
                "installed {} into {}",
                package.describe(),
                shown(env, &env.library.path())
            );
            if let Some(old) = replaced {
                let _ = writeln!(out, "  replacing {}", old.describe());
            }
        }
        Err(p) => return Err(vec![p]),
    }
    Ok(())
}

fn status(out: &mut dyn Write, env: &Env) -> Outcome {
    let library = stdlib::select(&Choice::Installed(env.library.clone()), &env.cwd)?;
    let id = &library.identity;
    match &id.signer {
        Some(signer) => {
            let _ = writeln!(
                out,
                "standard library: nhs {} installed from {}",
                id.version,
                shown(env, &env.library.path())
            );
            let _ = writeln!(out, "  hash:      {}", id.hash);
            let _ = writeln!(out, "  signed by: {signer}");
        }
        None => {
            let _ = writeln!(
                out,
                "standard library: nhs {}, built into this ward",
                id.version
            );
            let _ = writeln!(out, "  hash:      {}", id.hash);
        }
    }
    let _ = writeln!(
        out,
        "  built in:  nhs {} ({})",
        ward_stdlib::version(),
        stdlib::embedded_hash()
    );
    for note in &library.notes {
        render::problem(out, &env.cwd, note, env.color);
    }
    trusted(out, &env.library.keys);
    Ok(())
}

fn trusted(out: &mut dyn Write, keys: &Keyring) {
    if keys.keys().is_empty() {
        let _ = writeln!(out, "trusted keys: none");
    }
    for k in keys.keys() {
        let _ = writeln!(out, "trusted key: {}", k.describe());
    }
}

fn uninstall(out: &mut dyn Write, env: &Env) -> Outcome {
    match env.library.uninstall(&env.cwd).map_err(|p| vec![p])? {
        Some(was) => {
            let _ = writeln!(
                out,
                "removed {was} ({}); commands use the built-in library, nhs {}",
                shown(env, &env.library.path()),
                ward_stdlib::version()
            );
        }
        None => {
            let _ = writeln!(
                out,
                "no library is installed; commands use the built-in library, nhs {}",
                ward_stdlib::version()
            );
        }
    }
    Ok(())
}
