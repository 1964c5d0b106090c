//! CPU-bound work (evaluating, explaining, ranking questions, batch chunks) runs on tokio's
//! blocking pool, never on the async workers: a slow evaluation then cannot stall the
//! runtime, so the per-request timeout fires, other requests (`/healthz` among them) are
//! answered meanwhile, and graceful shutdown proceeds.
//!
//! A timed-out request's future is dropped, but its blocking closure runs on to the end (a
//! thread cannot be stopped from outside). So each piece of work holds a permit of the
//! service's work semaphore (as many as `--concurrency`) until it finishes, not until its
//! request is answered: the concurrency limit bounds the work actually running, including
//! work whose caller has gone. Waiting for a permit is asynchronous, so it too is cut short by
//! the timeout; work still queued for a thread when its caller has gone is skipped.

use std::sync::Arc;

use axum::http::StatusCode;
use tokio::sync::Semaphore;

use crate::problem::Problem;

/// Run `f` on the blocking pool once a permit of `work` is free.
pub async fn blocking<T: Send + 'static>(
    work: &Arc<Semaphore>,
    f: impl FnOnce() -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    let Ok(permit) = work.clone().acquire_owned().await else {
        return Err(internal());
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::task::spawn_blocking(move || {
        let _held = permit;
        // Work that waited in the pool's queue past its request's timeout has nobody to
        // answer: skip it rather than spend a thread on it.
        if !tx.is_closed() {
            let _ = tx.send(f());
        }
    });
    rx.await.unwrap_or_else(|_| Err(internal()))
}

/// A panic inside the work (a bug), answered as the panic layer answers one.
fn internal() -> Problem {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Internal error",
        "the request could not be answered; this is a bug in Ward",
    )
}
