//! The service's state: the current policy behind an `ArcSwap`, the loader that (re)compiles
//! it, and the metrics. A request takes one `Arc<Policy>` at its start and answers wholly with
//! it, so a reload never changes a policy under a request in flight; a policy that fails to
//! load is refused and the one in use kept.

use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use tokio::sync::Semaphore;
use ward_core::hir::Instant;

use crate::metrics::Metrics;
use crate::policy::Policy;

/// Compiles the policy: at start-up and on every reload. The error is what went wrong, as the
/// command line would print it (without colour).
pub type Loader = Box<dyn Fn() -> Result<Policy, String> + Send + Sync>;

/// The limits a request is held to.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The largest body of a one-case request (a case file's limit by default).
    pub body_bytes: usize,
    /// The largest batch body.
    pub batch_bytes: usize,
    /// How long a request may take to be answered (a batch: to start answering).
    pub timeout: Duration,
    /// Requests handled at once; more wait their turn (up to the timeout).
    pub concurrency: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            body_bytes: ward_core::limits::MAX_CASE_BYTES,
            batch_bytes: 1 << 30,
            timeout: Duration::from_secs(30),
            concurrency: 1024,
        }
    }
}

pub struct App {
    policy: ArcSwap<Policy>,
    loader: Loader,
    /// The day, when it is fixed (tests); otherwise read from the clock on each request.
    today: Option<Instant>,
    pub limits: Limits,
    pub metrics: Metrics,
    /// Permits for CPU-bound work, `limits.concurrency` of them ([`crate::work`]).
    pub work: Arc<Semaphore>,
    /// Serialises reloads, so two signals never compile at once.
    reloading: std::sync::Mutex<()>,
}

impl App {
    /// Compile the policy with `loader`; an error means there is nothing to serve.
    pub fn new(loader: Loader, limits: Limits, today: Option<Instant>) -> Result<Arc<App>, String> {
        let first = loader()?;
        let metrics = Metrics::default();
        metrics.set_policy(&first.hash);
        Ok(Arc::new(App {
            policy: ArcSwap::from_pointee(first),
            loader,
            today,
            limits,
            metrics,
            work: Arc::new(Semaphore::new(limits.concurrency.max(1))),
            reloading: std::sync::Mutex::new(()),
        }))
    }

    /// The policy in use now.
    pub fn policy(&self) -> Arc<Policy> {
        self.policy.load_full()
    }

    /// Compile the policy again and put it in use, or keep the old one and say why not.
    /// Returns the hash of the policy in use afterwards.
    pub fn reload(&self) -> Result<String, String> {
        let _one = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        match (self.loader)() {
            Ok(p) => {
                let hash = p.hash.clone();
                self.metrics.set_policy(&hash);
                self.metrics.reloaded(true);
                self.policy.store(Arc::new(p));
                tracing::info!(policy = %hash, "policy reloaded");
                Ok(hash)
            }
            Err(e) => {
                self.metrics.reloaded(false);
                tracing::error!(error = %e, kept = %self.policy.load().hash, "reload refused; the policy in use is kept");
                Err(e)
            }
        }
    }

    pub fn today(&self) -> Instant {
        self.today.unwrap_or_else(ward_project::clock::today)
    }
}
