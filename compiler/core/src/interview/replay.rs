//! An interview answered from a case already written: each question is answered with the
//! value the case gives (or "don't know" where it gives none, "no" to a record or an entry it
//! does not have). It is how the question counts are measured — from an empty start, how many
//! questions reach the example case's decision — and how a test checks that the file an
//! interview writes decides what the example decides.

use super::kind::Answer;
use super::path::{self, Target};
use super::reply::Reply;
use super::session::{Pending, Session};
use crate::eval::case::Case;
use crate::eval::ir::{Program, RTy};
use crate::eval::value::Value;
use crate::hir::Instant;

/// What a replayed interview asked and ended with.
pub struct Replayed {
    /// Every question put, by path, in order ("add another?" included).
    pub asked: Vec<String>,
    /// How many questions were put before no duty was undetermined (all of them, if some
    /// duty still is at the end).
    pub until_settled: usize,
    pub case: Case,
    pub declined: Vec<String>,
}

/// Interview from an empty case, answering from `full`; stops after `limit` questions.
pub fn replay(prog: &Program, full: &Case, as_of: Instant, limit: usize) -> Replayed {
    let mut s = Session::new(prog, Case::empty(prog), vec![], as_of);
    let mut asked = Vec::new();
    let mut until_settled = None;
    while asked.len() < limit {
        let Some(p) = s.next() else { break };
        if p.progress.undetermined == 0 && until_settled.is_none() {
            until_settled = Some(asked.len());
        }
        asked.push(p.question.path.clone());
        let reply = reply_from(prog, full, &p);
        if s.answer(&p, reply).is_err() {
            // The case's own value cannot be refused; answer "don't know" rather than loop.
            let _ = s.answer(&p, Reply::DontKnow);
        }
    }
    Replayed {
        until_settled: until_settled.unwrap_or(asked.len()),
        asked,
        case: s.case().clone(),
        declined: s.declined().to_vec(),
    }
}

/// The reply `full` gives to a pending question.
pub fn reply_from(prog: &Program, full: &Case, p: &Pending) -> Reply {
    let Some(target) = path::resolve(prog, &p.question.path) else {
        return Reply::DontKnow;
    };
    let yes = |b: bool| if b { Reply::Yes } else { Reply::No };
    match target {
        Target::Record(fi) => yes(full.present[fi as usize]),
        Target::Value(fp) => {
            let v = path::get(full, &fp);
            match (&p.question.answer, p.another, &v) {
                (_, Some(n), Value::List(xs)) => yes(xs.len() > n),
                (_, Some(_), _) => Reply::No,
                (_, _, Value::Unknown) => Reply::DontKnow,
                (Answer::Records { .. }, _, Value::List(xs)) => yes(!xs.is_empty()),
                _ => reply_of(prog, path::type_at(prog, &fp), &v),
            }
        }
    }
}

/// A known value as the reply a person would type.
fn reply_of(prog: &Program, ty: &RTy, v: &Value) -> Reply {
    let names = |e: u32, mask: u64| -> Vec<String> {
        prog.enums[e as usize]
            .variants
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1u64 << i) != 0)
            .map(|(_, n)| n.clone())
            .collect()
    };
    match (ty, v) {
        (_, Value::Bool(b)) => {
            if *b {
                Reply::Yes
            } else {
                Reply::No
            }
        }
        (RTy::Enum(e), Value::Enum(i)) => Reply::Choice(names(*e, 1u64 << i).remove(0)),
        (RTy::Set(el) | RTy::List(el), Value::EnumSet(mask)) => match &**el {
            RTy::Enum(e) => Reply::Choices(names(*e, *mask)),
            _ => Reply::DontKnow,
        },
        _ => match crate::report::value_json(prog, ty, v) {
            serde_json::Value::String(s) => Reply::Text(s),
            serde_json::Value::Array(xs) => Reply::Text(
                xs.iter()
                    .map(|x| {
                        x.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| x.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            other => Reply::Text(other.to_string()),
        },
    }
}
