//! The evaluator: Kleene three-valued logic over the lowered program.
//!
//! Evaluation is total and deterministic. Defs and defaulted slots are computed at most once
//! per case; the only recursion is over the expression tree, whose depth the parser bounds.

use std::sync::Arc;

use ward_syntax::ast::{ArithOp, CompareOp};

use super::case::Case;
use super::ir::{Atom, Node, NodeId, Program, SlotId};
use super::value::{Value, compare, contains, elements, equal};
use crate::hir::{Instant, Period};

pub struct Evaluator<'p> {
    pub prog: &'p Program,
    pub case: &'p Case,
    pub today: Instant,
    defs: Vec<Option<Value>>,
    /// The case's slots, with each default filled in the first time it is read.
    slots: Vec<Value>,
    /// Per slot: whether its value is still to be computed from its default.
    pending: Vec<bool>,
    pub(crate) locals: Vec<Value>,
}

impl<'p> Evaluator<'p> {
    pub fn new(prog: &'p Program, case: &'p Case, today: Instant) -> Evaluator<'p> {
        let pending = case
            .slots
            .iter()
            .zip(&prog.slot_has_default)
            .map(|(v, &d)| d && v.is_unknown())
            .collect();
        Evaluator {
            prog,
            case,
            today,
            defs: vec![None; prog.defs.len()],
            slots: case.slots.clone(),
            pending,
            locals: Vec::with_capacity(8),
        }
    }

    /// The same case with one slot replaced (`Value::Unknown` to ask "whatever this fact is",
    /// or another value to ask "had it been this"); the slot's default is not used.
    pub fn with_slot(
        prog: &'p Program,
        case: &'p Case,
        today: Instant,
        slot: SlotId,
        value: Value,
    ) -> Evaluator<'p> {
        let mut e = Evaluator::new(prog, case, today);
        e.slots[slot as usize] = value;
        e.pending[slot as usize] = false;
        e
    }

    /// The same case with one slot unknown.
    pub fn masked(
        prog: &'p Program,
        case: &'p Case,
        today: Instant,
        slot: SlotId,
    ) -> Evaluator<'p> {
        Evaluator::with_slot(prog, case, today, slot, Value::Unknown)
    }

    /// Bind local `depth` (a `for` rule's element, a quantifier's variable) to `v`, for
    /// walks that evaluate a body on one element.
    pub fn set_local(&mut self, depth: u16, v: Value) {
        let d = depth as usize;
        if self.locals.len() <= d {
            self.locals.resize(d + 1, Value::Unknown);
        }
        self.locals[d] = v;
    }

    /// Compute a pending slot from its default.
    #[cold]
    fn fill(&mut self, s: SlotId) {
        self.pending[s as usize] = false;
        let node = self.prog.slots[s as usize]
            .default
            .expect("a pending slot has a default");
        let saved = std::mem::take(&mut self.locals);
        let d = self.eval(node);
        self.locals = saved;
        self.slots[s as usize] = d;
    }

    /// The value of a slot, its default applied when the case leaves it unknown.
    #[inline]
    pub fn slot(&mut self, s: SlotId) -> Value {
        if self.pending[s as usize] {
            self.fill(s);
        }
        self.slots[s as usize].clone()
    }

    /// A slot's value, by reference.
    #[inline]
    fn slot_ref(&mut self, s: SlotId) -> &Value {
        if self.pending[s as usize] {
            self.fill(s);
        }
        &self.slots[s as usize]
    }

    pub fn def(&mut self, i: u32) -> Value {
        if let Some(v) = &self.defs[i as usize] {
            return v.clone();
        }
        let saved = std::mem::take(&mut self.locals);
        let v = self.eval(self.prog.defs[i as usize].node);
        self.locals = saved;
        self.defs[i as usize] = Some(v.clone());
        v
    }

    /// Call `f` with the value of `n`, borrowing it where it already exists (a slot, a local,
    /// a constant, a field of a local) instead of cloning it: the hot path of every condition.
    #[inline]
    fn with_value<R>(&mut self, n: NodeId, f: impl FnOnce(&Value) -> R) -> R {
        let prog = self.prog;
        match &prog.nodes[n as usize] {
            Node::Const(v) => f(v),
            Node::Slot(s) => f(self.slot_ref(*s)),
            Node::Local(d) => match self.locals.get(*d as usize) {
                Some(v) => f(v),
                None => f(&Value::Unknown),
            },
            Node::Field {
                base,
                field,
                default,
            } if matches!(prog.nodes[*base as usize], Node::Local(_)) => {
                let Node::Local(d) = prog.nodes[*base as usize] else {
                    unreachable!("checked above")
                };
                let known = match self.locals.get(d as usize) {
                    Some(Value::Record(fs)) => match fs.get(*field as usize) {
                        Some(v) if !v.is_unknown() => return f(v),
                        _ => true,
                    },
                    _ => false,
                };
                match default {
                    Some(dn) if known => {
                        let v = self.eval(*dn);
                        f(&v)
                    }
                    _ => f(&Value::Unknown),
                }
            }
            _ => {
                let v = self.eval(n);
                f(&v)
            }
        }
    }

    /// The truth value of a condition: `Some(b)` when known. Boolean nodes are computed here
    /// without building values.
    pub fn truth(&mut self, n: NodeId) -> Option<bool> {
        let prog = self.prog;
        match &prog.nodes[n as usize] {
            Node::Not(x) => self.truth(*x).map(|b| !b),
            Node::And(xs) => {
                let mut unknown = false;
                for &x in xs.iter() {
                    match self.truth(x) {
                        Some(false) => return Some(false),
                        Some(true) => {}
                        None => unknown = true,
                    }
                }
                if unknown { None } else { Some(true) }
            }
            Node::Or(xs) => {
                let mut unknown = false;
                for &x in xs.iter() {
                    match self.truth(x) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => unknown = true,
                    }
                }
                if unknown { None } else { Some(false) }
            }
            Node::EnumIn {
                negated,
                elem,
                mask,
            } => {
                let (negated, mask) = (*negated, *mask);
                self.with_value(*elem, |v| match v {
                    Value::Enum(i) => Some((mask & (1u64 << i) != 0) != negated),
                    _ => None,
                })
            }
            Node::EnumHasAny { coll, mask } => {
                let mask = *mask;
                self.with_value(*coll, |v| match v {
                    Value::EnumSet(m) => Some(m & mask != 0),
                    _ => None,
                })
            }
            Node::EnumHasAll { coll, mask } => {
                let mask = *mask;
                self.with_value(*coll, |v| match v {
                    Value::EnumSet(m) => Some(m & mask == mask),
                    _ => None,
                })
            }
            Node::IsKnown { operand, negated } => {
                let negated = *negated;
                Some(self.with_value(*operand, |v| v.is_unknown() == negated))
            }
            Node::IsEmpty { operand, negated } => {
                let negated = *negated;
                self.with_value(*operand, |v| v.len().map(|n| (n == 0) != negated))
            }
            Node::Def(i) => match &self.defs[*i as usize] {
                Some(v) => v.truth(),
                None => self.def(*i).truth(),
            },
            Node::AndAtoms { atoms, rest } => {
                let mut unknown = false;
                for a in atoms.iter() {
                    match self.atom(*a) {
                        Some(false) => return Some(false),
                        Some(true) => {}
                        None => unknown = true,
                    }
                }
                for &x in rest.iter() {
                    match self.truth(x) {
                        Some(false) => return Some(false),
                        Some(true) => {}
                        None => unknown = true,
                    }
                }
                if unknown { None } else { Some(true) }
            }
            Node::Cmp { op, lhs, rhs } => self.compare(*op, *lhs, *rhs),
            Node::Slot(_) | Node::Local(_) | Node::Const(_) | Node::Field { .. } => {
                self.with_value(n, |v| v.truth())
            }
            Node::Quant {
                any,
                local,
                coll,
                filter,
            } => self.quantify(*any, *local, *coll, *filter),
            _ => self.eval(n).truth(),
        }
    }

    #[inline]
    fn atom(&mut self, a: Atom) -> Option<bool> {
        match a {
            Atom::EnumIn {
                slot,
                mask,
                negated,
            } => match self.slot_ref(slot) {
                Value::Enum(i) => Some((mask & (1u64 << i) != 0) != negated),
                _ => None,
            },
            Atom::SetHas { slot, mask, all } => match self.slot_ref(slot) {
                Value::EnumSet(m) if all => Some(m & mask == mask),
                Value::EnumSet(m) => Some(m & mask != 0),
                _ => None,
            },
            Atom::IsTrue { slot, negated } => self.slot_ref(slot).truth().map(|b| b != negated),
            Atom::Def { def, negated } => {
                let t = match &self.defs[def as usize] {
                    Some(v) => v.truth(),
                    None => self.def(def).truth(),
                };
                t.map(|b| b != negated)
            }
        }
    }

    /// `lhs op rhs`, borrowing the right side when it is a constant.
    #[inline(never)]
    fn compare(
        &mut self,
        op: ward_syntax::ast::CompareOp,
        lhs: NodeId,
        rhs: NodeId,
    ) -> Option<bool> {
        let prog = self.prog;
        if let Node::Const(c) = &prog.nodes[rhs as usize] {
            return self.with_value(lhs, |a| compare_values(op, a, c).truth());
        }
        let a = self.eval(lhs);
        self.with_value(rhs, |b| compare_values(op, &a, b).truth())
    }

    /// `any x in xs where …` / `all x in xs where …`.
    #[inline(never)]
    fn quantify(
        &mut self,
        any: bool,
        local: u16,
        coll: NodeId,
        filter: Option<NodeId>,
    ) -> Option<bool> {
        let c = self.eval(coll);
        let items = iter_elements(&c)?;
        let mut unknown = false;
        for item in items.iter() {
            let r = match filter {
                Some(f) => {
                    self.set_local(local, item.clone());
                    self.truth(f)
                }
                None => Some(true),
            };
            match (r, any) {
                (Some(true), true) => return Some(true),
                (Some(false), false) => return Some(false),
                (Some(_), _) => {}
                (None, _) => unknown = true,
            }
        }
        if unknown { None } else { Some(!any) }
    }

    pub fn eval(&mut self, n: NodeId) -> Value {
        let prog = self.prog;
        match &prog.nodes[n as usize] {
            Node::Not(_)
            | Node::AndAtoms { .. }
            | Node::And(_)
            | Node::Or(_)
            | Node::EnumIn { .. }
            | Node::EnumHasAny { .. }
            | Node::EnumHasAll { .. }
            | Node::IsKnown { .. }
            | Node::IsEmpty { .. }
            | Node::Cmp { .. }
            | Node::Quant { .. } => Value::tri(self.truth(n)),
            Node::Const(v) => v.clone(),
            Node::Today => Value::Date(self.today),
            Node::Slot(s) => self.slot(*s),
            Node::Present(f) => Value::Bool(self.case.present[*f as usize]),
            Node::Def(i) => self.def(*i),
            Node::Local(d) => self.locals.get(*d as usize).cloned().unwrap_or_default(),
            Node::Field {
                base,
                field,
                default,
            } => {
                let b = self.eval(*base);
                let v = match &b {
                    Value::Record(fs) => fs.get(*field as usize).cloned().unwrap_or_default(),
                    _ => Value::Unknown,
                };
                match (v, default) {
                    (Value::Unknown, Some(d)) if !b.is_unknown() => self.eval(*d),
                    (v, _) => v,
                }
            }
            Node::RecordOfSlots { record, first } => {
                let n = prog.records[*record as usize].fields.len() as u32;
                let fields: Vec<Value> = (0..n).map(|i| self.slot(first + i)).collect();
                Value::Record(Arc::from(fields))
            }
            Node::In {
                negated,
                elem,
                coll,
            } => {
                let (e, c) = (self.eval(*elem), self.eval(*coll));
                Value::tri(contains(&c, &e).map(|b| b != *negated))
            }
            Node::HasOne { coll, elem } => {
                let (c, e) = (self.eval(*coll), self.eval(*elem));
                Value::tri(contains(&c, &e))
            }
            Node::HasAny { coll, set } => {
                let (c, s) = (self.eval(*coll), self.eval(*set));
                has_any(&c, &s)
            }
            Node::HasAll { coll, set } => {
                let (c, s) = (self.eval(*coll), self.eval(*set));
                has_all(&c, &s)
            }
            Node::If {
                cond,
                then,
                otherwise,
            } => match self.eval(*cond) {
                Value::Bool(true) => self.eval(*then),
                Value::Bool(false) => self.eval(*otherwise),
                _ => {
                    // Unknown condition: the answer is known only if both branches agree.
                    let (t, o) = (self.eval(*then), self.eval(*otherwise));
                    if equal(&t, &o) == Some(true) {
                        t
                    } else {
                        Value::Unknown
                    }
                }
            },
            Node::Count(x) => match self.eval(*x).len() {
                Some(n) => Value::Int(n as i64),
                None => Value::Unknown,
            },
            Node::Arith { op, lhs, rhs } => {
                let (a, b) = (self.eval(*lhs), self.eval(*rhs));
                arith(*op, &a, &b)
            }
            Node::Neg(x) => match self.eval(*x) {
                Value::Int(i) => i.checked_neg().map(Value::Int).unwrap_or_default(),
                Value::Dec(d) => Value::Dec(-d),
                Value::Dur(p) => Value::Dur(Period {
                    months: -p.months,
                    secs: -p.secs,
                }),
                _ => Value::Unknown,
            },
            Node::SetLit(xs) => {
                let vals: Vec<Value> = xs.iter().map(|&x| self.eval(x)).collect();
                make_set(vals)
            }
            Node::ListLit(xs) => {
                let vals: Vec<Value> = xs.iter().map(|&x| self.eval(x)).collect();
                Value::List(vals.into())
            }
        }
    }
}

