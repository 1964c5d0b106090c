//! Checking a package before anything in it is used, and signing one. [`verify`] is the one
//! check, run the same way by `ward stdlib verify`, by `install`, and by every command that
//! loads an installed library: the structure, then the signature against the trusted keys,
//! and only then the manifest and files the signature vouches for, and the hash of the
//! modules against the manifest. No step can be skipped, and nothing remembers that a package
//! passed before.

use super::contents::{Contents, contents};
use super::format::{self, Parts};
use super::keys::{Keyring, PublicKey, SecretKey};
use super::manifest::PackageManifest;
use super::refusal::Refusal;

/// A package that passed every check.
#[derive(Clone, Debug)]
pub struct Verified {
    pub manifest: PackageManifest,
    pub version: semver::Version,
    /// The trusted key that signed it.
    pub signer: PublicKey,
    pub contents: Contents,
    /// `sha256:` of the whole file: two packages of one version must be the same file.
    pub digest: String,
}

impl Verified {
    /// `nhs 0.2.0 (sha256:…), signed by 1a2b… (name)`.
    pub fn describe(&self) -> String {
        format!(
            "{} {} ({}), signed by {}",
            self.manifest.name,
            self.version,
            self.manifest.hash,
            self.signer.describe()
        )
    }
}

/// The manifest and contents of a package's unsigned part, checked against each other.
fn understand(parts: &Parts<'_>) -> Result<(PackageManifest, semver::Version, Contents), Refusal> {
    let (manifest, version) = PackageManifest::parse(parts.manifest)?;
    let entries = format::entries(parts.payload)?;
    if entries.len() != manifest.files {
        return Err(Refusal::Manifest(format!(
            "`files` is {}, but the payload holds {}",
            manifest.files,
            entries.len()
        )));
    }
    let contents = contents(&entries)?;
    let actual = contents.hash();
    if actual != manifest.hash {
        return Err(Refusal::HashMismatch {
            manifest: manifest.hash.clone(),
            actual,
        });
    }
    Ok((manifest, version, contents))
}

/// Check every byte of `bytes` as a package signed with a key in `keys`.
pub fn verify(bytes: &[u8], keys: &Keyring) -> Result<Verified, Refusal> {
    let parts = format::split(bytes)?;
    let Some(block) = &parts.signature else {
        return Err(Refusal::Unsigned);
    };
    let signer = keys.get(block.key).ok_or(Refusal::UnknownKey(block.key))?;
    if !signer.verifies(block.message, &block.signature) {
        return Err(Refusal::BadSignature {
            key: signer.describe(),
        });
    }
    let (manifest, version, contents) = understand(&parts)?;
    Ok(Verified {
        manifest,
        version,
        signer: signer.clone(),
        contents,
        digest: ward_core::lower::sha256_hex(bytes),
    })
}

/// Sign an unsigned package with `key`, after checking that it is a well-formed library (a
/// maintainer's key never vouches for a package Ward would refuse).
pub fn sign(bytes: &[u8], key: &SecretKey) -> Result<Vec<u8>, Refusal> {
    let parts = format::split(bytes)?;
    if let Some(block) = &parts.signature {
        return Err(Refusal::BadSignatureBlock(format!(
            "the package is already signed (by key {}); sign the unsigned package from `ward stdlib pack`",
            block.key
        )));
    }
    understand(&parts)?;
    Ok(format::append_signature(parts.unsigned, key))
}
