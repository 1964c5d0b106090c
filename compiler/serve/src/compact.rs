//! `POST /v1/evaluate?view=compact`: the answer for machine clients that act only on which
//! duties apply. The object is the result line `ward eval --batch --format compact` writes
//! (`ward_core::batch::compact_fields`: `applies` and `undetermined` grouped by level, then
//! `forbids`, `overdue` and `lapsed_exceptions` when there is something in them), with the
//! date decided as at and the case's hash where a batch line has its line number:
//!
//! ```json
//! {"as_of":"2026-12-03","case_hash":"sha256:…","applies":{"required":["dpia"]},"undetermined":{}}
//! ```
//!
//! About 2.6 KB instead of the full report's 107 KB, and no report is
//! built: no citations, modules or guidance to assemble and write.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use ward_core::hir::Instant;

use crate::api::read_case;
use crate::policy::Policy;
use crate::problem::Problem;

/// The compact result for the case in `body`; a case that is not valid is the same 422
/// problem the full view gives.
pub fn answer(
    policy: &Policy,
    headers: &HeaderMap,
    body: &[u8],
    as_of: Instant,
    allow_expired: bool,
) -> Result<Response, Problem> {
    let read = read_case(policy, headers, body)?;
    let mut out = String::with_capacity(1024);
    out.push_str("{\"as_of\":\"");
    out.push_str(&ward_core::time::format_instant(as_of));
    out.push_str("\",\"case_hash\":\"");
    out.push_str(&ward_core::report::meta::case_hash(read.text.as_bytes()));
    out.push('"');
    ward_core::batch::compact_fields(&mut out, &policy.prog, &read.case, as_of, allow_expired);
    out.push('}');
    let mut r = Bytes::from(out).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(r)
}
