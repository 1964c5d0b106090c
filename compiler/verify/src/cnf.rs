//! The propositional layer: a SAT solver (batsat) with gates that fold constants, so the
//! encoding of a condition costs clauses only where something is symbolic.

use std::collections::HashMap;

use batsat::{BasicSolver, Lit, SolverInterface, lbool};

pub use batsat::Lit as L;

pub struct Cnf {
    solver: BasicSolver,
    top: Lit,
    /// Structural hashing: the gate already made for each set of inputs. Two programs that
    /// share most of their text (a library and its local packages, two versions of it) then
    /// share most of their gates, and comparing them is cheap where they are the same.
    gates: HashMap<Vec<Lit>, Lit>,
    /// Clauses added (for the statistics the findings print).
    pub clauses: usize,
}

impl Default for Cnf {
    fn default() -> Cnf {
        let mut solver = BasicSolver::default();
        let top = Lit::new(solver.new_var_default(), true);
        solver.add_clause_reuse(&mut vec![top]);
        Cnf {
            solver,
            top,
            gates: HashMap::new(),
            clauses: 1,
        }
    }
}

impl Cnf {
    pub fn tt(&self) -> Lit {
        self.top
    }
    pub fn ff(&self) -> Lit {
        !self.top
    }
    pub fn constant(&self, b: bool) -> Lit {
        if b { self.top } else { !self.top }
    }
    pub fn is_true(&self, l: Lit) -> bool {
        l == self.top
    }
    pub fn is_false(&self, l: Lit) -> bool {
        l == !self.top
    }
    /// A fresh variable, decided false first: models leave facts unknown (no bit set) unless
    /// they need them, so witnesses stay short.
    pub fn var(&mut self) -> Lit {
        Lit::new(self.solver.new_var(lbool::FALSE, true), true)
    }
    pub fn vars(&self) -> u32 {
        self.solver.num_vars()
    }

    pub fn clause(&mut self, lits: &[Lit]) {
        if lits.iter().any(|&l| self.is_true(l)) {
            return;
        }
        let mut c: Vec<Lit> = lits
            .iter()
            .copied()
            .filter(|&l| !self.is_false(l))
            .collect();
        self.clauses += 1;
        self.solver.add_clause_reuse(&mut c);
    }

    pub fn implies(&mut self, a: Lit, b: Lit) {
        self.clause(&[!a, b]);
    }

    pub fn and(&mut self, xs: &[Lit]) -> Lit {
        let mut ys: Vec<Lit> = Vec::with_capacity(xs.len());
        for &x in xs {
            if self.is_false(x) || ys.contains(&!x) {
                return self.ff();
            }
            if !self.is_true(x) && !ys.contains(&x) {
                ys.push(x);
            }
        }
        match ys.len() {
            0 => self.tt(),
            1 => ys[0],
            _ => {
                ys.sort_by_key(|l| l.idx());
                if let Some(&g) = self.gates.get(&ys) {
                    return g;
                }
                let g = self.var();
                self.gates.insert(ys.clone(), g);
                for &y in &ys {
                    self.clause(&[!g, y]);
                }
                let mut long: Vec<Lit> = ys.iter().map(|&y| !y).collect();
                long.push(g);
                self.clause(&long);
                g
            }
        }
    }

    pub fn or(&mut self, xs: &[Lit]) -> Lit {
        let neg: Vec<Lit> = xs.iter().map(|&x| !x).collect();
        !self.and(&neg)
    }

    pub fn and2(&mut self, a: Lit, b: Lit) -> Lit {
        self.and(&[a, b])
    }
    pub fn or2(&mut self, a: Lit, b: Lit) -> Lit {
        self.or(&[a, b])
    }

    /// `a ↔ b` as a literal.
    pub fn iff(&mut self, a: Lit, b: Lit) -> Lit {
        if self.is_true(a) {
            return b;
        }
        if self.is_true(b) {
            return a;
        }
        if self.is_false(a) {
            return !b;
        }
        if self.is_false(b) {
            return !a;
        }
        if a == b {
            return self.tt();
        }
        let p = self.and2(a, b);
        let q = self.and2(!a, !b);
        self.or2(p, q)
    }

    /// `c ? a : b`.
    pub fn ite(&mut self, c: Lit, a: Lit, b: Lit) -> Lit {
        if a == b {
            return a;
        }
        let p = self.and2(c, a);
        let q = self.and2(!c, b);
        self.or2(p, q)
    }

    /// At most one of `xs` is true (pairwise; the sets here are small enums).
    pub fn at_most_one(&mut self, xs: &[Lit]) {
        for i in 0..xs.len() {
            for j in i + 1..xs.len() {
                self.clause(&[!xs[i], !xs[j]]);
            }
        }
    }

    /// Is the formula satisfiable with `assumptions` true?
    pub fn solve(&mut self, assumptions: &[Lit]) -> bool {
        if assumptions.iter().any(|&a| self.is_false(a)) {
            return false;
        }
        self.solver.solve_limited(assumptions) == lbool::TRUE
    }

    /// Whether `l` (an assumption) was among those the last unsatisfiable answer rests on.
    pub fn in_core(&self, l: Lit) -> bool {
        self.solver.unsat_core_contains_var(l.var())
    }

    /// Satisfiable with `assumptions`, keeping as many of `prefer` true as it can: each round
    /// assumes them all, and those the unsatisfiable core names are given up.
    pub fn solve_preferring(&mut self, assumptions: &[Lit], prefer: &[Lit]) -> bool {
        if !self.solve(assumptions) {
            return false;
        }
        let mut keep: Vec<Lit> = prefer
            .iter()
            .copied()
            .filter(|&p| !self.is_true(p) && !self.is_false(p))
            .collect();
        loop {
            let mut all = assumptions.to_vec();
            all.extend(&keep);
            if self.solver.solve_limited(&all) == lbool::TRUE {
                return true;
            }
            let before = keep.len();
            keep.retain(|&k| !self.in_core(k));
            if keep.len() == before {
                // No core to go by: give up preferring.
                return self.solve(assumptions);
            }
        }
    }

    /// A literal's value in the last model.
    pub fn value(&self, l: Lit) -> bool {
        if self.is_true(l) {
            return true;
        }
        if self.is_false(l) {
            return false;
        }
        self.solver.value_lit(l) == lbool::TRUE
    }
}
