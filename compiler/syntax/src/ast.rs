//! The syntax tree: what a `.ward` file says, with byte spans, before any name is resolved.
//!
//! The tree is plain owned data so that salsa can compare two parses and the formatter can
//! print one back. Chains of `and` / `or` are n-ary, so a long condition is a flat vector
//! rather than a deep tree.
//!
//! It is one file on purpose, though long: every node type of the language in declaration
//! order, with no logic beyond naming and spans, so a reader sees the whole grammar's shape
//! at once (as rust-analyzer's `ast/generated/nodes.rs` does).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A byte range in one source file. `Debug` prints `@start..end` so that tests can erase
/// positions from a printed tree with one regular expression.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
    pub fn contains(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset <= (self.end as usize)
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@{}..{}", self.start, self.end)
    }
}

/// A word as written, with where it was written.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

/// A dotted path as written: `nhs.data.dpia`, `nhs.sources.step_2`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Path {
    pub segments: Vec<Name>,
    pub span: Span,
}

impl Path {
    pub fn text(&self) -> String {
        self.segments
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
    pub fn last(&self) -> &Name {
        self.segments
            .last()
            .expect("a path has at least one segment")
    }
}

/// `///` lines directly above an item, field or variant, without the slashes.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Docs {
    pub lines: Vec<String>,
    pub span: Option<Span>,
}

