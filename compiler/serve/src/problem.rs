//! Errors as RFC 9457 problem details (`application/problem+json`). A case that is not valid
//! gives the same field paths, messages and help the command line prints for a case file.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use ward_core::eval::case::CaseError;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem detail (RFC 9457).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:ward:problem:invalid-case`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// For an invalid case: each problem with its field path, as `ward eval` lists them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// One problem with a case, at a field path (`technology.risk_class`; empty for the whole case).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FieldError {
    pub path: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl From<CaseError> for FieldError {
    fn from(e: CaseError) -> FieldError {
        FieldError {
            path: e.path,
            message: e.message,
            help: e.help,
        }
    }
}

impl Problem {
    pub fn new(status: StatusCode, kind: &str, title: &str, detail: impl Into<String>) -> Problem {
        Problem {
            kind: format!("urn:ward:problem:{kind}"),
            title: title.into(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: vec![],
        }
    }

    /// The case did not load: every problem, with the count the CLI gives.
    pub fn invalid_case(errors: Vec<CaseError>) -> Problem {
        let count = if errors.len() > ward_core::limits::MAX_CASE_ERRORS {
            format!("more than {} problems", ward_core::limits::MAX_CASE_ERRORS)
        } else if errors.len() == 1 {
            "1 problem".to_string()
        } else {
            format!("{} problems", errors.len())
        };
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-case",
            "The case is not valid",
            format!("the request body does not describe a valid case ({count})"),
        );
        p.errors = errors.into_iter().map(FieldError::from).collect();
        p
    }

    pub fn bad_request(kind: &str, detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, kind, "Bad request", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found", detail)
    }

    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::to_string(&self).unwrap_or_default();
        let mut r = (status, body).into_response();
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        r
    }
}
