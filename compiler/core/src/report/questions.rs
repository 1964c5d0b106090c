//! The questions that would settle the undetermined duties, consolidated: each missing fact
//! once, with its question, the answers the case may give, and how many duties answering it
//! could settle on its own (most first) — so a report can say "answer this one question".

use serde::Serialize;

use crate::eval::ir::{Program, RTy};

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct OpenQuestion {
    pub fact: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ask: Option<String>,
    /// The values the case may give (enum values, `true`/`false`), or what kind of value.
    pub answers: Vec<String>,
    /// The answer is a set: any number of `answers`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub many: bool,
    /// How many undetermined duties this answer alone could settle.
    pub settles: usize,
    /// Every undetermined duty it bears on, by id.
    pub duties: Vec<String>,
}

/// The answers a fact of type `ty` may take, and whether it is a set of them.
pub fn answers(prog: &Program, ty: &RTy) -> (Vec<String>, bool) {
    let variants = |e: u32| {
        let info = &prog.enums[e as usize];
        info.variants
            .iter()
            .enumerate()
            .filter(|(i, _)| info.unknown_mask & (1u64 << i) == 0)
            .map(|(_, v)| v.clone())
            .collect::<Vec<_>>()
    };
    match ty {
        RTy::Bool => (vec!["true".into(), "false".into()], false),
        RTy::Enum(e) => (variants(*e), false),
        RTy::Set(el) | RTy::List(el) => match &**el {
            RTy::Enum(e) => (variants(*e), true),
            RTy::Record(r) => (
                vec![format!(
                    "a list of {} entries",
                    prog.records[*r as usize].name
                )],
                false,
            ),
            other => (answers(prog, other).0, true),
        },
        RTy::Int => (vec!["a whole number".into()], false),
        RTy::Decimal => (vec!["a number".into()], false),
        RTy::Text => (vec!["text".into()], false),
        RTy::Date => (vec!["a date (YYYY-MM-DD)".into()], false),
        RTy::Duration => (vec!["a length of time (`8 weeks`)".into()], false),
        RTy::Record(r) => (
            vec![format!("a `{}` record", prog.records[*r as usize].name)],
            false,
        ),
    }
}

/// One missing fact of one undetermined duty, as the report builder finds it.
pub struct Missing<'a> {
    pub duty: &'a str,
    pub fact: String,
    pub ask: Option<String>,
    pub ty: &'a RTy,
    /// Answering this fact alone could decide the duty.
    pub decisive: bool,
}

/// Consolidate: each fact once, most duties settled first (then most borne on, then name).
pub fn consolidate(prog: &Program, missing: Vec<Missing<'_>>) -> Vec<OpenQuestion> {
    let mut out: Vec<OpenQuestion> = Vec::new();
    for m in missing {
        let i = match out.iter().position(|q| q.fact == m.fact) {
            Some(i) => i,
            None => {
                let (answers, many) = answers(prog, m.ty);
                out.push(OpenQuestion {
                    fact: m.fact.clone(),
                    ask: m.ask.clone(),
                    answers,
                    many,
                    settles: 0,
                    duties: vec![],
                });
                out.len() - 1
            }
        };
        let q = &mut out[i];
        if !q.duties.iter().any(|d| d == m.duty) {
            q.duties.push(m.duty.to_string());
            if m.decisive {
                q.settles += 1;
            }
        }
    }
    out.sort_by(|a, b| {
        (b.settles, b.duties.len())
            .cmp(&(a.settles, a.duties.len()))
            .then_with(|| a.fact.cmp(&b.fact))
    });
    out
}
