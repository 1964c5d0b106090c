//! `ward serve` under load: a bounded load generator on loopback driving `POST /v1/evaluate`
//! with one example case (as JSON) over keep-alive HTTP/1.1 connections, reporting requests
//! per second, p50/p99/max latency, errors, and the server's resident memory (VmRSS) before
//! the load, after the warm-up, half-way and at the end. Not a timed test: the figures are
//! for reading (compiler/bench/README.md, docs/serve.md "Load").
//!
//! The server is a real process, not the router in this one: its resident memory is then its
//! own (not mixed with the generator's), and it runs exactly what `ward serve` runs. That
//! process is this same benchmark binary started again with `WARD_LOAD_CHILD=serve`, which
//! makes it `ward_cli::run(["ward", "serve", …])` as the `ward` binary's `main` does, built
//! with the same (release) profile; `WARD_BIN=path/to/ward` uses a `ward` binary instead.
//!
//! The generator is one thread (a current-thread runtime): on 2 cores it takes as little of
//! the server's CPU as it can, and still shares the machine with it.
//!
//! Parameters (environment): `WARD_LOAD_REQUESTS` (200,000), `WARD_LOAD_CONNECTIONS` (64),
//! `WARD_LOAD_WARMUP` (10,000 requests, not measured), `WARD_LOAD_CASE`
//! (policies/cases/english-trust-ai-imaging-pilot.yaml), `WARD_LOAD_VIEW` (`compact` for
//! `?view=compact`; the full report by default).

#[path = "../harness/as_ward.rs"]
mod as_ward;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;

const CHILD: &str = "WARD_LOAD_CHILD";
const AS_OF: &str = "2026-12-03";

fn main() {
    if std::env::var_os(CHILD).is_some() {
        std::process::exit(as_ward::run());
    }
    let requests = env_u64("WARD_LOAD_REQUESTS", 200_000);
    let connections = env_u64("WARD_LOAD_CONNECTIONS", 64).max(1);
    let warmup = env_u64("WARD_LOAD_WARMUP", 10_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let case = std::env::var("WARD_LOAD_CASE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("policies/cases/english-trust-ai-imaging-pilot.yaml"));
    let body = match case_json(&case) {
        Ok(b) => Bytes::from(b),
        Err(e) => fail(&format!("{}: {e}", case.display())),
    };
    let (mut server, addr) = match start_server(&root) {
        Ok(s) => s,
        Err(e) => fail(&format!("cannot start ward serve: {e}")),
    };
    let pid = server.id();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(&e.to_string()));
    let result = rt.block_on(async {
        let idle = rss_kib(pid);
        if warmup > 0 {
            run(addr, &body, warmup, connections, &[]).await?;
        }
        let start = rss_kib(pid);
        let run = run(addr, &body, requests, connections, &[requests / 2]).await?;
        let end = rss_kib(pid);
        Ok::<_, String>((idle, start, run, end))
    });
    let _ = server.kill();
    let _ = server.wait();
    let (idle, start, run, end) = result.unwrap_or_else(|e| fail(&e));
    let h = &run.latency;
    let us = |q: f64| h.value_at_quantile(q) as f64 / 1000.0;
    println!(
        "ward serve, POST /v1/evaluate{} ({}, {} bytes of JSON), {connections} connections, {requests} requests after {warmup} warm-up",
        view().map(|v| format!("?view={v}")).unwrap_or_default(),
        case.file_name().unwrap_or_default().to_string_lossy(),
        body.len(),
    );
    println!(
        "  {:.0} requests/s over {:.2} s; {} errors; {:.1} MB of responses",
        run.ok as f64 / run.elapsed.as_secs_f64(),
        run.elapsed.as_secs_f64(),
        run.errors,
        run.bytes as f64 / 1e6,
    );
    println!(
        "  latency: p50 {:.3} ms, p99 {:.3} ms, p99.9 {:.3} ms, max {:.3} ms",
        us(0.50),
        us(0.99),
        us(0.999),
        h.max() as f64 / 1000.0,
    );
    let mid = run.rss.first().copied().flatten();
    let show =
        |v: Option<u64>| v.map_or("?".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
    println!(
        "  server VmRSS: idle {}, after warm-up {}, half-way {}, end {}",
        show(idle),
        show(start),
        show(mid),
        show(end),
    );
    if run.errors > 0 {
        std::process::exit(1);
    }
}

/// What one load run saw.
struct Run {
    ok: u64,
    errors: u64,
    bytes: u64,
    elapsed: Duration,
    /// Microseconds per request.
    latency: Histogram<u64>,
    /// The server's VmRSS when the request numbered by each mark was sent.
    rss: Vec<Option<u64>>,
}

/// `total` requests over `connections` keep-alive connections; at each request number in
/// `marks`, the server's resident memory is read.
async fn run(
    addr: std::net::SocketAddr,
    body: &Bytes,
    total: u64,
    connections: u64,
    marks: &[u64],
) -> Result<Run, String> {
    let next = Arc::new(AtomicU64::new(0));
    let rss: Arc<Vec<AtomicU64>> = Arc::new(marks.iter().map(|_| AtomicU64::new(0)).collect());
    let marks: Arc<Vec<u64>> = Arc::new(marks.to_vec());
    let started = Instant::now();
    let local = tokio::task::LocalSet::new();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (next, body, rss, marks) = (next.clone(), body.clone(), rss.clone(), marks.clone());
        tasks.push(
            local.spawn_local(
                async move { connection(addr, body, total, next, &marks, &rss).await },
            ),
        );
    }
    let results = local
        .run_until(async {
            let mut out = Vec::new();
            for t in tasks {
                out.push(t.await.map_err(|e| e.to_string()));
            }
            out
        })
        .await;
    let elapsed = started.elapsed();
    let mut run = Run {
        ok: 0,
        errors: 0,
        bytes: 0,
        elapsed,
        latency: histogram()?,
        rss: rss
            .iter()
            .map(|v| Some(v.load(Ordering::Relaxed)).filter(|&k| k > 0))
            .collect(),
    };
    for r in results {
        let c = r??;
        run.ok += c.ok;
        run.errors += c.errors;
        run.bytes += c.bytes;
        run.latency.add(&c.latency).map_err(|e| e.to_string())?;
    }
    Ok(run)
}

struct Connection {
    ok: u64,
    errors: u64,
    bytes: u64,
    latency: Histogram<u64>,
}

/// One keep-alive connection sending requests until `total` have been taken; a broken
/// connection is counted as an error and opened again.
async fn connection(
    addr: std::net::SocketAddr,
    body: Bytes,
    total: u64,
    next: Arc<AtomicU64>,
    marks: &[u64],
    rss: &[AtomicU64],
) -> Result<Connection, String> {
    let mut c = Connection {
        ok: 0,
        errors: 0,
        bytes: 0,
        latency: histogram()?,
    };
    let uri = match view() {
        Some(v) => format!("/v1/evaluate?as_of={AS_OF}&view={v}"),
        None => format!("/v1/evaluate?as_of={AS_OF}"),
    };
    let server_pid = SERVER_PID.load(Ordering::Relaxed) as u32;
    'open: loop {
        let stream = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect {addr}: {e}"))?;
        let _ = stream.set_nodelay(true);
        let (mut send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
        tokio::task::spawn_local(conn);
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= total {
                return Ok(c);
            }
            if let Some(k) = marks.iter().position(|&m| m == i) {
                rss[k].store(rss_kib(server_pid).unwrap_or(0), Ordering::Relaxed);
            }
            let req = Request::post(uri.as_str())
                .header("host", "localhost")
                .header("content-type", "application/json")
                .body(Full::new(body.clone()))
                .map_err(|e| e.to_string())?;
            let t = Instant::now();
            let answer = async {
                send.ready().await?;
                let r = send.send_request(req).await?;
                let status = r.status();
                let b = r.into_body().collect().await?.to_bytes();
                Ok::<_, hyper::Error>((status, b.len()))
            }
            .await;
            let us = t.elapsed().as_micros() as u64;
            match answer {
                Ok((status, n)) if status.is_success() => {
                    c.ok += 1;
                    c.bytes += n as u64;
                    let _ = c.latency.record(us.max(1));
                }
                Ok(_) => c.errors += 1,
                Err(_) => {
                    c.errors += 1;
                    continue 'open;
                }
            }
        }
    }
}