/// Elements of a known collection without copying lists.
pub fn iter_elements(c: &Value) -> Option<Arc<[Value]>> {
    match c {
        Value::List(xs) | Value::Set(xs) => Some(xs.clone()),
        Value::EnumSet(_) => elements(c).map(Arc::from),
        _ => None,
    }
}

pub(crate) fn make_set(vals: Vec<Value>) -> Value {
    if vals.iter().any(Value::is_unknown) {
        return Value::Unknown;
    }
    if !vals.is_empty() && vals.iter().all(|v| matches!(v, Value::Enum(_))) {
        let mask = vals.iter().fold(0u64, |m, v| match v {
            Value::Enum(i) => m | (1u64 << i),
            _ => m,
        });
        return Value::EnumSet(mask);
    }
    let mut vals = vals;
    vals.sort_by(|a, b| compare(a, b).unwrap_or(std::cmp::Ordering::Equal));
    vals.dedup();
    if vals.is_empty() {
        Value::EnumSet(0)
    } else {
        Value::Set(vals.into())
    }
}

pub(crate) fn compare_values(op: CompareOp, a: &Value, b: &Value) -> Value {
    match op {
        CompareOp::Eq => Value::tri(equal(a, b)),
        CompareOp::Ne => Value::tri(equal(a, b).map(|x| !x)),
        _ => match compare(a, b) {
            None => Value::Unknown,
            Some(o) => Value::Bool(match op {
                CompareOp::Lt => o.is_lt(),
                CompareOp::Le => o.is_le(),
                CompareOp::Gt => o.is_gt(),
                _ => o.is_ge(),
            }),
        },
    }
}

