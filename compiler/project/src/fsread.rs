//! Reading a file Ward was pointed at, within a limit. Policy files, manifests, locks and case
//! files all come through [`read_bounded`], so none of them can make Ward block or grow without
//! bound: anything that is not a regular file (a directory, a named pipe, a device such as
//! `/dev/zero`, a socket) is refused before a byte is read, a file larger than the limit is
//! refused from its size, and at most the limit plus one byte is ever read (a file can grow
//! while it is read).

use std::fmt;
use std::io::Read;
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing is there (or a symbolic link points nowhere).
    NotFound,
    /// Something is there, but not a regular file: what it is.
    NotAFile(&'static str),
    /// The file is larger than the limit (in bytes).
    TooLarge {
        limit: usize,
    },
    /// The bytes are not UTF-8 text; the offset of the first bad byte.
    NotUtf8 {
        at: usize,
    },
    /// The bytes are UTF-16 text (they start with its byte-order mark), as Windows
    /// PowerShell 5 writes files by default.
    Utf16,
    Io(std::io::Error),
}

impl ReadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::NotFound)
    }
}

impl fmt::Display for ReadError {
    /// Reads after the path: `policy.ward: is a named pipe (FIFO), not a regular file`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("no such file or directory"),
            ReadError::NotAFile(what) => {
                write!(
                    f,
                    "is {what}, not a regular file; Ward reads only regular files"
                )
            }
            ReadError::TooLarge { limit } => {
                write!(f, "is larger than {}, the most Ward reads", size(*limit))
            }
            ReadError::NotUtf8 { at } => write!(f, "is not valid UTF-8 text (at byte {at})"),
            ReadError::Utf16 => f.write_str(UTF16),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// A limit as people read it: `16 MiB`, `512 KiB`, `100 bytes`.
pub fn size(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

fn from_io(e: std::io::Error) -> ReadError {
    if e.kind() == std::io::ErrorKind::NotFound {
        ReadError::NotFound
    } else {
        ReadError::Io(e)
    }
}

/// What a non-regular file is, in words; `None` for a regular file.
fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Open without blocking: should the path be swapped for a named pipe between the check and
/// the open, `O_NONBLOCK` keeps the open from waiting for a writer (the opened file is checked
/// again before it is read).
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The bytes of the regular file at `path` (symbolic links are followed), if it holds at most
/// `limit` bytes.
pub fn read_bounded(path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(from_io)?;
    if let Some(what) = not_regular(&meta) {
        return Err(ReadError::NotAFile(what));
    }
    if meta.len() > limit as u64 {
        return Err(ReadError::TooLarge { limit });
    }
    let file = open(path).map_err(from_io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(what) = not_regular(&meta) {
        return Err(ReadError::NotAFile(what));
    }
    let mut bytes = Vec::with_capacity((meta.len() as usize).min(limit) + 1);
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// What is said of a UTF-16 file, after its path.
const UTF16: &str = "is UTF-16 text; Ward reads UTF-8 (save it as UTF-8, or in PowerShell \
                     write it with `Out-File -Encoding utf8`)";

/// [`read_bounded`], as UTF-8 text. A UTF-8 byte-order mark (which some Windows editors
/// write) is dropped; UTF-16 is refused by name rather than as a bad byte.
pub fn read_text(path: &Path, limit: usize) -> Result<String, ReadError> {
    read_text_noting_bom(path, limit).map(|(text, _)| text)
}

/// [`read_text`], and whether a byte-order mark was dropped (so a digest of the file as
/// stored can be made from the text).
pub fn read_text_noting_bom(path: &Path, limit: usize) -> Result<(String, bool), ReadError> {
    let bytes = read_bounded(path, limit)?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::Utf16);
    }
    let bom = bytes.starts_with(BOM);
    let text = String::from_utf8(without_bom(bytes)).map_err(|e| ReadError::NotUtf8 {
        at: e.utf8_error().valid_up_to(),
    })?;
    Ok((text, bom))
}

/// A policy (`.ward`) file, within the parser's size limit, without a UTF-8 byte-order mark.
pub fn read_policy(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_bounded(path, ward_core::limits::MAX_SOURCE_BYTES).map(without_bom)
}

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

fn without_bom(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(BOM) {
        bytes.drain(..3);
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("ward-fsread-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_utf16_named() {
        let dir = scratch("bom");
        let f = dir.join("case.yaml");
        std::fs::write(&f, b"\xEF\xBB\xBForganisation: {}\r\n").unwrap();
        assert_eq!(read_text(&f, 100).unwrap(), "organisation: {}\r\n");
        assert_eq!(read_policy(&f).unwrap(), b"organisation: {}\r\n");
        std::fs::write(&f, b"\xFF\xFEo\x00r\x00").unwrap();
        let e = read_text(&f, 100).unwrap_err();
        assert!(matches!(e, ReadError::Utf16), "{e:?}");
        assert!(e.to_string().contains("save it as UTF-8"), "{e}");
    }

    #[test]
    fn reads_a_small_file_and_refuses_a_large_one() {
        let dir = scratch("size");
        let f = dir.join("a.txt");
        std::fs::write(&f, "hello").unwrap();
        assert_eq!(read_text(&f, 5).unwrap(), "hello");
        assert!(matches!(
            read_text(&f, 4),
            Err(ReadError::TooLarge { limit: 4 })
        ));
        assert!(read_text(&dir.join("none"), 4).unwrap_err().is_not_found());
        assert!(matches!(
            read_text(&dir, 4),
            Err(ReadError::NotAFile("a directory"))
        ));
        std::fs::write(&f, b"ok\xff").unwrap();
        assert!(matches!(
            read_text(&f, 10),
            Err(ReadError::NotUtf8 { at: 2 })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_pipes_are_refused_without_blocking() {
        let err = read_bounded(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(matches!(err, ReadError::NotAFile("a device")), "{err}");
        let dir = scratch("fifo");
        let fifo = dir.join("p.ward");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let err = read_bounded(&fifo, 1024).unwrap_err();
        assert!(
            matches!(err, ReadError::NotAFile("a named pipe (FIFO)")),
            "{err}"
        );
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(16 * 1024 * 1024), "16 MiB");
        assert_eq!(size(512 * 1024), "512 KiB");
        assert_eq!(size(100), "100 bytes");
    }
}
