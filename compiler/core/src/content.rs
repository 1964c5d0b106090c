//! The bytes a content hash is taken over, and the standard library's content digest. A
//! Windows checkout of a package (git's `core.autocrlf`) has the same text as the commit with
//! `\r\n` for `\n`; the standard library's identity and a lock's package checksums read every
//! `\r\n` as `\n`, so such a checkout verifies against a lock written elsewhere and a CRLF copy
//! of the library is still the library. Nothing else about the bytes is forgiven.
//!
//! Pure functions, here so that the loader (`ward_project::stdlib`) and the build script that
//! precompiles the embedded library (`ward-stdlib-compiled`) compute one identity.

use std::borrow::Cow;
use std::path::Path;

/// `bytes` with each `\r\n` read as `\n`.
pub fn hashed(bytes: &[u8]) -> Cow<'_, [u8]> {
    // Looking for `\r` alone first is a vectorised scan: most text has none.
    if !bytes.contains(&b'\r') || !bytes.windows(2).any(|w| w == b"\r\n") {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(out)
}

/// A library's content digest, `sha256:…`: each module's path below the library root
/// (`nhs/data/dpia.ward`), in path order component by component (the order the library is
/// embedded in), and its bytes as [`hashed`] reads them.
pub fn library_digest<'a>(entries: impl Iterator<Item = (String, &'a [u8])>) -> String {
    use sha2::Digest;
    let mut entries: Vec<_> = entries.collect();
    entries.sort_by(|a, b| Path::new(&a.0).cmp(Path::new(&b.0)));
    // Fed to the hash piece by piece: the same bytes as one buffer of them all, never copied.
    let mut hasher = sha2::Sha256::new();
    for (path, bytes) in entries {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        let bytes = hashed(bytes);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    crate::lower::hex_digest(&hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::hashed;

    #[test]
    fn crlf_reads_as_lf_and_nothing_else_changes() {
        assert_eq!(&*hashed(b"a\r\nb\r\n"), b"a\nb\n");
        assert_eq!(&*hashed(b"a\rb\n\r"), b"a\rb\n\r");
        assert!(matches!(hashed(b"a\nb\n"), std::borrow::Cow::Borrowed(_)));
    }
}
