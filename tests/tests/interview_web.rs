//! The web interview of `ward serve` (`GET /`, `POST /interview`, `POST /interview/case.yaml`)
//! over real HTTP: a whole interview answered from an example case by form posts, each step
//! checked against the session `ward ask` drives, ending with the decision record and a YAML
//! download that evaluates to the example's report; and Back, answer errors, tampered hidden
//! fields, a bad pasted case and an oversized form.

use serde_json::Value;
use ward_core::eval::{Format, case};
use ward_core::interview::Answer;
use ward_core::interview::replay::reply_from;
use ward_core::interview::reply::Reply;
use ward_core::interview::session::{Pending, Session};
use ward_serve::Limits;
use ward_tests::AS_OF;

use crate::serve::{Server, case as example, post, request, small, start};

/// A form body from fields.
fn form(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish().into_bytes()
}

fn send(s: &Server, path: &str, fields: &[(&str, &str)]) -> crate::serve::Reply {
    post(s, path, "application/x-www-form-urlencoded", &form(fields))
}

/// The value of a hidden input in a page, unescaped.
fn hidden(page: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let Some(at) = page.find(&key) else {
        panic!("no hidden field {name} in the page")
    };
    let rest = &page[at + key.len()..];
    let raw = &rest[..rest.find('"').unwrap()];
    raw.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The path of the question a step page puts (`None` on the record).
fn asked(page: &str) -> Option<String> {
    let at = page.find("data-path=\"")?;
    let rest = &page[at + 11..];
    Some(rest[..rest.find('"')?].to_string())
}

/// The form fields a person fills in to give `reply` to `p`.
fn fields_for(p: &Pending, reply: &Reply) -> Vec<(String, String)> {
    let f = |k: &str, v: &str| (k.to_string(), v.to_string());
    let mut out = vec![f("for", &p.question.path)];
    match reply {
        Reply::DontKnow => {
            let radios = p.another.is_some()
                || matches!(
                    p.question.answer,
                    Answer::Boolean
                        | Answer::Choice { .. }
                        | Answer::Records { .. }
                        | Answer::Presence { .. }
                );
            if radios {
                out.push(f("value", "?"));
                out.push(f("action", "answer"));
            } else {
                out.push(f("action", "dont_know"));
            }
            return out;
        }
        Reply::Yes => out.push(f("value", "yes")),
        Reply::No => out.push(f("value", "no")),
        Reply::Choice(c) => out.push(f("value", c)),
        Reply::Choices(cs) if cs.is_empty() => out.push(f("value", "-")),
        Reply::Choices(cs) => out.extend(cs.iter().map(|c| f("value", c))),
        Reply::Text(t) if p.question.answer == Answer::Date => {
            let (date, time) = t.split_once('T').unwrap_or((t, ""));
            let mut d = date.split('-');
            let (y, m, day) = (d.next().unwrap(), d.next().unwrap(), d.next().unwrap());
            out.extend([f("day", day), f("month", m), f("year", y)]);
            out.push(f("time", time.trim_end_matches('Z')));
        }
        Reply::Text(t) => out.push(f("value", t)),
        Reply::Back => out.push(f("action", "back")),
    }
    out.push(f("action", "answer"));
    out
}

fn obligations(report: &Value) -> Vec<(String, String, String, String)> {
    report["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let s = |k: &str| o[k].as_str().unwrap_or("").to_string();
            (s("id"), s("status"), s("level"), s("due"))
        })
        .collect()
}

fn walk(s: &Server, name: &str) {
    let policy = s.app.policy();
    let prog = &policy.prog;
    let text = String::from_utf8(example(name)).unwrap();
    let format = if name.ends_with(".json") {
        Format::Json
    } else {
        Format::Yaml
    };
    let full = case::load(prog, &text, format).unwrap();
    let as_of = ward_core::time::parse_instant(AS_OF).unwrap();
    let mut session = Session::new(prog, case::Case::empty(prog), vec![], as_of);
    let mut page = send(s, "/interview", &[("action", "start"), ("as_of", AS_OF)]);
    let mut steps = 0;
    while let Some(path) = asked(&page.body) {
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.header("ward-policy-hash"), Some(policy.hash.as_str()));
        let p = session.next().expect("the session has a question too");
        assert_eq!(path, p.question.path, "step {steps}");
        let mut reply = reply_from(prog, &full, &p);
        if session.answer(&p, reply.clone()).is_err() {
            reply = Reply::DontKnow;
            session.answer(&p, Reply::DontKnow).unwrap();
        }
        let mut fields = fields_for(&p, &reply);
        for k in ["as_of", "start", "answers"] {
            fields.push((k.to_string(), hidden(&page.body, k)));
        }
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        page = send(s, "/interview", &borrowed);
        steps += 1;
        assert!(steps < 500, "the interview does not end");
    }
    assert!(session.next().is_none(), "the web interview ended early");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Your interview"), "{}", page.body);
    assert!(page.body.contains("id=\"summary\""), "the decision record");
    let keep: Vec<(String, String)> = ["as_of", "start", "answers"]
        .iter()
        .map(|k| (k.to_string(), hidden(&page.body, k)))
        .collect();
    let borrowed: Vec<(&str, &str)> = keep.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let yaml = send(s, "/interview/case.yaml", &borrowed);
    assert_eq!(yaml.status, 200, "{}", yaml.body);
    assert_eq!(yaml.header("content-type"), Some("application/yaml"));
    assert_eq!(
        yaml.header("content-disposition"),
        Some("attachment; filename=case.yaml")
    );
    assert_eq!(yaml.header("ward-policy-hash"), Some(policy.hash.as_str()));
    // The file reads back as a case, and decides what the example decides.
    case::load(prog, &yaml.body, Format::Yaml).expect("the download is a valid case");
    let path = format!("/v1/evaluate?as_of={AS_OF}");
    let mine = post(s, &path, "application/yaml", yaml.body.as_bytes()).json();
    let theirs = post(s, &path, "application/yaml", text.as_bytes()).json();
    assert_eq!(obligations(&mine), obligations(&theirs), "{name}");
    // The record on the last page is the one made from the downloaded text.
    let hash = mine["case_hash"].as_str().unwrap();
    assert!(
        page.body.contains(hash),
        "the record names the downloaded file's hash"
    );
}

