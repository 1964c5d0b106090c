//! Ward's evaluation semantics are written three times, each for its job: the fast truth path
//! (`Evaluator::truth`, conditions without building values), the value evaluator
//! (`Evaluator::eval`) and the explainer (`Explainer::explain`, which also says why). This
//! holds them to one meaning: on random cases over the whole standard library, every node a
//! rule, derived value or default can reach has the same value in all three, every rule's
//! condition and effect agree between the fast outcome and the explainer, and an unknown
//! value's "could make it true/false" facts are among the facts it says are missing.

use proptest::prelude::*;
use ward_core::eval::eval::{Evaluator, iter_elements};
use ward_core::eval::explain::Explainer;
use ward_core::eval::ir::{Node, NodeId, Program};
use ward_core::eval::value::Value;
use ward_core::eval::{Case, Outcome, case, evaluate};
use ward_core::hir::Instant;
use ward_tests::random_case::{Rng, random_case};
use ward_tests::{AS_OF, stdlib_host};

thread_local! {
    static PROG: std::sync::Arc<Program> =
        stdlib_host(ward_core::Database::default()).program().expect("the standard library compiles");
}

/// Free locals of every node, as a bit set: a `Local` is free, a quantifier binds its own in
/// its body, anything else has its children's.
fn free_locals(prog: &Program) -> Vec<u64> {
    fn free(prog: &Program, n: NodeId, memo: &mut Vec<Option<u64>>) -> u64 {
        if let Some(f) = memo[n as usize] {
            return f;
        }
        let node = &prog.nodes[n as usize];
        let f = match node {
            Node::Local(d) => 1u64 << (*d).min(63),
            Node::Quant {
                local,
                coll,
                filter,
                ..
            } => {
                let body = filter.map_or(0, |b| free(prog, b, memo)) & !(1u64 << (*local).min(63));
                free(prog, *coll, memo) | body
            }
            _ => node
                .children()
                .into_iter()
                .fold(0, |acc, c| acc | free(prog, c, memo)),
        };
        memo[n as usize] = Some(f);
        f
    }
    let mut memo = vec![None; prog.nodes.len()];
    (0..prog.nodes.len() as NodeId)
        .map(|n| free(prog, n, &mut memo))
        .collect()
}

/// How many elements of a collection a body is checked on (a random case has at most three).
const ELEMENTS: usize = 3;

/// One case, walked from every rule, derived value and default. A node under a quantifier or
/// in a `for` rule's condition is checked once per element, with the local bound in all three
/// evaluators; a node with no free local is checked once.
struct Walk<'p> {
    prog: &'p Program,
    free: &'p [u64],
    fast: Evaluator<'p>,
    full: Explainer<'p>,
    lean: Explainer<'p>,
    done: Vec<bool>,
    /// Every node checked at least once, for the coverage guard.
    checked: Vec<bool>,
}

