//! Why a standard-library package is refused, in words a maintainer or an auditor can act on.
//! Every check of [`verify`](super::verify) ends in one of these; none is a warning, and none
//! is skipped for any reason (the lesson of OPA's GHSA-g2pf-6v5v-qcc8, where a bundle's
//! signature check could be bypassed).

use std::fmt;

use super::keys::KeyId;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The file does not begin with the package magic.
    NotAPackage,
    /// A package format this `ward` does not read.
    UnsupportedFormat(u16),
    /// The header's reserved bytes are not zero.
    BadHeader(String),
    /// The file ends before the lengths its header gives.
    Truncated { expected: u64, actual: u64 },
    /// Larger than Ward reads.
    TooLarge { limit: usize },
    /// Nothing follows the payload: no signature.
    Unsigned,
    /// What follows the payload is not one signature block.
    BadSignatureBlock(String),
    /// Signed with a key this `ward` does not trust.
    UnknownKey(KeyId),
    /// The signature does not match the bytes.
    BadSignature { key: String },
    /// The manifest is not what a package's manifest must be.
    Manifest(String),
    /// The payload does not decode, or holds a file a library may not have.
    Payload(String),
    /// The manifest's hash is not the hash of the modules.
    HashMismatch { manifest: String, actual: String },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotAPackage => {
                f.write_str("not a Ward standard-library package (it does not begin with `WARDPKG`)")
            }
            Refusal::UnsupportedFormat(v) => write!(
                f,
                "package format {v} is not one this ward reads (it reads format {})",
                super::format::FORMAT
            ),
            Refusal::BadHeader(why) => write!(f, "the package header is damaged: {why}"),
            Refusal::Truncated { expected, actual } => write!(
                f,
                "the package is truncated: its header gives {expected} bytes, but the file has {actual}"
            ),
            Refusal::TooLarge { limit } => write!(
                f,
                "the package is larger than {}, the most Ward reads",
                crate::fsread::size(*limit)
            ),
            Refusal::Unsigned => f.write_str(
                "the package is not signed; only a package signed with a key this ward trusts is installed or loaded",
            ),
            Refusal::BadSignatureBlock(why) => write!(f, "the signature is damaged: {why}"),
            Refusal::UnknownKey(id) => write!(
                f,
                "the package is signed with key {id}, which this ward does not trust"
            ),
            Refusal::BadSignature { key } => write!(
                f,
                "the signature does not match the package's bytes under key {key}: the package was changed after it was signed"
            ),
            Refusal::Manifest(why) => write!(f, "the package manifest is not valid: {why}"),
            Refusal::Payload(why) => write!(f, "the package's files are not valid: {why}"),
            Refusal::HashMismatch { manifest, actual } => write!(
                f,
                "the manifest gives the library's hash as {manifest}, but its modules hash to {actual}"
            ),
        }
    }
}

impl Refusal {
    /// What to do about it, where there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            Refusal::Unsigned => Some(
                "a maintainer signs a package with `ward stdlib sign FILE --key SECRET`".into(),
            ),
            Refusal::UnknownKey(_) => Some(
                "`ward stdlib status` lists the keys this ward trusts; get the package from the library's publisher".into(),
            ),
            Refusal::BadSignature { .. } | Refusal::Truncated { .. } => {
                Some("get a fresh copy of the package from the library's publisher".into())
            }
            _ => None,
        }
    }
}
