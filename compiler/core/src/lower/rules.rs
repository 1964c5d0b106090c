//! Rule lowering: the bodies of slot defaults, derived values and rules, then exceptions in
//! both directions and the order in which rules are evaluated. This is where what the checker
//! let through is lowered into what the evaluator runs.

use smol_str::SmolStr;
use ward_syntax::ast::Verb;

use crate::eval::ir::*;
use crate::hir::{HKind, HRule};
use crate::ty::ItemRef;

use super::{Lx, SelfCtx, SelfKind, SlotDefault, may_decide, may_except};

impl Lx<'_> {
    /// The field defaults of each slot, lowered with `self` meaning the slot's fact.
    pub(super) fn slot_defaults(&mut self, slot_defaults: Vec<SlotDefault>) {
        self.prog.slot_has_default = vec![false; self.prog.slots.len()];
        for (slot, mi, e, kind) in slot_defaults {
            let ctx = match kind {
                SelfKind::None => SelfCtx::None,
                SelfKind::Slots(first) => SelfCtx::Slots(first),
            };
            let node = self.expr(mi, e, &ctx);
            self.prog.slots[slot as usize].default = Some(node);
            self.prog.slot_has_default[slot as usize] = true;
        }
    }

    /// The bodies of derived values.
    pub(super) fn def_bodies(&mut self, names: &[SmolStr]) {
        for (mi, hir) in self.hirs.clone().iter().enumerate() {
            for d in &hir.defs {
                let id = self.def_ids[&ItemRef::new(names[mi].clone(), d.name.clone())];
                let node = self.expr(mi, d.body, &SelfCtx::None);
                self.prog.defs[id as usize].node = node;
            }
        }
    }

    /// Every rule, in program order.
    pub(super) fn rules(&mut self, names: &[SmolStr]) {
        for (mi, hir) in self.hirs.clone().iter().enumerate() {
            for r in &hir.rules {
                self.rule(mi, &names[mi], r);
            }
        }
    }

    /// One rule of module `mi` (named `module`).
    fn rule(&mut self, mi: usize, module: &SmolStr, r: &HRule) {
        let for_each = r.for_each.map(|(local, coll)| {
            let c = self.expr(mi, coll, &SelfCtx::None);
            self.locals.push(local);
            c
        });
        let cond = self.expr(mi, r.cond, &SelfCtx::None);
        let conditions = self.conditions(mi, r, cond);
        let deadlines = self.deadlines(mi, &r.deadlines);
        if r.for_each.is_some() {
            self.locals.pop();
        }
        let obligation = self.obligation_ids.get(&r.obligation).copied().unwrap_or(0);
        let citations = r
            .cites
            .iter()
            .filter_map(|c| {
                self.source_ids.get(&c.source).map(|&s| Citation {
                    source: s,
                    at: c.at.clone(),
                })
            })
            .collect();
        self.prog.rules.push(RuleInfo {
            name: format!("{}.{}", module, r.name),
            module: mi as u32,
            doc: r.doc.clone(),
            cond,
            for_each,
            conditions,
            for_text: r.for_text.clone(),
            level: r.level,
            verb: r.verb,
            obligation,
            citations,
            deadlines,
            excepted_by: vec![],
            justification: r.justification.clone(),
            review: r.review.clone(),
            review_at: r.review.as_deref().and_then(crate::time::parse_instant),
            rank: crate::eval::outcome::rank(r.verb, r.level),
        });
    }

    /// Each conjunct of a rule's condition again on its own, for `ward explain`.
    fn conditions(&mut self, mi: usize, r: &HRule, cond: NodeId) -> Vec<Condition> {
        // Lowered while the rule's `for` local is still bound.
        match &self.hirs[mi].expr(r.cond).kind {
            HKind::And(xs) if xs.len() > 1 && xs.len() == r.cond_text.len() => xs
                .clone()
                .iter()
                .zip(&r.cond_text)
                .map(|(&x, text)| Condition {
                    text: text.clone(),
                    node: self.expr(mi, x, &SelfCtx::None),
                })
                .collect(),
            _ => vec![Condition {
                text: r.cond_text.join(" and "),
                node: cond,
            }],
        }
    }

    /// Exceptions, in both directions, and an evaluation order with exceptions first.
    pub(super) fn exceptions(&mut self, names: &[SmolStr]) {
        for (mi, hir) in self.hirs.clone().iter().enumerate() {
            for r in &hir.rules {
                let me = self.rule_ids[&ItemRef::new(names[mi].clone(), r.name.clone())];
                for t in &r.exception_to {
                    if let Some(&target) = self.rule_ids.get(t)
                        && may_except(&self.prog, me, target)
                    {
                        self.prog.rules[target as usize].excepted_by.push(me);
                    }
                }
            }
        }
        for (ri, r) in self.prog.rules.clone().iter().enumerate() {
            if r.verb != Verb::Waive && may_decide(&self.prog, ri as u32) {
                self.prog.obligations[r.obligation as usize]
                    .rules
                    .push(ri as u32);
            }
        }
        // Strongest rule first, so evaluation stops at the first effective one (stable: program
        // order among equals).
        let ranks: Vec<(u8, u8)> = self.prog.rules.iter().map(|r| r.rank).collect();
        for o in &mut self.prog.obligations {
            o.rules
                .sort_by_key(|&r| std::cmp::Reverse(ranks[r as usize]));
        }
        self.prog.rule_order = exceptions_first(&self.prog.rules);
    }
}

/// Rule indices ordered so that every exception comes before the rules it excepts.
fn exceptions_first(rules: &[RuleInfo]) -> Vec<u32> {
    let mut order = Vec::with_capacity(rules.len());
    let mut state = vec![0u8; rules.len()]; // 0 new, 1 in progress, 2 done
    for root in 0..rules.len() {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(&(r, i)) = stack.last() {
            if let Some(&e) = rules[r].excepted_by.get(i) {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                if state[e as usize] == 0 {
                    state[e as usize] = 1;
                    stack.push((e as usize, 0));
                }
            } else {
                stack.pop();
                state[r] = 2;
                order.push(r as u32);
            }
        }
    }
    order
}
