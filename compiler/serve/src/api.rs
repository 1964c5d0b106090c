//! The `/v1` queries. Each handler takes the policy in use once, reads the request, asks the
//! same `ward_core` queries `ward eval`, `ward explain` and `ward ask` ask, and answers with
//! that policy's hash. Nothing here evaluates or ranks anything itself.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use ward_core::eval::case::{self, Case};
use ward_core::eval::{Format, Options};
use ward_core::hir::Instant;
use ward_core::report::{self, Report};

use crate::negotiate::{self, DateQuery, EvalQuery, Rendering, View};
use crate::policy::Policy;
use crate::problem::Problem;
use crate::state::App;

/// The header every response carries: the hash of the policy that answered.
pub const POLICY_HASH: &str = "ward-policy-hash";

/// A response with the hash of the policy it was made with.
pub fn stamped(mut r: Response, policy: &Policy) -> Response {
    if let Ok(v) = HeaderValue::from_str(&policy.hash) {
        r.headers_mut().insert(POLICY_HASH, v);
    }
    r
}

fn with_type(body: String, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

pub fn json_text(body: String) -> Response {
    with_type(body, "application/json")
}

/// A case read from a request body, with its text (for the report's hash and `meta`).
pub struct Read {
    pub case: Case,
    pub text: String,
    pub format: Format,
}

/// Read and check the case in a request body, as `ward eval` reads a case file. JSON goes
/// through the batch's fast loader first (it accepts exactly what the checked loader accepts,
/// without building a document tree); anything it gives up on goes through the checked
/// loader, whose errors are the CLI's.
pub fn read_case(policy: &Policy, headers: &HeaderMap, body: &[u8]) -> Result<Read, Problem> {
    let (text, format) = negotiate::case_body(headers, body)?;
    let fast = (format == Format::Json)
        .then(|| ward_core::eval::fast_json::load(&policy.prog, &text))
        .flatten();
    let case = match fast {
        Some(c) => c,
        None => case::load(&policy.prog, &text, format).map_err(Problem::invalid_case)?,
    };
    Ok(Read { case, text, format })
}

/// Evaluate a case into its report, with everything `ward eval` puts in it.
pub fn report_of(
    policy: &Policy,
    read: &Read,
    as_of: Instant,
    include_all: bool,
    allow_expired: bool,
) -> Result<(Report, ward_core::eval::Outcome), Problem> {
    let meta = report::meta::read(&read.text, read.format).map_err(Problem::invalid_case)?;
    let outcome =
        ward_core::eval::evaluate_opts(&policy.prog, &read.case, as_of, Options { allow_expired });
    let mut rep = report::build(
        &policy.prog,
        &read.case,
        as_of,
        &outcome,
        report::Options { include_all },
    );
    rep.stdlib = Some(policy.stdlib.clone());
    rep.meta = meta;
    rep.case_hash = Some(report::meta::case_hash(read.text.as_bytes()));
    report::guidance::name_documents(&mut rep, policy);
    Ok((rep, outcome))
}

fn answer(policy: &Policy, r: Result<Response, Problem>) -> Response {
    stamped(r.unwrap_or_else(IntoResponse::into_response), policy)
}

/// A value as compact JSON: the same value `ward eval --format json` pretty-prints, without
/// the indentation (a third of a full report's bytes, and of the time spent writing them).
pub fn json_of<T: Serialize>(v: &T) -> Response {
    match serde_json::to_vec(v) {
        Ok(b) => {
            let mut r = Bytes::from(b).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            r
        }
        Err(e) => Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
            format!("the answer could not be written: {e}"),
        )
        .into_response(),
    }
}

/// Evaluate a case: its report as JSON (or, with `view=compact`, the compact result), or its
/// decision record as HTML or Markdown.
#[utoipa::path(post, path = "/v1/evaluate", tag = "decisions", params(EvalQuery),
    request_body(description = "A case, as `ward eval` reads a case file", content(
        (crate::openapi::CaseRef = "application/json"),
        (String = "application/yaml"))),
    responses(
        (status = 200, description = "The report (JSON; `view=compact`: the compact result), or the decision record",
            content((crate::openapi::ReportDoc = "application/json"), (String = "text/html"), (String = "text/markdown"))),
        (status = "4XX", description = "The request or its case is not valid", body = Problem, content_type = "application/problem+json")))]
