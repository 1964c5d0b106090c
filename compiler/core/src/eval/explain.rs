//! Why an outcome is what it is: the facts that decided it, or the facts still missing.
//!
//! The explainer re-evaluates only the rules of reported obligations, recording reads. For a
//! known value it keeps a justification (for `a and b` true: both; for `a or b` true: the
//! true one). For an unknown value it keeps every missing fact, and two small sets: missing
//! facts whose answers could make it true, and ones that could make it false. An
//! undetermined obligation lists the smaller set first: the fewest questions that could
//! decide it.

use super::case::Case;
use super::eval::{Evaluator, arith, compare_values, has_all, has_any, iter_elements, make_set};
use super::ir::{Atom, Node, NodeId, Program, SlotId};
use super::value::{Value, contains, equal};
use crate::hir::Instant;
use ward_syntax::ast::Verb;

use super::why::push_unique;
pub use super::why::{FactPath, Junction, Paths, Read, Step, Why};

pub struct Explainer<'p> {
    pub ev: Evaluator<'p>,
    defs: Vec<Option<Why>>,
    locals: Vec<(Value, Option<FactPath>)>,
    /// Keep the reads that justify known values (for "because"); without it only missing
    /// facts are tracked, which is all an undetermined outcome needs, and much cheaper.
    justify: bool,
}

/// Nodes whose value is a truth value (so the fast evaluator can answer for them).
fn is_condition(n: &Node) -> bool {
    matches!(
        n,
        Node::Not(_)
            | Node::And(_)
            | Node::Or(_)
            | Node::AndAtoms { .. }
            | Node::EnumIn { .. }
            | Node::EnumHasAny { .. }
            | Node::EnumHasAll { .. }
            | Node::Cmp { .. }
            | Node::In { .. }
            | Node::HasOne { .. }
            | Node::HasAny { .. }
            | Node::HasAll { .. }
            | Node::IsEmpty { .. }
            | Node::Quant { .. }
    )
}

/// Whether a value's location is needed to name its parts (records and lists are read into).
fn has_parts(v: &Value) -> bool {
    matches!(
        v,
        Value::Record(_) | Value::List(_) | Value::Set(_) | Value::EnumSet(_)
    )
}

