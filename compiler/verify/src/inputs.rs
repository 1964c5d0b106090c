//! The case as propositional variables, shared by every program encoded into one solver
//! (a library and its local packages, an old and a new version): facts are matched by name,
//! fields by path and enum values by name, so one model is one case for all of them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ward_core::eval::Value;
use ward_core::eval::value::compare;

use crate::cnf::{Cnf, L};
use crate::sym::Tri;

/// How a number, date or text is compared: ordered (numbers, dates) or by equality only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarKind {
    Int,
    Decimal,
    Date,
    Text,
}

/// A case value compared with constants: one `lt` ("x < c") and one `eq` ("x = c") per
/// constant, kept consistent with the constants' order by [`Inputs::finish`].
#[derive(Clone, Debug)]
pub struct ScalarVar {
    pub kind: ScalarKind,
    pub known: L,
    pub atoms: Vec<(Value, L, L)>,
}

#[derive(Clone, Debug)]
pub enum Input {
    Bool(Tri),
    Enum {
        bits: BTreeMap<String, L>,
        /// The values every program that reads it declares (a case must load in each).
        allowed: Option<BTreeSet<String>>,
    },
    Set {
        known: L,
        bits: BTreeMap<String, L>,
        allowed: Option<BTreeSet<String>>,
    },
    Scalar(usize),
    Opaque {
        known: L,
    },
    /// A list of records: a bounded number of elements.
    Records {
        known: L,
        elems: Vec<Element>,
    },
}

#[derive(Clone, Debug)]
pub struct Element {
    pub present: L,
    /// The element is a record (not `null`).
    pub record: L,
    pub fields: BTreeMap<String, Input>,
}

#[derive(Default)]
pub struct Inputs {
    /// By slot path (`organisation.nation`, `incidents`).
    pub slots: BTreeMap<String, Input>,
    /// Whether each fact is in the case at all, by name.
    pub present: BTreeMap<String, L>,
    pub scalars: Vec<ScalarVar>,
    /// Elements per list, by slot path (see [`crate::bound`]).
    pub bounds: HashMap<String, usize>,
    pub default_bound: usize,
}

impl Inputs {
    pub fn present(&mut self, cnf: &mut Cnf, fact: &str) -> L {
        *self
            .present
            .entry(fact.to_string())
            .or_insert_with(|| cnf.var())
    }

    pub fn scalar(&mut self, cnf: &mut Cnf, kind: ScalarKind) -> usize {
        let known = cnf.var();
        self.scalars.push(ScalarVar {
            kind,
            known,
            atoms: Vec::new(),
        });
        self.scalars.len() - 1
    }

    /// The `(lt, eq)` atoms of scalar `i` against the constant `c`.
    pub fn atom(&mut self, cnf: &mut Cnf, i: usize, c: &Value) -> (L, L) {
        let s = &mut self.scalars[i];
        if let Some((_, lt, eq)) = s
            .atoms
            .iter()
            .find(|(v, _, _)| compare(v, c) == Some(std::cmp::Ordering::Equal))
        {
            return (*lt, *eq);
        }
        let (lt, eq) = if s.kind == ScalarKind::Text {
            (cnf.ff(), cnf.var())
        } else {
            (cnf.var(), cnf.var())
        };
        s.atoms.push((c.clone(), lt, eq));
        (lt, eq)
    }

    /// Literals that, all false, leave every fact unknown: what a short witness keeps false.
    pub fn facts_said(&self) -> Vec<L> {
        let mut out: Vec<L> = self.present.values().copied().collect();
        for i in self.slots.values() {
            said(i, &self.scalars, &mut out);
        }
        out
    }

    /// Constraints that hold of every case: at most one value per enum, values no program
    /// declares excluded, unknown values with no members, and each scalar's atoms ordered.
    pub fn finish(&self, cnf: &mut Cnf) {
        for input in self.slots.values() {
            finish_input(cnf, input);
        }
        for s in &self.scalars {
            let mut atoms = s.atoms.clone();
            atoms.sort_by(|a, b| compare(&a.0, &b.0).unwrap_or(std::cmp::Ordering::Equal));
            let eqs: Vec<L> = atoms.iter().map(|a| a.2).collect();
            cnf.at_most_one(&eqs);
            for (i, (c, lt, eq)) in atoms.iter().enumerate() {
                cnf.implies(*eq, s.known);
                cnf.implies(*lt, s.known);
                if s.kind == ScalarKind::Text {
                    continue;
                }
                cnf.implies(*eq, !*lt);
                if let Some((c2, lt2, _)) = atoms.get(i + 1) {
                    cnf.implies(*lt, *lt2);
                    cnf.implies(*eq, *lt2);
                    // No whole number lies strictly between c and c + 1.
                    if let (Value::Int(a), Value::Int(b)) = (c, c2)
                        && b - a == 1
                        && s.kind == ScalarKind::Int
                    {
                        cnf.clause(&[!*lt2, *lt, *eq]);
                    }
                }
            }
        }
    }
}

fn finish_input(cnf: &mut Cnf, input: &Input) {
    match input {
        Input::Bool(_) | Input::Scalar(_) | Input::Opaque { .. } => {}
        Input::Enum { bits, allowed } => {
            exclude(cnf, bits, allowed);
            let all: Vec<L> = bits.values().copied().collect();
            cnf.at_most_one(&all);
        }
        Input::Set {
            known,
            bits,
            allowed,
        } => {
            exclude(cnf, bits, allowed);
            for &b in bits.values() {
                cnf.implies(b, *known);
            }
        }
        Input::Records { known, elems } => {
            for (i, e) in elems.iter().enumerate() {
                cnf.implies(e.present, *known);
                if i > 0 {
                    cnf.implies(e.present, elems[i - 1].present);
                }
                cnf.implies(e.record, e.present);
                for f in e.fields.values() {
                    finish_input(cnf, f);
                    // A null element has no fields (only a record's fields are read).
                    if let Some(k) = input_known(f) {
                        cnf.implies(k, e.record);
                    }
                }
            }
        }
    }
}

fn said(i: &Input, scalars: &[ScalarVar], out: &mut Vec<L>) {
    match i {
        Input::Bool(t) => out.extend([t.t, t.f]),
        Input::Enum { bits, .. } => out.extend(bits.values()),
        Input::Set { known, bits, .. } => {
            out.push(*known);
            out.extend(bits.values());
        }
        Input::Opaque { known } => out.push(*known),
        Input::Scalar(s) => out.push(scalars[*s].known),
        Input::Records { known, elems } => {
            out.push(*known);
            for e in elems {
                out.push(e.present);
                for f in e.fields.values() {
                    said(f, scalars, out);
                }
            }
        }
    }
}

fn exclude(cnf: &mut Cnf, bits: &BTreeMap<String, L>, allowed: &Option<BTreeSet<String>>) {
    if let Some(allowed) = allowed {
        for (name, &b) in bits {
            if !allowed.contains(name) {
                cnf.clause(&[!b]);
            }
        }
    }
}

/// The `known` literal of an input that has one of its own.
fn input_known(i: &Input) -> Option<L> {
    match i {
        Input::Set { known, .. } | Input::Opaque { known } | Input::Records { known, .. } => {
            Some(*known)
        }
        _ => None,
    }
}
