//! An answer to one question, as a person gives it — yes, no, don't know, a value's name, some
//! names, some text — and its conversion to a case value of the fact's type. Dates are read
//! as ISO 8601 or the UK's `dd/mm/yyyy` and kept as ISO; "don't know" is never a value (the
//! fact stays unknown). One line of an answers file reads into a reply the same way.

use std::sync::Arc;

use super::kind::Answer;
use crate::eval::ir::{Program, RTy};
use crate::eval::value::Value;
use crate::hir::Instant;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// Leave the fact unknown (never false), and do not ask it again.
    DontKnow,
    /// Go back one question.
    Back,
    /// Yes (a boolean, "add one?", "is there one?").
    Yes,
    No,
    /// One value of a choice list, by name.
    Choice(String),
    /// Any number of values of a choice list, by name.
    Choices(Vec<String>),
    /// A number, a date, a duration or text, as typed.
    Text(String),
}

impl Reply {
    /// Read one line of an answers file for a question taking `answer`: an empty line, `?`
    /// or "don't know" is don't know; `<` or `back` goes back; yes/no as `yes`, `y`, `true`
    /// or `no`, `n`, `false`; a choice by name or by its number in the list (from 1); several
    /// choices separated by commas, or `none`.
    pub fn from_line(answer: &Answer, line: &str) -> Reply {
        let t = line.trim();
        let lower = t.to_lowercase().replace('’', "'");
        match lower.as_str() {
            "" | "?" | "don't know" | "dont know" | "unknown" => return Reply::DontKnow,
            "<" | "back" => return Reply::Back,
            _ => {}
        }
        let yes_no = || match lower.as_str() {
            "y" | "yes" | "true" => Reply::Yes,
            "n" | "no" | "false" | "none" => Reply::No,
            _ => Reply::Text(t.to_string()),
        };
        let pick = |choices: &[super::kind::Choice], word: &str| -> String {
            match word.parse::<usize>() {
                Ok(n) if (1..=choices.len()).contains(&n) => choices[n - 1].value.clone(),
                _ => word.to_string(),
            }
        };
        match answer {
            Answer::Boolean | Answer::Records { .. } | Answer::Presence { .. } => yes_no(),
            Answer::Choice { choices } => Reply::Choice(pick(choices, t)),
            Answer::MultiChoice { choices } => {
                if matches!(lower.as_str(), "none" | "-" | "[]") {
                    return Reply::Choices(vec![]);
                }
                Reply::Choices(
                    t.split([',', ' '])
                        .filter(|w| !w.is_empty())
                        .map(|w| pick(choices, w))
                        .collect(),
                )
            }
            _ => Reply::Text(t.to_string()),
        }
    }
}

/// `2026-11-22`, `2026-11-22T09:30:00Z`, or the UK's `22/11/2026` (a two-digit year is
/// refused: it is ambiguous).
pub fn parse_date(text: &str) -> Option<Instant> {
    let t = text.trim();
    if let Some(at) = crate::time::parse_instant(t) {
        return Some(at);
    }
    let mut parts = t.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || d.is_empty() || d.len() > 2 || m.len() > 2 {
        return None;
    }
    let (d, m, y): (u32, u32, u32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    crate::time::parse_instant(&format!("{y:04}-{m:02}-{d:02}"))
}

fn enum_index(prog: &Program, e: u32, name: &str) -> Result<u16, String> {
    let info = &prog.enums[e as usize];
    match info.variants.iter().position(|v| v == name) {
        Some(i) if info.unknown_mask & (1u64 << i) == 0 => Ok(i as u16),
        _ => {
            let allowed: Vec<&str> = info
                .variants
                .iter()
                .enumerate()
                .filter(|(i, _)| info.unknown_mask & (1u64 << i) == 0)
                .map(|(_, v)| v.as_str())
                .collect();
            let hint = crate::diagnostic::did_you_mean(name, allowed.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            Err(format!(
                "\"{name}\" is not one of the answers; {hint}the answers are: {}",
                allowed.join(", ")
            ))
        }
    }
}

/// The case value a reply gives a fact of type `ty`; an error says what was expected.
/// (Don't know, back, and yes/no to a list or an optional record are the session's.)
pub fn value_of(prog: &Program, ty: &RTy, reply: &Reply) -> Result<Value, String> {
    let text = |what: &str| match reply {
        Reply::Text(t) | Reply::Choice(t) => Ok(t.trim().to_string()),
        _ => Err(format!("expected {what}")),
    };
    match ty {
        RTy::Bool => match reply {
            Reply::Yes => Ok(Value::TRUE),
            Reply::No => Ok(Value::FALSE),
            _ => Err("answer yes or no (or don't know)".into()),
        },
        RTy::Enum(e) => enum_index(prog, *e, &text("one of the answers")?).map(Value::Enum),
        RTy::Set(el) | RTy::List(el) if matches!(**el, RTy::Enum(_)) => {
            let RTy::Enum(e) = **el else {
                unreachable!("matched above")
            };
            let names = match reply {
                Reply::Choices(ns) => ns.clone(),
                Reply::Choice(n) | Reply::Text(n) => vec![n.clone()],
                Reply::No => vec![],
                _ => return Err("expected some of the answers".into()),
            };
            let mut mask = 0u64;
            for n in names {
                mask |= 1u64 << enum_index(prog, e, n.trim())?;
            }
            Ok(Value::EnumSet(mask))
        }
        RTy::Int => text("a whole number")?
            .parse()
            .map(Value::Int)
            .map_err(|_| "expected a whole number, such as 12".into()),
        RTy::Decimal => text("a number")?
            .parse()
            .map(Value::Dec)
            .map_err(|_| "expected a number, such as 0.25".into()),
        RTy::Text => Ok(Value::Text(Arc::from(text("text")?.as_str()))),
        RTy::Date => parse_date(&text("a date")?)
            .map(Value::Date)
            .ok_or_else(|| {
                "expected a date: 2026-11-22 (ISO 8601) or 22/11/2026 (day/month/year)".into()
            }),
        RTy::Duration => crate::eval::case::parse_duration(&text("a length of time")?)
            .map(Value::Dur)
            .ok_or_else(|| "expected a length of time, such as 72 hours or 12 months".into()),
        RTy::Set(el) | RTy::List(el) => {
            let t = text("values separated by commas")?;
            let mut out = Vec::new();
            for part in t.split(',').filter(|p| !p.trim().is_empty()) {
                out.push(value_of(prog, el, &Reply::Text(part.trim().to_string()))?);
            }
            Ok(if matches!(ty, RTy::Set(_)) {
                out.sort_by(|a, b| {
                    crate::eval::value::compare(a, b).unwrap_or(std::cmp::Ordering::Equal)
                });
                out.dedup();
                Value::Set(out.into())
            } else {
                Value::List(out.into())
            })
        }
        RTy::Record(_) => Err("a record is answered one field at a time".into()),
    }
}
