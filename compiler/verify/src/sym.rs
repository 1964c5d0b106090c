//! Symbolic values: what an expression of the lowered program is, over the case's
//! propositional variables. Every value can be unknown, as in the evaluator:
//!
//! * a truth value is dual-rail (`t`: known true, `f`: known false, neither: unknown);
//! * an enum is one bit per variant, at most one set (none: unknown);
//! * a set of enum values is a `known` bit and one bit per value (all clear when unknown);
//! * a record is a `known` bit and its fields; a list is a `known` bit and a bounded number
//!   of elements, each with a `present` bit (present elements form a prefix);
//! * numbers, dates and text compared with constants are ordered scalars ([`Scalar`]);
//! * anything else is opaque: only whether it is known is modelled.

use ward_core::eval::Value;

use crate::cnf::{Cnf, L};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tri {
    pub t: L,
    pub f: L,
}

impl Tri {
    pub fn constant(cnf: &Cnf, b: Option<bool>) -> Tri {
        match b {
            Some(b) => Tri {
                t: cnf.constant(b),
                f: cnf.constant(!b),
            },
            None => Tri {
                t: cnf.ff(),
                f: cnf.ff(),
            },
        }
    }
    pub fn negate(self) -> Tri {
        Tri {
            t: self.f,
            f: self.t,
        }
    }
    pub fn known(self, cnf: &mut Cnf) -> L {
        cnf.or2(self.t, self.f)
    }
    pub fn unknown(self, cnf: &mut Cnf) -> L {
        !self.known(cnf)
    }
    /// A fresh, unconstrained truth value (where the encoding does not model an expression).
    pub fn fresh(cnf: &mut Cnf) -> Tri {
        let t = cnf.var();
        let f = cnf.var();
        cnf.clause(&[!t, !f]);
        Tri { t, f }
    }
    pub fn and(cnf: &mut Cnf, xs: &[Tri]) -> Tri {
        let ts: Vec<L> = xs.iter().map(|x| x.t).collect();
        let fs: Vec<L> = xs.iter().map(|x| x.f).collect();
        Tri {
            t: cnf.and(&ts),
            f: cnf.or(&fs),
        }
    }
    pub fn or(cnf: &mut Cnf, xs: &[Tri]) -> Tri {
        let neg: Vec<Tri> = xs.iter().map(|x| x.negate()).collect();
        Tri::and(cnf, &neg).negate()
    }
    /// A known truth value from a literal that is meaningful only when `known`.
    pub fn when(cnf: &mut Cnf, known: L, holds: L) -> Tri {
        Tri {
            t: cnf.and2(known, holds),
            f: cnf.and2(known, !holds),
        }
    }
}

/// A number, date or text: a constant, or a case value ([`crate::encode::Encoder::scalars`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Const(Value),
    Var(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Elem {
    pub present: L,
    pub value: Sym,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Sym {
    Tri(Tri),
    Enum {
        bits: Vec<L>,
    },
    Set {
        known: L,
        bits: Vec<L>,
    },
    Record {
        known: L,
        fields: Vec<Sym>,
    },
    List {
        known: L,
        elems: Vec<Elem>,
    },
    Scalar(Scalar),
    /// A value the encoding does not model beyond whether it is known.
    Opaque {
        known: L,
    },
    /// The constant unknown (an unknown value of any type).
    Unknown,
}

impl Sym {
    /// Whether the value is known (`is known`).
    pub fn known(&self, cnf: &mut Cnf, scalar_known: &dyn Fn(usize) -> L) -> L {
        match self {
            Sym::Tri(t) => t.known(cnf),
            Sym::Enum { bits } => cnf.or(bits),
            Sym::Set { known, .. }
            | Sym::Record { known, .. }
            | Sym::List { known, .. }
            | Sym::Opaque { known } => *known,
            Sym::Scalar(Scalar::Const(v)) => cnf.constant(!v.is_unknown()),
            Sym::Scalar(Scalar::Var(i)) => scalar_known(*i),
            Sym::Unknown => cnf.ff(),
        }
    }

    /// A constant set of enum values (bits past the last member are read as clear).
    pub fn enum_set(cnf: &Cnf, mask: u64) -> Sym {
        let width = 64 - mask.leading_zeros() as usize;
        Sym::Set {
            known: cnf.tt(),
            bits: (0..width)
                .map(|i| cnf.constant(mask & (1 << i) != 0))
                .collect(),
        }
    }

    /// A constant enum value.
    pub fn enum_value(cnf: &Cnf, index: u16) -> Sym {
        Sym::Enum {
            bits: (0..=index as usize)
                .map(|i| cnf.constant(i == index as usize))
                .collect(),
        }
    }
}

/// Bit `i` of an enum's or a set's bits (clear past the end).
pub fn bit(cnf: &Cnf, bits: &[L], i: usize) -> L {
    bits.get(i).copied().unwrap_or(cnf.ff())
}
