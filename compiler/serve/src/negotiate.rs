//! What a request sends and wants: a case body as JSON or YAML by its `Content-Type`, a
//! rendering by its `Accept`, and the query's options. Each refusal is a problem detail.

use axum::http::{HeaderMap, StatusCode, header};
use serde::Deserialize;
use utoipa::IntoParams;
use ward_core::eval::Format;
use ward_core::hir::Instant;

use crate::problem::Problem;

/// The case text of a request body, and how to read it.
pub fn case_body(headers: &HeaderMap, body: &[u8]) -> Result<(String, Format), Problem> {
    let format = match media_type(headers.get(header::CONTENT_TYPE)) {
        None => None,
        Some(m) => match m.as_str() {
            "application/json" => Some(Format::Json),
            "application/yaml" | "application/x-yaml" | "text/yaml" | "text/x-yaml" => {
                Some(Format::Yaml)
            }
            other => {
                return Err(Problem::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "Unsupported media type",
                    format!("a case is sent as application/json or application/yaml, not {other}"),
                ));
            }
        },
    };
    let text = std::str::from_utf8(body).map_err(|e| {
        Problem::bad_request(
            "not-utf8",
            format!(
                "the case is not valid UTF-8 text (at byte {})",
                e.valid_up_to()
            ),
        )
    })?;
    // Without a content type the text says which it is, as for `ward eval -`.
    let format = format.unwrap_or_else(|| sniff(text));
    Ok((text.to_string(), format))
}

fn sniff(text: &str) -> Format {
    let body = text.trim_start_matches('\u{feff}');
    if body.trim_start().starts_with('{')
        && serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok()
    {
        Format::Json
    } else {
        Format::Yaml
    }
}

/// The media type of a header value, lower case, without parameters.
fn media_type(v: Option<&axum::http::HeaderValue>) -> Option<String> {
    let s = v?.to_str().ok()?;
    let m = s.split(';').next()?.trim().to_ascii_lowercase();
    (!m.is_empty()).then_some(m)
}

/// How a report or an explanation is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rendering {
    Json,
    Html,
    Markdown,
}

/// The first rendering `Accept` allows (by quality, then order); JSON when it says nothing.
pub fn rendering(headers: &HeaderMap) -> Result<Rendering, Problem> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Ok(Rendering::Json);
    };
    let mut best: Option<(u16, usize, Rendering)> = None;
    for (i, range) in accept.split(',').enumerate() {
        let mut parts = range.split(';');
        let m = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .filter_map(|q| q.trim().parse::<f32>().ok())
            .next()
            .unwrap_or(1.0);
        let q = (q.clamp(0.0, 1.0) * 1000.0) as u16;
        let r = match m.as_str() {
            "application/json" | "application/*" | "*/*" | "" => Rendering::Json,
            "text/html" | "application/xhtml+xml" | "text/*" => Rendering::Html,
            "text/markdown" => Rendering::Markdown,
            _ => continue,
        };
        if q == 0 {
            continue;
        }
        if best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
            best = Some((q, i, r));
        }
    }
    best.map(|(_, _, r)| r).ok_or_else(|| {
        Problem::new(
            StatusCode::NOT_ACCEPTABLE,
            "not-acceptable",
            "Not acceptable",
            "the answer is given as application/json, text/html or text/markdown",
        )
    })
}

/// The query of `POST /v1/evaluate` and `POST /v1/explain`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EvalQuery {
    /// Evaluate as at this date (ISO 8601, `YYYY-MM-DD`); default: today.
    #[param(format = Date)]
    pub as_of: Option<String>,
    /// Also list the obligations that do not apply (`evaluate` only).
    pub all: Option<bool>,
    /// Apply local exceptions whose review date has passed (the report says so).
    pub allow_expired: Option<bool>,
    /// The obligation to explain (`explain` only).
    pub obligation: Option<String>,
    /// `compact` (`evaluate` only, JSON only): which duties apply, are undetermined or forbid,
    /// grouped by level, and which are overdue — the result line of
    /// `ward eval --batch --format compact`, with the case's hash and date. `full` (the
    /// default): the whole report.
    pub view: Option<View>,
}

/// The shape of `POST /v1/evaluate`'s JSON answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// The report `ward eval --format json` writes.
    #[default]
    Full,
    /// The compact result.
    Compact,
}

/// The query of `POST /v1/next-questions` and `POST /v1/batch`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DateQuery {
    /// Decide as at this date (ISO 8601, `YYYY-MM-DD`); default: today.
    #[param(format = Date)]
    pub as_of: Option<String>,
}

/// The as-of date, or today.
pub fn as_of(text: Option<&str>, today: Instant) -> Result<Instant, Problem> {
    match text {
        None => Ok(today),
        Some(t) => ward_core::time::parse_instant(t).ok_or_else(|| {
            Problem::bad_request(
                "invalid-date",
                format!("`{t}` is not a date; write it as YYYY-MM-DD"),
            )
        }),
    }
}

/// A query string into `T`, refusing unknown parameters with a problem.
pub fn query<T: for<'de> Deserialize<'de> + Default>(raw: Option<&str>) -> Result<T, Problem> {
    match raw {
        None | Some("") => Ok(T::default()),
        Some(q) => serde_html_query(q),
    }
}

fn serde_html_query<T: for<'de> Deserialize<'de>>(q: &str) -> Result<T, Problem> {
    // Values arrive as strings; the flags are read as booleans (`true`, `false`).
    let pairs: serde_json::Map<String, serde_json::Value> = form_urlencoded::parse(q.as_bytes())
        .map(|(k, v)| {
            let flag = matches!(k.as_ref(), "all" | "allow_expired");
            let v = match v.as_ref() {
                "true" if flag => serde_json::Value::Bool(true),
                "false" if flag => serde_json::Value::Bool(false),
                s => serde_json::Value::String(s.to_string()),
            };
            (k.into_owned(), v)
        })
        .collect();
    serde_json::from_value(serde_json::Value::Object(pairs))
        .map_err(|e| Problem::bad_request("invalid-query", format!("the query: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(accept: &str) -> Result<Rendering, u16> {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, accept.parse().unwrap());
        rendering(&h).map_err(|p| p.status)
    }

    #[test]
    fn accept_is_read_by_quality_then_order() {
        assert_eq!(pick("text/html"), Ok(Rendering::Html));
        assert_eq!(pick("text/markdown, text/html"), Ok(Rendering::Markdown));
        assert_eq!(
            pick("text/html;q=0.5, application/json"),
            Ok(Rendering::Json)
        );
        assert_eq!(pick("image/png, */*;q=0.1"), Ok(Rendering::Json));
        assert_eq!(pick("text/html;q=0"), Err(406));
        assert_eq!(pick("image/png"), Err(406));
        assert_eq!(rendering(&HeaderMap::new()).ok(), Some(Rendering::Json));
    }

    #[test]
    fn unknown_query_parameters_and_bad_dates_are_refused() {
        let q: EvalQuery = query(Some("as_of=2026-11-22&all=true")).unwrap();
        assert_eq!(q.all, Some(true));
        assert!(query::<EvalQuery>(Some("bogus=1")).is_err());
        assert!(query::<EvalQuery>(Some("all=maybe")).is_err());
        let today = ward_core::time::parse_instant("2026-11-22").unwrap();
        assert!(as_of(Some("22 Nov"), today).is_err());
        assert_eq!(as_of(None, today).ok(), Some(today));
    }
}
