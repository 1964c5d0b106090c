//! The bytes of a standard-library package (`nhs-<version>.wardpkg`), and nothing else: how
//! they are laid out, split and joined. Checking what they mean is [`super::verify`]'s work.
//!
//! ```text
//! header     8  magic `WARDPKG\0`
//!            2  format (u16, little-endian): 1
//!            2  reserved: 0
//!            4  manifest length (u32)
//!            8  payload length (u64)
//! manifest      TOML text (see `super::manifest`)
//! payload       entries: path length (u16), path (UTF-8), data length (u32), data
//! signature  8  magic `WARDSIG\0`
//!            8  key id
//!           64  ed25519 signature of every byte of the file before it
//! ```
//!
//! An unsigned package (what `ward stdlib pack` writes without `--key`) ends after the payload.
//! The signature covers every byte before it, the key id included, so changing any byte of a
//! signed package, or cutting it short, breaks it.

use super::keys::{KeyId, SecretKey};
use super::refusal::Refusal;

pub const MAGIC: &[u8; 8] = b"WARDPKG\0";
pub const SIGNATURE_MAGIC: &[u8; 8] = b"WARDSIG\0";
pub const FORMAT: u16 = 1;
pub const HEADER_LEN: usize = 24;
pub const SIGNATURE_BLOCK_LEN: usize = 8 + 8 + 64;
/// The largest package Ward reads: many times the library's size today (under 1 MiB).
pub const MAX_PACKAGE_BYTES: usize = 32 * 1024 * 1024;
pub const MAX_MANIFEST_BYTES: usize = 64 * 1024;
pub const MAX_FILES: usize = 4096;
pub const MAX_PATH_BYTES: usize = 255;

/// One file of a package: its path inside the library (`nhs/data/dpia.ward`) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A package's signature block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureBlock<'a> {
    pub key: KeyId,
    /// The bytes signed: the whole file before the signature.
    pub message: &'a [u8],
    pub signature: [u8; 64],
}

/// A package split by the lengths its header gives. Nothing in it has been checked yet.
#[derive(Debug)]
pub struct Parts<'a> {
    /// Header, manifest and payload: the package without its signature block.
    pub unsigned: &'a [u8],
    pub manifest: &'a [u8],
    pub payload: &'a [u8],
    pub signature: Option<SignatureBlock<'a>>,
}

/// The bytes of an unsigned package holding `manifest` and `entries`.
pub fn encode(manifest: &str, entries: &[Entry]) -> Result<Vec<u8>, Refusal> {
    if manifest.len() > MAX_MANIFEST_BYTES {
        return Err(Refusal::Manifest("the manifest is too long".into()));
    }
    if entries.len() > MAX_FILES {
        return Err(Refusal::Payload(format!(
            "a package holds at most {MAX_FILES} files"
        )));
    }
    let mut payload = Vec::new();
    for e in entries {
        if e.path.len() > MAX_PATH_BYTES {
            return Err(Refusal::Payload(format!(
                "{}: the path is too long",
                e.path
            )));
        }
        let len = u32::try_from(e.bytes.len())
            .map_err(|_| Refusal::Payload(format!("{}: the file is too large", e.path)))?;
        payload.extend_from_slice(&(e.path.len() as u16).to_le_bytes());
        payload.extend_from_slice(e.path.as_bytes());
        payload.extend_from_slice(&len.to_le_bytes());
        payload.extend_from_slice(&e.bytes);
    }
    let mut out = Vec::with_capacity(HEADER_LEN + manifest.len() + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(manifest.len() as u32).to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(manifest.as_bytes());
    out.extend_from_slice(&payload);
    if out.len() > MAX_PACKAGE_BYTES {
        return Err(Refusal::TooLarge {
            limit: MAX_PACKAGE_BYTES,
        });
    }
    Ok(out)
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Split a package into its parts, refusing any that is not laid out as a package.
pub fn split(bytes: &[u8]) -> Result<Parts<'_>, Refusal> {
    if bytes.len() > MAX_PACKAGE_BYTES {
        return Err(Refusal::TooLarge {
            limit: MAX_PACKAGE_BYTES,
        });
    }
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(Refusal::NotAPackage);
    }
    if bytes.len() < HEADER_LEN {
        return Err(Refusal::Truncated {
            expected: HEADER_LEN as u64,
            actual: bytes.len() as u64,
        });
    }
    let format = u16_at(bytes, 8);
    if format != FORMAT {
        return Err(Refusal::UnsupportedFormat(format));
    }
    if u16_at(bytes, 10) != 0 {
        return Err(Refusal::BadHeader("its reserved bytes are not zero".into()));
    }
    let manifest_len = u32_at(bytes, 12) as u64;
    let payload_len = u64::from_le_bytes(bytes[16..24].try_into().unwrap_or([0xff; 8]));
    if manifest_len > MAX_MANIFEST_BYTES as u64 {
        return Err(Refusal::BadHeader(format!(
            "it gives a manifest of {manifest_len} bytes; a manifest is at most {MAX_MANIFEST_BYTES}"
        )));
    }
    let end = (HEADER_LEN as u64)
        .checked_add(manifest_len)
        .and_then(|n| n.checked_add(payload_len))
        .filter(|n| *n <= MAX_PACKAGE_BYTES as u64)
        .ok_or_else(|| {
            Refusal::BadHeader(format!(
                "it gives a payload of {payload_len} bytes, more than a package may hold"
            ))
        })?;
    if (bytes.len() as u64) < end {
        return Err(Refusal::Truncated {
            expected: end,
            actual: bytes.len() as u64,
        });
    }
    let end = end as usize;
    let manifest_end = HEADER_LEN + manifest_len as usize;
    let rest = &bytes[end..];
    let signature = match rest.len() {
        0 => None,
        SIGNATURE_BLOCK_LEN if &rest[..8] == SIGNATURE_MAGIC => {
            let mut key = [0u8; 8];
            key.copy_from_slice(&rest[8..16]);
            let mut signature = [0u8; 64];
            signature.copy_from_slice(&rest[16..]);
            Some(SignatureBlock {
                key: KeyId(key),
                message: &bytes[..bytes.len() - 64],
                signature,
            })
        }
        SIGNATURE_BLOCK_LEN => {
            return Err(Refusal::BadSignatureBlock(
                "it does not begin with `WARDSIG`".into(),
            ));
        }
        n if n < SIGNATURE_BLOCK_LEN => {
            return Err(Refusal::BadSignatureBlock(format!(
                "the package ends {n} bytes into its {SIGNATURE_BLOCK_LEN}-byte signature (truncated)"
            )));
        }
        n => {
            return Err(Refusal::BadSignatureBlock(format!(
                "{n} bytes follow the payload; a signature takes {SIGNATURE_BLOCK_LEN}"
            )));
        }
    };
    Ok(Parts {
        unsigned: &bytes[..end],
        manifest: &bytes[HEADER_LEN..manifest_end],
        payload: &bytes[manifest_end..end],
        signature,
    })
}