pub(crate) fn has_any(c: &Value, s: &Value) -> Value {
    match (c, s) {
        (Value::EnumSet(a), Value::EnumSet(b)) => Value::Bool(a & b != 0),
        _ => {
            let (Some(cs), Some(ss)) = (elements(c), elements(s)) else {
                return Value::Unknown;
            };
            let mut unknown = false;
            for x in &ss {
                match contains(&Value::List(cs.clone().into()), x) {
                    Some(true) => return Value::TRUE,
                    Some(false) => {}
                    None => unknown = true,
                }
            }
            if unknown {
                Value::Unknown
            } else {
                Value::FALSE
            }
        }
    }
}

pub(crate) fn has_all(c: &Value, s: &Value) -> Value {
    match (c, s) {
        (Value::EnumSet(a), Value::EnumSet(b)) => Value::Bool(a & b == *b),
        _ => {
            let (Some(cs), Some(ss)) = (elements(c), elements(s)) else {
                return Value::Unknown;
            };
            let mut unknown = false;
            for x in &ss {
                match contains(&Value::List(cs.clone().into()), x) {
                    Some(false) => return Value::FALSE,
                    Some(true) => {}
                    None => unknown = true,
                }
            }
            if unknown { Value::Unknown } else { Value::TRUE }
        }
    }
}

