//! The explanation of one value: the facts that justify it when it is known, and when it is
//! unknown every missing fact involved, with the two small sets of those whose answers could
//! make it true or false. `explain` builds these while re-walking a rule; this file says how
//! they combine (strict operations, negation, Kleene `and`/`or`), keeping every list free of
//! duplicates in time linear in its length.

use std::collections::HashSet;

use super::ir::SlotId;
use super::value::Value;

/// Where a value came from in the case.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactPath {
    pub slot: SlotId,
    /// Inline for the usual depths (a field of an element of a list), so paths rarely allocate.
    pub steps: smallvec::SmallVec<[Step; 3]>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Index(u32),
    Field(u16),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    pub path: FactPath,
    pub value: Value,
    /// The value came from the field's `default`, not from the case.
    pub defaulted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Why {
    pub value: Value,
    /// Known value: the reads that justify it. Unknown value: every missing fact involved.
    pub reads: Vec<Read>,
    /// Unknown value only: missing facts that could make it true, and that could make it false.
    pub to_true: Paths,
    pub to_false: Paths,
    /// Where the value itself lives, for field access on it.
    pub at: Option<FactPath>,
}

pub(crate) fn push_unique(out: &mut Vec<Read>, r: &Read) {
    if !out.iter().any(|x| x.path == r.path) {
        out.push(r.clone());
    }
}

/// Lists longer than this are kept free of duplicates through a hash set: a scan per push
/// made a quantifier over 10,000 incidents quadratic (seconds, then minutes, for 100,000).
const SCAN: usize = 16;

/// The paths already in a list being built, hashed once the list is long.
#[derive(Default)]
struct Seen(Option<HashSet<FactPath>>);

impl Seen {
    /// Whether `p` is not yet among `have` (the paths of the list this set belongs to),
    /// recording it if so.
    fn fresh<'a>(
        &mut self,
        have: impl Iterator<Item = &'a FactPath>,
        len: usize,
        p: &FactPath,
    ) -> bool {
        if self.0.is_none() && len < SCAN {
            return !have.into_iter().any(|x| x == p);
        }
        let set = self.0.get_or_insert_with(|| have.cloned().collect());
        set.insert(p.clone())
    }
}

fn push_unique_in(out: &mut Vec<Read>, seen: &mut Seen, r: &Read) {
    if seen.fresh(out.iter().map(|x| &x.path), out.len(), &r.path) {
        out.push(r.clone());
    }
}

/// A small set of fact paths, inline when it has one or two.
pub type Paths = smallvec::SmallVec<[FactPath; 2]>;

fn union_paths(out: &mut Paths, seen: &mut Seen, more: &[FactPath]) {
    for p in more {
        if seen.fresh(out.iter(), out.len(), p) {
            out.push(p.clone());
        }
    }
}

impl Why {
    pub(crate) fn known(value: Value, reads: Vec<Read>) -> Why {
        Why {
            value,
            reads,
            ..Why::default()
        }
    }

    pub(crate) fn missing(path: FactPath) -> Why {
        Why {
            value: Value::Unknown,
            reads: vec![Read {
                path: path.clone(),
                value: Value::Unknown,
                defaulted: false,
            }],
            to_true: smallvec::smallvec![path.clone()],
            to_false: smallvec::smallvec![path.clone()],
            at: Some(path),
        }
    }

    /// Combine the operands of a strict operation (every operand is needed).
    pub(crate) fn strict(value: Value, parts: &[Why]) -> Why {
        let mut w = Why {
            value,
            ..Why::default()
        };
        let (mut reads_seen, mut true_seen) = (Seen::default(), Seen::default());
        if w.value.is_unknown() {
            for p in parts.iter().filter(|p| p.value.is_unknown()) {
                for r in &p.reads {
                    push_unique_in(&mut w.reads, &mut reads_seen, r);
                }
                let mut all: Paths = p.reads.iter().map(|r| r.path.clone()).collect();
                all.sort();
                union_paths(&mut w.to_true, &mut true_seen, &all);
            }
            w.to_false = w.to_true.clone();
        } else {
            for p in parts {
                for r in &p.reads {
                    push_unique_in(&mut w.reads, &mut reads_seen, r);
                }
            }
        }
        w
    }