/// `unsigned` with a signature block by `key` appended.
pub fn append_signature(unsigned: &[u8], key: &SecretKey) -> Vec<u8> {
    let mut out = Vec::with_capacity(unsigned.len() + SIGNATURE_BLOCK_LEN);
    out.extend_from_slice(unsigned);
    out.extend_from_slice(SIGNATURE_MAGIC);
    out.extend_from_slice(&key.public().id.0);
    let signature = key.sign(&out);
    out.extend_from_slice(&signature);
    out
}

/// The files of a payload, in the order they were packed.
pub fn entries(payload: &[u8]) -> Result<Vec<Entry>, Refusal> {
    let bad = |why: String| Refusal::Payload(why);
    let mut out = Vec::new();
    let mut at = 0usize;
    while at < payload.len() {
        if out.len() == MAX_FILES {
            return Err(bad(format!("a package holds at most {MAX_FILES} files")));
        }
        let n = out.len() + 1;
        let take = |at: &mut usize, len: usize| -> Result<&[u8], Refusal> {
            let end = at
                .checked_add(len)
                .filter(|e| *e <= payload.len())
                .ok_or_else(|| bad(format!("file {n} runs past the end of the payload")))?;
            let slice = &payload[*at..end];
            *at = end;
            Ok(slice)
        };
        let path_len = u16::from_le_bytes(take(&mut at, 2)?.try_into().unwrap_or([0xff; 2]));
        let path = std::str::from_utf8(take(&mut at, path_len as usize)?)
            .map_err(|_| bad(format!("file {n}: its path is not UTF-8")))?
            .to_string();
        let len = u32::from_le_bytes(take(&mut at, 4)?.try_into().unwrap_or([0xff; 4]));
        let bytes = take(&mut at, len as usize)?.to_vec();
        out.push(Entry { path, bytes });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_splits_into_what_was_joined() {
        let entries = vec![Entry {
            path: "nhs/a.ward".into(),
            bytes: b"module".to_vec(),
        }];
        let unsigned = encode("name = \"nhs\"\n", &entries).unwrap();
        let parts = split(&unsigned).unwrap();
        assert!(parts.signature.is_none());
        assert_eq!(parts.manifest, b"name = \"nhs\"\n");
        assert_eq!(self::entries(parts.payload).unwrap(), entries);
        let key = SecretKey::generate("test").unwrap();
        let signed = append_signature(&unsigned, &key);
        let parts = split(&signed).unwrap();
        let sig = parts.signature.unwrap();
        assert_eq!(sig.key, key.public().id);
        assert!(key.public().verifies(sig.message, &sig.signature));
        for cut in [0, 4, 20, 30, signed.len() - 1] {
            assert!(split(&signed[..cut]).is_err() || cut == unsigned.len());
        }
    }

    #[test]
    fn a_payload_that_lies_about_lengths_is_refused() {
        assert!(entries(&[5, 0, b'a']).is_err());
        assert!(entries(&[1, 0, b'a', 9, 0, 0, 0, b'x']).is_err());
        assert!(entries(&[1, 0, 0xff, 0, 0, 0, 0]).is_err());
    }
}