pub(crate) fn arith(op: ArithOp, a: &Value, b: &Value) -> Value {
    arith_checked(op, a, b).unwrap_or(Value::Unknown)
}

/// Arithmetic; `None` when an operand is unknown or the result overflows.
fn arith_checked(op: ArithOp, a: &Value, b: &Value) -> Option<Value> {
    use Value::*;
    let dec = |v: &Value| match v {
        Int(i) => Some(rust_decimal::Decimal::from(*i)),
        Dec(d) => Some(*d),
        _ => None,
    };

    match (op, a, b) {
        (_, Unknown, _) | (_, _, Unknown) => None,
        (ArithOp::Add, Int(x), Int(y)) => x.checked_add(*y).map(Int),
        (ArithOp::Sub, Int(x), Int(y)) => x.checked_sub(*y).map(Int),
        (ArithOp::Mul, Int(x), Int(y)) => x.checked_mul(*y).map(Int),
        (ArithOp::Add, Date(d), Dur(p)) | (ArithOp::Add, Dur(p), Date(d)) => {
            crate::time::shift(*d, *p, 1).map(Date)
        }
        (ArithOp::Sub, Date(d), Dur(p)) => crate::time::shift(*d, *p, -1).map(Date),
        (ArithOp::Sub, Date(x), Date(y)) => x
            .secs
            .checked_sub(y.secs)
            .map(|s| Dur(Period { months: 0, secs: s })),
        (ArithOp::Add, Dur(x), Dur(y)) => Some(Dur(Period {
            months: x.months.checked_add(y.months)?,
            secs: x.secs.checked_add(y.secs)?,
        })),
        (ArithOp::Sub, Dur(x), Dur(y)) => Some(Dur(Period {
            months: x.months.checked_sub(y.months)?,
            secs: x.secs.checked_sub(y.secs)?,
        })),
        (ArithOp::Mul, Dur(p), Int(n)) | (ArithOp::Mul, Int(n), Dur(p)) => Some(Dur(Period {
            months: i32::try_from(n.checked_mul(p.months as i64)?).ok()?,
            secs: p.secs.checked_mul(*n)?,
        })),
        (op, x, y) => {
            let (x, y) = (dec(x)?, dec(y)?);
            match op {
                ArithOp::Add => x.checked_add(y).map(Dec),
                ArithOp::Sub => x.checked_sub(y).map(Dec),
                ArithOp::Mul => x.checked_mul(y).map(Dec),
                ArithOp::Div => x.checked_div(y).map(Dec),
            }
        }
    }
}
