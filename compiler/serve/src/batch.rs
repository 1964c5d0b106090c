//! `POST /v1/batch`: NDJSON in, NDJSON out, streamed both ways. Lines are cut from the body
//! as it arrives, evaluated a chunk at a time off the async workers (`crate::work`, each
//! chunk holding a work permit) by `ward_core::batch` (the
//! same result lines `ward eval --batch` writes, a bad line an `errors` line that never stops
//! the batch), and written back as each chunk is done; memory stays bounded by a chunk and
//! one line, whatever the body's length.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use ward_core::batch::{LineOptions, LineResult, evaluate, unreadable};
use ward_core::hir::Instant;
use ward_core::limits::MAX_CASE_BYTES;

use crate::api::{date_query, stamped};
use crate::policy::Policy;
use crate::state::App;

/// Lines evaluated together on a blocking thread.
const CHUNK_LINES: usize = 256;

enum Line {
    Text(usize, String),
    Bad(usize, String),
}

/// Evaluate a batch of cases, one JSON case per line, one result per line in input order.
#[utoipa::path(post, path = "/v1/batch", tag = "decisions", params(crate::negotiate::DateQuery),
    request_body(description = "One case per line (JSON)", content_type = "application/x-ndjson", content = String),
    responses(
        (status = 200, description = "One result per line, as `ward eval --batch` writes them", content_type = "application/x-ndjson", body = String),
        (status = "4XX", description = "The query is not valid", body = crate::problem::Problem, content_type = "application/problem+json")))]
pub async fn batch(State(app): State<Arc<App>>, RawQuery(q): RawQuery, body: Body) -> Response {
    let policy = app.policy();
    let as_of = match date_query(q.as_deref(), app.today()) {
        Ok(d) => d,
        Err(p) => return stamped(p.into_response(), &policy),
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(4);
    let p = policy.clone();
    tokio::spawn(run(app, p, as_of, body, tx));
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|b| (Ok::<_, std::convert::Infallible>(b), rx))
    });
    let mut r = Body::from_stream(stream).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    stamped(r, &policy)
}

/// Cuts lines from the body and sends each chunk's results on; stops when the client goes.
async fn run(
    app: Arc<App>,
    policy: Arc<Policy>,
    as_of: Instant,
    body: Body,
    tx: tokio::sync::mpsc::Sender<Bytes>,
) {
    let mut stream = body.into_data_stream();
    let mut cutter = Cutter::default();
    let mut chunk = Vec::new();
    while let Some(frame) = stream.next().await {
        match frame {
            Ok(bytes) => cutter.feed(&bytes, &mut chunk),
            Err(e) => {
                // Too large, or the connection failed: say so as the last line.
                let n = cutter.line + 1;
                chunk.push(Line::Bad(n, format!("the batch stopped here: {e}")));
                break;
            }
        }
        if chunk.len() >= CHUNK_LINES && !send(&app, &policy, as_of, &mut chunk, &tx).await {
            return;
        }
    }
    cutter.finish(&mut chunk);
    send(&app, &policy, as_of, &mut chunk, &tx).await;
}

async fn send(
    app: &Arc<App>,
    policy: &Arc<Policy>,
    as_of: Instant,
    chunk: &mut Vec<Line>,
    tx: &tokio::sync::mpsc::Sender<Bytes>,
) -> bool {
    if chunk.is_empty() {
        return true;
    }
    let lines = std::mem::take(chunk);
    let n = lines.len() as u64;
    let p = policy.clone();
    let out = crate::work::blocking(&app.work, move || {
        let mut out = String::new();
        for line in lines {
            let r: LineResult = match line {
                Line::Text(n, text) => evaluate(&p.prog, &text, as_of, n, LineOptions::default()),
                Line::Bad(n, why) => unreadable(n, &why),
            };
            out.push_str(&r.json);
        }
        Ok(out)
    })
    .await
    .unwrap_or_default();
    app.metrics.batch_lines(n);
    app.metrics.evaluated(n);
    tx.send(Bytes::from(out)).await.is_ok()
}

/// Cuts a byte stream into lines of at most [`MAX_CASE_BYTES`]; a longer line is skipped
/// whole and reported, never held.
#[derive(Default)]
struct Cutter {
    partial: Vec<u8>,
    /// The line being skipped is too long.
    skipping: bool,
    /// Lines seen so far (1-based numbers, counting blank ones, as the CLI numbers them).
    line: usize,
}

impl Cutter {
    fn feed(&mut self, mut bytes: &[u8], out: &mut Vec<Line>) {
        while !bytes.is_empty() {
            match bytes.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.take(&bytes[..i]);
                    self.end_line(out);
                    bytes = &bytes[i + 1..];
                }
                None => {
                    self.take(bytes);
                    bytes = &[];
                }
            }
        }
    }

    fn take(&mut self, part: &[u8]) {
        if self.skipping {
            return;
        }
        if self.partial.len() + part.len() > MAX_CASE_BYTES {
            self.partial = Vec::new();
            self.skipping = true;
        } else {
            self.partial.extend_from_slice(part);
        }
    }

    fn end_line(&mut self, out: &mut Vec<Line>) {
        self.line += 1;
        let n = self.line;
        if std::mem::take(&mut self.skipping) {
            out.push(Line::Bad(
                n,
                format!(
                    "the line is larger than {} MiB, the most Ward reads as one case",
                    MAX_CASE_BYTES / (1024 * 1024)
                ),
            ));
            return;
        }
        let mut bytes = std::mem::take(&mut self.partial);
        while bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        match String::from_utf8(bytes) {
            Ok(t) if t.trim().is_empty() => {}
            Ok(t) => out.push(Line::Text(n, t)),
            Err(e) => out.push(Line::Bad(
                n,
                format!(
                    "the line is not valid UTF-8 text (at byte {})",
                    e.utf8_error().valid_up_to()
                ),
            )),
        }
    }

    /// The last line, if the body did not end with a newline.
    fn finish(&mut self, out: &mut Vec<Line>) {
        if !self.partial.is_empty() || self.skipping {
            self.end_line(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(parts: &[&[u8]]) -> Vec<(usize, Result<String, String>)> {
        let mut c = Cutter::default();
        let mut out = Vec::new();
        for p in parts {
            c.feed(p, &mut out);
        }
        c.finish(&mut out);
        out.into_iter()
            .map(|l| match l {
                Line::Text(n, t) => (n, Ok(t)),
                Line::Bad(n, m) => (n, Err(m)),
            })
            .collect()
    }

    #[test]
    fn lines_split_across_frames_are_joined_and_blank_ones_skipped() {
        let got = cut(&[b"{\"a\"", b":1}\r\n\n\xff\n{}"]);
        assert_eq!(got[0], (1, Ok("{\"a\":1}".to_string())));
        assert_eq!(got[1].0, 3);
        assert!(got[1].1.as_ref().unwrap_err().contains("UTF-8"));
        assert_eq!(got[2], (4, Ok("{}".to_string())));
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn an_oversized_line_is_skipped_whole_and_numbered() {
        let big = vec![b'x'; MAX_CASE_BYTES + 1];
        let got = cut(&[&big, b"\n{}\n"]);
        assert!(got[0].1.as_ref().unwrap_err().contains("larger than"));
        assert_eq!(got[1], (2, Ok("{}".to_string())));
    }
}
