//! One step's form, both ways: the control a question takes (radios, checkboxes, a date, a
//! text input) and the submitted fields read back into the [`Reply`] `ward ask` would read
//! from a typed line. What the reply does to the case is the session's; a reply it refuses
//! comes back as an error on the step.

use serde::Serialize;
use ward_core::interview::reply::Reply;
use ward_core::interview::session::Pending;
use ward_core::interview::{Answer, Choice};

/// The value of the "I don't know" radio (no enum value is spelt so).
pub const DONT_KNOW: &str = "?";
/// The value of the "None of these" checkbox.
pub const NONE: &str = "-";

/// What is wrong with an answer, and the id of the input the error summary links to.
#[derive(Debug, Clone, Serialize)]
pub struct FieldError {
    pub target: &'static str,
    pub message: String,
}

/// Which control a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Control {
    Radios,
    Checkboxes,
    Date,
    Text,
}

/// One radio or checkbox.
#[derive(Debug, Clone, Serialize)]
pub struct Option_ {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
}

pub fn control(p: &Pending) -> Control {
    if p.another.is_some() {
        return Control::Radios;
    }
    match &p.question.answer {
        Answer::Boolean
        | Answer::Choice { .. }
        | Answer::Records { .. }
        | Answer::Presence { .. } => Control::Radios,
        Answer::MultiChoice { .. } => Control::Checkboxes,
        Answer::Date => Control::Date,
        _ => Control::Text,
    }
}

/// A choice's value as words: `medical_device` → "Medical device".
fn words(value: &str) -> String {
    let s = value.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

fn opt(value: &str, label: &str) -> Option_ {
    Option_ {
        value: value.into(),
        label: label.into(),
        hint: None,
    }
}

/// The radios or checkboxes a question offers, "I don't know" (or "None of these") last.
pub fn options(p: &Pending) -> Vec<Option_> {
    if p.another.is_some() {
        return vec![opt("yes", "Yes, add another"), opt("no", "No, that is all")];
    }
    let dont_know = opt(DONT_KNOW, "I don't know / skip");
    // The enum's values as the person reads them, with their doc comments as hints.
    let offered = |choices: &[Choice]| -> Vec<Option_> {
        choices
            .iter()
            .map(|c| Option_ {
                value: c.value.clone(),
                label: words(&c.value),
                hint: c.help.clone(),
            })
            .collect()
    };
    match &p.question.answer {
        Answer::Boolean | Answer::Records { .. } | Answer::Presence { .. } => {
            vec![opt("yes", "Yes"), opt("no", "No"), dont_know]
        }
        Answer::Choice { choices } => {
            let mut out = offered(choices);
            out.push(dont_know);
            out
        }
        Answer::MultiChoice { choices } => {
            let mut out = offered(choices);
            out.push(opt(NONE, "None of these"));
            out
        }
        _ => vec![],
    }
}

/// The hint under a text or date question: what form the answer takes.
pub fn input_hint(p: &Pending) -> Option<&'static str> {
    match &p.question.answer {
        Answer::Date => {
            Some("For example, 22 11 2026. The time is optional (24-hour, UTC), for example 14:30.")
        }
        Answer::Integer => Some("A whole number, for example 12."),
        Answer::Decimal => Some("A number, for example 0.25."),
        Answer::Duration => Some("A length of time, for example 72 hours or 12 months."),
        Answer::Values { .. } => Some("Separate the values with commas."),
        _ => None,
    }
}

fn values<'a>(fields: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    values(fields, name).first().copied().unwrap_or("").trim()
}

/// The reply the submitted fields give (`dont_know` is the "I don't know" button).
pub fn reply(
    p: &Pending,
    fields: &[(String, String)],
    dont_know: bool,
) -> Result<Reply, FieldError> {
    if dont_know {
        return Ok(Reply::DontKnow);
    }
    let err = |target, message: &str| FieldError {
        target,
        message: message.into(),
    };
    match control(p) {
        Control::Radios => {
            let v = field(fields, "value");
            let yes_no = p.another.is_some()
                || matches!(
                    p.question.answer,
                    Answer::Boolean | Answer::Records { .. } | Answer::Presence { .. }
                );
            match v {
                "" => Err(err("answer", "Select an answer, or I don't know / skip")),
                DONT_KNOW => Ok(Reply::DontKnow),
                "yes" if yes_no => Ok(Reply::Yes),
                "no" if yes_no => Ok(Reply::No),
                _ if yes_no => Err(err("answer", "Select yes or no")),
                v => Ok(Reply::Choice(v.to_string())),
            }
        }
        Control::Checkboxes => {
            let picked: Vec<&str> = values(fields, "value");
            match picked.as_slice() {
                [] => Err(err(
                    "answer",
                    "Select all that apply, or None of these, or I don't know",
                )),
                [NONE] => Ok(Reply::Choices(vec![])),
                more if more.contains(&NONE) => Err(err(
                    "answer",
                    "Select None of these on its own, or only the ones that apply",
                )),
                more => Ok(Reply::Choices(more.iter().map(|s| s.to_string()).collect())),
            }
        }
        Control::Date => {
            let (d, m, y, t) = (
                field(fields, "day"),
                field(fields, "month"),
                field(fields, "year"),
                field(fields, "time"),
            );
            if [d, m, y, t].iter().all(|s| s.is_empty()) {
                return Err(err("answer-day", "Enter the date, or choose I don't know"));
            }
            let num = |s: &str| s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty();
            if !(num(d) && num(m) && num(y)) || y.len() != 4 || d.len() > 2 || m.len() > 2 {
                return Err(err(
                    "answer-day",
                    "The date must have a day, a month and a four-digit year, for example 22 11 2026",
                ));
            }
            let mut iso = format!("{y}-{m:0>2}-{d:0>2}");
            if !t.is_empty() {
                let parts: Vec<&str> = t.split(':').collect();
                let ok =
                    (2..=3).contains(&parts.len()) && parts.iter().all(|p| p.len() == 2 && num(p));
                if !ok {
                    return Err(err(
                        "answer-time",
                        "The time must be hours and minutes, for example 14:30",
                    ));
                }
                let secs = parts.get(2).copied().unwrap_or("00");
                iso.push_str(&format!("T{}:{}:{secs}Z", parts[0], parts[1]));
            }
            Ok(Reply::Text(iso))
        }
        Control::Text => {
            let v = field(fields, "value");
            if v.is_empty() {
                Err(err("answer", "Enter an answer, or choose I don't know"))
            } else {
                Ok(Reply::Text(v.to_string()))
            }
        }
    }
}