pub async fn evaluate(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let policy = app.policy();
    let p = policy.clone();
    let today = app.today();
    let r = crate::work::blocking(&app.work, move || {
        let q: EvalQuery = negotiate::query(q.as_deref())?;
        if q.obligation.is_some() {
            return Err(Problem::bad_request(
                "invalid-query",
                "`obligation` is a parameter of /v1/explain",
            ));
        }
        let rendering = negotiate::rendering(&headers)?;
        let as_of = negotiate::as_of(q.as_of.as_deref(), today)?;
        let allow_expired = q.allow_expired.unwrap_or(false);
        if q.view == Some(View::Compact) {
            if rendering != Rendering::Json {
                return Err(Problem::new(
                    StatusCode::NOT_ACCEPTABLE,
                    "not-acceptable",
                    "Not acceptable",
                    "the compact view is given as application/json only",
                ));
            }
            if q.all.is_some() {
                return Err(Problem::bad_request(
                    "invalid-query",
                    "`all` lists duties in the full report; the compact view lists only those that apply, are undetermined or forbid",
                ));
            }
            return crate::compact::answer(&p, &headers, &body, as_of, allow_expired);
        }
        let read = read_case(&p, &headers, &body)?;
        let (rep, _) = report_of(&p, &read, as_of, q.all.unwrap_or(false), allow_expired)?;
        Ok(match rendering {
            Rendering::Json => json_of(&rep),
            Rendering::Html => with_type(report::templates::html(&rep), "text/html; charset=utf-8"),
            Rendering::Markdown => with_type(
                report::templates::markdown(&rep),
                "text/markdown; charset=utf-8",
            ),
        })
    })
    .await;
    if r.is_ok() {
        app.metrics.evaluated(1);
    }
    answer(&policy, r)
}

/// Why one duty applies, does not apply, or is undetermined (`ward explain`).
#[utoipa::path(post, path = "/v1/explain", tag = "decisions", params(EvalQuery),
    request_body(description = "A case", content(
        (crate::openapi::CaseRef = "application/json"),
        (String = "application/yaml"))),
    responses(
        (status = 200, description = "The explanation",
            content((crate::openapi::ExplanationDoc = "application/json"), (String = "text/html"), (String = "text/markdown"))),
        (status = "4XX", description = "No such obligation, or the case is not valid", body = Problem, content_type = "application/problem+json")))]
pub async fn explain(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let policy = app.policy();
    let p = policy.clone();
    let today = app.today();
    let r = crate::work::blocking(&app.work, move || {
        let q: EvalQuery = negotiate::query(q.as_deref())?;
        let rendering = negotiate::rendering(&headers)?;
        if q.view.is_some() {
            return Err(Problem::bad_request(
                "invalid-query",
                "`view` is a parameter of /v1/evaluate",
            ));
        }
        let Some(id) = q.obligation.clone() else {
            return Err(Problem::bad_request(
                "invalid-query",
                "name the duty to explain: `?obligation=ID` (GET /v1/obligations lists them)",
            ));
        };
        let as_of = negotiate::as_of(q.as_of.as_deref(), today)?;
        let read = read_case(&p, &headers, &body)?;
        let (rep, outcome) = report_of(&p, &read, as_of, true, q.allow_expired.unwrap_or(false))?;
        let mut e = report::explain::explain(&p.prog, &read.case, as_of, &outcome, &rep, &id)
            .map_err(|u| {
                let help = u
                    .suggestion
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| "GET /v1/obligations lists every obligation id".into());
                Problem::not_found(format!("there is no obligation `{}`; {help}", u.id))
            })?;
        report::guidance::name_and_quote(&mut e, &*p);
        Ok(match rendering {
            Rendering::Json => json_of(&e),
            Rendering::Html => with_type(
                report::templates::explain_html(&e),
                "text/html; charset=utf-8",
            ),
            Rendering::Markdown => with_type(
                report::templates::explain_markdown(&e),
                "text/markdown; charset=utf-8",
            ),
        })
    })
    .await;
    if r.is_ok() {
        app.metrics.evaluated(1);
    }
    answer(&policy, r)
}

