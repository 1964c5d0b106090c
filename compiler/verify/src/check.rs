//! The findings of `ward verify` over one encoded program (and, for non-interference, the
//! national library alone encoded beside it over the same case variables).
//!
//! A finding that something can never happen is a proof (unsatisfiable), and its witness is a
//! case that shows the nearest thing (the rule at best undetermined); a finding that something
//! can happen comes with the model as its witness. Either way the witness is run through the
//! real evaluator, and `confirmed` says whether it shows what the finding claims.

use ward_core::db::OriginKind;
use ward_core::eval::Status;
use ward_core::eval::eval::Evaluator;
use ward_core::eval::ir::Program;
use ward_syntax::ast::Verb;

use crate::cnf::L;
use crate::finding::{Finding, Kind};
use crate::outcome::{Encoded, Shape};
use crate::witness;
use crate::{Options, Session};

/// Rules, exceptions, conflicts and derived values of `prog` whose module `selected` picks.
pub fn program(s: &mut Session<'_>, selected: &dyn Fn(u32) -> bool, out: &mut Vec<Finding>) {
    let prog = s.progs[0];
    let enc = s.encoded[0].clone();
    let mut excepted = vec![false; prog.rules.len()];
    for r in &prog.rules {
        for &e in &r.excepted_by {
            excepted[e as usize] = true;
        }
    }
    let rules: Vec<usize> = (0..prog.rules.len())
        .filter(|&r| selected(prog.rules[r].module))
        .collect();
    let fires: Vec<L> = rules.iter().map(|&r| enc.effective[r].t).collect();
    let can = s.possible(&fires);
    for (&ri, _) in rules.iter().zip(&can).filter(|(_, c)| !**c) {
        let rule = &prog.rules[ri];
        let eff = enc.effective[ri];
        let unknown = s.world.cnf.and2(!eff.t, !eff.f);
        let found = s.witness(&[unknown]) || s.witness(&[]);
        let at_best = found && s.world.cnf.value(unknown);
        let yaml = model(s, 0, found);
        let confirmed = witness::run(prog, &yaml, s.opts.as_of, s.opts.allow_expired)
            .is_ok_and(|(_, o)| o.rules[ri].effective != Some(true));
        out.push(Finding {
            kind: if excepted[ri] {
                Kind::ExceptionNeverFires
            } else {
                Kind::NeverFires
            },
            subject: rule.name.clone(),
            message: format!(
                "no case makes `{}` apply{}",
                rule.name,
                if at_best {
                    "; at best it is undetermined"
                } else {
                    ""
                }
            ),
            witness: yaml,
            confirmed,
            allowed: None,
        });
    }
    // An exception that holds whenever its base's condition does leaves the base dead.
    let mut pairs = Vec::new();
    for (bi, base) in prog.rules.iter().enumerate() {
        for &e in &base.excepted_by {
            // A lapsed exception sets nothing aside (unless honoured), so it kills no base.
            let lapsed = !s.opts.allow_expired
                && prog.rules[e as usize]
                    .review_at
                    .is_some_and(|d| ward_core::review::lapsed(d, s.opts.as_of));
            if selected(prog.rules[e as usize].module) && !lapsed {
                pairs.push((bi, e as usize));
            }
        }
    }
    let base_holds: Vec<L> = pairs.iter().map(|&(b, _)| enc.cond[b].t).collect();
    let escapes: Vec<L> = pairs
        .iter()
        .map(|&(b, e)| s.world.cnf.and2(enc.cond[b].t, !enc.effective[e].t))
        .collect();
    let holds = s.possible(&base_holds);
    let escape = s.possible(&escapes);
    for (i, &(bi, e)) in pairs.iter().enumerate() {
        if !holds[i] || escape[i] {
            continue;
        }
        s.witness(&[enc.cond[bi].t]);
        let yaml = model(s, 0, true);
        let confirmed =
            witness::run(prog, &yaml, s.opts.as_of, s.opts.allow_expired).is_ok_and(|(_, o)| {
                o.rules[bi].cond == Some(true)
                    && o.rules[e].effective == Some(true)
                    && o.rules[bi].effective == Some(false)
            });
        let (base, er) = (&prog.rules[bi], &prog.rules[e]);
        out.push(Finding {
            kind: Kind::ExceptionAlwaysFires,
            subject: er.name.clone(),
            message: format!(
                "`{}` applies whenever `{}`'s condition holds, so `{}` never applies",
                er.name, base.name, base.name
            ),
            witness: yaml,
            confirmed,
            allowed: None,
        });
    }
    // Required and forbidden at once.
    let mut clashes = Vec::new();
    for o in &prog.obligations {
        let by = |v: Verb| -> Vec<u32> {
            o.rules
                .iter()
                .copied()
                .filter(|&r| prog.rules[r as usize].verb == v)
                .collect()
        };
        for &a in &by(Verb::Require) {
            for &b in &by(Verb::Forbid) {
                if selected(prog.rules[a as usize].module)
                    || selected(prog.rules[b as usize].module)
                {
                    clashes.push((o.id.clone(), a as usize, b as usize));
                }
            }
        }
    }
    let both: Vec<L> = clashes
        .iter()
        .map(|&(_, a, b)| s.world.cnf.and2(enc.effective[a].t, enc.effective[b].t))
        .collect();
    let can = s.possible(&both);
    let mut reported: Vec<String> = Vec::new();
    for (i, (id, a, b)) in clashes.iter().enumerate() {
        if !can[i] || reported.contains(id) {
            continue;
        }
        reported.push(id.clone());
        s.witness(&[both[i]]);
        let yaml = model(s, 0, true);
        let confirmed =
            witness::run(prog, &yaml, s.opts.as_of, s.opts.allow_expired).is_ok_and(|(_, o)| {
                o.rules[*a].effective == Some(true) && o.rules[*b].effective == Some(true)
            });
        out.push(Finding {
            kind: Kind::Conflict,
            subject: id.clone(),
            message: format!(
                "`{}` requires `{id}` and `{}` forbids it, for one case",
                prog.rules[*a].name, prog.rules[*b].name
            ),
            witness: yaml,
            confirmed,
            allowed: None,
        });
    }
    // Derived values never known.
    let defs: Vec<usize> = (0..prog.defs.len())
        .filter(|&d| def_module(prog, d).is_none_or(selected))
        .filter(|&d| !matches!(s.defs[0][d], crate::sym::Sym::Opaque { .. }))
        .collect();
    let known: Vec<L> = defs
        .iter()
        .map(|&d| {
            let v = s.defs[0][d].clone();
            s.world.known(&v)
        })
        .collect();
    let can = s.possible(&known);
    for (&d, _) in defs.iter().zip(&can).filter(|(_, c)| !**c) {
        let found = s.witness(&[]);
        let yaml = model(s, 0, found);
        let confirmed =
            witness::run(prog, &yaml, s.opts.as_of, s.opts.allow_expired).is_ok_and(|(c, _)| {
                let mut ev = Evaluator::new(prog, &c, s.opts.as_of);
                ev.def(d as u32).is_unknown()
            });
        out.push(Finding {
            kind: Kind::NeverKnown,
            subject: prog.defs[d].name.clone(),
            message: format!("no case makes `{}` known", prog.defs[d].name),
            witness: yaml,
            confirmed,
            allowed: None,
        });
    }
}

