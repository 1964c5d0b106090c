//! One program's view of the shared case variables ([`crate::inputs`]): a slot as a
//! symbolic value of its type, in that program's enum order, gated by the fact's presence.

use std::collections::{BTreeMap, BTreeSet};

use ward_core::eval::ir::{Program, RTy};

use crate::cnf::{Cnf, L};
use crate::inputs::{Element, Input, Inputs, ScalarKind};
use crate::sym::{Elem, Scalar, Sym, Tri};

/// The values of enum `e` a case can hold (those standing for "unknown" load as unknown).
fn variants(prog: &Program, e: u32) -> Vec<Option<String>> {
    let info = &prog.enums[e as usize];
    info.variants
        .iter()
        .enumerate()
        .map(|(i, v)| (info.unknown_mask & (1 << i) == 0).then(|| v.clone()))
        .collect()
}

fn narrow(allowed: &mut Option<BTreeSet<String>>, mine: &[Option<String>]) {
    let mine: BTreeSet<String> = mine.iter().flatten().cloned().collect();
    *allowed = Some(match allowed.take() {
        Some(a) => a.intersection(&mine).cloned().collect(),
        None => mine,
    });
}

fn bits_for(cnf: &mut Cnf, bits: &mut BTreeMap<String, L>, vs: &[Option<String>]) -> Vec<L> {
    vs.iter()
        .map(|v| match v {
            Some(name) => *bits.entry(name.clone()).or_insert_with(|| cnf.var()),
            None => cnf.ff(),
        })
        .collect()
}

/// A new input of type `ty` at `path` (lists of records get their bound's elements).
fn fresh(cnf: &mut Cnf, inputs: &mut Inputs, prog: &Program, path: &str, ty: &RTy) -> Input {
    match ty {
        RTy::Bool => Input::Bool(Tri::fresh(cnf)),
        RTy::Enum(_) => Input::Enum {
            bits: BTreeMap::new(),
            allowed: None,
        },
        RTy::Set(el) if matches!(**el, RTy::Enum(_)) => Input::Set {
            known: cnf.var(),
            bits: BTreeMap::new(),
            allowed: None,
        },
        RTy::Int => Input::Scalar(inputs.scalar(cnf, ScalarKind::Int)),
        RTy::Decimal => Input::Scalar(inputs.scalar(cnf, ScalarKind::Decimal)),
        RTy::Date => Input::Scalar(inputs.scalar(cnf, ScalarKind::Date)),
        RTy::Text => Input::Scalar(inputs.scalar(cnf, ScalarKind::Text)),
        RTy::List(el) if matches!(**el, RTy::Record(_)) => {
            let n = inputs
                .bounds
                .get(path)
                .copied()
                .unwrap_or(inputs.default_bound);
            let elems = (0..n)
                .map(|_| Element {
                    present: cnf.var(),
                    record: cnf.var(),
                    fields: BTreeMap::new(),
                })
                .collect();
            let _ = prog;
            Input::Records {
                known: cnf.var(),
                elems,
            }
        }
        _ => Input::Opaque { known: cnf.var() },
    }
}

/// Whether an existing input can stand for a value of `ty` (two programs may disagree).
fn fits(input: &Input, ty: &RTy) -> bool {
    matches!(
        (input, ty),
        (Input::Bool(_), RTy::Bool)
            | (Input::Enum { .. }, RTy::Enum(_))
            | (
                Input::Scalar(_),
                RTy::Int | RTy::Decimal | RTy::Date | RTy::Text
            )
            | (Input::Records { .. }, RTy::List(_))
            | (Input::Opaque { .. }, _)
    ) || matches!((input, ty), (Input::Set { .. }, RTy::Set(el)) if matches!(**el, RTy::Enum(_)))
}