impl<'p> Walk<'p> {
    fn new(prog: &'p Program, free: &'p [u64], case: &'p Case, as_of: Instant) -> Walk<'p> {
        Walk {
            prog,
            free,
            fast: Evaluator::new(prog, case, as_of),
            full: Explainer::new(prog, case, as_of),
            lean: Explainer::missing_only(prog, case, as_of),
            done: vec![false; prog.nodes.len()],
            checked: vec![false; prog.nodes.len()],
        }
    }

    fn bind(&mut self, local: u16, v: Value) {
        self.fast.set_local(local, v.clone());
        self.full.set_local(local, v.clone(), None);
        self.lean.set_local(local, v, None);
    }

    fn elements(&mut self, coll: NodeId) -> Vec<Value> {
        let c = self.fast.eval(coll);
        iter_elements(&c).map_or(vec![], |xs| xs.iter().take(ELEMENTS).cloned().collect())
    }

    fn visit(&mut self, n: NodeId) -> Result<(), String> {
        if self.free[n as usize] == 0 && std::mem::replace(&mut self.done[n as usize], true) {
            return Ok(());
        }
        self.check(n)?;
        match &self.prog.nodes[n as usize] {
            Node::Quant {
                local,
                coll,
                filter: Some(body),
                ..
            } => {
                let (local, coll, body) = (*local, *coll, *body);
                self.visit(coll)?;
                for el in self.elements(coll) {
                    self.bind(local, el);
                    self.visit(body)?;
                }
                Ok(())
            }
            node => node.children().into_iter().try_for_each(|c| self.visit(c)),
        }
    }

    /// The three evaluators give node `n` one value, under the current locals.
    fn check(&mut self, n: NodeId) -> Result<(), String> {
        self.checked[n as usize] = true;
        let node = &self.prog.nodes[n as usize];
        let value = self.fast.eval(n);
        let why = self.full.explain(n);
        if why.value != value {
            return Err(format!(
                "node {n} ({node:?}): eval {value:?}, explain {:?}",
                why.value
            ));
        }
        if let Some(t) = truth_of(&value) {
            let truth = self.fast.truth(n);
            if truth != t {
                return Err(format!(
                    "node {n} ({node:?}): eval {value:?}, truth {truth:?}"
                ));
            }
            let lean = self.lean.explain(n).value;
            if lean != value {
                return Err(format!(
                    "node {n} ({node:?}): eval {value:?}, missing-only {lean:?}"
                ));
            }
        }
        if value.is_unknown() {
            let missing: Vec<_> = why.reads.iter().map(|r| &r.path).collect();
            if let Some(p) = why
                .to_true
                .iter()
                .chain(why.to_false.iter())
                .find(|p| !missing.contains(p))
            {
                return Err(format!(
                    "node {n}: {p:?} could settle it but is not listed as missing"
                ));
            }
        }
        Ok(())
    }

    fn run(&mut self, outcome: &Outcome) -> Result<(), String> {
        let prog = self.prog;
        for (i, rule) in prog.rules.iter().enumerate() {
            match rule.for_each {
                None => self.visit(rule.cond)?,
                Some(coll) => {
                    self.visit(coll)?;
                    for el in self.elements(coll) {
                        self.bind(0, el);
                        self.visit(rule.cond)?;
                    }
                }
            }
            let fast = &outcome.rules[i];
            let cond = self.full.rule_condition(i as u32).value;
            if truth_of(&cond) != Some(fast.cond) {
                return Err(format!(
                    "rule {}: outcome {:?}, explainer {cond:?}",
                    rule.name, fast.cond
                ));
            }
            let effective = self.full.rule_effective(i as u32, outcome).value;
            if truth_of(&effective) != Some(fast.effective) {
                return Err(format!(
                    "rule {} in effect: outcome {:?}, explainer {effective:?}",
                    rule.name, fast.effective
                ));
            }
        }
        for d in &prog.defs {
            self.visit(d.node)?;
        }
        for s in &prog.slots {
            if let Some(d) = s.default {
                self.visit(d)?;
            }
        }
        Ok(())
    }
}

fn truth_of(v: &Value) -> Option<Option<bool>> {
    match v {
        Value::Bool(b) => Some(Some(*b)),
        Value::Unknown => Some(None),
        _ => None,
    }
}

fn as_of() -> Instant {
    ward_core::time::parse_instant(AS_OF).expect("AS_OF is a date")
}

/// Walk the case of `seed`; the nodes it checked, or the first disagreement with the case.
fn agree(prog: &Program, free: &[u64], seed: u64) -> Result<Vec<bool>, String> {
    let json = random_case(prog, &mut Rng::new(seed));
    let case = case::from_json(prog, &json)
        .map_err(|e| format!("a generated case is refused: {e:?}\n{json}"))?;
    let outcome = evaluate(prog, &case, as_of());
    let mut walk = Walk::new(prog, free, &case, as_of());
    walk.run(&outcome)
        .map_err(|e| format!("{e}\ncase: {json}"))?;
    Ok(walk.checked)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_three_evaluators_agree_on_random_cases(seed in any::<u64>()) {
        PROG.with(|prog| {
            let free = free_locals(prog);
            agree(prog, &free, seed).map(drop).map_err(TestCaseError::fail)
        })?;
    }
}

#[test]
fn random_cases_reach_nearly_every_node() {
    // Guard the guard: agreement on nodes the walk never reaches would prove nothing. Test
    // blocks' own nodes (their case literals) are not part of any rule, so they are left out.
    PROG.with(|prog| {
        let free = free_locals(prog);
        let mut reached = vec![false; prog.nodes.len()];
        for seed in 0..32 {
            let checked = agree(prog, &free, seed).unwrap_or_else(|e| panic!("{e}"));
            for (r, c) in reached.iter_mut().zip(checked) {
                *r |= c;
            }
        }
        let mut reachable = vec![false; prog.nodes.len()];
        let mut stack: Vec<NodeId> = prog
            .rules
            .iter()
            .flat_map(|r| std::iter::once(r.cond).chain(r.for_each))
            .collect();
        stack.extend(prog.defs.iter().map(|d| d.node));
        stack.extend(prog.slots.iter().filter_map(|s| s.default));
        while let Some(n) = stack.pop() {
            if !std::mem::replace(&mut reachable[n as usize], true) {
                stack.extend(prog.nodes[n as usize].children());
            }
        }
        let total = reachable.iter().filter(|r| **r).count();
        let hit = reached
            .iter()
            .zip(&reachable)
            .filter(|(h, r)| **h && **r)
            .count();
        eprintln!("random cases reached {hit} of {total} rule nodes");
        assert!(
            hit * 100 >= total * 95,
            "random cases reached only {hit} of {total} rule nodes"
        );
    });
}