/// The module a def was declared in, by its qualified name (`nhs.case.adopter`).
fn def_module(prog: &Program, d: usize) -> Option<u32> {
    let name = &prog.defs[d].name;
    let m = name.rsplit_once('.').map(|(m, _)| m)?;
    prog.modules
        .iter()
        .position(|x| x.name == m)
        .map(|i| i as u32)
}

/// The witness for program `p` from the last model (the empty case when there is none).
fn model(s: &Session<'_>, p: usize, found: bool) -> String {
    if !found {
        return "{}\n".into();
    }
    witness::yaml(&s.world.cnf, &s.world.inputs, s.progs[p])
}

/// The outcome literal of shape `shape` for obligation `oi` (false when it cannot occur).
fn lit(s: &Session<'_>, enc: &Encoded, oi: Option<usize>, shape: &Shape) -> L {
    let none = Shape {
        status: Status::DoesNotApply,
        verb: None,
        level: None,
    };
    match oi {
        Some(oi) => enc.outcomes[oi]
            .iter()
            .find(|(x, _)| x == shape)
            .map(|(_, l)| *l)
            .unwrap_or(s.world.cnf.ff()),
        // An obligation a program does not have does not apply there.
        None => s.world.cnf.constant(*shape == none),
    }
}

/// The literal "obligation `id` comes out weaker (or, with `weaker` false, otherwise
/// different) in program 1 than in program 0", with the outcome pairs it is made of.
pub fn change_lit(s: &mut Session<'_>, id: &str, weaker: bool) -> (L, Vec<(L, Shape, Shape)>) {
    let (pa, pb) = (s.progs[0], s.progs[1]);
    let (oa, ob) = (pa.obligation_by_id(id), pb.obligation_by_id(id));
    let none = Shape {
        status: Status::DoesNotApply,
        verb: None,
        level: None,
    };
    let shapes = |enc: &Encoded, oi: Option<usize>| -> Vec<Shape> {
        match oi {
            Some(oi) => enc.outcomes[oi].iter().map(|(x, _)| *x).collect(),
            None => vec![none],
        }
    };
    let (sa, sb) = (shapes(&s.encoded[0], oa), shapes(&s.encoded[1], ob));
    let mut pairs = Vec::new();
    for x in &sa {
        for y in &sb {
            let counts = if weaker {
                y.strength() < x.strength()
            } else {
                y.strength() > x.strength() || (x != y && x.strength() == y.strength())
            };
            if counts {
                let la = lit(s, &s.encoded[0], oa, x);
                let lb = lit(s, &s.encoded[1], ob, y);
                let both = s.world.cnf.and2(la, lb);
                pairs.push((both, *x, *y));
            }
        }
    }
    let lits: Vec<L> = pairs.iter().map(|p| p.0).collect();
    (s.world.cnf.or(&lits), pairs)
}

