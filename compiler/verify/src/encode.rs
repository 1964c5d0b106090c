//! Symbolic compilation of the lowered program's expressions: each node, under the case's
//! variables, to a [`Sym`], following the evaluator (`ward_core::eval::eval`) case by case.
//!
//! Where an expression is not modelled exactly (arithmetic, counting, comparisons between two
//! case values, text ordering, …) its value is a fresh, unconstrained one and the node is
//! recorded in [`Encoder::approx`]. That over-approximates what the program can do, so a
//! proof that something never happens still holds; something found to happen is believed
//! only once the real evaluator confirms it on the witness case.

use std::collections::{BTreeMap, HashMap};

use ward_core::eval::Value;
use ward_core::eval::ir::{Atom, Node, NodeId, Program};
use ward_core::hir::Instant;

use crate::cnf::{Cnf, L};
use crate::inputs::Inputs;
use crate::sym::{Elem, Scalar, Sym, Tri, bit};
use crate::view;

/// The solver and the case's variables, shared by every program encoded into them.
#[derive(Default)]
pub struct World {
    pub cnf: Cnf,
    pub inputs: Inputs,
}

impl World {
    pub fn known(&mut self, v: &Sym) -> L {
        let scalars = &self.inputs.scalars;
        v.known(&mut self.cnf, &|i| scalars[i].known)
    }
}

pub struct Encoder<'p> {
    pub prog: &'p Program,
    pub today: Instant,
    slots: Vec<Option<Sym>>,
    defs: Vec<Option<Sym>>,
    memo: HashMap<NodeId, Sym>,
    locals: Vec<Sym>,
    /// How many locals are bound where the current node is encoded (memoised only at 0).
    depth: usize,
    /// Nodes whose value the encoding over-approximates, with why.
    pub approx: BTreeMap<NodeId, &'static str>,
}