    /// The explanation of the negation: what would make it true now makes it false.
    pub fn negate(mut self) -> Why {
        self.value = match self.value {
            Value::Bool(b) => Value::Bool(!b),
            _ => Value::Unknown,
        };
        std::mem::swap(&mut self.to_true, &mut self.to_false);
        self.at = None;
        self
    }

    /// Kleene conjunction (`any_wins = false`) or disjunction (`any_wins = true`).
    pub fn junction(parts: Vec<Why>, any_wins: bool) -> Why {
        let mut acc = Junction::new(any_wins);
        for p in parts {
            if acc.push(p) {
                break;
            }
        }
        acc.finish()
    }

    /// Missing facts, fewest-to-decide first.
    pub fn ranked_missing(&self) -> Paths {
        let (first, second) = if self.to_true.len() <= self.to_false.len() {
            (&self.to_true, &self.to_false)
        } else {
            (&self.to_false, &self.to_true)
        };
        let mut out = first.clone();
        let mut seen = Seen::default();
        union_paths(&mut out, &mut seen, second);
        let rest: Paths = self
            .reads
            .iter()
            .filter(|r| r.value.is_unknown())
            .map(|r| r.path.clone())
            .collect();
        union_paths(&mut out, &mut seen, &rest);
        out
    }
}

/// A conjunction or disjunction built one operand at a time, so that a decisive operand
/// stops the walk and no list of operands is ever built.
pub struct Junction {
    any_wins: bool,
    decided: Option<Why>,
    /// Justification of the operands seen so far, all non-decisive and known.
    reads: Vec<Read>,
    open: bool,
    unknown_reads: Vec<Read>,
    /// The smallest decisive set among open operands.
    one: Option<Paths>,
    /// The union of the other sets of open operands.
    all: Paths,
    reads_seen: Seen,
    unknown_seen: Seen,
    all_seen: Seen,
}

impl Junction {
    pub fn new(any_wins: bool) -> Junction {
        Junction {
            any_wins,
            decided: None,
            reads: Vec::new(),
            open: false,
            unknown_reads: Vec::new(),
            one: None,
            all: Paths::new(),
            reads_seen: Seen::default(),
            unknown_seen: Seen::default(),
            all_seen: Seen::default(),
        }
    }

    /// Add an operand; true once the result is decided (the rest need not be looked at).
    pub fn push(&mut self, p: Why) -> bool {
        if self.decided.is_some() {
            return true;
        }
        let decisive = Value::Bool(self.any_wins);
        if p.value == decisive {
            self.decided = Some(Why::known(decisive, p.reads));
            return true;
        }
        if p.value.is_unknown() {
            self.open = true;
            for r in &p.reads {
                push_unique_in(&mut self.unknown_reads, &mut self.unknown_seen, r);
            }
            let (one, other) = if self.any_wins {
                (p.to_true, p.to_false)
            } else {
                (p.to_false, p.to_true)
            };
            if self.one.as_ref().is_none_or(|o| one.len() < o.len()) {
                self.one = Some(one);
            }
            union_paths(&mut self.all, &mut self.all_seen, &other);
        } else {
            for r in &p.reads {
                push_unique_in(&mut self.reads, &mut self.reads_seen, r);
            }
        }
        false
    }

    pub fn finish(self) -> Why {
        if let Some(d) = self.decided {
            return d;
        }
        if !self.open {
            return Why::known(Value::Bool(!self.any_wins), self.reads);
        }
        let one = self.one.unwrap_or_default();
        let (to_true, to_false) = if self.any_wins {
            (one, self.all)
        } else {
            (self.all, one)
        };
        Why {
            value: Value::Unknown,
            reads: self.unknown_reads,
            to_true,
            to_false,
            at: None,
        }
    }
}
