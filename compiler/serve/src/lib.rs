//! `ward serve`: the decision service. A thin shell over the `ward_core` queries the command
//! line asks (`ward eval`, `ward explain`, `ward ask`, `ward schema`, `ward eval --batch`),
//! over HTTP, with an OpenAPI 3.1 contract generated from its types.
//!
//! The policy is compiled once, before the port is bound, and held in an `ArcSwap`
//! ([`state::App`]); `SIGHUP` (or [`state::App::reload`]) compiles it again and swaps it in
//! atomically, keeping the old one if the new one fails. The service keeps no state between
//! requests, so replicas scale behind any load balancer.
//!
//! [`interview`] is the web interview at `/`: `ward ask` as HTML forms, its answers carried
//! in the forms and replayed through the same session on each request.

pub mod api;
pub mod batch;
pub mod compact;
pub mod health;
pub mod interview;
pub mod metrics;
pub mod negotiate;
pub mod openapi;
pub mod policy;
pub mod problem;
pub mod routes;
pub mod state;
pub mod work;

use std::future::Future;
use std::sync::Arc;

pub use policy::{Policy, load};
pub use state::{App, Limits, Loader};

/// The stack each worker thread reserves: the checker and evaluator recurse as deep as the
/// limits allow (as `ward_cli::STACK_BYTES` explains); reserved, not used.
pub const STACK_BYTES: usize = 256 * 1024 * 1024;

/// A multi-threaded runtime whose threads (async workers and blocking ones) have
/// [`STACK_BYTES`] of stack, with [`blocking_threads`] threads for the CPU-bound work.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(STACK_BYTES)
        .max_blocking_threads(blocking_threads())
        .build()
}

/// Threads for evaluation: four per core. The work is CPU-bound, so more threads than cores
/// buy no throughput, only switching and per-thread allocator arenas (resident memory that
/// grows with the thread count); a few per core still let quick requests share the CPU with
/// a slow one rather than queue behind it. Work beyond them waits its turn in the pool's
/// queue, holding its permit ([`work`]).
pub fn blocking_threads() -> usize {
    4 * std::thread::available_parallelism().map_or(2, usize::from)
}

/// Serve `app` on `listener` until `shutdown` completes; requests in flight are finished
/// first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, routes::router(app))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on SIGTERM or Ctrl-C; reloads the policy on each SIGHUP meanwhile.
pub async fn signals(app: Arc<App>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut hup), Ok(mut term)) = (
            signal(SignalKind::hangup()),
            signal(SignalKind::terminate()),
        ) else {
            let _ = tokio::signal::ctrl_c().await;
            return;
        };
        loop {
            tokio::select! {
                _ = hup.recv() => {
                    let app = app.clone();
                    // Compiling takes a while: off the async workers.
                    let _ = tokio::task::spawn_blocking(move || app.reload()).await;
                }
                _ = term.recv() => break,
                _ = tokio::signal::ctrl_c() => break,
            }
        }
        tracing::info!("shutting down: finishing the requests in flight");
    }
    #[cfg(not(unix))]
    {
        let _ = app;
        let _ = tokio::signal::ctrl_c().await;
    }
}
