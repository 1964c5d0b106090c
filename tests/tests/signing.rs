//! Signed updates of the national library (issue 13, item 4): a package signed with a trusted
//! key installs, and every report then names its version, hash and signer; an unsigned
//! package, one signed with another key, one with any byte changed or cut short
//! (`fixtures/signing/refusals.toml`), a rollback, a second content for one version, a path
//! outside the library and an oversized file are all refused, and nothing is installed. An
//! installed package that is damaged later stops every command, naming the file: there is no
//! quiet return to the built-in library.
//!
//! The tests trust only `fixtures/signing/keys/test.pub`, passed in as the keyring: the keys
//! built into `ward` (`stdlib/keys/`) never include it. Each test has its own data directory.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use ward_project::stdlib_package::{Installation, Keyring, PublicKey, SecretKey, format};
use ward_tests::{AS_OF, Run, flat, root, ward_with_library};

const CASE: &str = "policies/cases/english-trust-ai-imaging-pilot.yaml";

fn keys_dir() -> PathBuf {
    root().join("tests/fixtures/signing/keys")
}

fn test_key() -> PublicKey {
    PublicKey::from_file(&std::fs::read_to_string(keys_dir().join("test.pub")).unwrap()).unwrap()
}

/// One test's scratch directory, data directory and trusted keys.
struct Setup {
    dir: PathBuf,
    library: Installation,
}

