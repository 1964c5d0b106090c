//! The lowered program: flat tables and an expression arena, compiled once and evaluated
//! many times. Facts are read from numbered slots, enum sets are bit masks, and nothing here
//! refers to the syntax tree.

use serde::{Deserialize, Serialize};
use ward_syntax::ast::{ArithOp, CompareOp, Level, Verb};

use super::value::Value;
use crate::db::OriginKind;
use crate::hir::Instant;

pub type NodeId = u32;
pub type SlotId = u32;

/// Runtime types, for loading cases and printing values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RTy {
    Bool,
    Int,
    Decimal,
    Text,
    Date,
    Duration,
    Enum(u32),
    Record(u32),
    List(Box<RTy>),
    Set(Box<RTy>),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleInfo {
    pub name: String,
    /// `sha256:` and the hex digest of the module's text.
    pub hash: String,
    pub origin: OriginKind,
    pub package: String,
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumInfo {
    pub name: String,
    pub doc: String,
    pub variants: Vec<String>,
    /// Each variant's doc comment (empty when it has none), for choice lists and schemas.
    pub variant_docs: Vec<String>,
    /// Values that stand for "unknown" (`undetermined = unknown`).
    pub unknown_mask: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldInfo {
    pub name: String,
    pub ty: RTy,
    pub ask: Option<String>,
    pub doc: String,
    /// The field has a `default` (lowered at each read, with the record's other fields in scope).
    pub has_default: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordInfo {
    pub name: String,
    pub doc: String,
    pub fields: Vec<FieldInfo>,
}

/// A top-level fact: one key of a case file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactInfo {
    pub name: String,
    pub ty: RTy,
    pub ask: Option<String>,
    pub doc: String,
    pub optional: bool,
    /// A record fact has one slot per field, from `first_slot`; any other fact has one slot.
    pub first_slot: SlotId,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotInfo {
    /// `organisation.nation`
    pub path: String,
    pub ty: RTy,
    pub ask: Option<String>,
    pub default: Option<NodeId>,
    pub fact: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefInfo {
    pub name: String,
    pub node: NodeId,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub name: String,
    pub document: String,
    pub section: String,
    pub from: Vec<String>,
    pub covers: Vec<String>,
    /// The jurisdiction values covered, as a mask over the jurisdiction enum.
    pub covers_mask: u64,
    pub label: Option<Level>,
    pub reviewed: Option<String>,
    pub note: Option<String>,
    pub url: Option<String>,
    pub doc: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub source: u32,
    pub at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadlineKind {
    Within {
        period: NodeId,
        anchor: NodeId,
    },
    /// A time limit in words only (`before "…"`, `due "…"`).
    Stated(String),
    Every {
        period: NodeId,
        from: Option<NodeId>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleInfo {
    /// `nhs.data.dpia.dpia_by_law`
    pub name: String,
    pub module: u32,
    pub doc: String,
    pub cond: NodeId,
    /// `for x in …`: the collection, whose elements are bound to local 0.
    pub for_each: Option<NodeId>,
    /// The condition's conjuncts as written, each lowered on its own, for `ward explain`
    /// (evaluation reads `cond` only).
    pub conditions: Vec<Condition>,
    /// `x in xs`, as written, for a `for` rule.
    pub for_text: Option<String>,
    pub level: Level,
    pub verb: Verb,
    pub obligation: u32,
    pub citations: Vec<Citation>,
    pub deadlines: Vec<Deadline>,
    /// Rules that are exceptions to this one.
    pub excepted_by: Vec<u32>,
    pub justification: Option<String>,
    pub review: Option<String>,
    /// The review date as an instant: after it, the exception lapses (see `review::lapsed`).
    pub review_at: Option<Instant>,
    /// How strongly the rule binds (see `outcome::rank`), precomputed.
    pub rank: (u8, u8),
}

/// One conjunct of a rule's condition: its text as written and its lowered node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub text: String,
    pub node: NodeId,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationInfo {
    pub id: String,
    pub title: String,
    pub held_by: String,
    pub doc: String,
    pub module: u32,
    /// The rules that conclude about this obligation (waivers excluded), strongest first.
    pub rules: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expectation {
    Applies {
        obligation: u32,
        verb: Verb,
        level: Option<Level>,
        due: Option<Instant>,
    },
    DoesNotApply {
        obligation: u32,
    },
    Undetermined {
        obligation: u32,
        missing: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestInfo {
    pub name: String,
    pub module: u32,
    /// Byte offset of each expectation, for reporting where a failure is.
    pub expectations: Vec<(Expectation, u32)>,
    pub offset: u32,
    pub as_of: Option<Instant>,
    pub given: Given,
}

/// A test's `given`: the slots it knows and the records it supplies. A library has hundreds of
/// tests over hundreds of slots, so a test keeps what it says, and [`Given::case`] makes the
/// full case when it runs.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Given {
    /// Each known slot and its value, in slot order.
    pub known: Vec<(SlotId, Value)>,
    /// The facts (by index) the test supplies.
    pub present: Vec<u32>,
}

impl Given {
    /// The known slots and supplied facts of `case`.
    pub fn of(case: &super::case::Case) -> Given {
        Given {
            known: case
                .slots
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_unknown())
                .map(|(i, v)| (i as SlotId, v.clone()))
                .collect(),
            present: (0..case.present.len() as u32)
                .filter(|&i| case.present[i as usize])
                .collect(),
        }
    }

    /// The test's case in `prog`: unknown wherever the test says nothing.
    pub fn case(&self, prog: &Program) -> super::case::Case {
        let mut case = super::case::Case::empty(prog);
        for (slot, v) in &self.known {
            if let Some(s) = case.slots.get_mut(*slot as usize) {
                *s = v.clone();
            }
        }
        for &fact in &self.present {
            if let Some(p) = case.present.get_mut(fact as usize) {
                *p = true;
            }
        }
        case
    }
}

/// A test of one slot or derived value, evaluated inline by `AndAtoms` (no call per test).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Atom {
    /// The enum in a slot is (or, negated, is not) one of `mask`.
    EnumIn {
        slot: SlotId,
        mask: u64,
        negated: bool,
    },
    /// The enum set in a slot has any (or all) of `mask`.
    SetHas { slot: SlotId, mask: u64, all: bool },
    /// A boolean slot is true (or, negated, false).
    IsTrue { slot: SlotId, negated: bool },
    /// A boolean derived value is true (or, negated, false).
    Def { def: u32, negated: bool },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Node {
    /// A conjunction whose simple tests are evaluated in one loop before the rest.
    AndAtoms {
        atoms: Box<[Atom]>,
        rest: Box<[NodeId]>,
    },
    Const(Value),
    Today,
    Slot(SlotId),
    Present(u32),
    Def(u32),
    Local(u16),
    Field {
        base: NodeId,
        field: u16,
        default: Option<NodeId>,
    },
    /// A whole record fact, assembled from its slots.
    RecordOfSlots {
        record: u32,
        first: SlotId,
    },
    Not(NodeId),
    And(Box<[NodeId]>),
    Or(Box<[NodeId]>),
    Cmp {
        op: CompareOp,
        lhs: NodeId,
        rhs: NodeId,
    },
    /// `x in {a, b}` with constant enum values.
    EnumIn {
        negated: bool,
        elem: NodeId,
        mask: u64,
    },
    In {
        negated: bool,
        elem: NodeId,
        coll: NodeId,
    },
    /// `xs has any {a, b}` / `xs has a` with constant enum values.
    EnumHasAny {
        coll: NodeId,
        mask: u64,
    },
    EnumHasAll {
        coll: NodeId,
        mask: u64,
    },
    HasOne {
        coll: NodeId,
        elem: NodeId,
    },
    HasAny {
        coll: NodeId,
        set: NodeId,
    },
    HasAll {
        coll: NodeId,
        set: NodeId,
    },
    IsEmpty {
        operand: NodeId,
        negated: bool,
    },
    IsKnown {
        operand: NodeId,
        negated: bool,
    },
    Quant {
        any: bool,
        local: u16,
        coll: NodeId,
        filter: Option<NodeId>,
    },
    If {
        cond: NodeId,
        then: NodeId,
        otherwise: NodeId,
    },
    Count(NodeId),
    Arith {
        op: ArithOp,
        lhs: NodeId,
        rhs: NodeId,
    },
    Neg(NodeId),
    SetLit(Box<[NodeId]>),
    ListLit(Box<[NodeId]>),
}

/// The whole compiled program.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Program {
    pub modules: Vec<ModuleInfo>,
    pub enums: Vec<EnumInfo>,
    pub records: Vec<RecordInfo>,
    pub facts: Vec<FactInfo>,
    pub slots: Vec<SlotInfo>,
    pub defs: Vec<DefInfo>,
    pub nodes: Vec<Node>,
    pub sources: Vec<SourceInfo>,
    pub obligations: Vec<ObligationInfo>,
    pub rules: Vec<RuleInfo>,
    /// Rule indices in evaluation order: every exception before the rules it excepts.
    pub rule_order: Vec<u32>,
    pub tests: Vec<TestInfo>,
    /// The slot of the jurisdiction field, and its enum.
    pub jurisdiction: Option<(SlotId, u32)>,
    /// Slots whose defaults need a per-case cache, by slot.
    pub slot_has_default: Vec<bool>,
}

impl Program {
    pub fn fact_by_name(&self, name: &str) -> Option<usize> {
        self.facts.iter().position(|f| f.name == name)
    }
    pub fn obligation_by_id(&self, id: &str) -> Option<usize> {
        self.obligations.iter().position(|o| o.id == id)
    }
}

impl Node {
    /// The nodes this one reads directly, in order (for walks over the program: tests,
    /// analyses). A `Quant`'s `filter` is evaluated with its local bound, so callers that
    /// evaluate nodes on their own must treat it as a scope.
    pub fn children(&self) -> Vec<NodeId> {
        match self {
            Node::AndAtoms { rest, .. } => rest.to_vec(),
            Node::Const(_)
            | Node::Today
            | Node::Slot(_)
            | Node::Present(_)
            | Node::Def(_)
            | Node::Local(_)
            | Node::RecordOfSlots { .. } => vec![],
            Node::Field { base, default, .. } => std::iter::once(*base).chain(*default).collect(),
            Node::Not(x) | Node::Count(x) | Node::Neg(x) => vec![*x],
            Node::And(xs) | Node::Or(xs) | Node::SetLit(xs) | Node::ListLit(xs) => xs.to_vec(),
            Node::Cmp { lhs, rhs, .. } | Node::Arith { lhs, rhs, .. } => vec![*lhs, *rhs],
            Node::EnumIn { elem, .. } => vec![*elem],
            Node::In { elem, coll, .. } => vec![*elem, *coll],
            Node::EnumHasAny { coll, .. } | Node::EnumHasAll { coll, .. } => vec![*coll],
            Node::HasOne { coll, elem } => vec![*coll, *elem],
            Node::HasAny { coll, set } | Node::HasAll { coll, set } => vec![*coll, *set],
            Node::IsEmpty { operand, .. } | Node::IsKnown { operand, .. } => vec![*operand],
            Node::Quant { coll, filter, .. } => std::iter::once(*coll).chain(*filter).collect(),
            Node::If {
                cond,
                then,
                otherwise,
            } => vec![*cond, *then, *otherwise],
        }
    }
}
