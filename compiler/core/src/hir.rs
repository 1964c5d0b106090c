//! The checked program of one module: names resolved, every expression typed.
//!
//! Expressions live in one arena per module and refer to each other by index. Nothing here
//! carries a source position (positions live in the symbol index), so lowering reads pure
//! meaning.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;
use ward_syntax::ast::{ArithOp, CompareOp, HasMode, IsTest, Level, Quantifier, Verb};

use crate::ty::{ItemRef, Ty};

pub type ExprId = u32;
/// A quantifier's or `for` clause's bound variable, unique within its module.
pub type LocalId = u32;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HExpr {
    pub kind: HKind,
    pub ty: Ty,
}

/// A point in time: seconds since 1970 (UTC); `precise` is false for a plain date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Instant {
    pub secs: i64,
    pub precise: bool,
}

/// A length of time: calendar months (for `months`, `years`) plus exact seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Period {
    pub months: i32,
    pub secs: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lit {
    Bool(bool),
    Int(i64),
    Decimal(Decimal),
    Text(SmolStr),
    Date(Instant),
    Duration(Period),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HKind {
    Lit(Lit),
    Today,
    Fact(ItemRef),
    Def(ItemRef),
    Local(LocalId),
    Variant {
        enum_: ItemRef,
        index: u16,
    },
    /// A sibling field inside a record field's `default`.
    SelfField(u16),
    Field {
        base: ExprId,
        record: ItemRef,
        index: u16,
    },
    Present(ItemRef),
    Not(ExprId),
    Neg(ExprId),
    And(Vec<ExprId>),
    Or(Vec<ExprId>),
    Arith {
        op: ArithOp,
        lhs: ExprId,
        rhs: ExprId,
    },
    Compare {
        op: CompareOp,
        lhs: ExprId,
        rhs: ExprId,
    },
    In {
        negated: bool,
        elem: ExprId,
        coll: ExprId,
    },
    Has {
        mode: HasMode,
        coll: ExprId,
        elem: ExprId,
    },
    Is {
        test: IsTest,
        operand: ExprId,
    },
    Quant {
        kind: Quantifier,
        local: LocalId,
        coll: ExprId,
        filter: Option<ExprId>,
    },
    If {
        cond: ExprId,
        then: ExprId,
        otherwise: ExprId,
    },
    Count(ExprId),
    SetLit(Vec<ExprId>),
    ListLit(Vec<ExprId>),
    /// Only in a test's `given`: fields by index.
    RecordLit(Vec<(u16, ExprId)>),
    /// No value: what a `default … when` gives where its condition fails.
    Unknown,
    /// Stands for an expression already reported as wrong.
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Hir {
    pub exprs: Vec<HExpr>,
    pub records: Vec<HRecord>,
    pub facts: Vec<HFact>,
    pub defs: Vec<HDef>,
    pub enums: Vec<HEnum>,
    pub sources: Vec<HSource>,
    pub obligations: Vec<HObligation>,
    pub rules: Vec<HRule>,
    pub tests: Vec<HTest>,
    pub jurisdiction: Option<(ItemRef, SmolStr)>,
}

impl Hir {
    pub fn push(&mut self, kind: HKind, ty: Ty) -> ExprId {
        self.exprs.push(HExpr { kind, ty });
        (self.exprs.len() - 1) as ExprId
    }
    pub fn expr(&self, id: ExprId) -> &HExpr {
        &self.exprs[id as usize]
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HEnum {
    pub name: SmolStr,
    pub doc: String,
    pub variants: Vec<HVariant>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HVariant {
    pub name: SmolStr,
    pub doc: String,
    pub means_unknown: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HRecord {
    pub name: SmolStr,
    pub doc: String,
    pub fields: Vec<HField>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HField {
    pub name: SmolStr,
    pub doc: String,
    pub ty: Ty,
    pub ask: Option<String>,
    pub default: Option<ExprId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HFact {
    pub name: SmolStr,
    pub doc: String,
    pub ty: Ty,
    pub ask: Option<String>,
    pub optional: bool,
    pub default: Option<ExprId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HDef {
    pub name: SmolStr,
    pub doc: String,
    pub ty: Ty,
    pub body: ExprId,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HSource {
    pub name: SmolStr,
    pub doc: String,
    pub document: String,
    pub section: String,
    pub from: Vec<String>,
    pub covers: Vec<SmolStr>,
    /// The document's own label for the section (`None`: the document labels nothing).
    pub label: Option<Level>,
    pub reviewed: Option<String>,
    pub note: Option<String>,
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HObligation {
    pub id: SmolStr,
    pub doc: String,
    pub title: String,
    pub held_by: SmolStr,
    pub strengthens: Option<SmolStr>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HCitation {
    pub source: ItemRef,
    pub at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HDeadline {
    pub kind: HDeadlineKind,
    /// As written (`within 72 hours of incident.aware_at`), for reports.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HDeadlineKind {
    Within {
        period: ExprId,
        anchor: ExprId,
    },
    Stated(String),
    Every {
        period: ExprId,
        from: Option<ExprId>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HRule {
    pub name: SmolStr,
    pub doc: String,
    pub for_each: Option<(LocalId, ExprId)>,
    pub cites: Vec<HCitation>,
    pub level: Level,
    pub labels: Vec<SmolStr>,
    /// The rules this one is an exception to (labels already expanded).
    pub exception_to: Vec<ItemRef>,
    pub justification: Option<String>,
    pub review: Option<String>,
    pub cond: ExprId,
    /// The condition's conjuncts as written (canonical flat form), one per operand of a
    /// top-level `and` (else the whole condition), and the `for` collection: what
    /// `ward explain` shows beside each value.
    pub cond_text: Vec<String>,
    pub for_text: Option<String>,
    pub verb: Verb,
    pub obligation: SmolStr,
    pub deadlines: Vec<HDeadline>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HTest {
    pub name: String,
    pub as_of: Option<Instant>,
    /// Fact name, then field path (names), then the value.
    pub given: Vec<(SmolStr, Vec<SmolStr>, ExprId)>,
    pub expects: Vec<HExpect>,
    /// Index of the test item in the module, for reporting its position.
    pub item_index: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HExpect {
    Applies {
        obligation: SmolStr,
        verb: Verb,
        level: Option<Level>,
        due: Option<Instant>,
        line: u32,
    },
    DoesNotApply {
        obligation: SmolStr,
        line: u32,
    },
    Undetermined {
        obligation: SmolStr,
        missing: Vec<String>,
        line: u32,
    },
}
