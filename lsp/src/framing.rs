//! The byte stream between the editor and the protocol library, checked one frame at a time.
//!
//! tower-lsp-server stops reading for good at the first frame it cannot decode (bad header,
//! bad length, bad UTF-8, bad JSON, a batch), which ends the server. Nothing in its reader can
//! be configured, so every frame passes through [`FrameReader`] first: a frame that is a
//! well-formed JSON-RPC message is re-framed and forwarded, and any other frame is answered
//! here (a JSON-RPC parse error or invalid-request error, as the specification says) and
//! dropped, and reading goes on. The reader is a pure state machine over bytes, so tests and
//! the fuzzer drive it synchronously; [`pump`] wires it between standard input and the server.

use serde::Deserialize as _;
use serde_json::{Value, json};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest header block read before giving up on finding its end.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;

/// The largest message body accepted: a policy file at its limit, with every byte escaped.
pub const MAX_BODY_BYTES: usize = 8 * ward_syntax::limits::MAX_SOURCE_BYTES;

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// One frame read from the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frame {
    /// A well-formed JSON-RPC message: its body, to forward.
    Message(Vec<u8>),
    /// A frame that is not one: what was wrong, and the error response to send (framed), if
    /// the protocol asks for one.
    Rejected {
        reason: String,
        reply: Option<Vec<u8>>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Reading a header block.
    Header,
    /// Reading a body of this many bytes.
    Body(usize),
    /// Throwing away this many more bytes of a body too large to keep.
    Skip(usize),
    /// After a broken header: throwing bytes away until the next `Content-Length`.
    Resync,
}

/// Splits a byte stream into frames and checks each one. Feed it with [`push`](Self::push)
/// and take frames with [`next_frame`](Self::next_frame) until it returns `None`.
#[derive(Debug)]
pub struct FrameReader {
    buf: Vec<u8>,
    /// Where unread bytes start in `buf` (consumed bytes are dropped in bulk).
    start: usize,
    state: State,
}

impl Default for FrameReader {
    fn default() -> Self {
        FrameReader {
            buf: Vec::new(),
            start: 0,
            state: State::Header,
        }
    }
}

impl FrameReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Append bytes read from the stream.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 && self.start * 2 >= self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete frame, or `None` until more bytes arrive.
    pub fn next_frame(&mut self) -> Option<Frame> {
        loop {
            let rest = &self.buf[self.start..];
            match self.state {
                State::Skip(n) => {
                    let k = n.min(rest.len());
                    self.start += k;
                    if k < n {
                        self.state = State::Skip(n - k);
                        return None;
                    }
                    self.state = State::Header;
                }
                State::Resync => match find(rest, b"Content-Length") {
                    Some(at) => {
                        self.start += at;
                        self.state = State::Header;
                    }
                    None => {
                        // Keep a tail that could be the start of a split `Content-Length`.
                        let keep = rest.len().min(b"Content-Length".len() - 1);
                        self.start += rest.len() - keep;
                        return None;
                    }
                },
                State::Body(n) => {
                    if rest.len() < n {
                        return None;
                    }
                    let body = rest[..n].to_vec();
                    self.start += n;
                    self.state = State::Header;
                    return Some(check(body));
                }
                State::Header => {
                    // Blank lines between frames are tolerated.
                    let skip = rest
                        .iter()
                        .take_while(|b| matches!(b, b'\r' | b'\n'))
                        .count();
                    self.start += skip;
                    let rest = &self.buf[self.start..];
                    let end = find(&rest[..rest.len().min(MAX_HEADER_BYTES + 4)], b"\r\n\r\n");
                    let Some(end) = end else {
                        if rest.len() > MAX_HEADER_BYTES {
                            self.start += 1;
                            self.state = State::Resync;
                            return Some(rejected(
                                format!("no end of header within {MAX_HEADER_BYTES} bytes"),
                                PARSE_ERROR,
                                Value::Null,
                            ));
                        }
                        return None;
                    };
                    let header = rest[..end].to_vec();
                    self.start += end + 4;
                    match content_length(&header) {
                        Ok(n) if n > MAX_BODY_BYTES => {
                            self.state = State::Skip(n);
                            return Some(rejected(
                                format!(
                                    "a message of {n} bytes; the server reads messages of up to {MAX_BODY_BYTES} bytes"
                                ),
                                INVALID_REQUEST,
                                Value::Null,
                            ));
                        }
                        Ok(n) => self.state = State::Body(n),
                        Err(reason) => {
                            self.state = State::Resync;
                            return Some(rejected(reason, PARSE_ERROR, Value::Null));
                        }
                    }
                }
            }
        }
    }

    /// Whether bytes of an unfinished frame are waiting (for a log line at end of input).
    pub fn has_partial_frame(&self) -> bool {
        self.start < self.buf.len() && self.state != State::Resync
            || matches!(self.state, State::Body(_) | State::Skip(_))
    }
}

