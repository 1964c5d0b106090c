//! `ward diff`: two versions of a policy compared over every case (symbolically, each
//! obligation whose outcome can change, with a witness for each direction) and over a
//! portfolio of concrete cases.

use serde::Serialize;
use ward_core::eval::ir::Program;
use ward_core::eval::{Format, case, evaluate_opts};

use crate::check::{actual, change, change_lit};
use crate::{Options, Session};

#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub obligation: String,
    /// `weaker` (the new version says less for the witness) or `stronger`.
    pub direction: &'static str,
    pub old: String,
    pub new: String,
    /// A case (YAML, valid for both versions) that shows it.
    pub witness: String,
    /// Both evaluators, run on the witness, give `old` and `new`.
    pub confirmed: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct CaseChange {
    /// The line of the portfolio (1-based).
    pub line: usize,
    pub obligation: String,
    pub old: String,
    pub new: String,
}

/// Every obligation of either version whose outcome can differ, each way.
pub fn symbolic(old: &Program, new: &Program, opts: &Options) -> Vec<Change> {
    let mut s = Session::new(&[old, new], opts);
    let mut ids: Vec<String> = old.obligations.iter().map(|o| o.id.clone()).collect();
    for o in &new.obligations {
        if !ids.contains(&o.id) {
            ids.push(o.id.clone());
        }
    }
    let mut queries = Vec::new();
    for id in &ids {
        for weaker in [true, false] {
            let (any, pairs) = change_lit(&mut s, id, weaker);
            queries.push((id.clone(), weaker, any, pairs));
        }
    }
    let lits: Vec<crate::cnf::L> = queries.iter().map(|q| q.2).collect();
    let can = s.possible(&lits);
    let mut out = Vec::new();
    for ((id, weaker, any, pairs), _) in queries.into_iter().zip(can).filter(|(_, c)| *c) {
        {
            let Some((x, y, wa, wb)) = change(&mut s, any, &pairs) else {
                continue;
            };
            let confirmed =
                actual(old, &wa, &id, opts) == Some(x) && actual(new, &wb, &id, opts) == Some(y);
            out.push(Change {
                obligation: id.clone(),
                direction: if weaker { "weaker" } else { "stronger" },
                old: x.text(),
                new: y.text(),
                witness: wb,
                confirmed,
            });
        }
    }
    out
}

/// The concrete cases of a portfolio (one JSON case a line) whose outcomes change.
pub fn portfolio(
    old: &Program,
    new: &Program,
    text: &str,
    opts: &Options,
) -> Result<Vec<CaseChange>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let load = |p: &Program| {
            case::load(p, line, Format::Json).map_err(|e| {
                format!(
                    "line {}: {}",
                    i + 1,
                    e.iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            })
        };
        let (co, cn) = (load(old)?, load(new)?);
        let eo = ward_core::eval::Options {
            allow_expired: opts.allow_expired,
        };
        let (oo, on) = (
            evaluate_opts(old, &co, opts.as_of, eo),
            evaluate_opts(new, &cn, opts.as_of, eo),
        );
        let mut ids: Vec<&str> = old.obligations.iter().map(|o| o.id.as_str()).collect();
        for o in &new.obligations {
            if !ids.contains(&o.id.as_str()) {
                ids.push(&o.id);
            }
        }
        for id in ids {
            let status = |p: &Program, o: &ward_core::eval::Outcome| {
                p.obligation_by_id(id)
                    .map(|oi| o.obligations[oi].status)
                    .unwrap_or(ward_core::eval::Status::DoesNotApply)
            };
            let level = |p: &Program, o: &ward_core::eval::Outcome| {
                p.obligation_by_id(id)
                    .and_then(|oi| o.obligations[oi].rule)
                    .map(|r| p.rules[r as usize].level.keyword())
            };
            let (so, sn) = (status(old, &oo), status(new, &on));
            let (lo, ln) = (level(old, &oo), level(new, &on));
            if so != sn || lo != ln {
                let show = |s: ward_core::eval::Status, l: Option<&str>| match l {
                    Some(l) if s != ward_core::eval::Status::DoesNotApply => {
                        format!("{} ({l})", s.as_str())
                    }
                    _ => s.as_str().to_string(),
                };
                out.push(CaseChange {
                    line: i + 1,
                    obligation: id.to_string(),
                    old: show(so, lo),
                    new: show(sn, ln),
                });
            }
        }
    }
    Ok(out)
}
