//! `ward eval --batch`: a three-stage pipeline. A reader thread cuts the file into chunks of
//! lines, the evaluator thread evaluates each chunk in parallel (`ward_core::batch::evaluate_chunk`
//! in a rayon pool), and the calling thread writes the blocks of results in input order. The stages overlap, so reading and writing (which are
//! serial) do not leave the cores idle; the channels between them hold two chunks each, so
//! memory stays bounded however long the file is.

use std::io::Write;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use ward_core::batch::{Block, Input, LineOptions, evaluate_chunk};
use ward_core::eval::Program;
use ward_core::hir::Instant;

use crate::input::{Line, Lines};

/// A chunk is bounded in lines and in bytes, whatever the lines hold.
const CHUNK_LINES: usize = 4096;
const CHUNK_BYTES: u64 = 64 << 20;
/// Chunks in flight between two stages.
const DEPTH: usize = 2;

/// What the reader hands on: numbered lines and the bytes they took, or the I/O error that
/// ended the file (at the line it would have been).
enum Read {
    Chunk(Vec<(usize, Input)>, u64),
    Failed(usize, std::io::Error),
}

enum Evaluated {
    Chunk(Vec<Block>, u64),
    Failed(usize, std::io::Error),
}

/// What the batch came to.
pub struct Summary {
    pub total: usize,
    pub bad: usize,
    /// Why results could no longer be written, if they could not (the batch stops there).
    pub write_error: Option<std::io::Error>,
}

/// What to evaluate each line against, and how to name the file in errors.
#[derive(Clone, Copy)]
pub struct Job<'a> {
    pub prog: &'a Program,
    pub as_of: Instant,
    pub opts: LineOptions,
    pub shown: &'a str,
}

/// Evaluate every line of `reader`, writing one result per line to `out` in input order and
/// each problem to `err` as `error: {shown}:{line}: {path}: {message}`.
pub fn run(
    job: Job<'_>,
    reader: impl std::io::BufRead + Send,
    out: &mut dyn Write,
    err: &mut dyn Write,
    progress: Option<&indicatif::ProgressBar>,
) -> Summary {
    let Job {
        prog,
        as_of,
        opts,
        shown,
    } = job;
    let (read_tx, read_rx) = sync_channel::<Read>(DEPTH);
    let (eval_tx, eval_rx) = sync_channel::<Evaluated>(DEPTH);
    let mut summary = Summary {
        total: 0,
        bad: 0,
        write_error: None,
    };
    std::thread::scope(|s| {
        s.spawn(move || read(reader, read_tx));
        s.spawn(move || evaluate_chunks(prog, as_of, opts, read_rx, eval_tx));
        // Results go out in large writes, not a write per line.
        let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
        // Leaving this loop drops the receiver, which stops the evaluator and then the reader.
        'results: for msg in eval_rx {
            match msg {
                Evaluated::Chunk(blocks, bytes) => {
                    for b in &blocks {
                        summary.total += b.lines;
                        summary.bad += b.bad;
                        for e in &b.errors {
                            let (n, e) = (e.line, &e.error);
                            let sep = if e.path.is_empty() { "" } else { ": " };
                            let _ =
                                writeln!(err, "error: {shown}:{n}: {}{sep}{}", e.path, e.message);
                        }
                        if let Err(e) = out.write_all(b.text.as_bytes()) {
                            summary.write_error = Some(e);
                            break 'results;
                        }
                    }
                    if let Some(b) = progress {
                        b.inc(bytes);
                    }
                }
                Evaluated::Failed(n, e) => {
                    let _ = writeln!(err, "error: {shown}:{n}: {e}");
                    summary.bad += 1;
                }
            }
        }
        if let Err(e) = out.flush()
            && summary.write_error.is_none()
        {
            summary.write_error = Some(e);
        }
    });
    summary
}

fn read(reader: impl std::io::BufRead, tx: SyncSender<Read>) {
    let mut lines = Lines::new(reader);
    let mut line_no = 0usize;
    loop {
        let mut chunk = Vec::with_capacity(CHUNK_LINES);
        let mut bytes = 0u64;
        while chunk.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
            match lines.next_line() {
                Ok(None) => {
                    if !chunk.is_empty() {
                        let _ = tx.send(Read::Chunk(chunk, bytes));
                    }
                    return;
                }
                Ok(Some((line, n))) => {
                    bytes += n;
                    line_no += 1;
                    match line {
                        Line::Text(t) if t.trim().is_empty() => {}
                        Line::Text(t) => chunk.push((line_no, Input::Text(t))),
                        Line::Bad(m) => chunk.push((line_no, Input::Unreadable(m))),
                    }
                }
                Err(e) => {
                    if !chunk.is_empty() {
                        let _ = tx.send(Read::Chunk(chunk, bytes));
                    }
                    let _ = tx.send(Read::Failed(line_no + 1, e));
                    return;
                }
            }
        }
        // A closed channel means the writer has gone; there is no one left to read for.
        if tx.send(Read::Chunk(chunk, bytes)).is_err() {
            return;
        }
    }
}

fn evaluate_chunks(
    prog: &Program,
    as_of: Instant,
    opts: LineOptions,
    rx: Receiver<Read>,
    tx: SyncSender<Evaluated>,
) {
    // Workers with the stack a command has (see `STACK_BYTES`), not rayon's default: an
    // explanation of the deepest program the limits allow needs it.
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(crate::STACK_BYTES)
        .build();
    for msg in rx {
        let evaluated = match msg {
            Read::Chunk(chunk, bytes) => {
                let work = || evaluate_chunk(prog, &chunk, as_of, opts);
                let blocks = match &pool {
                    Ok(pool) => pool.install(work),
                    Err(_) => work(),
                };
                Evaluated::Chunk(blocks, bytes)
            }
            Read::Failed(n, e) => Evaluated::Failed(n, e),
        };
        if tx.send(evaluated).is_err() {
            return;
        }
    }
}