impl<'p> Explainer<'p> {
    pub fn new(prog: &'p Program, case: &'p Case, today: Instant) -> Explainer<'p> {
        Explainer {
            ev: Evaluator::new(prog, case, today),
            defs: vec![None; prog.defs.len()],
            locals: Vec::new(),
            justify: true,
        }
    }

    /// An explainer that tracks only missing facts (for undetermined outcomes).
    pub fn missing_only(prog: &'p Program, case: &'p Case, today: Instant) -> Explainer<'p> {
        Explainer {
            justify: false,
            ..Explainer::new(prog, case, today)
        }
    }

    /// The same, reusing an evaluator that has already evaluated the case (its derived values
    /// and defaults are not computed again).
    pub fn missing_only_from(ev: Evaluator<'p>) -> Explainer<'p> {
        let defs = vec![None; ev.prog.defs.len()];
        Explainer {
            ev,
            defs,
            locals: Vec::new(),
            justify: false,
        }
    }

    /// A known value read at `path`, justified only when the explainer keeps justifications.
    fn read(&self, path: FactPath, value: Value, defaulted: bool) -> Why {
        if self.justify {
            return Why {
                at: Some(path.clone()),
                ..Why::known(
                    value.clone(),
                    vec![Read {
                        path,
                        value,
                        defaulted,
                    }],
                )
            };
        }
        let at = has_parts(&value).then_some(path);
        Why {
            at,
            ..Why::known(value, vec![])
        }
    }

    /// Bind local `depth` to `v` (found at `at` in the case), here and in the evaluator.
    pub fn set_local(&mut self, depth: u16, v: Value, at: Option<FactPath>) {
        let d = depth as usize;
        if self.locals.len() <= d {
            self.locals.resize(d + 1, (Value::Unknown, None));
        }
        self.locals[d] = (v.clone(), at);
        self.ev.set_local(depth, v);
    }

    /// Why a rule's condition has its value (for `for` rules: over all elements).
    pub fn rule_condition(&mut self, rule: u32) -> Why {
        let prog = self.ev.prog;
        let r = &prog.rules[rule as usize];
        match r.for_each {
            None => self.explain(r.cond),
            Some(coll) => {
                let c = self.explain(coll);
                let Some(items) = iter_elements(&c.value) else {
                    return c;
                };
                let parts = items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| {
                        let at = c.at.clone().map(|mut p| {
                            p.steps.push(Step::Index(i as u32));
                            p
                        });
                        self.set_local(0, it.clone(), at);
                        self.explain(r.cond)
                    })
                    .collect();
                Why::junction(parts, true)
            }
        }
    }

    /// Why a rule is (or is not, or may be) effective, given the fast outcome.
    pub fn rule_effective(&mut self, rule: u32, outcome: &super::outcome::Outcome) -> Why {
        let prog = self.ev.prog;
        let r = &prog.rules[rule as usize];
        if let Some(by) = outcome.rules[rule as usize].overridden_by {
            let w = self.rule_condition(by);
            return Why::known(Value::FALSE, w.reads);
        }
        let cond = self.rule_condition(rule);
        let waivers: Vec<Why> = r
            .excepted_by
            .iter()
            .filter(|&&e| prog.rules[e as usize].verb == Verb::Waive && outcome.honours(e))
            .map(|&e| self.rule_effective(e, outcome))
            .collect();
        if waivers.is_empty() {
            return cond;
        }
        Why::junction(vec![cond, Why::junction(waivers, true).negate()], false)
    }

    fn def(&mut self, i: u32) -> Why {
        if let Some(w) = &self.defs[i as usize] {
            return w.clone();
        }
        let saved = std::mem::take(&mut self.locals);
        let w = self.explain(self.ev.prog.defs[i as usize].node);
        self.locals = saved;
        self.defs[i as usize] = Some(w.clone());
        w
    }

    fn slot(&mut self, s: SlotId) -> Why {
        let prog = self.ev.prog;
        let path = FactPath {
            slot: s,
            steps: Default::default(),
        };
        let raw = self.ev.case.slots[s as usize].clone();
        if !raw.is_unknown() {
            return self.read(path, raw, false);
        }
        match prog.slots[s as usize].default {
            Some(d) => {
                let saved = std::mem::take(&mut self.locals);
                let dw = self.explain(d);
                self.locals = saved;
                if !dw.value.is_unknown() {
                    return self.read(path, dw.value, true);
                }
                defaulted(path, dw)
            }
            None => Why::missing(path),
        }
    }

    fn atom(&mut self, a: Atom) -> Why {
        match a {
            Atom::EnumIn {
                slot,
                mask,
                negated,
            } => {
                let w = self.slot(slot);
                let v = match w.value {
                    Value::Enum(i) => Value::Bool((mask & (1u64 << i) != 0) != negated),
                    _ => Value::Unknown,
                };
                Why::strict(v, &[w])
            }
            Atom::SetHas { slot, mask, all } => {
                let w = self.slot(slot);
                let v = match w.value {
                    Value::EnumSet(m) => {
                        Value::Bool(if all { m & mask == mask } else { m & mask != 0 })
                    }
                    _ => Value::Unknown,
                };
                Why::strict(v, &[w])
            }
            Atom::IsTrue { slot, negated } => {
                let w = self.slot(slot);
                if negated { w.negate() } else { w }
            }
            Atom::Def { def, negated } => {
                let w = self.def(def);
                if negated { w.negate() } else { w }
            }
        }
    }

    pub fn explain(&mut self, n: NodeId) -> Why {
        let prog = self.ev.prog;
        // Tracking only what is missing, a condition that is known needs no explaining: the
        // fast evaluator says so, and only unknown parts are walked.
        if !self.justify
            && is_condition(&prog.nodes[n as usize])
            && let Some(b) = self.ev.truth(n)
        {
            return Why::known(Value::Bool(b), vec![]);
        }
        match &prog.nodes[n as usize] {
            Node::Const(v) => Why::known(v.clone(), vec![]),
            Node::Today => Why::known(Value::Date(self.ev.today), vec![]),
            Node::Slot(s) => self.slot(*s),
            Node::Present(f) => Why::known(Value::Bool(self.ev.case.present[*f as usize]), vec![]),
            Node::Def(i) => self.def(*i),
            Node::Local(d) => {
                let (v, at) = self
                    .locals
                    .get(*d as usize)
                    .cloned()
                    .unwrap_or((Value::Unknown, None));
                Why {
                    at,
                    ..Why::known(v, vec![])
                }
            }
            Node::Field {
                base,
                field,
                default,
            } => {
                let b = self.explain(*base);
                let at = b.at.clone().map(|mut p| {
                    p.steps.push(Step::Field(*field));
                    p
                });
                let v = match &b.value {
                    Value::Record(fs) => fs.get(*field as usize).cloned().unwrap_or_default(),
                    _ => return b,
                };
                if !v.is_unknown() {
                    return match at {
                        Some(p) => self.read(p, v, false),
                        None => Why::known(v, vec![]),
                    };
                }
                match (default, at) {
                    (Some(d), Some(p)) => {
                        let dw = self.explain(*d);
                        if !dw.value.is_unknown() {
                            return self.read(p, dw.value, true);
                        }
                        defaulted(p, dw)
                    }
                    (None, Some(p)) => Why::missing(p),
                    // A record that is not at a place in the case (an element of a derived
                    // list) still takes its field's default, as the evaluator does; only
                    // the read cannot be named.
                    (Some(d), None) => self.explain(*d),
                    (None, None) => Why::known(Value::Unknown, vec![]),
                }
            }
            Node::RecordOfSlots { .. } => Why::known(self.ev.eval(n), vec![]),
            Node::Not(x) => self.explain(*x).negate(),
            Node::And(xs) | Node::Or(xs) => {
                let mut acc = Junction::new(matches!(prog.nodes[n as usize], Node::Or(_)));
                for &x in xs.iter() {
                    if acc.push(self.explain(x)) {
                        break;
                    }
                }
                acc.finish()
            }
            Node::AndAtoms { atoms, rest } => {
                let mut acc = Junction::new(false);
                for a in atoms.iter() {
                    if acc.push(self.atom(*a)) {
                        return acc.finish();
                    }
                }
                for &x in rest.iter() {
                    if acc.push(self.explain(x)) {
                        break;
                    }
                }
                acc.finish()
            }
            Node::Cmp { op, lhs, rhs } => {
                let (a, b) = (self.explain(*lhs), self.explain(*rhs));
                let v = compare_values(*op, &a.value, &b.value);
                Why::strict(v, &[a, b])
            }
            Node::EnumIn {
                negated,
                elem,
                mask,
            } => {
                let e = self.explain(*elem);
                let v = match e.value {
                    Value::Enum(i) => Value::Bool((mask & (1u64 << i) != 0) != *negated),
                    _ => Value::Unknown,
                };
                Why::strict(v, &[e])
            }
            Node::In {
                negated,
                elem,
                coll,
            } => {
                let (e, c) = (self.explain(*elem), self.explain(*coll));
                let v = Value::tri(contains(&c.value, &e.value).map(|b| b != *negated));
                Why::strict(v, &[e, c])
            }
            Node::EnumHasAny { coll, mask } => {
                let c = self.explain(*coll);
                let v = match c.value {
                    Value::EnumSet(m) => Value::Bool(m & mask != 0),
                    _ => Value::Unknown,
                };
                Why::strict(v, &[c])
            }
            Node::EnumHasAll { coll, mask } => {
                let c = self.explain(*coll);
                let v = match c.value {
                    Value::EnumSet(m) => Value::Bool(m & mask == *mask),
                    _ => Value::Unknown,
                };
                Why::strict(v, &[c])
            }
            Node::HasOne { coll, elem } => {
                let (c, e) = (self.explain(*coll), self.explain(*elem));
                let v = Value::tri(contains(&c.value, &e.value));
                Why::strict(v, &[c, e])
            }
            Node::HasAny { coll, set } => {
                let (c, s) = (self.explain(*coll), self.explain(*set));
                let v = has_any(&c.value, &s.value);
                Why::strict(v, &[c, s])
            }
            Node::HasAll { coll, set } => {
                let (c, s) = (self.explain(*coll), self.explain(*set));
                let v = has_all(&c.value, &s.value);
                Why::strict(v, &[c, s])
            }
            Node::IsEmpty { operand, negated } => {
                let o = self.explain(*operand);
                let v = match o.value.len() {
                    Some(n) => Value::Bool((n == 0) != *negated),
                    None => Value::Unknown,
                };
                Why::strict(v, &[o])
            }
            Node::IsKnown { operand, negated } => {
                let o = self.explain(*operand);
                let v = Value::Bool(o.value.is_unknown() == *negated);
                if !self.justify {
                    return Why::known(v, vec![]);
                }
                let reads =
                    o.at.map(|p| {
                        vec![Read {
                            path: p,
                            value: o.value.clone(),
                            defaulted: false,
                        }]
                    })
                    .unwrap_or(o.reads);
                Why::known(v, reads)
            }
            Node::Quant {
                any,
                local,
                coll,
                filter,
            } => {
                let c = self.explain(*coll);
                let Some(items) = iter_elements(&c.value) else {
                    return c;
                };
                let Some(f) = filter else {
                    let v = Value::Bool(if *any { !items.is_empty() } else { true });
                    return Why::strict(v, &[c]);
                };
                if items.is_empty() {
                    return Why::known(Value::Bool(!*any), c.reads);
                }
                let parts: Vec<Why> = items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| {
                        let at = c.at.clone().map(|mut p| {
                            p.steps.push(Step::Index(i as u32));
                            p
                        });
                        self.set_local(*local, it.clone(), at);
                        self.explain(*f)
                    })
                    .collect();
                Why::junction(parts, *any)
            }
            Node::If {
                cond,
                then,
                otherwise,
            } => {
                let c = self.explain(*cond);
                match c.value {
                    Value::Bool(true) => {
                        let t = self.explain(*then);
                        let v = t.value.clone();
                        Why::strict(v, &[c, t])
                    }
                    Value::Bool(false) => {
                        let o = self.explain(*otherwise);
                        let v = o.value.clone();
                        Why::strict(v, &[c, o])
                    }
                    _ => {
                        let (t, o) = (self.explain(*then), self.explain(*otherwise));
                        let v = if equal(&t.value, &o.value) == Some(true) {
                            t.value.clone()
                        } else {
                            Value::Unknown
                        };
                        Why::strict(v, &[c, t, o])
                    }
                }
            }
            Node::Count(x) => {
                let o = self.explain(*x);
                let v = o
                    .value
                    .len()
                    .map(|n| Value::Int(n as i64))
                    .unwrap_or_default();
                Why::strict(v, &[o])
            }
            Node::Arith { op, lhs, rhs } => {
                let (a, b) = (self.explain(*lhs), self.explain(*rhs));
                let v = arith(*op, &a.value, &b.value);
                Why::strict(v, &[a, b])
            }
            Node::Neg(_) => {
                let v = self.ev.eval(n);
                Why::known(v, vec![])
            }
            Node::SetLit(xs) | Node::ListLit(xs) => {
                let parts: Vec<Why> = xs.iter().map(|&x| self.explain(x)).collect();
                let vals: Vec<Value> = parts.iter().map(|p| p.value.clone()).collect();
                let v = if matches!(prog.nodes[n as usize], Node::SetLit(_)) {
                    make_set(vals)
                } else {
                    Value::List(vals.into())
                };
                Why::strict(v, &parts)
            }
        }
    }
}

