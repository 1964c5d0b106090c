//! The evaluator: Kleene three-valued logic over the lowered program.
//!
//! Evaluation is total and deterministic. Defs and defaulted slots are computed at most once
//! per case; the only recursion is over the expression tree, whose depth the parser bounds.

use std::sync::Arc;

use ward_syntax::ast::{ArithOp, CompareOp};

use super::case::Case;
use super::ir::{Node, NodeId, Program, SlotId};
use super::value::{Value, compare, contains, elements, equal};
use crate::hir::{Instant, Period};

pub struct Evaluator<'p> {
    pub prog: &'p Program,
    pub case: &'p Case,
    pub today: Instant,
    defs: Vec<Option<Value>>,
    slot_defaults: Vec<Option<Value>>,
    pub(crate) locals: Vec<Value>,
    /// A slot read as unknown whatever the case says (to ask "would this apply elsewhere?").
    masked: Option<SlotId>,
}

impl<'p> Evaluator<'p> {
    pub fn new(prog: &'p Program, case: &'p Case, today: Instant) -> Evaluator<'p> {
        Evaluator {
            prog,
            case,
            today,
            defs: vec![None; prog.defs.len()],
            slot_defaults: vec![None; prog.slots.len()],
            locals: Vec::with_capacity(8),
            masked: None,
        }
    }

    /// The same program with one slot forced unknown.
    pub fn masked(prog: &'p Program, case: &'p Case, today: Instant, slot: SlotId) -> Evaluator<'p> {
        let mut e = Evaluator::new(prog, case, today);
        e.masked = Some(slot);
        e
    }

    pub(crate) fn set_local(&mut self, depth: u16, v: Value) {
        let d = depth as usize;
        if self.locals.len() <= d {
            self.locals.resize(d + 1, Value::Unknown);
        }
        self.locals[d] = v;
    }

    /// The value of a slot, its default applied when the case leaves it unknown.
    pub fn slot(&mut self, s: SlotId) -> Value {
        if self.masked == Some(s) {
            return Value::Unknown;
        }
        let v = &self.case.slots[s as usize];
        if !v.is_unknown() || !self.prog.slot_has_default[s as usize] {
            return v.clone();
        }
        if let Some(d) = &self.slot_defaults[s as usize] {
            return d.clone();
        }
        let node = self.prog.slots[s as usize].default.expect("slot_has_default implies a default");
        let saved = std::mem::take(&mut self.locals);
        let d = self.eval(node);
        self.locals = saved;
        self.slot_defaults[s as usize] = Some(d.clone());
        d
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

    pub fn eval(&mut self, n: NodeId) -> Value {
        let prog = self.prog;
        match &prog.nodes[n as usize] {
            Node::Const(v) => v.clone(),
            Node::Today => Value::Date(self.today),
            Node::Slot(s) => self.slot(*s),
            Node::Present(f) => Value::Bool(self.case.present[*f as usize]),
            Node::Def(i) => self.def(*i),
            Node::Local(d) => self.locals.get(*d as usize).cloned().unwrap_or_default(),
            Node::Field { base, field, default } => {
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
            Node::Not(x) => match self.eval(*x) {
                Value::Bool(b) => Value::Bool(!b),
                _ => Value::Unknown,
            },
            Node::And(xs) => {
                let mut unknown = false;
                for &x in xs.iter() {
                    match self.eval(x) {
                        Value::Bool(false) => return Value::FALSE,
                        Value::Bool(true) => {}
                        _ => unknown = true,
                    }
                }
                if unknown { Value::Unknown } else { Value::TRUE }
            }
            Node::Or(xs) => {
                let mut unknown = false;
                for &x in xs.iter() {
                    match self.eval(x) {
                        Value::Bool(true) => return Value::TRUE,
                        Value::Bool(false) => {}
                        _ => unknown = true,
                    }
                }
                if unknown { Value::Unknown } else { Value::FALSE }
            }
            Node::Cmp { op, lhs, rhs } => {
                let (a, b) = (self.eval(*lhs), self.eval(*rhs));
                compare_values(*op, &a, &b)
            }
            Node::EnumIn { negated, elem, mask } => match self.eval(*elem) {
                Value::Enum(i) => Value::Bool((mask & (1u64 << i) != 0) != *negated),
                _ => Value::Unknown,
            },
            Node::In { negated, elem, coll } => {
                let (e, c) = (self.eval(*elem), self.eval(*coll));
                Value::tri(contains(&c, &e).map(|b| b != *negated))
            }
            Node::EnumHasAny { coll, mask } => match self.eval(*coll) {
                Value::EnumSet(m) => Value::Bool(m & mask != 0),
                _ => Value::Unknown,
            },
            Node::EnumHasAll { coll, mask } => match self.eval(*coll) {
                Value::EnumSet(m) => Value::Bool(m & mask == *mask),
                _ => Value::Unknown,
            },
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
            Node::IsEmpty { operand, negated } => match self.eval(*operand).len() {
                Some(n) => Value::Bool((n == 0) != *negated),
                None => Value::Unknown,
            },
            Node::IsKnown { operand, negated } => Value::Bool(self.eval(*operand).is_unknown() == *negated),
            Node::Quant { any, local, coll, filter } => {
                let c = self.eval(*coll);
                let Some(items) = iter_elements(&c) else { return Value::Unknown };
                let mut unknown = false;
                for item in items.iter() {
                    let r = match filter {
                        Some(f) => {
                            self.set_local(*local, item.clone());
                            self.eval(*f)
                        }
                        None => Value::TRUE,
                    };
                    match (r, *any) {
                        (Value::Bool(true), true) => return Value::TRUE,
                        (Value::Bool(false), false) => return Value::FALSE,
                        (Value::Bool(_), _) => {}
                        _ => unknown = true,
                    }
                }
                if unknown { Value::Unknown } else { Value::Bool(!*any) }
            }
            Node::If { cond, then, otherwise } => match self.eval(*cond) {
                Value::Bool(true) => self.eval(*then),
                Value::Bool(false) => self.eval(*otherwise),
                _ => {
                    // Unknown condition: the answer is known only if both branches agree.
                    let (t, o) = (self.eval(*then), self.eval(*otherwise));
                    if equal(&t, &o) == Some(true) { t } else { Value::Unknown }
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
                Value::Dur(p) => Value::Dur(Period { months: -p.months, secs: -p.secs }),
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
pub(crate) fn iter_elements(c: &Value) -> Option<Arc<[Value]>> {
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
    if vals.is_empty() { Value::EnumSet(0) } else { Value::Set(vals.into()) }
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
            let (Some(cs), Some(ss)) = (elements(c), elements(s)) else { return Value::Unknown };
            let mut unknown = false;
            for x in &ss {
                match contains(&Value::List(cs.clone().into()), x) {
                    Some(true) => return Value::TRUE,
                    Some(false) => {}
                    None => unknown = true,
                }
            }
            if unknown { Value::Unknown } else { Value::FALSE }
        }
    }
}

pub(crate) fn has_all(c: &Value, s: &Value) -> Value {
    match (c, s) {
        (Value::EnumSet(a), Value::EnumSet(b)) => Value::Bool(a & b == *b),
        _ => {
            let (Some(cs), Some(ss)) = (elements(c), elements(s)) else { return Value::Unknown };
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
    let r = match (op, a, b) {
        (_, Unknown, _) | (_, _, Unknown) => None,
        (ArithOp::Add, Int(x), Int(y)) => x.checked_add(*y).map(Int),
        (ArithOp::Sub, Int(x), Int(y)) => x.checked_sub(*y).map(Int),
        (ArithOp::Mul, Int(x), Int(y)) => x.checked_mul(*y).map(Int),
        (ArithOp::Add, Date(d), Dur(p)) | (ArithOp::Add, Dur(p), Date(d)) => crate::time::shift(*d, *p, 1).map(Date),
        (ArithOp::Sub, Date(d), Dur(p)) => crate::time::shift(*d, *p, -1).map(Date),
        (ArithOp::Sub, Date(x), Date(y)) => x.secs.checked_sub(y.secs).map(|s| Dur(Period { months: 0, secs: s })),
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
    };
    r
}
