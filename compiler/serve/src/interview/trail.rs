//! The interview's state, carried in the form rather than kept on the server: the date, the
//! case it started from (pasted, possibly empty) and every answer given so far, each with the
//! path of the question it answered. Each request replays the answers through the same
//! [`Session`] `ward ask` drives, so any replica can answer any step, and a step is exactly
//! the step the terminal interview would reach with the same answers.
//!
//! The hidden fields are the person's own data coming back, so they are read as untrusted: a
//! field that does not parse, an answer to a question that is not the one the replay reaches,
//! or an answer the session refuses is a [`Tampered`] naming what was wrong (a 400 page),
//! never a panic.

use serde_json::Value as Json;
use ward_core::eval::Format;
use ward_core::eval::case::{self, Case};
use ward_core::hir::Instant;
use ward_core::interview::reply::Reply;
use ward_core::interview::session::{Pending, Session};
use ward_core::interview::yaml;

use crate::policy::Policy;

/// Hidden form fields that do not describe an interview of this policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tampered(pub String);

/// What the hidden fields carry.
#[derive(Debug, Clone, Default)]
pub struct Trail {
    /// `YYYY-MM-DD`, or empty for today.
    pub as_of: String,
    /// The case the interview started from (YAML or JSON; empty: an empty case).
    pub start: String,
    /// Each answer, with the path of the question it answered.
    pub answers: Vec<(String, Reply)>,
}

/// A replayed interview: the session after every answer, and the question it puts now.
pub struct Replayed<'p> {
    pub session: Session<'p>,
    pub pending: Option<Pending>,
    pub as_of: Instant,
    /// The `meta:` block of the starting case, kept in the case written.
    pub meta: Option<ward_core::report::meta::Meta>,
}

impl Trail {
    /// Read the hidden fields of a form (`as_of`, `start`, `answers`).
    pub fn from_form(fields: &[(String, String)]) -> Result<Trail, Tampered> {
        let get = |k: &str| {
            fields
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.as_str())
                .unwrap_or("")
        };
        let answers = match get("answers").trim() {
            "" => vec![],
            text => decode(text)?,
        };
        Ok(Trail {
            as_of: get("as_of").trim().to_string(),
            start: get("start").to_string(),
            answers,
        })
    }

    /// The `answers` field: a JSON array of `[path, kind, values…]`.
    pub fn answers_field(&self) -> String {
        let items: Vec<Json> = self
            .answers
            .iter()
            .map(|(path, r)| {
                let mut item = vec![Json::from(path.as_str())];
                let (kind, values): (&str, Vec<String>) = match r {
                    Reply::DontKnow => ("dont_know", vec![]),
                    Reply::Back => ("back", vec![]),
                    Reply::Yes => ("yes", vec![]),
                    Reply::No => ("no", vec![]),
                    Reply::Choice(c) => ("choice", vec![c.clone()]),
                    Reply::Choices(cs) => ("choices", cs.clone()),
                    Reply::Text(t) => ("text", vec![t.clone()]),
                };
                item.push(Json::from(kind));
                item.extend(values.into_iter().map(Json::from));
                Json::Array(item)
            })
            .collect();
        Json::Array(items).to_string()
    }

    /// The date the interview decides as at.
    pub fn date(&self, today: Instant) -> Result<Instant, Tampered> {
        if self.as_of.is_empty() {
            return Ok(today);
        }
        ward_core::time::parse_instant(&self.as_of)
            .ok_or_else(|| Tampered(format!("the date `{}` is not YYYY-MM-DD", self.as_of)))
    }

    /// The starting case and its "don't know" answers; `Err` lists what is wrong with it.
    pub fn start_case(&self, policy: &Policy) -> Result<(Case, Vec<String>), Vec<String>> {
        if self.start.trim().is_empty() {
            return Ok((Case::empty(&policy.prog), vec![]));
        }
        let format = sniff(&self.start);
        match case::load(&policy.prog, &self.start, format) {
            Ok(c) => Ok((c, yaml::declined_in(&self.start, format))),
            Err(errors) => Err(errors.into_iter().map(|e| e.to_string()).collect()),
        }
    }

    /// Replay every answer through a session, checking each answers the question the replay
    /// reaches.
    pub fn replay<'p>(&self, policy: &'p Policy, today: Instant) -> Result<Replayed<'p>, Tampered> {
        let as_of = self.date(today)?;
        let (start, declined) = self.start_case(policy).map_err(|errors| {
            Tampered(format!(
                "the starting case is not valid: {}",
                errors.join("; ")
            ))
        })?;
        let meta = ward_core::report::meta::read(&self.start, sniff(&self.start))
            .ok()
            .flatten();
        let mut session = Session::new(&policy.prog, start, declined, as_of);
        for (n, (path, reply)) in self.answers.iter().enumerate() {
            let Some(p) = session.next() else {
                return Err(Tampered(format!(
                    "answer {} (to `{path}`) comes after the interview ended",
                    n + 1
                )));
            };
            if &p.question.path != path {
                return Err(Tampered(format!(
                    "answer {} is to `{path}`, but the question at that step is `{}` \
                     (the policy may have been reloaded since the interview began)",
                    n + 1,
                    p.question.path
                )));
            }
            if *reply == Reply::Back {
                return Err(Tampered(format!(
                    "answer {} is `back`, not an answer",
                    n + 1
                )));
            }
            session
                .answer(&p, reply.clone())
                .map_err(|m| Tampered(format!("answer {} (to `{path}`): {m}", n + 1)))?;
        }
        let pending = session.next();
        Ok(Replayed {
            session,
            pending,
            as_of,
            meta,
        })
    }
}