static SERVER_PID: AtomicU64 = AtomicU64::new(0);

fn histogram() -> Result<Histogram<u64>, String> {
    // 1 µs to 60 s, 3 significant figures.
    Histogram::new_with_bounds(1, 60_000_000, 3).map_err(|e| e.to_string())
}

/// Start `ward serve --policy policies/trust --addr 127.0.0.1:0` and read the address it
/// bound from its first log line; its later log lines are drained (and dropped) so it never
/// blocks on a full pipe.
fn start_server(root: &Path) -> Result<(Child, std::net::SocketAddr), String> {
    let mut cmd = match std::env::var_os("WARD_BIN") {
        Some(bin) => Command::new(bin),
        None => {
            let mut c = Command::new(std::env::current_exe().map_err(|e| e.to_string())?);
            c.env(CHILD, "serve");
            c
        }
    };
    let mut child = cmd
        .args([
            "serve",
            "--policy",
            "policies/trust",
            "--addr",
            "127.0.0.1:0",
        ])
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    SERVER_PID.store(u64::from(child.id()), Ordering::Relaxed);
    let Some(err) = child.stderr.take() else {
        return Err("no standard error".into());
    };
    let mut lines = BufReader::new(err).lines();
    let mut addr = None;
    for line in lines.by_ref() {
        let line = line.map_err(|e| e.to_string())?;
        if let Some(a) = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("addr="))
            .and_then(|a| a.parse().ok())
        {
            addr = Some(a);
            break;
        }
        eprintln!("ward serve: {line}");
    }
    std::thread::spawn(move || for _ in lines {});
    match addr {
        Some(a) => Ok((child, a)),
        None => {
            let _ = child.kill();
            Err("it stopped before saying where it listens".into())
        }
    }
}

/// The server's resident memory (VmRSS, KiB) from /proc; None where there is no /proc.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A YAML (or JSON) case file as JSON text, through the case reader's document tree.
fn case_json(path: &Path) -> Result<Vec<u8>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let (node, _) = ward_core::eval::case_yaml::read(&text).map_err(|e| format!("{e:?}"))?;
    serde_json::to_vec(&node.to_json()).map_err(|e| e.to_string())
}

/// `WARD_LOAD_VIEW` (`compact`, `full`): the `view` asked for; none by default (the full
/// report).
fn view() -> Option<String> {
    std::env::var("WARD_LOAD_VIEW")
        .ok()
        .filter(|v| !v.is_empty())
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace(['_', ','], "").parse().ok())
        .unwrap_or(default)
}

fn fail(message: &str) -> ! {
    eprintln!("serve bench: {message}");
    std::process::exit(2)
}