impl<'p> Encoder<'p> {
    pub fn new(prog: &'p Program, today: Instant) -> Encoder<'p> {
        Encoder {
            prog,
            today,
            slots: vec![None; prog.slots.len()],
            defs: vec![None; prog.defs.len()],
            memo: HashMap::new(),
            locals: Vec::new(),
            depth: 0,
            approx: BTreeMap::new(),
        }
    }

    pub(crate) fn approximate(&mut self, w: &mut World, n: NodeId, why: &'static str) -> Sym {
        self.approx.entry(n).or_insert(why);
        Sym::Opaque { known: w.cnf.var() }
    }

    /// A slot's value, its default applied when the case leaves it unknown.
    pub fn slot(&mut self, w: &mut World, s: u32) -> Sym {
        if let Some(v) = &self.slots[s as usize] {
            return v.clone();
        }
        let read = view::slot(&mut w.cnf, &mut w.inputs, self.prog, s as usize);
        let v = match self.prog.slots[s as usize].default {
            Some(d) if self.prog.slot_has_default[s as usize] => {
                let d = self.scoped(w, d);
                let k = w.known(&read);
                self.choose(w, d_node(self.prog, s), k, read, d)
            }
            _ => read,
        };
        self.slots[s as usize] = Some(v.clone());
        v
    }

    pub fn def(&mut self, w: &mut World, i: u32) -> Sym {
        if let Some(v) = &self.defs[i as usize] {
            return v.clone();
        }
        let v = self.scoped(w, self.prog.defs[i as usize].node);
        self.defs[i as usize] = Some(v.clone());
        v
    }

    /// Encode `n` with no locals bound (a def's or a default's body).
    fn scoped(&mut self, w: &mut World, n: NodeId) -> Sym {
        let saved = std::mem::take(&mut self.locals);
        let depth = std::mem::replace(&mut self.depth, 0);
        let v = self.node(w, n);
        self.locals = saved;
        self.depth = depth;
        v
    }

    pub fn bind(&mut self, local: u16, v: Sym) {
        let d = local as usize;
        if self.locals.len() <= d {
            self.locals.resize(d + 1, Sym::Unknown);
        }
        self.locals[d] = v;
    }

    /// The truth value of `n` (a non-boolean value is unknown as a condition).
    pub fn truth(&mut self, w: &mut World, n: NodeId) -> Tri {
        match self.node(w, n) {
            Sym::Tri(t) => t,
            Sym::Opaque { .. } => {
                self.approx
                    .entry(n)
                    .or_insert("a value the encoding does not model");
                Tri::fresh(&mut w.cnf)
            }
            _ => Tri::constant(&w.cnf, None),
        }
    }

    /// Encode a `for` rule's or quantifier's body once per element of `coll`.
    pub fn each(
        &mut self,
        w: &mut World,
        local: u16,
        coll: &Sym,
        body: Option<NodeId>,
    ) -> Option<Vec<(L, Tri)>> {
        let items: Vec<Elem> = match coll {
            Sym::List { elems, .. } => elems.clone(),
            Sym::Set { bits, .. } => bits
                .iter()
                .enumerate()
                .map(|(i, &b)| Elem {
                    present: b,
                    value: Sym::enum_value(&w.cnf, i as u16),
                })
                .collect(),
            _ => return None,
        };
        let mut out = Vec::with_capacity(items.len());
        self.depth += 1;
        for it in items {
            let r = match body {
                Some(f) => {
                    self.bind(local, it.value);
                    self.truth(w, f)
                }
                None => Tri::constant(&w.cnf, Some(true)),
            };
            out.push((it.present, r));
        }
        self.depth -= 1;
        Some(out)
    }

    pub fn node(&mut self, w: &mut World, n: NodeId) -> Sym {
        if self.depth == 0
            && let Some(v) = self.memo.get(&n)
        {
            return v.clone();
        }
        let v = self.compute(w, n);
        if self.depth == 0 {
            self.memo.insert(n, v.clone());
        }
        v
    }

    fn compute(&mut self, w: &mut World, n: NodeId) -> Sym {
        let prog = self.prog;
        match &prog.nodes[n as usize] {
            Node::Const(v) => constant(&w.cnf, v),
            Node::Today => Sym::Scalar(Scalar::Const(Value::Date(self.today))),
            Node::Slot(s) => self.slot(w, *s),
            Node::Present(f) => {
                let p = w.inputs.present(&mut w.cnf, &prog.facts[*f as usize].name);
                Sym::Tri(Tri { t: p, f: !p })
            }
            Node::Def(i) => self.def(w, *i),
            Node::Local(d) => self
                .locals
                .get(*d as usize)
                .cloned()
                .unwrap_or(Sym::Unknown),
            Node::Field {
                base,
                field,
                default,
            } => {
                let b = self.node(w, *base);
                let (bk, v) = match &b {
                    Sym::Record { known, fields } => (
                        *known,
                        fields.get(*field as usize).cloned().unwrap_or(Sym::Unknown),
                    ),
                    Sym::Opaque { .. } => {
                        return self.approximate(
                            w,
                            n,
                            "a field of a value the encoding does not model",
                        );
                    }
                    _ => (w.cnf.ff(), Sym::Unknown),
                };
                let v = view::gate(&mut w.cnf, bk, v);
                match default {
                    Some(d) => {
                        let dv = self.node(w, *d);
                        let dv = view::gate(&mut w.cnf, bk, dv);
                        let k = w.known(&v);
                        self.choose(w, n, k, v, dv)
                    }
                    None => v,
                }
            }
            Node::RecordOfSlots { record, first } => {
                let count = prog.records[*record as usize].fields.len() as u32;
                let fields = (0..count).map(|i| self.slot(w, first + i)).collect();
                Sym::Record {
                    known: w.cnf.tt(),
                    fields,
                }
            }
            Node::Not(x) => Sym::Tri(self.truth(w, *x).negate()),
            Node::And(xs) => {
                let ts: Vec<Tri> = xs.iter().map(|&x| self.truth(w, x)).collect();
                Sym::Tri(Tri::and(&mut w.cnf, &ts))
            }
            Node::Or(xs) => {
                let ts: Vec<Tri> = xs.iter().map(|&x| self.truth(w, x)).collect();
                Sym::Tri(Tri::or(&mut w.cnf, &ts))
            }
            Node::AndAtoms { atoms, rest } => {
                let mut ts: Vec<Tri> = atoms.iter().map(|a| self.atom(w, *a)).collect();
                ts.extend(rest.iter().map(|&x| self.truth(w, x)));
                Sym::Tri(Tri::and(&mut w.cnf, &ts))
            }
            Node::EnumIn {
                negated,
                elem,
                mask,
            } => {
                let v = self.node(w, *elem);
                Sym::Tri(self.enum_in(w, n, &v, *mask, *negated))
            }
            Node::EnumHasAny { coll, mask } => {
                let v = self.node(w, *coll);
                Sym::Tri(self.set_has(w, n, &v, *mask, false))
            }
            Node::EnumHasAll { coll, mask } => {
                let v = self.node(w, *coll);
                Sym::Tri(self.set_has(w, n, &v, *mask, true))
            }
            Node::IsKnown { operand, negated } => {
                let v = self.node(w, *operand);
                let k = w.known(&v);
                let k = if *negated { !k } else { k };
                Sym::Tri(Tri { t: k, f: !k })
            }
            Node::IsEmpty { operand, negated } => {
                let v = self.node(w, *operand);
                let (known, empty) = match &v {
                    Sym::Set { known, bits } => (*known, !w.cnf.or(bits)),
                    Sym::List { known, elems } => (
                        *known,
                        elems.first().map(|e| !e.present).unwrap_or(w.cnf.tt()),
                    ),
                    Sym::Opaque { .. } => {
                        return self.approximate(
                            w,
                            n,
                            "the size of a value the encoding does not model",
                        );
                    }
                    _ => return Sym::Tri(Tri::constant(&w.cnf, None)),
                };
                let holds = if *negated { !empty } else { empty };
                Sym::Tri(Tri::when(&mut w.cnf, known, holds))
            }
            Node::Cmp { op, lhs, rhs } => {
                let (a, b) = (self.node(w, *lhs), self.node(w, *rhs));
                match self.compare(w, *op, &a, &b) {
                    Some(t) => Sym::Tri(t),
                    None => self.approximate(w, n, "a comparison the encoding does not model"),
                }
            }
            Node::In {
                negated,
                elem,
                coll,
            } => {
                let (e, c) = (self.node(w, *elem), self.node(w, *coll));
                match self.contains(w, &c, &e) {
                    Some(t) if *negated => Sym::Tri(t.negate()),
                    Some(t) => Sym::Tri(t),
                    None => self.approximate(
                        w,
                        n,
                        "membership in a collection the encoding does not model",
                    ),
                }
            }
            Node::HasOne { coll, elem } => {
                let (c, e) = (self.node(w, *coll), self.node(w, *elem));
                match self.contains(w, &c, &e) {
                    Some(t) => Sym::Tri(t),
                    None => self.approximate(
                        w,
                        n,
                        "membership in a collection the encoding does not model",
                    ),
                }
            }
            Node::HasAny { coll, set } | Node::HasAll { coll, set } => {
                let all = matches!(prog.nodes[n as usize], Node::HasAll { .. });
                let (c, s) = (self.node(w, *coll), self.node(w, *set));
                match (&c, &s) {
                    (Sym::Set { known: ka, bits: a }, Sym::Set { known: kb, bits: b }) => {
                        let width = a.len().max(b.len());
                        let mut terms = Vec::with_capacity(width);
                        for i in 0..width {
                            let (x, y) = (bit(&w.cnf, a, i), bit(&w.cnf, b, i));
                            terms.push(if all {
                                w.cnf.or2(x, !y)
                            } else {
                                w.cnf.and2(x, y)
                            });
                        }
                        let holds = if all {
                            w.cnf.and(&terms)
                        } else {
                            w.cnf.or(&terms)
                        };
                        let known = w.cnf.and2(*ka, *kb);
                        Sym::Tri(Tri::when(&mut w.cnf, known, holds))
                    }
                    (Sym::Unknown, _) | (_, Sym::Unknown) => Sym::Tri(Tri::constant(&w.cnf, None)),
                    _ => self.approximate(
                        w,
                        n,
                        "`has any`/`has all` over collections that are not enum sets",
                    ),
                }
            }
            Node::Quant {
                any,
                local,
                coll,
                filter,
            } => {
                let c = self.node(w, *coll);
                let Some(items) = self.each(w, *local, &c, *filter) else {
                    return match c {
                        Sym::Opaque { .. } => self.approximate(
                            w,
                            n,
                            "a quantifier over a collection the encoding does not model",
                        ),
                        _ => Sym::Tri(Tri::constant(&w.cnf, None)),
                    };
                };
                let known = w.known(&c);
                Sym::Tri(quantify(&mut w.cnf, *any, known, &items))
            }
            Node::If {
                cond,
                then,
                otherwise,
            } => {
                let c = self.truth(w, *cond);
                let (a, b) = (self.node(w, *then), self.node(w, *otherwise));
                self.ite(w, n, c, a, b)
            }
            Node::SetLit(xs) => {
                let vals: Vec<Sym> = xs.iter().map(|&x| self.node(w, x)).collect();
                if vals.is_empty() {
                    return Sym::enum_set(&w.cnf, 0);
                }
                let mut width = 0;
                for v in &vals {
                    match v {
                        Sym::Enum { bits } => width = width.max(bits.len()),
                        _ => {
                            return self.approximate(
                                w,
                                n,
                                "a set of values that are not enum values",
                            );
                        }
                    }
                }
                let mut knowns = Vec::new();
                let mut bits = vec![Vec::new(); width];
                for v in &vals {
                    if let Sym::Enum { bits: b } = v {
                        knowns.push(w.cnf.or(b));
                        for (i, &x) in b.iter().enumerate() {
                            bits[i].push(x);
                        }
                    }
                }
                let known = w.cnf.and(&knowns);
                let bits = bits
                    .iter()
                    .map(|bs| {
                        let any = w.cnf.or(bs);
                        w.cnf.and2(known, any)
                    })
                    .collect();
                Sym::Set { known, bits }
            }
            Node::ListLit(xs) if xs.is_empty() => Sym::List {
                known: w.cnf.tt(),
                elems: Vec::new(),
            },
            Node::ListLit(_) => self.approximate(w, n, "a list written out in the policy"),
            Node::Count(_) => self.approximate(w, n, "a count"),
            Node::Arith { .. } | Node::Neg(_) => self.approximate(w, n, "arithmetic"),
        }
    }

    fn atom(&mut self, w: &mut World, a: Atom) -> Tri {
        match a {
            Atom::EnumIn {
                slot,
                mask,
                negated,
            } => {
                let v = self.slot(w, slot);
                self.enum_in(w, u32::MAX, &v, mask, negated)
            }
            Atom::SetHas { slot, mask, all } => {
                let v = self.slot(w, slot);
                self.set_has(w, u32::MAX, &v, mask, all)
            }
            Atom::IsTrue { slot, negated } => {
                let t = match self.slot(w, slot) {
                    Sym::Tri(t) => t,
                    _ => Tri::constant(&w.cnf, None),
                };
                if negated { t.negate() } else { t }
            }
            Atom::Def { def, negated } => {
                let t = match self.def(w, def) {
                    Sym::Tri(t) => t,
                    Sym::Opaque { .. } => Tri::fresh(&mut w.cnf),
                    _ => Tri::constant(&w.cnf, None),
                };
                if negated { t.negate() } else { t }
            }
        }
    }

    fn enum_in(&mut self, w: &mut World, n: NodeId, v: &Sym, mask: u64, negated: bool) -> Tri {
        match v {
            Sym::Enum { bits } => {
                let (mut yes, mut no) = (Vec::new(), Vec::new());
                for (i, &b) in bits.iter().enumerate() {
                    if (mask & (1 << i) != 0) != negated {
                        yes.push(b);
                    } else {
                        no.push(b);
                    }
                }
                Tri {
                    t: w.cnf.or(&yes),
                    f: w.cnf.or(&no),
                }
            }
            Sym::Opaque { .. } => {
                self.approx
                    .entry(n)
                    .or_insert("an enum the encoding does not model");
                Tri::fresh(&mut w.cnf)
            }
            _ => Tri::constant(&w.cnf, None),
        }
    }

    fn set_has(&mut self, w: &mut World, n: NodeId, v: &Sym, mask: u64, all: bool) -> Tri {
        match v {
            Sym::Set { known, bits } => {
                let sel: Vec<L> = (0..64)
                    .filter(|i| mask & (1u64 << i) != 0)
                    .map(|i| bit(&w.cnf, bits, i))
                    .collect();
                let holds = if all { w.cnf.and(&sel) } else { w.cnf.or(&sel) };
                Tri::when(&mut w.cnf, *known, holds)
            }
            Sym::Opaque { .. } => {
                self.approx
                    .entry(n)
                    .or_insert("a set the encoding does not model");
                Tri::fresh(&mut w.cnf)
            }
            _ => Tri::constant(&w.cnf, None),
        }
    }

    /// `contains(coll, elem)`, three-valued; `None` where not modelled.
    fn contains(&mut self, w: &mut World, c: &Sym, e: &Sym) -> Option<Tri> {
        match (c, e) {
            (Sym::Set { known, bits }, Sym::Enum { bits: eb }) => {
                let width = bits.len().max(eb.len());
                let terms: Vec<L> = (0..width)
                    .map(|i| {
                        let (x, y) = (bit(&w.cnf, bits, i), bit(&w.cnf, eb, i));
                        w.cnf.and2(x, y)
                    })
                    .collect();
                let t = w.cnf.or(&terms);
                let ek = w.cnf.or(eb);
                let empty = !w.cnf.or(bits);
                // An empty set certainly holds nothing, even an unknown element.
                let both = w.cnf.and(&[*known, ek, !t]);
                let none = w.cnf.and2(*known, empty);
                Some(Tri {
                    t,
                    f: w.cnf.or2(both, none),
                })
            }
            (Sym::Set { known, bits }, Sym::Unknown) => {
                let empty = !w.cnf.or(bits);
                Some(Tri {
                    t: w.cnf.ff(),
                    f: w.cnf.and2(*known, empty),
                })
            }
            (Sym::Unknown, _) => Some(Tri::constant(&w.cnf, None)),
            _ => None,
        }
    }
}

/// The node a slot's default was lowered to (for recording an approximation).
fn d_node(prog: &Program, s: u32) -> NodeId {
    prog.slots[s as usize].default.unwrap_or(u32::MAX)
}

/// `any`/`all` over elements `(present, filter)` of a collection known when `known`.
pub fn quantify(cnf: &mut Cnf, any: bool, known: L, items: &[(L, Tri)]) -> Tri {
    // any: true when some present element holds; false when every present one fails.
    // all: the dual.
    let items: Vec<(L, Tri)> = if any {
        items.to_vec()
    } else {
        items.iter().map(|(p, t)| (*p, t.negate())).collect()
    };
    let some: Vec<L> = items.iter().map(|(p, t)| cnf.and2(*p, t.t)).collect();
    let every: Vec<L> = items.iter().map(|(p, t)| cnf.or2(!*p, t.f)).collect();
    let some = cnf.or(&some);
    let every = cnf.and(&every);
    let r = Tri {
        t: cnf.and2(known, some),
        f: cnf.and2(known, every),
    };
    if any { r } else { r.negate() }
}

/// A constant value as a symbolic one.
pub fn constant(cnf: &Cnf, v: &Value) -> Sym {
    match v {
        Value::Unknown => Sym::Unknown,
        Value::Bool(b) => Sym::Tri(Tri::constant(cnf, Some(*b))),
        Value::Enum(i) => Sym::enum_value(cnf, *i),
        Value::EnumSet(m) => Sym::enum_set(cnf, *m),
        Value::List(xs) if xs.is_empty() => Sym::List {
            known: cnf.tt(),
            elems: Vec::new(),
        },
        Value::Int(_) | Value::Dec(_) | Value::Date(_) | Value::Text(_) => {
            Sym::Scalar(Scalar::Const(v.clone()))
        }
        _ => Sym::Opaque { known: cnf.tt() },
    }
}
