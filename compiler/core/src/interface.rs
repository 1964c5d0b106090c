//! A module's interface: what other modules may know of it, with no positions in it.
//!
//! Dependents read only this, so an edit inside a rule body or a comment, which leaves the
//! interface equal, re-checks nothing downstream (salsa backdates the unchanged value).

use indexmap::IndexMap;
use smol_str::SmolStr;
use ward_syntax::ast::{Level, Verb};

use crate::ty::{ItemRef, Ty};

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Interface {
    pub module: SmolStr,
    /// Every named item in declaration order, rule labels included.
    pub items: IndexMap<SmolStr, Sig>,
    /// `jurisdiction organisation.nation`: the fact and field sources' coverage is read against.
    pub jurisdiction: Option<(ItemRef, SmolStr)>,
}

impl Interface {
    pub fn get(&self, name: &str) -> Option<&Sig> {
        self.items.get(name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sig {
    Enum(EnumSig),
    Record(RecordSig),
    Fact(FactSig),
    Def(DefSig),
    Source(SourceSig),
    Obligation(ObligationSig),
    Rule(RuleSig),
    /// A label shared by rules of this module, so one exception can except them all.
    Label(Vec<SmolStr>),
}

impl Sig {
    pub fn kind_name(&self) -> &'static str {
        match self {
            Sig::Enum(_) => "enum",
            Sig::Record(_) => "record",
            Sig::Fact(_) => "fact",
            Sig::Def(_) => "derived value",
            Sig::Source(_) => "source",
            Sig::Obligation(_) => "obligation",
            Sig::Rule(_) => "rule",
            Sig::Label(_) => "label",
        }
    }

    /// The kind with its article, for messages: "an enum", "a rule".
    pub fn kind_with_article(&self) -> String {
        let kind = self.kind_name();
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {kind}")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumSig {
    pub variants: Vec<VariantSig>,
}

impl EnumSig {
    pub fn variant(&self, name: &str) -> Option<usize> {
        self.variants.iter().position(|v| v.name == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariantSig {
    pub name: SmolStr,
    pub means_unknown: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordSig {
    pub fields: Vec<FieldSig>,
}

impl RecordSig {
    pub fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldSig {
    pub name: SmolStr,
    pub ty: Ty,
    pub ask: Option<String>,
    pub has_default: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactSig {
    pub ty: Ty,
    pub optional: bool,
    pub ask: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefSig {
    pub ty: Ty,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceSig {
    pub document: String,
    pub section: String,
}

impl SourceSig {
    /// `All adopters' guidance — "Step 2: Consider doing a DPIA"`, with the document's
    /// published title when the host knows it, else its file name.
    pub fn citation(&self, title: Option<&str>) -> String {
        let document = title.unwrap_or(&self.document);
        format!("{document} — \"{}\"", self.section)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObligationSig {
    pub title: String,
    pub held_by: SmolStr,
    pub strengthens: Option<SmolStr>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSig {
    /// The obligation id the rule concludes about, as written.
    pub obligation: SmolStr,
    pub verb: Verb,
    pub level: Option<Level>,
    pub labels: Vec<SmolStr>,
    pub cites: Vec<ItemRef>,
}
