//! `GET /metrics`: counters and a latency histogram in the Prometheus text format (0.0.4).
//! Plain atomics over a fixed set of routes and status classes, so counting costs a request
//! a few uncontended increments and no lock.

use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The routes counted, by their path template; anything else counts as `other`.
pub const ROUTES: &[&str] = &[
    "/v1/evaluate",
    "/v1/explain",
    "/v1/next-questions",
    "/v1/batch",
    "/v1/obligations",
    "/v1/schema",
    "/v1/policy",
    "/healthz",
    "/readyz",
    "/metrics",
    "/openapi.json",
    "/",
    "/interview",
    "other",
];

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

const CLASSES: usize = 5;

struct Route {
    by_class: [AtomicU64; CLASSES],
    buckets: Vec<AtomicU64>,
    sum_micros: AtomicU64,
}

impl Default for Route {
    fn default() -> Route {
        Route {
            by_class: Default::default(),
            buckets: BUCKETS.iter().map(|_| AtomicU64::new(0)).collect(),
            sum_micros: AtomicU64::new(0),
        }
    }
}

pub struct Metrics {
    routes: Vec<Route>,
    evaluations: AtomicU64,
    batch_lines: AtomicU64,
    reloads_ok: AtomicU64,
    reloads_failed: AtomicU64,
    policy: Mutex<String>,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics {
            routes: ROUTES.iter().map(|_| Route::default()).collect(),
            evaluations: AtomicU64::new(0),
            batch_lines: AtomicU64::new(0),
            reloads_ok: AtomicU64::new(0),
            reloads_failed: AtomicU64::new(0),
            policy: Mutex::new(String::new()),
        }
    }
}

impl Metrics {
    /// One request answered on `route` (its path template) with `status`, taking `took`.
    pub fn record(&self, route: &str, status: u16, took: Duration) {
        let i = ROUTES
            .iter()
            .position(|r| *r == route)
            .unwrap_or(ROUTES.len() - 1);
        let r = &self.routes[i];
        let class = (status / 100).clamp(1, 5) as usize - 1;
        r.by_class[class].fetch_add(1, Ordering::Relaxed);
        let secs = took.as_secs_f64();
        if let Some(b) = BUCKETS.iter().position(|&b| secs <= b) {
            r.buckets[b].fetch_add(1, Ordering::Relaxed);
        }
        r.sum_micros
            .fetch_add(took.as_micros() as u64, Ordering::Relaxed);
    }

    pub fn evaluated(&self, n: u64) {
        self.evaluations.fetch_add(n, Ordering::Relaxed);
    }

    pub fn batch_lines(&self, n: u64) {
        self.batch_lines.fetch_add(n, Ordering::Relaxed);
    }

    pub fn reloaded(&self, ok: bool) {
        let c = if ok {
            &self.reloads_ok
        } else {
            &self.reloads_failed
        };
        c.fetch_add(1, Ordering::Relaxed);
    }

    pub fn set_policy(&self, hash: &str) {
        *self.policy.lock().unwrap_or_else(|e| e.into_inner()) = hash.to_string();
    }

    /// The exposition text.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(8192);
        let policy = self
            .policy
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let _ = writeln!(
            out,
            "# HELP ward_policy_info The policy in use (its hash).\n# TYPE ward_policy_info gauge\nward_policy_info{{hash=\"{policy}\"}} 1"
        );
        out.push_str("# HELP ward_http_requests_total Requests answered, by route and status class.\n# TYPE ward_http_requests_total counter\n");
        for (name, r) in ROUTES.iter().zip(&self.routes) {
            for (c, n) in r.by_class.iter().enumerate() {
                let n = n.load(Ordering::Relaxed);
                if n > 0 {
                    let _ = writeln!(
                        out,
                        "ward_http_requests_total{{route=\"{name}\",status=\"{}xx\"}} {n}",
                        c + 1
                    );
                }
            }
        }
        out.push_str("# HELP ward_http_request_duration_seconds Time to answer a request, by route.\n# TYPE ward_http_request_duration_seconds histogram\n");
        for (name, r) in ROUTES.iter().zip(&self.routes) {
            let total: u64 = r.by_class.iter().map(|n| n.load(Ordering::Relaxed)).sum();
            if total == 0 {
                continue;
            }
            let mut cumulative = 0;
            for (b, n) in BUCKETS.iter().zip(&r.buckets) {
                cumulative += n.load(Ordering::Relaxed);
                let _ = writeln!(
                    out,
                    "ward_http_request_duration_seconds_bucket{{route=\"{name}\",le=\"{b}\"}} {cumulative}"
                );
            }
            let sum = r.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
            let _ = writeln!(
                out,
                "ward_http_request_duration_seconds_bucket{{route=\"{name}\",le=\"+Inf\"}} {total}\nward_http_request_duration_seconds_sum{{route=\"{name}\"}} {sum}\nward_http_request_duration_seconds_count{{route=\"{name}\"}} {total}"
            );
        }
        let counters = [
            (
                "ward_evaluations_total",
                "Cases evaluated (one per evaluate, explain or next-questions request, one per batch line).",
                self.evaluations.load(Ordering::Relaxed),
            ),
            (
                "ward_batch_lines_total",
                "Batch lines read.",
                self.batch_lines.load(Ordering::Relaxed),
            ),
        ];
        for (name, help, n) in counters {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {n}"
            );
        }
        let _ = writeln!(
            out,
            "# HELP ward_policy_reloads_total Reloads, by result.\n# TYPE ward_policy_reloads_total counter\nward_policy_reloads_total{{result=\"ok\"}} {}\nward_policy_reloads_total{{result=\"refused\"}} {}",
            self.reloads_ok.load(Ordering::Relaxed),
            self.reloads_failed.load(Ordering::Relaxed)
        );
        out
    }
}
