//! Operations: `/healthz` (the process answers), `/readyz` (a compiled policy is in use, so
//! decisions can be made), `/metrics` (Prometheus text).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::{json_text, stamped};
use crate::state::App;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// The hash of the policy in use.
    pub policy: String,
}

fn health(app: &App) -> Response {
    let policy = app.policy();
    let h = Health {
        status: "ok".into(),
        policy: policy.hash.clone(),
    };
    stamped(
        json_text(serde_json::to_string(&h).unwrap_or_default()),
        &policy,
    )
}

/// Liveness: the process is up and answering.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Alive", body = Health)))]
pub async fn healthz(State(app): State<Arc<App>>) -> Response {
    health(&app)
}

/// Readiness: a compiled policy is in use. The policy is compiled before the port is bound
/// and a failed reload keeps the old one, so a server that answers is ready.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "Ready to decide", body = Health)))]
pub async fn readyz(State(app): State<Arc<App>>) -> Response {
    health(&app)
}

/// Counters and latencies in the Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format 0.0.4", body = String, content_type = "text/plain")))]
pub async fn metrics(State(app): State<Arc<App>>) -> Response {
    let mut r = app.metrics.render().into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    stamped(r, &app.policy())
}