/// The questions worth asking next about a partial case, best first, with its progress.
/// Facts given as `null` count as answered "don't know" and are not asked again.
#[utoipa::path(post, path = "/v1/next-questions", tag = "interview", params(DateQuery),
    request_body(description = "A partial case (an empty body is an empty case)", content(
        (crate::openapi::CaseRef = "application/json"),
        (String = "application/yaml"))),
    responses(
        (status = 200, description = "Ranked questions and progress", body = crate::openapi::NextQuestionsDoc),
        (status = "4XX", description = "The case is not valid", body = Problem, content_type = "application/problem+json")))]
pub async fn next_questions(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let policy = app.policy();
    let p = policy.clone();
    let today = app.today();
    let r = crate::work::blocking(&app.work, move || {
        let q: DateQuery = negotiate::query(q.as_deref())?;
        let as_of = negotiate::as_of(q.as_of.as_deref(), today)?;
        let (case, declined) = if body.iter().all(u8::is_ascii_whitespace) {
            (Case::empty(&p.prog), vec![])
        } else {
            let read = read_case(&p, &headers, &body)?;
            let declined = ward_core::interview::yaml::declined_in(&read.text, read.format);
            (read.case, declined)
        };
        let next = ward_core::interview::next_questions(&p.prog, &case, as_of, &declined);
        Ok(json_of(&next))
    })
    .await;
    if r.is_ok() {
        app.metrics.evaluated(1);
    }
    answer(&policy, r)
}

/// One obligation the policy can conclude.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObligationSummary {
    pub id: String,
    pub title: String,
    /// Who holds the duty (`organisation`, `developer`, …).
    pub held_by: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub doc: String,
    /// The module that declares it.
    pub module: String,
    /// The levels its rules state (`required`, `best_practice`, …), strongest first.
    pub levels: Vec<&'static str>,
}

/// Every obligation the policy can conclude.
#[utoipa::path(get, path = "/v1/obligations", tag = "policy",
    responses((status = 200, description = "The obligations", body = Vec<ObligationSummary>)))]
pub async fn obligations(State(app): State<Arc<App>>) -> Response {
    let policy = app.policy();
    let prog = &policy.prog;
    let list: Vec<ObligationSummary> = prog
        .obligations
        .iter()
        .map(|o| {
            let mut levels: Vec<&'static str> = Vec::new();
            for &r in &o.rules {
                let l = report::level_str(prog.rules[r as usize].level);
                if !levels.contains(&l) {
                    levels.push(l);
                }
            }
            ObligationSummary {
                id: o.id.clone(),
                title: o.title.clone(),
                held_by: o.held_by.clone(),
                doc: o.doc.clone(),
                module: prog
                    .modules
                    .get(o.module as usize)
                    .map(|m| m.name.clone())
                    .unwrap_or_default(),
                levels,
            }
        })
        .collect();
    answer(&policy, Ok(json_of(&list)))
}

/// The JSON Schema (2020-12) of case files for this policy (`ward schema`).
#[utoipa::path(get, path = "/v1/schema", tag = "policy",
    responses((status = 200, description = "The case schema", body = Object, content_type = "application/schema+json")))]
pub async fn schema(State(app): State<Arc<App>>) -> Response {
    let policy = app.policy();
    let text = serde_json::to_string(&policy.schema).unwrap_or_default();
    answer(&policy, Ok(with_type(text, "application/schema+json")))
}

/// The packages the policy is made of, with versions and hashes.
#[utoipa::path(get, path = "/v1/policy", tag = "policy",
    responses((status = 200, description = "The policy", body = crate::policy::PolicyInfo)))]
pub async fn policy(State(app): State<Arc<App>>) -> Response {
    let policy = app.policy();
    answer(&policy, Ok(json_of(&policy.info)))
}

pub fn date_query(raw: Option<&str>, today: Instant) -> Result<Instant, Problem> {
    let q: DateQuery = negotiate::query(raw)?;
    negotiate::as_of(q.as_of.as_deref(), today)
}