/// Program `prog`'s view of `input` (of type `ty`): its bits in this program's order.
fn view(cnf: &mut Cnf, prog: &Program, input: &mut Input, ty: &RTy) -> Sym {
    match (input, ty) {
        (Input::Bool(t), _) => Sym::Tri(*t),
        (Input::Enum { bits, allowed }, RTy::Enum(e)) => {
            let vs = variants(prog, *e);
            narrow(allowed, &vs);
            Sym::Enum {
                bits: bits_for(cnf, bits, &vs),
            }
        }
        (
            Input::Set {
                known,
                bits,
                allowed,
            },
            RTy::Set(el),
        ) => {
            let RTy::Enum(e) = **el else {
                return Sym::Opaque { known: *known };
            };
            let vs = variants(prog, e);
            narrow(allowed, &vs);
            Sym::Set {
                known: *known,
                bits: bits_for(cnf, bits, &vs),
            }
        }
        (Input::Scalar(i), _) => Sym::Scalar(Scalar::Var(*i)),
        (Input::Records { known, elems }, RTy::List(el)) => {
            let RTy::Record(r) = **el else {
                return Sym::Opaque { known: *known };
            };
            let rec = &prog.records[r as usize];
            let mut out = Vec::with_capacity(elems.len());
            for e in elems.iter_mut() {
                let mut fields = Vec::with_capacity(rec.fields.len());
                for f in &rec.fields {
                    let input = e.fields.entry(f.name.clone());
                    let input = match input {
                        std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
                        std::collections::btree_map::Entry::Vacant(v) => {
                            let mut scratch = Inputs::default();
                            v.insert(fresh_nested(cnf, &mut scratch, &f.ty))
                        }
                    };
                    fields.push(if fits(input, &f.ty) {
                        view(cnf, prog, input, &f.ty)
                    } else {
                        Sym::Unknown
                    });
                }
                out.push(Elem {
                    present: e.present,
                    value: Sym::Record {
                        known: e.record,
                        fields,
                    },
                });
            }
            Sym::List {
                known: *known,
                elems: out,
            }
        }
        (Input::Opaque { known }, _) => Sym::Opaque { known: *known },
        _ => Sym::Unknown,
    }
}

/// A field of a list element: no scalars (their atoms live in [`Inputs`], which a nested
/// field cannot reach here), so numbers, dates and text in list elements are opaque.
fn fresh_nested(cnf: &mut Cnf, scratch: &mut Inputs, ty: &RTy) -> Input {
    match ty {
        RTy::Int | RTy::Decimal | RTy::Date | RTy::Text | RTy::List(_) => {
            Input::Opaque { known: cnf.var() }
        }
        _ => fresh(cnf, scratch, &Program::default(), "", ty),
    }
}

/// Slot `s` of `prog` as read from the case (before its default), shared by path.
pub fn slot(cnf: &mut Cnf, inputs: &mut Inputs, prog: &Program, s: usize) -> Sym {
    let info = &prog.slots[s];
    let fact = &prog.facts[info.fact as usize];
    let present = inputs.present(cnf, &fact.name);
    let path = info.path.clone();
    if !inputs.slots.contains_key(&path) {
        let i = fresh(cnf, inputs, prog, &path, &info.ty);
        inputs.slots.insert(path.clone(), i);
    }
    let input = inputs.slots.get_mut(&path).expect("inserted above");
    let v = if fits(input, &info.ty) {
        view(cnf, prog, input, &info.ty)
    } else {
        Sym::Unknown
    };
    if let Sym::Scalar(Scalar::Var(i)) = v {
        let known = inputs.scalars[i].known;
        cnf.implies(known, present);
    }
    gate(cnf, present, v)
}

/// `v` when `on`, otherwise unknown.
pub fn gate(cnf: &mut Cnf, on: L, v: Sym) -> Sym {
    if cnf.is_true(on) {
        return v;
    }
    match v {
        Sym::Tri(t) => Sym::Tri(Tri {
            t: cnf.and2(on, t.t),
            f: cnf.and2(on, t.f),
        }),
        Sym::Enum { bits } => Sym::Enum {
            bits: bits.iter().map(|&b| cnf.and2(on, b)).collect(),
        },
        Sym::Set { known, bits } => Sym::Set {
            known: cnf.and2(on, known),
            bits: bits.iter().map(|&b| cnf.and2(on, b)).collect(),
        },
        Sym::Record { known, fields } => Sym::Record {
            known: cnf.and2(on, known),
            fields,
        },
        Sym::List { known, elems } => Sym::List {
            known: cnf.and2(on, known),
            elems,
        },
        Sym::Opaque { known } => Sym::Opaque {
            known: cnf.and2(on, known),
        },
        // A scalar's atoms are clear when it is unknown; an absent fact's scalar is unknown.
        Sym::Scalar(Scalar::Var(i)) => Sym::Scalar(Scalar::Var(i)),
        other => other,
    }
}
