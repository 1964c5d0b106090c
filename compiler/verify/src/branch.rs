//! Choosing between two values symbolically: the evaluator's `if` (for an unknown condition,
//! the branches' common value when they agree) and a default taken when the case leaves a
//! value unknown.

use ward_core::eval::ir::NodeId;

use crate::cnf::{Cnf, L};
use crate::encode::{Encoder, World};
use crate::sym::{Elem, Sym, Tri, bit};

impl Encoder<'_> {
    /// `c ? a : b` on whether a value was known (defaults): like [`Self::ite`] with a known
    /// condition.
    pub(crate) fn choose(&mut self, w: &mut World, n: NodeId, c: L, a: Sym, b: Sym) -> Sym {
        let c = Tri { t: c, f: !c };
        self.ite(w, n, c, a, b)
    }

    /// The evaluator's `if`: the chosen branch, or for an unknown condition the branches'
    /// common value when they are equal.
    pub(crate) fn ite(&mut self, w: &mut World, n: NodeId, c: Tri, a: Sym, b: Sym) -> Sym {
        let cnf = &mut w.cnf;
        if cnf.is_true(c.t) {
            return a;
        }
        if cnf.is_true(c.f) {
            return b;
        }
        let unk = !cnf.or2(c.t, c.f);
        let pick = |cnf: &mut Cnf, x: L, y: L, both: L| {
            let p = cnf.and2(c.t, x);
            let q = cnf.and2(c.f, y);
            let r = cnf.and2(unk, both);
            cnf.or(&[p, q, r])
        };
        match (&a, &b) {
            (Sym::Unknown, Sym::Unknown) => Sym::Unknown,
            (Sym::Tri(x), Sym::Tri(y)) => {
                let bt = cnf.and2(x.t, y.t);
                let bf = cnf.and2(x.f, y.f);
                Sym::Tri(Tri {
                    t: pick(cnf, x.t, y.t, bt),
                    f: pick(cnf, x.f, y.f, bf),
                })
            }
            (Sym::Tri(x), Sym::Unknown) => Sym::Tri(Tri {
                t: cnf.and2(c.t, x.t),
                f: cnf.and2(c.t, x.f),
            }),
            (Sym::Unknown, Sym::Tri(y)) => Sym::Tri(Tri {
                t: cnf.and2(c.f, y.t),
                f: cnf.and2(c.f, y.f),
            }),
            (Sym::Enum { bits: x }, Sym::Enum { bits: y }) => {
                let width = x.len().max(y.len());
                let bits = (0..width)
                    .map(|i| {
                        let (p, q) = (bit(cnf, x, i), bit(cnf, y, i));
                        let both = cnf.and2(p, q);
                        pick(cnf, p, q, both)
                    })
                    .collect();
                Sym::Enum { bits }
            }
            (Sym::Enum { bits: x }, Sym::Unknown) => Sym::Enum {
                bits: x.iter().map(|&p| cnf.and2(c.t, p)).collect(),
            },
            (Sym::Unknown, Sym::Enum { bits: y }) => Sym::Enum {
                bits: y.iter().map(|&q| cnf.and2(c.f, q)).collect(),
            },
            (Sym::Set { known: kx, bits: x }, Sym::Set { known: ky, bits: y }) => {
                let width = x.len().max(y.len());
                let same: Vec<L> = (0..width)
                    .map(|i| {
                        let (p, q) = (bit(cnf, x, i), bit(cnf, y, i));
                        cnf.iff(p, q)
                    })
                    .collect();
                let eq = cnf.and(&same);
                let both = cnf.and(&[*kx, *ky, eq]);
                let known = pick(cnf, *kx, *ky, both);
                let bits = (0..width)
                    .map(|i| {
                        let (p, q) = (bit(cnf, x, i), bit(cnf, y, i));
                        let bp = cnf.and2(both, p);
                        pick(cnf, p, q, bp)
                    })
                    .collect();
                Sym::Set { known, bits }
            }
            (Sym::Set { known: kx, bits: x }, Sym::Unknown) => Sym::Set {
                known: cnf.and2(c.t, *kx),
                bits: x.iter().map(|&p| cnf.and2(c.t, p)).collect(),
            },
            (Sym::Unknown, Sym::Set { known: ky, bits: y }) => Sym::Set {
                known: cnf.and2(c.f, *ky),
                bits: y.iter().map(|&q| cnf.and2(c.f, q)).collect(),
            },
            // A list read from the case, or its default when it is unknown: only the empty
            // list as a default is modelled.
            (
                Sym::List { known: kx, elems },
                Sym::List {
                    known: ky,
                    elems: none,
                },
            ) if none.is_empty() => {
                let both = cnf.and2(*kx, *ky);
                let empty = elems.first().map(|e| !e.present).unwrap_or(cnf.tt());
                let both = cnf.and2(both, empty);
                let known = pick(cnf, *kx, *ky, both);
                let elems = elems
                    .iter()
                    .map(|e| Elem {
                        present: cnf.and2(c.t, e.present),
                        value: e.value.clone(),
                    })
                    .collect();
                Sym::List { known, elems }
            }
            (x, Sym::Unknown) if same_scalar(x) => {
                // Only the condition's truth matters: a value that is unknown unless chosen.
                if cnf.is_true(c.t) {
                    a
                } else {
                    self.approximate(w, n, "a default or `if` over numbers, dates or text")
                }
            }
            _ => self.approximate(
                w,
                n,
                "a default or `if` over values the encoding does not model",
            ),
        }
    }
}

fn same_scalar(x: &Sym) -> bool {
    matches!(x, Sym::Scalar(_))
}
