//! Expression lowering: a checked expression becomes evaluator nodes. Constants fold to
//! values, enum tests become bit masks, and simple tests in a conjunction become inline atoms
//! so the evaluator can run them without walking the node tree.

use std::sync::Arc;

use ward_syntax::ast::{HasMode, IsTest, Quantifier};

use crate::eval::eval::make_set;
use crate::eval::ir::*;
use crate::eval::value::Value;
use crate::hir::{ExprId, HKind, Lit};
use crate::ty::Ty;

use super::{Lx, SelfCtx};

impl Lx<'_> {
    pub(super) fn push(&mut self, n: Node) -> NodeId {
        self.prog.nodes.push(n);
        (self.prog.nodes.len() - 1) as NodeId
    }

    pub(super) fn constant(&self, mi: usize, e: ExprId) -> Option<Value> {
        let hir = self.hirs[mi];
        let x = hir.expr(e);
        Some(match &x.kind {
            HKind::Lit(l) => lit(l),
            HKind::Variant { enum_, index } => {
                let en = &self.prog.enums[*self.enum_ids.get(enum_)? as usize];
                if en.unknown_mask & (1u64 << index) != 0 {
                    Value::Unknown
                } else {
                    Value::Enum(*index)
                }
            }
            HKind::SetLit(xs) => {
                let vals = xs
                    .iter()
                    .map(|&i| self.constant(mi, i))
                    .collect::<Option<Vec<_>>>()?;
                match &x.ty {
                    Ty::Set(el) if !matches!(**el, Ty::Enum(_)) && vals.is_empty() => {
                        Value::Set(Arc::from(vec![]))
                    }
                    _ => make_set(vals),
                }
            }
            HKind::ListLit(xs) => Value::List(
                xs.iter()
                    .map(|&i| self.constant(mi, i))
                    .collect::<Option<Vec<_>>>()?
                    .into(),
            ),
            HKind::RecordLit(fields) => {
                let Ty::Record(r) = &x.ty else { return None };
                let rid = *self.record_ids.get(r)?;
                let mut out = vec![Value::Unknown; self.prog.records[rid as usize].fields.len()];
                for (i, v) in fields {
                    out[*i as usize] = self.constant(mi, *v)?;
                }
                Value::Record(out.into())
            }
            HKind::Neg(inner) => match self.constant(mi, *inner)? {
                Value::Int(i) => Value::Int(i.checked_neg()?),
                Value::Dec(d) => Value::Dec(-d),
                _ => return None,
            },
            _ => return None,
        })
    }

    pub(super) fn expr(&mut self, mi: usize, e: ExprId, ctx: &SelfCtx) -> NodeId {
        let hir = self.hirs[mi];
        let x = hir.expr(e);
        if let Some(v) = self.constant(mi, e)
            && !matches!(x.kind, HKind::RecordLit(_))
        {
            return self.push(Node::Const(v));
        }
        let node = match &x.kind {
            HKind::Lit(l) => Node::Const(lit(l)),
            HKind::Today => Node::Today,
            HKind::Fact(r) => {
                let f = &self.prog.facts[self.fact_ids[r] as usize];
                match f.ty {
                    RTy::Record(rec) => Node::RecordOfSlots {
                        record: rec,
                        first: f.first_slot,
                    },
                    _ => Node::Slot(f.first_slot),
                }
            }
            HKind::Def(r) => Node::Def(self.def_ids[r]),
            HKind::Local(l) => {
                let depth = self.locals.iter().rposition(|x| x == l).unwrap_or(0);
                Node::Local(depth as u16)
            }
            HKind::Variant { index, .. } => Node::Const(Value::Enum(*index)),
            HKind::SelfField(j) => match ctx {
                SelfCtx::Slots(first) => Node::Slot(first + *j as u32),
                SelfCtx::Node(base, record) => {
                    let (base, record) = (*base, *record);
                    return self.field_node(base, record, *j);
                }
                SelfCtx::None => Node::Const(Value::Unknown),
            },
            HKind::Field {
                base,
                record,
                index,
            } => {
                let rid = self.record_ids[record];
                if let HKind::Fact(fr) = &hir.expr(*base).kind {
                    let f = &self.prog.facts[self.fact_ids[fr] as usize];
                    if matches!(f.ty, RTy::Record(_)) {
                        let slot = f.first_slot + *index as u32;
                        return self.push(Node::Slot(slot));
                    }
                }
                let b = self.expr(mi, *base, ctx);
                return self.field_node(b, rid, *index);
            }
            HKind::Present(r) => Node::Present(self.fact_ids[r]),
            HKind::Not(a) => Node::Not(self.expr(mi, *a, ctx)),
            HKind::Neg(a) => Node::Neg(self.expr(mi, *a, ctx)),
            HKind::And(xs) => {
                let ids: Vec<NodeId> = xs.iter().map(|&a| self.expr(mi, a, ctx)).collect();
                self.and_node(ids)
            }
            HKind::Or(xs) => Node::Or(xs.iter().map(|&a| self.expr(mi, a, ctx)).collect()),
            HKind::Arith { op, lhs, rhs } => Node::Arith {
                op: *op,
                lhs: self.expr(mi, *lhs, ctx),
                rhs: self.expr(mi, *rhs, ctx),
            },
            HKind::Compare { op, lhs, rhs } => {
                // `x = england` is a bit test, like `x in {england}`.
                let enum_eq = matches!(
                    op,
                    ward_syntax::ast::CompareOp::Eq | ward_syntax::ast::CompareOp::Ne
                ) && matches!(hir.expr(*lhs).ty, Ty::Enum(_));
                match (enum_eq, self.constant(mi, *rhs)) {
                    (true, Some(Value::Enum(i))) => Node::EnumIn {
                        negated: *op == ward_syntax::ast::CompareOp::Ne,
                        elem: self.expr(mi, *lhs, ctx),
                        mask: 1u64 << i,
                    },
                    _ => Node::Cmp {
                        op: *op,
                        lhs: self.expr(mi, *lhs, ctx),
                        rhs: self.expr(mi, *rhs, ctx),
                    },
                }
            }
            HKind::In {
                negated,
                elem,
                coll,
            } => {
                let el = self.expr(mi, *elem, ctx);
                match self.constant(mi, *coll) {
                    Some(Value::EnumSet(mask)) if matches!(hir.expr(*elem).ty, Ty::Enum(_)) => {
                        Node::EnumIn {
                            negated: *negated,
                            elem: el,
                            mask,
                        }
                    }
                    _ => Node::In {
                        negated: *negated,
                        elem: el,
                        coll: self.expr(mi, *coll, ctx),
                    },
                }
            }
            HKind::Has { mode, coll, elem } => {
                let enum_set =
                    matches!(&hir.expr(*coll).ty, Ty::Set(el) if matches!(**el, Ty::Enum(_)));
                let c = self.expr(mi, *coll, ctx);
                let konst = self.constant(mi, *elem);
                match (mode, konst, enum_set) {
                    (HasMode::One, Some(Value::Enum(i)), true) => Node::EnumHasAny {
                        coll: c,
                        mask: 1u64 << i,
                    },
                    (HasMode::Any, Some(Value::EnumSet(mask)), true) => {
                        Node::EnumHasAny { coll: c, mask }
                    }
                    (HasMode::All, Some(Value::EnumSet(mask)), true) => {
                        Node::EnumHasAll { coll: c, mask }
                    }
                    (HasMode::One, _, _) => Node::HasOne {
                        coll: c,
                        elem: self.expr(mi, *elem, ctx),
                    },
                    (HasMode::Any, _, _) => Node::HasAny {
                        coll: c,
                        set: self.expr(mi, *elem, ctx),
                    },
                    (HasMode::All, _, _) => Node::HasAll {
                        coll: c,
                        set: self.expr(mi, *elem, ctx),
                    },
                }
            }
            HKind::Is { test, operand } => {
                let o = self.expr(mi, *operand, ctx);
                match test {
                    IsTest::Empty => Node::IsEmpty {
                        operand: o,
                        negated: false,
                    },
                    IsTest::NotEmpty => Node::IsEmpty {
                        operand: o,
                        negated: true,
                    },
                    IsTest::Known => Node::IsKnown {
                        operand: o,
                        negated: false,
                    },
                    IsTest::Unknown => Node::IsKnown {
                        operand: o,
                        negated: true,
                    },
                }
            }
            HKind::Quant {
                kind,
                local,
                coll,
                filter,
            } => {
                let c = self.expr(mi, *coll, ctx);
                let depth = self.locals.len() as u16;
                self.locals.push(*local);
                let f = filter.map(|f| self.expr(mi, f, ctx));
                self.locals.pop();
                Node::Quant {
                    any: *kind == Quantifier::Any,
                    local: depth,
                    coll: c,
                    filter: f,
                }
            }
            HKind::If {
                cond,
                then,
                otherwise,
            } => Node::If {
                cond: self.expr(mi, *cond, ctx),
                then: self.expr(mi, *then, ctx),
                otherwise: self.expr(mi, *otherwise, ctx),
            },
            HKind::Count(a) => Node::Count(self.expr(mi, *a, ctx)),
            HKind::SetLit(xs) => Node::SetLit(xs.iter().map(|&a| self.expr(mi, a, ctx)).collect()),
            HKind::ListLit(xs) => {
                Node::ListLit(xs.iter().map(|&a| self.expr(mi, a, ctx)).collect())
            }
            HKind::RecordLit(_) | HKind::Unknown | HKind::Error => Node::Const(Value::Unknown),
        };
        self.push(node)
    }

    /// A conjunction: its simple slot and derived-value tests become inline atoms.
    fn and_node(&self, ids: Vec<NodeId>) -> Node {
        let mut atoms = Vec::new();
        let mut rest = Vec::new();
        for id in ids {
            match self.atom(id) {
                Some(a) => atoms.push(a),
                None => rest.push(id),
            }
        }
        if atoms.is_empty() {
            return Node::And(rest.into());
        }
        Node::AndAtoms {
            atoms: atoms.into(),
            rest: rest.into(),
        }
    }

    fn atom(&self, id: NodeId) -> Option<Atom> {
        let nodes = &self.prog.nodes;
        let slot_of = |n: NodeId| match nodes[n as usize] {
            Node::Slot(s) => Some(s),
            _ => None,
        };
        let bool_def = |d: u32| {
            let name = &self.prog.defs[d as usize].name;
            self.def_is_bool
                .get(name.as_str())
                .copied()
                .unwrap_or(false)
        };
        Some(match &nodes[id as usize] {
            Node::EnumIn {
                negated,
                elem,
                mask,
            } => Atom::EnumIn {
                slot: slot_of(*elem)?,
                mask: *mask,
                negated: *negated,
            },
            Node::EnumHasAny { coll, mask } => Atom::SetHas {
                slot: slot_of(*coll)?,
                mask: *mask,
                all: false,
            },
            Node::EnumHasAll { coll, mask } => Atom::SetHas {
                slot: slot_of(*coll)?,
                mask: *mask,
                all: true,
            },
            Node::Slot(s) if self.prog.slots[*s as usize].ty == RTy::Bool => Atom::IsTrue {
                slot: *s,
                negated: false,
            },
            Node::Not(x) => match nodes[*x as usize] {
                Node::Slot(s) if self.prog.slots[s as usize].ty == RTy::Bool => Atom::IsTrue {
                    slot: s,
                    negated: true,
                },
                Node::Def(d) if bool_def(d) => Atom::Def {
                    def: d,
                    negated: true,
                },
                _ => return None,
            },
            Node::Def(d) if bool_def(*d) => Atom::Def {
                def: *d,
                negated: false,
            },
            _ => return None,
        })
    }

    /// `base.field`, with the field's default (if any) lowered for this base.
    fn field_node(&mut self, base: NodeId, record: u32, field: u16) -> NodeId {
        let default = self
            .field_defaults
            .get(&(record, field))
            .copied()
            .map(|(dm, de)| {
                let saved = std::mem::take(&mut self.locals);
                let locals = saved.clone();
                self.locals = locals;
                let n = self.expr(dm, de, &SelfCtx::Node(base, record));
                self.locals = saved;
                n
            });
        self.push(Node::Field {
            base,
            field,
            default,
        })
    }
}

fn lit(l: &Lit) -> Value {
    match l {
        Lit::Bool(b) => Value::Bool(*b),
        Lit::Int(i) => Value::Int(*i),
        Lit::Decimal(d) => Value::Dec(*d),
        Lit::Text(t) => Value::Text(Arc::from(t.as_str())),
        Lit::Date(d) => Value::Date(*d),
        Lit::Duration(p) => Value::Dur(*p),
    }
}
