//! A package's manifest: which library it is, its version, when it was made, and the hash of
//! its modules (the library's identity, the same hash every report gives). It is TOML, so a
//! person can read it with `ward stdlib verify`, and every field is required and checked.

use serde::{Deserialize, Serialize};

use super::refusal::Refusal;

/// The manifest of a standard-library package.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackageManifest {
    /// The package format (`super::format::FORMAT`), repeated where the signature covers it.
    pub format: u16,
    /// Always `nhs`: a package can carry only the national library.
    pub name: String,
    /// The library's version (semver); a package is installed only over an older one.
    pub version: String,
    /// The day it was packed (YYYY-MM-DD).
    pub created: String,
    /// `sha256:` of the modules, as [`crate::stdlib::Identity::hash`].
    pub hash: String,
    /// How many files the payload holds.
    pub files: usize,
}

impl PackageManifest {
    pub fn to_text(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }

    /// Read and check a manifest: the right library, a semver version, a date.
    pub fn parse(bytes: &[u8]) -> Result<(PackageManifest, semver::Version), Refusal> {
        let bad = |why: String| Refusal::Manifest(why);
        let text = std::str::from_utf8(bytes).map_err(|_| bad("it is not UTF-8 text".into()))?;
        let m: PackageManifest = toml::from_str(text).map_err(|e| bad(e.message().to_string()))?;
        if m.format != super::format::FORMAT {
            return Err(bad(format!(
                "`format` is {}, but the header says {}",
                m.format,
                super::format::FORMAT
            )));
        }
        if m.name != ward_stdlib::PACKAGE {
            return Err(bad(format!(
                "`name` is `{}`; a package carries only the national library, `{}`",
                m.name,
                ward_stdlib::PACKAGE
            )));
        }
        let version = semver::Version::parse(&m.version).map_err(|e| {
            bad(format!(
                "`version` `{}` is not a semantic version: {e}",
                m.version
            ))
        })?;
        if ward_core::time::parse_instant(&m.created).is_none() {
            return Err(bad(format!(
                "`created` `{}` is not a date (YYYY-MM-DD)",
                m.created
            )));
        }
        let digits = m.hash.strip_prefix("sha256:").unwrap_or("");
        if digits.len() != 64 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad(format!(
                "`hash` `{}` is not `sha256:` and 64 hex digits",
                m.hash
            )));
        }
        Ok((m, version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> PackageManifest {
        PackageManifest {
            format: 1,
            name: "nhs".into(),
            version: "0.2.0".into(),
            created: "2026-12-02".into(),
            hash: format!("sha256:{}", "ab".repeat(32)),
            files: 3,
        }
    }

    #[test]
    fn a_manifest_reads_back_and_every_field_is_checked() {
        let m = manifest();
        let (back, version) = PackageManifest::parse(m.to_text().as_bytes()).unwrap();
        assert_eq!((back, version.to_string()), (m.clone(), "0.2.0".into()));
        for (field, value) in [
            ("name", "\"north\""),
            ("version", "\"two\""),
            ("created", "\"yesterday\""),
            ("hash", "\"sha256:00\""),
            ("format", "2"),
        ] {
            let text = m
                .to_text()
                .lines()
                .map(|l| {
                    if l.starts_with(&format!("{field} =")) {
                        format!("{field} = {value}")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            let err = PackageManifest::parse(text.as_bytes()).unwrap_err();
            assert!(err.to_string().contains(field), "{field}: {err}");
        }
        let extra = format!("{}extra = 1\n", m.to_text());
        assert!(PackageManifest::parse(extra.as_bytes()).is_err());
    }
}