/// `Content-Length: N\r\n\r\n` and the body: one frame as the protocol writes it.
pub fn encode(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The value of the one `Content-Length` header in a header block.
fn content_length(header: &[u8]) -> Result<usize, String> {
    let Ok(text) = std::str::from_utf8(header) else {
        return Err("a header that is not UTF-8".into());
    };
    let mut length = None;
    for line in text.split("\r\n") {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("a header line without `:`: {:?}", clip(line)));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            if length.is_some() {
                return Err("two Content-Length headers".into());
            }
            match value.parse::<usize>() {
                Ok(n) if value.bytes().all(|b| b.is_ascii_digit()) => length = Some(n),
                _ => {
                    return Err(format!(
                        "a Content-Length that is not a number: {:?}",
                        clip(value)
                    ));
                }
            }
        }
    }
    length.ok_or_else(|| "a header without Content-Length".into())
}

/// Accept a body only if the protocol library will decode it: UTF-8, JSON, one object that
/// is a request, a notification or a response.
fn check(body: Vec<u8>) -> Frame {
    if std::str::from_utf8(&body).is_err() {
        return rejected("a body that is not UTF-8".into(), PARSE_ERROR, Value::Null);
    }
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return rejected(
                format!("a body that is not JSON: {e}"),
                PARSE_ERROR,
                Value::Null,
            );
        }
    };
    let id = match &value {
        Value::Object(o) => match o.get("id") {
            Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
            _ => Value::Null,
        },
        Value::Array(_) => {
            return rejected(
                "a batch (a JSON array); the Language Server Protocol sends one message per frame"
                    .into(),
                INVALID_REQUEST,
                Value::Null,
            );
        }
        _ => {
            return rejected(
                "a body that is not a JSON object".into(),
                INVALID_REQUEST,
                Value::Null,
            );
        }
    };
    let is_message = Request::deserialize(&value).is_ok() || Response::deserialize(&value).is_ok();
    if !is_message {
        return rejected(
            "a JSON object that is not a JSON-RPC 2.0 request, notification or response".into(),
            INVALID_REQUEST,
            id,
        );
    }
    Frame::Message(body)
}