impl Docs {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
    /// The doc text with the conventional single leading space removed from each line.
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// One parsed file. Items that failed to parse are absent; their errors are in [`crate::Parsed`].
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Module {
    /// `//!` lines at the top of the file.
    pub docs: Vec<String>,
    pub items: Vec<Item>,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Item {
    pub docs: Docs,
    pub kind: ItemKind,
    /// The whole item, doc comments included.
    pub span: Span,
}

impl Item {
    /// The declared name, for items that declare one.
    pub fn name(&self) -> Option<&Name> {
        match &self.kind {
            ItemKind::Enum(d) => Some(&d.name),
            ItemKind::Record(d) => Some(&d.name),
            ItemKind::Fact(d) => Some(&d.name),
            ItemKind::Def(d) => Some(&d.name),
            ItemKind::Source(d) => Some(&d.name),
            ItemKind::Obligation(d) => Some(&d.id),
            ItemKind::Rule(d) => Some(&d.name),
            ItemKind::Module(_)
            | ItemKind::Use(_)
            | ItemKind::Test(_)
            | ItemKind::Jurisdiction(_) => None,
        }
    }

    pub fn keyword(&self) -> &'static str {
        match &self.kind {
            ItemKind::Module(_) => "module",
            ItemKind::Use(_) => "use",
            ItemKind::Enum(_) => "enum",
            ItemKind::Record(_) => "record",
            ItemKind::Fact(_) => "fact",
            ItemKind::Def(_) => "def",
            ItemKind::Source(_) => "source",
            ItemKind::Obligation(_) => "obligation",
            ItemKind::Rule(_) => "rule",
            ItemKind::Test(_) => "test",
            ItemKind::Jurisdiction(_) => "jurisdiction",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum ItemKind {
    Module(ModuleDecl),
    Use(UseDecl),
    Enum(EnumDecl),
    Record(RecordDecl),
    Fact(FactDecl),
    Def(DefDecl),
    Source(SourceDecl),
    Obligation(ObligationDecl),
    Rule(RuleDecl),
    Test(TestDecl),
    Jurisdiction(JurisdictionDecl),
}

/// `module nhs.data.dpia`: optional, and must match the file's path.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct ModuleDecl {
    pub path: Path,
    /// `under <condition>`: a condition put before every rule's own in this module.
    pub under: Option<Expr>,
}

/// `use nhs.case`, `use nhs.case.{organisation, data}`, `use nhs.sources as src`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct UseDecl {
    pub path: Path,
    pub names: Option<Vec<Name>>,
    pub alias: Option<Name>,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct EnumDecl {
    pub name: Name,
    pub variants: Vec<Variant>,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Variant {
    pub docs: Docs,
    pub name: Name,
    /// `undetermined = unknown`: a case may say this value, and it then behaves as unknown.
    pub means_unknown: bool,
    pub span: Span,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct RecordDecl {
    pub name: Name,
    pub fields: Vec<FieldDecl>,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct FieldDecl {
    pub docs: Docs,
    pub name: Name,
    pub ty: TypeExpr,
    pub ask: Option<Text>,
    pub default: Option<Default>,
    pub span: Span,
}

/// `default <value> [when <condition>]`: used when the case leaves the field out; with `when`,
/// only where the condition holds (elsewhere the field stays unknown).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Default {
    pub value: Expr,
    pub when: Option<Expr>,
}

/// `fact organisation: Organisation ask "…"`: a typed input of the case.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct FactDecl {
    pub name: Name,
    pub ty: TypeExpr,
    pub ask: Option<Text>,
    /// `optional`: the case may leave the whole record out, and `present(x)` says whether it did.
    pub optional: bool,
    pub default: Option<Default>,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct DefDecl {
    pub name: Name,
    pub ty: Option<TypeExpr>,
    pub body: Expr,
}

/// `jurisdiction organisation.nation`: the fact that sources' `covers` lists are read against.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct JurisdictionDecl {
    pub path: Path,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct SourceDecl {
    pub name: Name,
    pub fields: Vec<SourceField>,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct SourceField {
    pub kind: SourceFieldKind,
    pub span: Span,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum SourceFieldKind {
    Document(Text),
    Section(Text),
    From(Vec<Text>),
    Covers(Vec<Name>),
    /// `None` is `label none`: the document labels no sections.
    Label(Option<Level>),
    Reviewed(DateLit),
    Note(Text),
    Url(Text),
}

impl SourceFieldKind {
    pub fn keyword(&self) -> &'static str {
        match self {
            SourceFieldKind::Document(_) => "document",
            SourceFieldKind::Section(_) => "section",
            SourceFieldKind::From(_) => "from",
            SourceFieldKind::Covers(_) => "covers",
            SourceFieldKind::Label(_) => "label",
            SourceFieldKind::Reviewed(_) => "reviewed",
            SourceFieldKind::Note(_) => "note",
            SourceFieldKind::Url(_) => "url",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct ObligationDecl {
    pub id: Name,
    pub title: Text,
    pub held_by: Name,
    /// `strengthens dpia-consider`: this duty is a stronger form of another, so its rules may be
    /// exceptions to that obligation's rules.
    pub strengthens: Option<Path>,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct RuleDecl {
    pub name: Name,
    pub clauses: Vec<RuleClause>,
    pub when: Expr,
    pub then: Conclusion,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct RuleClause {
    pub kind: RuleClauseKind,
    pub span: Span,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum RuleClauseKind {
    /// `for incident in incidents`: the rule is tried once per element.
    For {
        var: Name,
        collection: Expr,
    },
    Cites(Vec<Citation>),
    Level(Level, Span),
    Label(Name),
    Exception(Path),
    Justification(Text),
    Review(DateLit),
}

impl RuleClauseKind {
    pub fn keyword(&self) -> &'static str {
        match self {
            RuleClauseKind::For { .. } => "for",
            RuleClauseKind::Cites(_) => "cites",
            RuleClauseKind::Level(..) => "level",
            RuleClauseKind::Label(_) => "label",
            RuleClauseKind::Exception(_) => "exception to",
            RuleClauseKind::Justification(_) => "justification",
            RuleClauseKind::Review(_) => "review",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Citation {
    pub source: Path,
    /// `at "sub-heading"`: the heading inside the cited section.
    pub at: Option<Text>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    Required,
    BestPractice,
    Recommended,
    Local,
}

impl Level {
    pub fn keyword(self) -> &'static str {
        match self {
            Level::Required => "required",
            Level::BestPractice => "best_practice",
            Level::Recommended => "recommended",
            Level::Local => "local",
        }
    }
    pub fn from_keyword(s: &str) -> Option<Level> {
        Some(match s {
            "required" => Level::Required,
            "best_practice" => Level::BestPractice,
            "recommended" => Level::Recommended,
            "local" => Level::Local,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum Verb {
    Require,
    Recommend,
    Forbid,
    Waive,
}

impl Verb {
    pub fn keyword(self) -> &'static str {
        match self {
            Verb::Require => "require",
            Verb::Recommend => "recommend",
            Verb::Forbid => "forbid",
            Verb::Waive => "waive",
        }
    }
    pub fn from_keyword(s: &str) -> Option<Verb> {
        Some(match s {
            "require" => Verb::Require,
            "recommend" => Verb::Recommend,
            "forbid" => Verb::Forbid,
            "waive" => Verb::Waive,
            _ => return None,
        })
    }
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Conclusion {
    pub verb: Verb,
    pub verb_span: Span,
    pub obligation: Path,
    pub deadlines: Vec<Deadline>,
    pub span: Span,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub span: Span,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum DeadlineKind {
    /// `within 72 hours of incident.aware_at`
    Within { period: Expr, anchor: Expr },
    /// `before "processing starts"`: an event Ward cannot date.
    Before(Text),
    /// `every 12 months from status.pen_test`
    Every { period: Expr, from: Option<Expr> },
    /// `due "as soon as possible"`: a time limit stated in words only.
    Due(Text),
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct TestDecl {
    pub name: Text,
    pub as_of: Option<DateLit>,
    pub given: Vec<Assignment>,
    pub given_span: Span,
    pub expects: Vec<Expect>,
}

/// `organisation.nation = england` inside `given { … }`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Assignment {
    pub path: Vec<Name>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Expect {
    pub kind: ExpectKind,
    pub span: Span,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum ExpectKind {
    /// `expect require dpia [at required] [due 2026-01-04]`
    Applies {
        verb: Verb,
        obligation: Path,
        level: Option<Level>,
        due: Option<DateLit>,
    },
    /// `expect no dpia`
    DoesNotApply { obligation: Path },
    /// `expect undetermined dpia [missing data.large_scale]`
    Undetermined {
        obligation: Path,
        missing: Vec<Name>,
    },
}

/// A string literal, unescaped, with the span of the literal including its quotes.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

/// A date or date-time literal as written (`2026-11-22`, `2026-11-22T09:30:00Z`).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct DateLit {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum TypeExpr {
    Named(Path),
    List(Box<TypeExpr>, Span),
    Set(Box<TypeExpr>, Span),
}

impl TypeExpr {
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Named(p) => p.span,
            TypeExpr::List(_, s) | TypeExpr::Set(_, s) => *s,
        }
    }
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum LogicOp {
    And,
    Or,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CompareOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum HasMode {
    One,
    Any,
    All,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum IsTest {
    Empty,
    NotEmpty,
    Unknown,
    Known,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Quantifier {
    Any,
    All,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
    Years,
}

impl Unit {
    pub fn from_keyword(s: &str) -> Option<Unit> {
        Some(match s.trim_end_matches('s') {
            "minute" => Unit::Minutes,
            "hour" => Unit::Hours,
            "day" => Unit::Days,
            "week" => Unit::Weeks,
            "month" => Unit::Months,
            "year" => Unit::Years,
            _ => return None,
        })
    }
    pub fn keyword(self, amount: i64) -> &'static str {
        let one = amount == 1;
        match self {
            Unit::Minutes if one => "minute",
            Unit::Minutes => "minutes",
            Unit::Hours if one => "hour",
            Unit::Hours => "hours",
            Unit::Days if one => "day",
            Unit::Days => "days",
            Unit::Weeks if one => "week",
            Unit::Weeks => "weeks",
            Unit::Months if one => "month",
            Unit::Months => "months",
            Unit::Years if one => "year",
            Unit::Years => "years",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum ExprKind {
    Bool(bool),
    Int(i64),
    /// Kept as written so that no precision is lost before the checker reads it.
    Decimal(String),
    Text(String),
    Date(String),
    DateTime(String),
    Duration {
        amount: i64,
        unit: Unit,
    },
    Today,
    Name(Name),
    Field {
        base: Box<Expr>,
        field: Name,
    },
    Paren(Box<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Logic {
        op: LogicOp,
        operands: Vec<Expr>,
    },
    Arith {
        op: ArithOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Compare {
        op: CompareOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    In {
        negated: bool,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Has {
        mode: HasMode,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Is {
        test: IsTest,
        operand: Box<Expr>,
    },
    Quant {
        kind: Quantifier,
        var: Name,
        collection: Box<Expr>,
        filter: Option<Box<Expr>>,
    },
    If {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    Call {
        func: Name,
        args: Vec<Expr>,
    },
    Set(Vec<Expr>),
    List(Vec<Expr>),
    /// Only in a test's `given` block: `{ purpose = research, recipient = other }`.
    Record(Vec<(Name, Expr)>),
}
