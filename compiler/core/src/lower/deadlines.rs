//! Deadline lowering: a rule's `within`, stated and `every` deadlines become nodes for their
//! periods and anchors, evaluated with the rule's `for` local still bound.

use crate::eval::ir::*;
use crate::hir::{HDeadline, HDeadlineKind};

use super::{Lx, SelfCtx};

impl Lx<'_> {
    /// The deadlines of one rule of module `mi`.
    pub(super) fn deadlines(&mut self, mi: usize, deadlines: &[HDeadline]) -> Vec<Deadline> {
        deadlines
            .iter()
            .map(|d| Deadline {
                text: d.text.clone(),
                kind: match &d.kind {
                    HDeadlineKind::Within { period, anchor } => DeadlineKind::Within {
                        period: self.expr(mi, *period, &SelfCtx::None),
                        anchor: self.expr(mi, *anchor, &SelfCtx::None),
                    },
                    HDeadlineKind::Stated(t) => DeadlineKind::Stated(t.clone()),
                    HDeadlineKind::Every { period, from } => DeadlineKind::Every {
                        period: self.expr(mi, *period, &SelfCtx::None),
                        from: from.map(|f| self.expr(mi, f, &SelfCtx::None)),
                    },
                },
            })
            .collect()
    }
}