impl Setup {
    fn new(name: &str) -> Setup {
        let dir = std::env::temp_dir().join(format!("ward-signing-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let library = Installation {
            data: dir.join("data"),
            keys: Keyring::new(vec![test_key()]),
        };
        Setup { dir, library }
    }

    fn ward(&self, args: &[&str]) -> Run {
        ward_with_library(
            &self.dir,
            &self.dir.join("cache"),
            self.library.clone(),
            args,
        )
    }

    /// A copy of the repository's library at `version`; `note` (if any) is appended to a
    /// module as a comment, so the modules' hash differs from the built-in library's.
    fn library_at(&self, version: &str, note: Option<&str>) -> PathBuf {
        let lib = self
            .dir
            .join(format!("lib-{version}-{}", note.unwrap_or("same")));
        let _ = std::fs::remove_dir_all(&lib);
        for part in ["nhs", "guidance"] {
            copy_dir(&root().join("stdlib").join(part), &lib.join(part));
        }
        let manifest = std::fs::read_to_string(root().join("stdlib/ward.toml")).unwrap();
        let manifest = manifest.replace(
            &format!("version = \"{}\"", ward_stdlib::version()),
            &format!("version = \"{version}\""),
        );
        std::fs::write(lib.join("ward.toml"), manifest).unwrap();
        if let Some(note) = note {
            let module = lib.join("nhs/case.ward");
            let text = std::fs::read_to_string(&module).unwrap();
            std::fs::write(&module, format!("{text}\n// {note}\n")).unwrap();
        }
        lib
    }

    /// Pack a library into `name` with `ward stdlib pack`, signed with fixture key `key`.
    fn pack(&self, lib: &Path, key: Option<&str>, name: &str) -> PathBuf {
        let out = self.dir.join(name);
        let lib = lib.display().to_string();
        let out_s = out.display().to_string();
        let key_path = key.map(|k| keys_dir().join(format!("{k}.key")).display().to_string());
        let mut args = vec!["stdlib", "pack", lib.as_str(), "-o", out_s.as_str()];
        if let Some(k) = &key_path {
            args.extend(["--key", k.as_str()]);
        }
        let run = self.ward(&args);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        out
    }

    fn installed(&self) -> bool {
        self.library.path().exists()
    }

    /// `verify` and `install` both refuse `file` with a message containing `expect`, and
    /// nothing new is installed.
    fn refused(&self, file: &Path, expect: &str) {
        self.refused_by(&["verify", "install"], file, expect);
    }

    /// `install` refuses `file`, a package that verifies, with a message containing `expect`.
    fn not_installed(&self, file: &Path, expect: &str) {
        let f = file.display().to_string();
        assert_eq!(self.ward(&["stdlib", "verify", f.as_str()]).code, 0);
        self.refused_by(&["install"], file, expect);
    }

    fn refused_by(&self, commands: &[&str], file: &Path, expect: &str) {
        let before = std::fs::read(self.library.path()).ok();
        let f = file.display().to_string();
        for &command in commands {
            let run = self.ward(&["stdlib", command, f.as_str()]);
            assert_eq!(run.code, 2, "{command} accepted it: {}", run.stdout);
            assert!(
                flat(&run.stderr).contains(expect),
                "{command}: expected `{expect}` in: {}",
                run.stderr
            );
        }
        assert_eq!(std::fs::read(self.library.path()).ok(), before);
    }

    fn eval_json(&self) -> (Run, Json) {
        let case = root().join(CASE).display().to_string();
        let run = self.ward(&["eval", &case, "--as-of", AS_OF, "--format", "json"]);
        let report = serde_json::from_str(&run.stdout).unwrap_or(Json::Null);
        (run, report)
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_signed_package_installs_and_every_report_names_it() {
    let s = Setup::new("good");
    let lib = s.library_at("0.2.0", Some("guidance updated"));
    let file = s.pack(&lib, Some("test"), "nhs-0.2.0.wardpkg");
    let key = test_key().describe();

    let run = s.ward(&["stdlib", "verify", "nhs-0.2.0.wardpkg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("ok: nhs-0.2.0.wardpkg verified"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("nhs 0.2.0") && run.stdout.contains(&key),
        "{}",
        run.stdout
    );

    let run = s.ward(&["stdlib", "install", &file.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("installed nhs 0.2.0"),
        "{}",
        run.stdout
    );

    let (run, report) = s.eval_json();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let entry = &report["stdlib"];
    assert_eq!(entry["version"], "0.2.0", "{entry}");
    assert_eq!(entry["signed_by"], key.as_str(), "{entry}");
    assert_eq!(entry["path"], "data/stdlib/nhs.wardpkg", "{entry}");
    assert_eq!(entry["embedded"], false, "{entry}");
    assert_ne!(entry["hash"], entry["embedded_hash"], "{entry}");
    let hash = entry["hash"].as_str().unwrap().to_string();
    // The law is still the law with the updated library.
    let dpia = report["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "dpia")
        .unwrap();
    assert_eq!(dpia["level"], "required");

    let case = root().join(CASE).display().to_string();
    let run = s.ward(&["eval", &case, "--as-of", AS_OF]);
    let banner = run.stdout.lines().nth(1).unwrap_or_default();
    assert!(
        banner.contains("standard library: nhs 0.2.0")
            && banner.contains(&hash)
            && banner.contains(&key),
        "{}",
        run.stdout
    );
    for command in ["check", "test"] {
        let run = s.ward(&[command, "stdlib"]);
        assert!(
            run.stdout.contains(&hash),
            "{command}: {}{}",
            run.stdout,
            run.stderr
        );
    }
    let run = s.ward(&["stdlib", "status"]);
    assert!(
        run.stdout.contains("nhs 0.2.0 installed") && run.stdout.contains(&hash),
        "{}",
        run.stdout
    );

    let run = s.ward(&["stdlib", "uninstall"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!s.installed());
    let (_, report) = s.eval_json();
    assert_eq!(report["stdlib"]["embedded"], true);
    assert_eq!(report["stdlib"]["version"], ward_stdlib::version());
    assert!(report["stdlib"].get("signed_by").is_none());
    let run = s.ward(&["stdlib", "status"]);
    assert!(
        run.stdout.contains("built into this ward"),
        "{}",
        run.stdout
    );
}

#[test]
fn unsigned_and_wrongly_signed_packages_are_refused() {
    let s = Setup::new("unsigned");
    let lib = s.library_at("0.2.0", Some("unsigned"));
    let unsigned = s.pack(&lib, None, "unsigned.wardpkg");
    s.refused(&unsigned, "the package is not signed");
    let other = s.pack(&lib, Some("untrusted"), "other.wardpkg");
    s.refused(&other, "which this ward does not trust");
    assert!(!s.installed());
    // `sign` makes the unsigned package good; signing twice is refused.
    let key = keys_dir().join("test.key").display().to_string();
    let run = s.ward(&["stdlib", "sign", "unsigned.wardpkg", "--key", &key]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = s.ward(&["stdlib", "verify", "unsigned.wardpkg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = s.ward(&["stdlib", "sign", "unsigned.wardpkg", "--key", &key]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already signed"), "{}", run.stderr);
}

#[test]
fn the_release_binary_does_not_trust_the_test_key() {
    let id = test_key().id;
    assert!(Keyring::embedded().get(id).is_none());
    let s = Setup::new("release");
    let file = s.pack(&s.library_at("0.2.0", None), Some("test"), "p.wardpkg");
    let bytes = std::fs::read(file).unwrap();
    let err = ward_project::stdlib_package::verify(&bytes, Keyring::embedded()).unwrap_err();
    assert!(err.to_string().contains("does not trust"), "{err}");
}

/// Where `part` begins and ends in a signed package.
fn part(bytes: &[u8], name: &str) -> (usize, usize) {
    let manifest = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let payload_end = bytes.len() - format::SIGNATURE_BLOCK_LEN;
    let start_of_payload = format::HEADER_LEN + manifest;
    match name {
        "header" => (0, format::HEADER_LEN),
        "manifest" => (format::HEADER_LEN, start_of_payload),
        "payload" => (start_of_payload, payload_end),
        "signature" => (payload_end, bytes.len()),
        other => panic!("refusals.toml: unknown part `{other}`"),
    }
}

fn position(bytes: &[u8], case: &toml::Table) -> usize {
    let (start, end) = part(bytes, case["part"].as_str().unwrap());
    let offset = case["offset"].as_integer().unwrap();
    if offset < 0 {
        end - offset.unsigned_abs() as usize
    } else {
        start + offset as usize
    }
}

#[test]
fn any_changed_byte_and_any_cut_is_refused() {
    let s = Setup::new("damage");
    let good = s.pack(
        &s.library_at("0.2.0", Some("damage")),
        Some("test"),
        "good.wardpkg",
    );
    let bytes = std::fs::read(&good).unwrap();
    let cases: toml::Table =
        std::fs::read_to_string(root().join("tests/fixtures/signing/refusals.toml"))
            .unwrap()
            .parse()
            .unwrap();
    let mut n = 0;
    for (kind, list) in [
        ("tamper", &cases["tamper"]),
        ("truncate", &cases["truncate"]),
    ] {
        for case in list.as_array().unwrap() {
            let case = case.as_table().unwrap();
            let at = position(&bytes, case);
            let damaged = if kind == "tamper" {
                let mut b = bytes.clone();
                b[at] ^= 0x01;
                b
            } else {
                bytes[..at].to_vec()
            };
            let file = s.dir.join(format!("{kind}-{n}.wardpkg"));
            std::fs::write(&file, damaged).unwrap();
            s.refused(&file, case["expect"].as_str().unwrap());
            n += 1;
        }
    }
    assert!(n >= 20, "{n} cases");
    assert!(!s.installed());
}

#[test]
fn rollbacks_and_second_contents_are_refused() {
    let s = Setup::new("rollback");
    let v3 = s.pack(
        &s.library_at("0.3.0", Some("three")),
        Some("test"),
        "v3.wardpkg",
    );
    let v2 = s.pack(
        &s.library_at("0.2.0", Some("two")),
        Some("test"),
        "v2.wardpkg",
    );
    let v3b = s.pack(
        &s.library_at("0.3.0", Some("three again")),
        Some("test"),
        "v3b.wardpkg",
    );
    let old = s.pack(
        &s.library_at("0.0.9", Some("old")),
        Some("test"),
        "old.wardpkg",
    );
    let same = s.pack(
        &s.library_at(ward_stdlib::version(), Some("same version")),
        Some("test"),
        "same.wardpkg",
    );
    s.not_installed(&old, "is older than the library built into this ward");
    s.not_installed(
        &same,
        "has the built-in library's version but not its modules",
    );
    let run = s.ward(&["stdlib", "install", "v3.wardpkg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    s.not_installed(&v2, "is older than the installed nhs 0.3.0");
    s.not_installed(
        &v3b,
        "nhs 0.3.0 is already installed from a different package",
    );
    let run = s.ward(&["stdlib", "install", &v3.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("already installed"),
        "{}",
        run.stdout
    );
    // Going back on purpose: uninstall, then install the older one.
    assert_eq!(s.ward(&["stdlib", "uninstall"]).code, 0);
    assert_eq!(s.ward(&["stdlib", "install", "v2.wardpkg"]).code, 0);
}

/// A package whose files a trusted key signed but that a library may not hold: verification
/// does not stop at the signature.
#[test]
fn a_signed_package_with_a_path_outside_the_library_is_refused() {
    let s = Setup::new("paths");
    let secret =
        SecretKey::from_file(&std::fs::read_to_string(keys_dir().join("test.key")).unwrap())
            .unwrap();
    let registry = std::fs::read(root().join("stdlib/guidance/documents.toml")).unwrap();
    for bad in [
        "../escape.ward",
        "/etc/ward.ward",
        "nhs/../../x.ward",
        "nhs/run.sh",
    ] {
        let entries = vec![
            format::Entry {
                path: "nhs/case.ward".into(),
                bytes: b"module".to_vec(),
            },
            format::Entry {
                path: bad.into(),
                bytes: b"x".to_vec(),
            },
            format::Entry {
                path: "guidance/documents.toml".into(),
                bytes: registry.clone(),
            },
        ];
        let manifest = format!(
            "format = 1\nname = \"nhs\"\nversion = \"0.2.0\"\ncreated = \"2026-12-02\"\nhash = \"sha256:{}\"\nfiles = 3\n",
            "0".repeat(64)
        );
        let unsigned = format::encode(&manifest, &entries).unwrap();
        let signed = format::append_signature(&unsigned, &secret);
        let file = s.dir.join("paths.wardpkg");
        std::fs::write(&file, signed).unwrap();
        s.refused(&file, &format!("`{bad}`"));
    }
    assert!(!s.dir.join("escape.ward").exists() && !s.installed());
}

#[test]
fn an_oversized_package_is_refused_before_it_is_read() {
    let s = Setup::new("oversize");
    let file = s.dir.join("huge.wardpkg");
    let f = std::fs::File::create(&file).unwrap();
    f.set_len(format::MAX_PACKAGE_BYTES as u64 + 1).unwrap();
    s.refused(&file, "is larger than 32 MiB");
}

#[test]
fn a_package_damaged_after_install_stops_every_command() {
    let s = Setup::new("after");
    let good = s.pack(
        &s.library_at("0.2.0", Some("after")),
        Some("test"),
        "good.wardpkg",
    );
    assert_eq!(s.ward(&["stdlib", "install", "good.wardpkg"]).code, 0);
    let mut bytes = std::fs::read(&good).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(s.library.path(), &bytes).unwrap();
    let case = root().join(CASE).display().to_string();
    for args in [
        vec!["eval", case.as_str(), "--as-of", AS_OF],
        vec!["check", "stdlib"],
        vec!["test", "stdlib"],
        vec!["exceptions"],
        vec!["stdlib", "status"],
    ] {
        let run = s.ward(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(
            flat(&run.stderr).contains(
                "the installed standard library data/stdlib/nhs.wardpkg fails verification: the signature does not match"
            ),
            "{args:?}: {}",
            run.stderr
        );
    }
    // A newer package is not installed over a damaged one; uninstall is the way back.
    let v3 = s.pack(
        &s.library_at("0.3.0", Some("after three")),
        Some("test"),
        "v3.wardpkg",
    );
    s.not_installed(&v3, "fails verification");
    let run = s.ward(&["stdlib", "uninstall"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (run, report) = s.eval_json();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(report["stdlib"]["embedded"], true);
}

/// After `ward` itself is upgraded past an installed package, the built-in library is used,
/// and the command says why.
#[test]
fn an_installed_package_older_than_the_built_in_library_is_left_unused() {
    let s = Setup::new("older");
    let old = s.pack(
        &s.library_at("0.0.9", Some("older")),
        Some("test"),
        "old.wardpkg",
    );
    std::fs::create_dir_all(s.library.path().parent().unwrap()).unwrap();
    std::fs::copy(&old, s.library.path()).unwrap();
    let (run, report) = s.eval_json();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(report["stdlib"]["embedded"], true);
    assert!(
        flat(&run.stderr).contains("(nhs 0.0.9) is not newer than the one built into this ward"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn keygen_writes_an_owner_only_secret_and_a_public_key() {
    use std::os::unix::fs::PermissionsExt;
    let s = Setup::new("keygen");
    let run = s.ward(&["stdlib", "keygen", "-o", "keys", "--name", "A maintainer"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files: Vec<PathBuf> = std::fs::read_dir(s.dir.join("keys"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    let secret = files
        .iter()
        .find(|p| p.extension().unwrap() == "key")
        .unwrap();
    let public = files
        .iter()
        .find(|p| p.extension().unwrap() == "pub")
        .unwrap();
    let mode = std::fs::metadata(secret).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let key = SecretKey::from_file(&std::fs::read_to_string(secret).unwrap()).unwrap();
    let public = PublicKey::from_file(&std::fs::read_to_string(public).unwrap()).unwrap();
    assert_eq!(key.public(), public);
    assert_eq!(public.name, "A maintainer");
}

/// A small signed library, for the property tests: one module, an empty document registry.
fn small_package(secret: &SecretKey) -> Vec<u8> {
    let entries = vec![
        format::Entry {
            path: "nhs/case.ward".into(),
            bytes: b"module nhs.case\n".to_vec(),
        },
        format::Entry {
            path: "guidance/documents.toml".into(),
            bytes: Vec::new(),
        },
    ];
    let hash = ward_project::stdlib_package::contents::contents(&entries)
        .unwrap()
        .hash();
    let manifest = format!(
        "format = 1\nname = \"nhs\"\nversion = \"0.2.0\"\ncreated = \"2026-12-02\"\nhash = \"{hash}\"\nfiles = 2\n"
    );
    let unsigned = format::encode(&manifest, &entries).unwrap();
    ward_project::stdlib_package::sign(&unsigned, secret).unwrap()
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use ward_project::stdlib_package::verify;

    fn key() -> SecretKey {
        SecretKey::from_file(&std::fs::read_to_string(keys_dir().join("test.key")).unwrap())
            .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any one byte changed, anywhere, is refused (and nothing panics).
        #[test]
        fn every_changed_byte_is_refused(at in any::<prop::sample::Index>(), flip in 1u8..=255) {
            let secret = key();
            let keys = Keyring::new(vec![secret.public()]);
            let good = small_package(&secret);
            prop_assert!(verify(&good, &keys).is_ok());
            let mut bad = good.clone();
            let i = at.index(bad.len());
            bad[i] ^= flip;
            prop_assert!(verify(&bad, &keys).is_err(), "byte {} of {}", i, bad.len());
        }

        /// Every proper prefix is refused.
        #[test]
        fn every_cut_is_refused(at in any::<prop::sample::Index>()) {
            let secret = key();
            let keys = Keyring::new(vec![secret.public()]);
            let good = small_package(&secret);
            let cut = at.index(good.len());
            prop_assert!(verify(&good[..cut], &keys).is_err());
        }

        /// Arbitrary bytes after a valid header, even signed by a trusted key, never panic
        /// and never verify as a library unless they are one.
        #[test]
        fn signed_garbage_never_panics(body in prop::collection::vec(any::<u8>(), 0..600)) {
            let secret = key();
            let keys = Keyring::new(vec![secret.public()]);
            let mut unsigned = Vec::new();
            unsigned.extend_from_slice(format::MAGIC);
            unsigned.extend_from_slice(&format::FORMAT.to_le_bytes());
            unsigned.extend_from_slice(&0u16.to_le_bytes());
            let manifest = body.len().min(40);
            unsigned.extend_from_slice(&(manifest as u32).to_le_bytes());
            unsigned.extend_from_slice(&((body.len() - manifest) as u64).to_le_bytes());
            unsigned.extend_from_slice(&body);
            let signed = format::append_signature(&unsigned, &secret);
            prop_assert!(verify(&signed, &keys).is_err());
            let _ = verify(&body, &keys);
        }
    }
}