#[test]
fn an_interview_by_form_posts_decides_what_the_example_decides() {
    let s = start("policies/trust", Limits::default());
    walk(&s, "english-trust-ai-imaging-pilot.yaml");
    walk(&s, "northern-ireland-developer-insulin-app.json");
}

#[test]
fn back_errors_and_tampered_fields() {
    let s = start("policies/trust", small());
    let hash = s.app.policy().hash.clone();
    let home = request(&s, "GET", "/?as_of=2026-11-22", &[], b"");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("<html lang=\"en-GB\">"));
    assert!(home.body.contains("value=\"2026-11-22\""));
    assert_eq!(home.header("ward-policy-hash"), Some(hash.as_str()));

    let first = send(&s, "/interview", &[("action", "start"), ("as_of", AS_OF)]);
    let q1 = asked(&first.body).unwrap();
    let answers = hidden(&first.body, "answers");
    assert_eq!(answers, "[]");

    // Nothing chosen: the step again, with an error summary and the message tied to the field.
    let none = send(
        &s,
        "/interview",
        &[
            ("action", "answer"),
            ("for", &q1),
            ("answers", "[]"),
            ("as_of", AS_OF),
        ],
    );
    assert_eq!(none.status, 200);
    assert_eq!(asked(&none.body).as_deref(), Some(q1.as_str()));
    assert!(none.body.contains("class=\"error-summary\""));
    assert!(none.body.contains("id=\"answer-error\""));
    assert!(none.body.contains("aria-describedby=\"answer-error\""));
    assert!(none.body.contains("<title>Error: Question 1"));

    // "I don't know", then Back: the first question again, with no answers.
    let dk = send(
        &s,
        "/interview",
        &[
            ("action", "dont_know"),
            ("for", &q1),
            ("answers", "[]"),
            ("as_of", AS_OF),
        ],
    );
    let q2 = asked(&dk.body).unwrap();
    assert_ne!(q1, q2);
    let after = hidden(&dk.body, "answers");
    assert!(after.contains("dont_know"), "{after}");
    let back = send(
        &s,
        "/interview",
        &[("action", "back"), ("answers", &after), ("as_of", AS_OF)],
    );
    assert_eq!(asked(&back.body).as_deref(), Some(q1.as_str()));
    assert_eq!(hidden(&back.body, "answers"), "[]");
    // Back from the first question is the start page.
    let home = send(&s, "/interview", &[("action", "back"), ("answers", "[]")]);
    assert!(home.body.contains("<title>Start"));

    // Tampered hidden fields: a 400 page, in HTML, naming what was wrong.
    let wrong_path = format!("[[\"{q2}\",\"dont_know\"]]");
    // The last of each: whether the hidden fields themselves are bad (the download refuses them too).
    for (fields, says, hidden_bad) in [
        (
            vec![("action", "back"), ("answers", "[[")],
            "not a JSON array",
            true,
        ),
        (
            vec![("action", "back"), ("answers", "[[\"x\",\"perhaps\"],[]]")],
            "the kind `perhaps`",
            true,
        ),
        (
            vec![("action", "answer"), ("answers", &wrong_path), ("for", &q1)],
            "answer 1 is to",
            true,
        ),
        (
            vec![("action", "answer"), ("answers", "[]"), ("for", "nope")],
            "the answer is to `nope`",
            false,
        ),
        (
            vec![("action", "answer"), ("answers", "[]"), ("as_of", "soon")],
            "the date `soon`",
            true,
        ),
        (vec![("action", "jump")], "the action `jump`", false),
        (
            vec![("action", "answer"), ("start", "organisation: 3\n")],
            "starting case",
            true,
        ),
    ] {
        let r = send(&s, "/interview", &fields);
        assert_eq!(r.status, 400, "{fields:?}: {}", r.body);
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        assert_eq!(r.header("ward-policy-hash"), Some(hash.as_str()));
        assert!(r.body.contains(says), "{says}: {}", r.body);
        let d = send(&s, "/interview/case.yaml", &fields);
        assert_eq!(d.status == 400, hidden_bad, "{fields:?}: {}", d.body);
    }

    // A pasted case that is not valid: the start page again, the problem named.
    let bad = send(
        &s,
        "/interview",
        &[
            ("action", "start"),
            ("case", "organisation:\n  nation: atlantis\n"),
        ],
    );
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("There is a problem"));
    assert!(bad.body.contains("atlantis"));
    // A good one: its answers are not asked again.
    let pasted = send(
        &s,
        "/interview",
        &[
            ("action", "start"),
            ("as_of", AS_OF),
            ("case", "organisation:\n  roles: [adopter]\n"),
        ],
    );
    assert_eq!(pasted.status, 200);
    assert_ne!(asked(&pasted.body).as_deref(), Some("organisation.roles"));

    // Over the body limit: an HTML page, not the API's JSON.
    let big = vec![b'a'; 70 * 1024];
    let r = post(&s, "/interview", "application/x-www-form-urlencoded", &big);
    assert_eq!(r.status, 413);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.contains("Too much to send"));
}