/// A case's text is JSON when it reads as a JSON object, else YAML (as `ward eval -` sniffs).
pub fn sniff(text: &str) -> Format {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok() {
        Format::Json
    } else {
        Format::Yaml
    }
}

fn decode(text: &str) -> Result<Vec<(String, Reply)>, Tampered> {
    let bad = |n: usize, what: &str| Tampered(format!("answer {n} in the `answers` field {what}"));
    let Ok(Json::Array(items)) = serde_json::from_str::<Json>(text) else {
        return Err(Tampered(
            "the `answers` field is not a JSON array of answers".into(),
        ));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let Some(parts) = item.as_array() else {
            return Err(bad(n, "is not an array `[path, kind, values…]`"));
        };
        let strings: Option<Vec<&str>> = parts.iter().map(Json::as_str).collect();
        let Some(strings) = strings else {
            return Err(bad(n, "has a part that is not a string"));
        };
        let [path, kind, values @ ..] = strings.as_slice() else {
            return Err(bad(n, "has no path or no kind"));
        };
        let one = || match values {
            [v] => Ok(v.to_string()),
            _ => Err(bad(n, &format!("of kind `{kind}` needs exactly one value"))),
        };
        let none = |r: Reply| match values {
            [] => Ok(r),
            _ => Err(bad(n, &format!("of kind `{kind}` takes no values"))),
        };
        let reply = match *kind {
            "dont_know" => none(Reply::DontKnow)?,
            "yes" => none(Reply::Yes)?,
            "no" => none(Reply::No)?,
            "choice" => Reply::Choice(one()?),
            "text" => Reply::Text(one()?),
            "choices" => Reply::Choices(values.iter().map(|v| v.to_string()).collect()),
            other => {
                return Err(bad(
                    n,
                    &format!(
                        "has the kind `{other}`; the kinds are dont_know, yes, no, choice, choices, text"
                    ),
                ));
            }
        };
        out.push((path.to_string(), reply));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_round_trip_through_the_field() {
        let t = Trail {
            answers: vec![
                (
                    "organisation.nation".into(),
                    Reply::Choice("england".into()),
                ),
                ("technology.markets".into(), Reply::Choices(vec![])),
                ("change".into(), Reply::No),
                ("data.x".into(), Reply::DontKnow),
                ("status.pen_test".into(), Reply::Text("2026-01-02".into())),
            ],
            ..Trail::default()
        };
        let field = t.answers_field();
        assert_eq!(decode(&field).unwrap(), t.answers);
    }

    #[test]
    fn a_malformed_field_says_what_is_wrong() {
        for (text, says) in [
            ("{", "not a JSON array"),
            ("[1]", "answer 1"),
            ("[[\"a\"]]", "no path or no kind"),
            ("[[\"a\",\"maybe\"]]", "the kind `maybe`"),
            ("[[\"a\",\"yes\",\"x\"]]", "takes no values"),
            ("[[\"a\",\"choice\"]]", "exactly one value"),
            ("[[\"a\",\"text\",3]]", "not a string"),
        ] {
            let e = decode(text).unwrap_err();
            assert!(e.0.contains(says), "{text}: {}", e.0);
        }
    }
}