/// A witness for a change found possible: the two outcomes, and the case for each program.
pub fn change(
    s: &mut Session<'_>,
    any: L,
    pairs: &[(L, Shape, Shape)],
) -> Option<(Shape, Shape, String, String)> {
    if !s.witness(&[any]) {
        return None;
    }
    let (_, x, y) = *pairs.iter().find(|p| s.world.cnf.value(p.0))?;
    Some((x, y, model(s, 0, true), model(s, 1, true)))
}

/// The outcome of obligation `id` on a witness, as the real evaluator gives it.
pub fn actual(prog: &Program, yaml: &str, id: &str, opts: &Options) -> Option<Shape> {
    let (_, o) = witness::run(prog, yaml, opts.as_of, opts.allow_expired).ok()?;
    Some(match prog.obligation_by_id(id) {
        None => Shape {
            status: Status::DoesNotApply,
            verb: None,
            level: None,
        },
        Some(oi) => {
            let oo = o.obligations[oi];
            let r = oo.rule.map(|r| &prog.rules[r as usize]);
            Shape {
                status: oo.status,
                verb: r.map(|r| r.verb),
                level: r.map(|r| r.level),
            }
        }
    })
}

/// With local packages (program 1) beside the national library alone (program 0): every
/// national obligation whose outcome can change, each way, with its witness.
pub fn interference(s: &mut Session<'_>, out: &mut Vec<Finding>) {
    let base = s.progs[0];
    let with = s.progs[1];
    let national: Vec<String> = base
        .obligations
        .iter()
        .filter(|o| base.modules[o.module as usize].origin == OriginKind::Stdlib)
        .map(|o| o.id.clone())
        .collect();
    let mut queries = Vec::new();
    for id in &national {
        for weaker in [true, false] {
            let (any, pairs) = change_lit(s, id, weaker);
            queries.push((id.clone(), weaker, any, pairs));
        }
    }
    let lits: Vec<L> = queries.iter().map(|q| q.2).collect();
    let can = s.possible(&lits);
    for ((id, weaker, any, pairs), _) in queries.into_iter().zip(can).filter(|(_, c)| *c) {
        {
            let Some((x, y, _wa, wb)) = change(s, any, &pairs) else {
                continue;
            };
            let before = actual(base, &_wa, &id, s.opts);
            let after = actual(with, &wb, &id, s.opts);
            let confirmed = before == Some(x) && after == Some(y);
            let by = responsible(with, &wb, &id, s.opts);
            out.push(Finding {
                kind: if weaker {
                    Kind::Weakens
                } else {
                    Kind::Strengthens
                },
                subject: id.clone(),
                message: format!(
                    "`{id}`: the national library alone says {}, with the local packages {}{}",
                    x.text(),
                    y.text(),
                    if by.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " (through {})",
                            by.iter()
                                .map(|r| format!("`{r}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                ),
                witness: wb,
                confirmed,
                allowed: None,
            });
        }
    }
}

/// The local rules that apply to obligation `id` on the witness, or set one of its rules
/// aside: what makes the difference.
pub fn responsible(prog: &Program, yaml: &str, id: &str, opts: &Options) -> Vec<String> {
    let Ok((_, o)) = witness::run(prog, yaml, opts.as_of, opts.allow_expired) else {
        return Vec::new();
    };
    let Some(oi) = prog.obligation_by_id(id) else {
        return Vec::new();
    };
    let local =
        |r: u32| prog.modules[prog.rules[r as usize].module as usize].origin != OriginKind::Stdlib;
    let mut names = Vec::new();
    for &r in &prog.obligations[oi].rules {
        if local(r) && o.rules[r as usize].effective == Some(true) {
            names.push(prog.rules[r as usize].name.clone());
        }
        for &e in &prog.rules[r as usize].excepted_by {
            if local(e) && o.rules[e as usize].effective == Some(true) {
                names.push(prog.rules[e as usize].name.clone());
            }
        }
    }
    names.dedup();
    names
}
