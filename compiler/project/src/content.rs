//! The bytes a content hash is taken over. A Windows checkout of a package (git's
//! `core.autocrlf`) has the same text as the commit with `\r\n` for `\n`; the standard library's
//! identity and a lock's package checksums read every `\r\n` as `\n`, so such a checkout
//! verifies against a lock written elsewhere and a CRLF copy of the library is still the
//! library. Nothing else about the bytes is forgiven.

use std::borrow::Cow;

/// `bytes` with each `\r\n` read as `\n`.
pub fn hashed(bytes: &[u8]) -> Cow<'_, [u8]> {
    if !bytes.windows(2).any(|w| w == b"\r\n") {
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
