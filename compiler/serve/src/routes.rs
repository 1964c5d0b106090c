//! The router and its cross-cutting layers: tracing, panics caught, metrics, the policy hash
//! on every response, errors from the layers themselves (too large, timed out, no such route)
//! turned into problem details, a per-request timeout, a concurrency limit and body limits.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower::ServiceBuilder;
use tower::limit::ConcurrencyLimitLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::api::{self, POLICY_HASH, stamped};
use crate::problem::{PROBLEM_JSON, Problem};
use crate::state::App;
use crate::{batch, health};

/// Every route, with its layers.
pub fn router(app: Arc<App>) -> Router {
    let limits = app.limits;
    let one_case = Router::new()
        .route("/v1/evaluate", post(api::evaluate))
        .route("/v1/explain", post(api::explain))
        .route("/v1/next-questions", post(api::next_questions))
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(RequestBodyLimitLayer::new(limits.body_bytes));
    let batch = Router::new()
        .route("/v1/batch", post(batch::batch))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(limits.batch_bytes));
    // The web interview: HTML form routes (left out of the OpenAPI document, which describes
    // the JSON API), held to the one-case body limit; errors from the limit come back as HTML.
    let interview = Router::new()
        .route("/", get(crate::interview::start))
        .route("/interview", post(crate::interview::interview))
        .route("/interview/case.yaml", post(crate::interview::download))
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(RequestBodyLimitLayer::new(limits.body_bytes))
        .layer(middleware::map_response_with_state(
            app.clone(),
            crate::interview::html_errors,
        ));
    let reads = Router::new()
        .route("/v1/obligations", get(api::obligations))
        .route("/v1/schema", get(api::schema))
        .route("/v1/policy", get(api::policy))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .route("/openapi.json", get(openapi))
        // Nothing read by GET needs a body.
        .layer(RequestBodyLimitLayer::new(0));
    one_case
        .merge(batch)
        .merge(reads)
        .merge(interview)
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                .layer(CatchPanicLayer::custom(|_| {
                    tracing::error!("a request panicked; this is a bug in Ward");
                    StatusCode::INTERNAL_SERVER_ERROR.into_response()
                }))
                .layer(middleware::from_fn_with_state(app.clone(), finish))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    limits.timeout,
                ))
                .layer(ConcurrencyLimitLayer::new(limits.concurrency)),
        )
        .with_state(app)
}

async fn openapi(State(app): State<Arc<App>>) -> Response {
    let policy = app.policy();
    stamped(api::json_text(policy.openapi.clone()), &policy)
}

/// Counts the request, gives an error from a layer (or an unknown route) as a problem
/// detail, and stamps the policy hash on responses a handler did not stamp.
async fn finish(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "other".into());
    // The body limit this request was held to, for a 413's detail.
    let limit = if req.method() == axum::http::Method::GET {
        0
    } else if route == "/v1/batch" {
        app.limits.batch_bytes
    } else {
        app.limits.body_bytes
    };
    let mut r = next.run(req).await;
    let status = r.status();
    let typed = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with(PROBLEM_JSON) || t.starts_with("text/html"));
    if (status.is_client_error() || status.is_server_error()) && !typed {
        let hash = r.headers().get(POLICY_HASH).cloned();
        r = layer_problem(status, &app, limit).into_response();
        if let Some(h) = hash {
            r.headers_mut().insert(POLICY_HASH, h);
        }
    }
    if !r.headers().contains_key(POLICY_HASH)
        && let Ok(v) = HeaderValue::from_str(&app.policy().hash)
    {
        r.headers_mut().insert(POLICY_HASH, v);
    }
    app.metrics
        .record(&route, r.status().as_u16(), start.elapsed());
    r
}

fn layer_problem(status: StatusCode, app: &App, limit: usize) -> Problem {
    match status {
        StatusCode::NOT_FOUND => Problem::not_found("there is no such endpoint; see /openapi.json"),
        StatusCode::METHOD_NOT_ALLOWED => Problem::new(
            status,
            "method-not-allowed",
            "Method not allowed",
            "this endpoint does not take that method; see /openapi.json",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => Problem::new(
            status,
            "too-large",
            "Request body too large",
            if limit == 0 {
                "this endpoint reads no body; send the request without one".to_string()
            } else {
                format!("the body is larger than {limit} bytes, the most this endpoint reads")
            },
        ),
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => Problem::new(
            status,
            "timeout",
            "Timed out",
            format!(
                "the request was not answered within {} ms",
                app.limits.timeout.as_millis()
            ),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Problem::new(
            status,
            "unsupported-media-type",
            "Unsupported media type",
            "send a case as application/json or application/yaml",
        ),
        s if s.is_server_error() => Problem::new(
            status,
            "internal",
            "Internal error",
            "the request could not be answered; this is a bug in Ward",
        ),
        s => Problem::new(
            s,
            "bad-request",
            s.canonical_reason().unwrap_or("Bad request"),
            "the request could not be read",
        ),
    }
}