/// A field the case left out, read through its `default`. A known default justifies the
/// value; an unknown one is decided by the default's own inputs first, or by answering the
/// field itself.
fn defaulted(path: FactPath, dw: Why) -> Why {
    if !dw.value.is_unknown() {
        return Why {
            at: Some(path.clone()),
            ..Why::known(
                dw.value.clone(),
                vec![Read {
                    path,
                    value: dw.value,
                    defaulted: true,
                }],
            )
        };
    }
    let mut w = dw;
    let read = Read {
        path: path.clone(),
        value: Value::Unknown,
        defaulted: false,
    };
    push_unique(&mut w.reads, &read);
    if w.to_true.is_empty() {
        w.to_true.push(path.clone());
    }
    if w.to_false.is_empty() {
        w.to_false.push(path.clone());
    }
    w.at = Some(path);
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(slot: u32) -> FactPath {
        FactPath {
            slot,
            steps: Default::default(),
        }
    }

    #[test]
    fn fewest_questions_first() {
        // a and (b or c), all unknown: "a = false" decides it alone.
        let (a, b, c) = (Why::missing(p(0)), Why::missing(p(1)), Why::missing(p(2)));
        let w = Why::junction(vec![a, Why::junction(vec![b, c], true)], false);
        assert!(w.value.is_unknown());
        assert_eq!(w.to_false.as_slice(), &[p(0)]);
        assert_eq!(w.ranked_missing()[0], p(0));
        assert_eq!(w.ranked_missing().len(), 3);
    }

    #[test]
    fn false_dominates_unknown() {
        let f = Why::known(Value::FALSE, vec![]);
        let w = Why::junction(vec![Why::missing(p(0)), f], false);
        assert_eq!(w.value, Value::FALSE);
    }
}