fn rejected(reason: String, code: i64, id: Value) -> Frame {
    let message = if code == PARSE_ERROR {
        "Parse error"
    } else {
        "Invalid request"
    };
    let reply = json!({
        "jsonrpc": "2.0",
        "error": { "code": code, "message": message, "data": reason },
        "id": id,
    });
    Frame::Rejected {
        reason,
        reply: Some(encode(reply.to_string().as_bytes())),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

pub mod pump {
    //! The frame reader between the process's standard streams and the protocol library.

    use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
    use tokio::sync::mpsc;

    use super::{Frame, FrameReader, encode};

    /// Read `input`, forward each good frame to `server` and send each bad frame's reply to
    /// `replies`, until `input` ends. Closing `server` then tells the library the input ended.
    pub async fn input<R, W>(mut input: R, mut server: W, replies: mpsc::Sender<Vec<u8>>)
    where
        R: AsyncRead + Unpin,
        W: AsyncWrite + Unpin,
    {
        let mut reader = FrameReader::new();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = match input.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            reader.push(&chunk[..n]);
            while let Some(frame) = reader.next_frame() {
                match frame {
                    Frame::Message(body) => {
                        if server.write_all(&encode(&body)).await.is_err() {
                            return;
                        }
                    }
                    Frame::Rejected { reason, reply } => {
                        eprintln!("ward-lsp: ignoring a malformed message: {reason}");
                        if let Some(reply) = reply
                            && replies.send(reply).await.is_err()
                        {
                            return;
                        }
                    }
                }
            }
            let _ = server.flush().await;
        }
        if reader.has_partial_frame() {
            eprintln!("ward-lsp: the input ended inside a message");
        }
        let _ = server.shutdown().await;
    }

    /// Cut the library's output into whole frames and send each to `out`, so that replies to
    /// bad frames are never written into the middle of one.
    pub async fn output<R>(mut from_server: R, out: mpsc::Sender<Vec<u8>>)
    where
        R: AsyncRead + Unpin,
    {
        let mut reader = FrameReader::new();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = match from_server.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            reader.push(&chunk[..n]);
            while let Some(frame) = reader.next_frame() {
                if let Frame::Message(body) = frame
                    && out.send(encode(&body)).await.is_err()
                {
                    return;
                }
            }
        }
    }

    /// Write every frame sent on `frames` to `out`, in order, until every sender is gone.
    pub async fn write<W>(mut frames: mpsc::Receiver<Vec<u8>>, mut out: W)
    where
        W: AsyncWrite + Unpin,
    {
        while let Some(frame) = frames.recv().await {
            if out.write_all(&frame).await.is_err() || out.flush().await.is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(bytes: &[u8]) -> Vec<Frame> {
        let mut r = FrameReader::new();
        let mut out = Vec::new();
        // Byte by byte, so every split point is exercised.
        for b in bytes {
            r.push(std::slice::from_ref(b));
            while let Some(f) = r.next_frame() {
                out.push(f);
            }
        }
        out
    }

    fn reply_of(f: &Frame) -> Value {
        match f {
            Frame::Rejected { reply: Some(r), .. } => {
                let at = find(r, b"\r\n\r\n").unwrap() + 4;
                serde_json::from_slice(&r[at..]).unwrap()
            }
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    const SHUTDOWN: &[u8] = br#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#;

    #[test]
    fn good_frames_pass_through() {
        let mut input = encode(SHUTDOWN);
        input.extend(encode(SHUTDOWN));
        assert_eq!(
            frames(&input),
            vec![
                Frame::Message(SHUTDOWN.to_vec()),
                Frame::Message(SHUTDOWN.to_vec())
            ]
        );
    }

    #[test]
    fn bad_frames_are_answered_and_reading_goes_on() {
        let cases: Vec<(Vec<u8>, i64)> = vec![
            (encode(b"{not json"), PARSE_ERROR),
            (b"Content-Length: ten\r\n\r\n".to_vec(), PARSE_ERROR),
            (b"Content-Type: x\r\n\r\n{}".to_vec(), PARSE_ERROR),
            (
                encode(b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"\xff\"}"),
                PARSE_ERROR,
            ),
            (
                encode(br#"[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]"#),
                INVALID_REQUEST,
            ),
            (
                encode(br#"{"jsonrpc":"2.0","method":"x","params":{"t":"\ud800"}}"#),
                PARSE_ERROR,
            ),
            (encode(br#"{"id":3,"hello":1}"#), INVALID_REQUEST),
            (encode(b"42"), INVALID_REQUEST),
        ];
        for (bad, code) in cases {
            let mut input = bad.clone();
            input.extend(encode(SHUTDOWN));
            let got = frames(&input);
            assert_eq!(got.len(), 2, "{:?}: {got:?}", String::from_utf8_lossy(&bad));
            assert_eq!(
                reply_of(&got[0])["error"]["code"],
                code,
                "{:?}",
                String::from_utf8_lossy(&bad)
            );
            assert_eq!(got[1], Frame::Message(SHUTDOWN.to_vec()));
        }
    }

    #[test]
    fn an_invalid_request_keeps_its_id() {
        let got = frames(&encode(br#"{"id":3,"hello":1}"#));
        assert_eq!(reply_of(&got[0])["id"], 3);
    }

    #[test]
    fn oversized_bodies_are_skipped_without_being_kept() {
        let mut r = FrameReader::new();
        r.push(format!("Content-Length: {}\r\n\r\n", MAX_BODY_BYTES + 10).as_bytes());
        assert!(matches!(r.next_frame(), Some(Frame::Rejected { .. })));
        let mut left = MAX_BODY_BYTES + 10;
        while left > 0 {
            let n = left.min(65536);
            r.push(&vec![b' '; n]);
            left -= n;
            assert_eq!(r.next_frame(), None);
            assert!(r.buf.len() <= 2 * 65536);
        }
        r.push(&encode(SHUTDOWN));
        assert_eq!(r.next_frame(), Some(Frame::Message(SHUTDOWN.to_vec())));
    }

    #[test]
    fn endless_headers_are_refused() {
        let mut input = vec![b'x'; MAX_HEADER_BYTES + 10];
        input.extend(encode(SHUTDOWN));
        let got = frames(&input);
        assert!(matches!(got[0], Frame::Rejected { .. }));
        assert_eq!(got.last(), Some(&Frame::Message(SHUTDOWN.to_vec())));
    }
}
