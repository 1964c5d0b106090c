//! The web interview at `/`: `ward ask` in a browser, one question per page, as plain HTML
//! forms that work without JavaScript. It keeps nothing on the server: the answers so far
//! travel in hidden fields ([`trail`]) and every POST replays them through
//! `ward_core::interview::session::Session`, the state machine `ward ask` drives, so replicas
//! behind any load balancer can answer any step. It ends with the decision record
//! `POST /v1/evaluate` renders for `text/html`, and the case downloads as the YAML `ward ask`
//! writes.
//!
//! Routes: `GET /` (start), `POST /interview` (one step: `action` = `start`, `answer`,
//! `dont_know` or `back`), `POST /interview/case.yaml` (the answers as a case file). They are
//! HTML form routes, not part of the JSON API, so the OpenAPI document leaves them out.

pub mod answer;
pub mod page;
pub mod trail;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ward_core::eval::Format;
use ward_core::interview::yaml;

use crate::api::{self, Read, stamped};
use crate::policy::Policy;
use crate::state::App;
use trail::{Replayed, Tampered, Trail};

fn html(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

fn tampered(policy: &Policy, t: Tampered) -> Response {
    html(
        StatusCode::BAD_REQUEST,
        page::problem(policy, "The form could not be read", &t.0),
    )
}

fn fields(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// `GET /`: the start page (`?as_of=YYYY-MM-DD` fills in the date).
pub async fn start(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    let policy = app.policy();
    let q = fields(q.unwrap_or_default().as_bytes());
    let body = page::start(&policy, field(&q, "as_of"), "", &[]);
    stamped(html(StatusCode::OK, body), &policy)
}

/// The YAML case the answers so far make, with `ward ask`'s kind of header (and the starting
/// case's `meta:` block). The decision record is made from this very text, so the record's
/// case hash is the downloaded file's.
fn case_yaml(policy: &Policy, r: &Replayed<'_>) -> String {
    let date = ward_core::time::format_instant(r.as_of);
    let mut header = vec![format!(
        "A case written by the Ward web interview as at {date}: each answer is under its question."
    )];
    if r.pending.is_some() {
        header.push("Unfinished: paste it into the interview to go on from here.".into());
    }
    header.push(format!(
        "`ward eval case.yaml --as-of {date}` gives the decision record; null means not known."
    ));
    let mut text: String = header.iter().map(|h| format!("# {h}\n")).collect();
    text.push_str(&yaml::meta_block(r.meta.as_ref()));
    text.push_str(&yaml::write_case(
        &policy.prog,
        r.session.case(),
        r.session.declined(),
        &[],
    ));
    text
}

/// The page for where a replayed interview stands: its next question, or the record.
fn current(policy: &Policy, trail: &Trail, r: &Replayed<'_>) -> Response {
    let Some(p) = &r.pending else {
        let text = case_yaml(policy, r);
        let case = match ward_core::eval::case::load(&policy.prog, &text, Format::Yaml) {
            Ok(c) => c,
            Err(e) => {
                let detail: Vec<String> = e.iter().map(|e| e.to_string()).collect();
                return html(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    page::problem(
                        policy,
                        "The case written does not read back",
                        &format!("this is a bug in Ward: {}", detail.join("; ")),
                    ),
                );
            }
        };
        let read = Read {
            case,
            text,
            format: Format::Yaml,
        };
        return match api::report_of(policy, &read, r.as_of, false, false) {
            Ok((rep, _)) => {
                let record = ward_core::report::templates::html(&rep);
                html(
                    StatusCode::OK,
                    page::finish(&record, trail, r.session.answered()),
                )
            }
            Err(p) => html(
                StatusCode::UNPROCESSABLE_ENTITY,
                page::problem(policy, &p.title, &p.detail),
            ),
        };
    };
    html(
        StatusCode::OK,
        page::step(policy, trail, &r.session, p, r.as_of, None, &[]),
    )
}

/// One step, decided off the async workers (a replay asks the query once per answer).
fn step(policy: &Policy, today: ward_core::hir::Instant, body: &[u8]) -> Response {
    let f = fields(body);
    let action = field(&f, "action");
    if action == "start" {
        let mut trail = Trail {
            as_of: field(&f, "as_of").trim().to_string(),
            start: field(&f, "case").to_string(),
            answers: vec![],
        };
        let mut errors = match trail.start_case(policy) {
            Ok(_) => vec![],
            Err(e) => e,
        };
        if trail.date(today).is_err() {
            errors.insert(
                0,
                format!("The date `{}` is not a date as YYYY-MM-DD", trail.as_of),
            );
        }
        if !errors.is_empty() {
            let body = page::start(policy, &trail.as_of, &trail.start, &errors);
            return html(StatusCode::UNPROCESSABLE_ENTITY, body);
        }
        // The pasted text is carried as it is, so its comments and `meta:` survive.
        trail.start = trail.start.trim_start_matches('\u{feff}').to_string();
        return match trail.replay(policy, today) {
            Ok(r) => current(policy, &trail, &r),
            Err(t) => tampered(policy, t),
        };
    }
    let mut trail = match Trail::from_form(&f) {
        Ok(t) => t,
        Err(t) => return tampered(policy, t),
    };
    match action {
        "back" => {
            if trail.answers.pop().is_none() {
                let body = page::start(policy, &trail.as_of, &trail.start, &[]);
                return html(StatusCode::OK, body);
            }
            match trail.replay(policy, today) {
                Ok(r) => current(policy, &trail, &r),
                Err(t) => tampered(policy, t),
            }
        }
        "answer" | "dont_know" => {
            let mut r = match trail.replay(policy, today) {
                Ok(r) => r,
                Err(t) => return tampered(policy, t),
            };
            let Some(p) = r.pending.clone() else {
                return tampered(
                    policy,
                    Tampered("an answer was sent after the interview ended".into()),
                );
            };
            let to = field(&f, "for");
            if to != p.question.path {
                return tampered(
                    policy,
                    Tampered(format!(
                        "the answer is to `{to}`, but the question at this step is `{}`",
                        p.question.path
                    )),
                );
            }
            let reshow = |r: &Replayed<'_>, e: answer::FieldError| {
                html(
                    StatusCode::OK,
                    page::step(policy, &trail, &r.session, &p, r.as_of, Some(&e), &f),
                )
            };
            let reply = match answer::reply(&p, &f, action == "dont_know") {
                Ok(reply) => reply,
                Err(e) => return reshow(&r, e),
            };
            if let Err(m) = r.session.answer(&p, reply.clone()) {
                let target = match answer::control(&p) {
                    answer::Control::Date => "answer-day",
                    _ => "answer",
                };
                return reshow(&r, answer::FieldError { target, message: m });
            }
            r.pending = r.session.next();
            trail.answers.push((p.question.path.clone(), reply));
            current(policy, &trail, &r)
        }
        other => tampered(
            policy,
            Tampered(format!(
                "the action `{other}` is not one of start, answer, dont_know, back"
            )),
        ),
    }
}

/// `POST /interview`: one step of the interview.
pub async fn interview(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let policy = app.policy();
    let p = policy.clone();
    let today = app.today();
    let r = crate::work::blocking(&app.work, move || Ok(step(&p, today, &body)))
        .await
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
    stamped(r, &policy)
}

/// The case file for the answers in a form.
fn case_file(policy: &Policy, today: ward_core::hir::Instant, body: &[u8]) -> Response {
    let f = fields(body);
    let r = match Trail::from_form(&f).and_then(|t| {
        let r = t.replay(policy, today)?;
        Ok(case_yaml(policy, &r))
    }) {
        Ok(text) => text,
        Err(t) => return tampered(policy, t),
    };
    let mut resp = r.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/yaml"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=case.yaml"),
    );
    resp
}

/// `POST /interview/case.yaml`: the answers so far as a case file, to keep or to go on from.
pub async fn download(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let policy = app.policy();
    let p = policy.clone();
    let today = app.today();
    let r = crate::work::blocking(&app.work, move || Ok(case_file(&p, today, &body)))
        .await
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
    stamped(r, &policy)
}

/// Errors from the layers on the interview's routes (a body over the limit) as an HTML page
/// rather than the API's problem+json: a person with a browser sent them.
pub async fn html_errors(State(app): State<Arc<App>>, r: Response) -> Response {
    let status = r.status();
    let is_html = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error()) || is_html {
        return r;
    }
    let policy = app.policy();
    let (title, detail) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            "Too much to send".to_string(),
            format!(
                "the form is larger than {} bytes, the most this service reads; start from a smaller case",
                app.limits.body_bytes
            ),
        ),
        s => (
            s.canonical_reason().unwrap_or("Error").to_string(),
            "the form could not be read".to_string(),
        ),
    };
    stamped(
        html(status, page::problem(&policy, &title, &detail)),
        &policy,
    )
}
