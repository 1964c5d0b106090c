//! Comparisons, symbolically: truth values, enums and enum sets compared directly; a number,
//! date or text in the case compared with a constant through its ordered threshold atoms
//! ([`crate::inputs::ScalarVar`]). Two case values compared with each other are not modelled.

use ward_core::eval::Value;
use ward_syntax::ast::CompareOp;

use crate::cnf::L;
use crate::encode::{Encoder, World};
use crate::sym::{Scalar, Sym, Tri, bit};

impl Encoder<'_> {
    /// `a op b`; `None` where not modelled.
    pub(crate) fn compare(
        &mut self,
        w: &mut World,
        op: CompareOp,
        a: &Sym,
        b: &Sym,
    ) -> Option<Tri> {
        let cnf = &mut w.cnf;
        let eq = match (a, b) {
            (Sym::Unknown, _) | (_, Sym::Unknown) => return Some(Tri::constant(cnf, None)),
            (Sym::Tri(x), Sym::Tri(y)) if matches!(op, CompareOp::Eq | CompareOp::Ne) => {
                let p = cnf.and2(x.t, y.t);
                let q = cnf.and2(x.f, y.f);
                let r = cnf.and2(x.t, y.f);
                let s = cnf.and2(x.f, y.t);
                Tri {
                    t: cnf.or2(p, q),
                    f: cnf.or2(r, s),
                }
            }
            (Sym::Enum { bits: x }, Sym::Enum { bits: y })
                if matches!(op, CompareOp::Eq | CompareOp::Ne) =>
            {
                let width = x.len().max(y.len());
                let same: Vec<L> = (0..width)
                    .map(|i| {
                        let (p, q) = (bit(cnf, x, i), bit(cnf, y, i));
                        cnf.and2(p, q)
                    })
                    .collect();
                let t = cnf.or(&same);
                let kx = cnf.or(x);
                let ky = cnf.or(y);
                Tri {
                    t,
                    f: cnf.and(&[kx, ky, !t]),
                }
            }
            (Sym::Set { known: kx, bits: x }, Sym::Set { known: ky, bits: y })
                if matches!(op, CompareOp::Eq | CompareOp::Ne) =>
            {
                let width = x.len().max(y.len());
                let same: Vec<L> = (0..width)
                    .map(|i| {
                        let (p, q) = (bit(cnf, x, i), bit(cnf, y, i));
                        cnf.iff(p, q)
                    })
                    .collect();
                let holds = cnf.and(&same);
                let known = cnf.and2(*kx, *ky);
                Tri::when(cnf, known, holds)
            }
            (Sym::Scalar(x), Sym::Scalar(y)) => return self.compare_scalars(w, op, x, y),
            _ => return None,
        };
        Some(if op == CompareOp::Ne { eq.negate() } else { eq })
    }

    fn compare_scalars(
        &mut self,
        w: &mut World,
        op: CompareOp,
        x: &Scalar,
        y: &Scalar,
    ) -> Option<Tri> {
        match (x, y) {
            (Scalar::Const(a), Scalar::Const(b)) => {
                use ward_core::eval::value::{compare, equal};
                let v = match op {
                    CompareOp::Eq => equal(a, b),
                    CompareOp::Ne => equal(a, b).map(|x| !x),
                    CompareOp::Lt => compare(a, b).map(|o| o.is_lt()),
                    CompareOp::Le => compare(a, b).map(|o| o.is_le()),
                    CompareOp::Gt => compare(a, b).map(|o| o.is_gt()),
                    CompareOp::Ge => compare(a, b).map(|o| o.is_ge()),
                };
                Some(Tri::constant(&w.cnf, v))
            }
            (Scalar::Const(_), Scalar::Var(_)) => self.compare_scalars(w, flip(op), y, x),
            (Scalar::Var(i), Scalar::Const(c)) => {
                let i = *i;
                let kind = w.inputs.scalars[i].kind;
                let known = w.inputs.scalars[i].known;
                let fits = match kind {
                    crate::inputs::ScalarKind::Int | crate::inputs::ScalarKind::Decimal => {
                        matches!(c, Value::Int(_) | Value::Dec(_))
                    }
                    crate::inputs::ScalarKind::Date => matches!(c, Value::Date(_)),
                    crate::inputs::ScalarKind::Text => {
                        matches!(c, Value::Text(_)) && matches!(op, CompareOp::Eq | CompareOp::Ne)
                    }
                };
                if !fits {
                    return None;
                }
                let (lt, eq) = w.inputs.atom(&mut w.cnf, i, c);
                let cnf = &mut w.cnf;
                let holds = match op {
                    CompareOp::Eq => eq,
                    CompareOp::Ne => !eq,
                    CompareOp::Lt => lt,
                    CompareOp::Le => cnf.or2(lt, eq),
                    CompareOp::Gt => cnf.and2(!lt, !eq),
                    CompareOp::Ge => !lt,
                };
                Some(Tri::when(cnf, known, holds))
            }
            (Scalar::Var(_), Scalar::Var(_)) => None,
        }
    }
}

fn flip(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Lt => CompareOp::Gt,
        CompareOp::Le => CompareOp::Ge,
        CompareOp::Gt => CompareOp::Lt,
        CompareOp::Ge => CompareOp::Le,
        other => other,
    }
}
