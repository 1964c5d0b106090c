//! `ward serve`: the decision service over HTTP (`ward_serve`). The policy is compiled before
//! the port is bound; SIGHUP reloads it, SIGTERM or Ctrl-C stops after the requests in flight.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use crate::{Env, StdlibArg};

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// A local policy directory to add to the standard library (repeatable).
    #[arg(long = "policy", value_name = "DIR")]
    policies: Vec<PathBuf>,
    /// The address to listen on.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    addr: String,
    /// The largest request body of a one-case request, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = ward_core::limits::MAX_CASE_BYTES)]
    max_body: usize,
    /// How long a request may take, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    timeout_ms: u64,
    /// Requests handled at once.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    concurrency: usize,
    #[command(flatten)]
    stdlib: StdlibArg,
}

pub fn run(args: ServeArgs, _out: &mut dyn Write, err: &mut dyn Write, env: &Env) -> i32 {
    // `err` holds standard error's lock for the whole command, so the server's threads send
    // their log lines here and this thread writes them.
    let (logs, lines) = std::sync::mpsc::channel::<Vec<u8>>();
    {
        use tracing_subscriber::prelude::*;
        let layer = tracing_subscriber::fmt::layer()
            .with_ansi(env.color)
            .with_writer(move || Lines(logs.clone()));
        let only_ours = tracing_subscriber::filter::Targets::new()
            .with_target("ward_serve", tracing::Level::INFO)
            .with_target("ward_cli", tracing::Level::INFO)
            .with_target("tower_http", tracing::Level::WARN);
        let _ = tracing_subscriber::registry()
            .with(layer.with_filter(only_ours))
            .try_init();
    }
    let (cwd, cache, choice, policies) = (
        env.cwd.clone(),
        env.cache.clone(),
        args.stdlib.choice(env),
        args.policies,
    );
    let loader: ward_serve::Loader =
        Box::new(move || ward_serve::load(&cwd, &cache, &choice, &policies));
    let limits = ward_serve::Limits {
        body_bytes: args.max_body,
        timeout: Duration::from_millis(args.timeout_ms),
        concurrency: args.concurrency.max(1),
        ..ward_serve::Limits::default()
    };
    let app = match ward_serve::App::new(loader, limits, None) {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 1;
        }
    };
    let rt = match ward_serve::runtime() {
        Ok(rt) => rt,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    let addr = args.addr.clone();
    let server = rt.spawn(async move {
        let listener = tokio::net::TcpListener::bind(&addr).await?;
        tracing::info!(addr = %listener.local_addr()?, policy = %app.policy().hash, "serving");
        ward_serve::serve(listener, app.clone(), ward_serve::signals(app)).await
    });
    loop {
        match lines.recv_timeout(Duration::from_millis(100)) {
            Ok(line) => {
                let _ = err.write_all(&line);
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) if !server.is_finished() => {}
            Err(_) => break,
        }
    }
    while let Ok(line) = lines.try_recv() {
        let _ = err.write_all(&line);
    }
    let result = rt
        .block_on(server)
        .unwrap_or_else(|e| Err(std::io::Error::other(e)));
    // Every request has been answered by now; work still on the blocking pool belongs to
    // requests that timed out, whose answers nobody awaits: do not wait long for it.
    rt.shutdown_timeout(Duration::from_secs(1));
    match result {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "error: {}: {e}", args.addr);
            2
        }
    }
}

/// A log line's bytes, sent to the command's thread.
struct Lines(std::sync::mpsc::Sender<Vec<u8>>);

impl Write for Lines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let _ = self.0.send(buf.to_vec());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
