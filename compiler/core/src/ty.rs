//! The types of Ward values, as the checker sees them.

use std::fmt;

use smol_str::SmolStr;

/// A reference to a declared item: the module it lives in and its name.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemRef {
    pub module: SmolStr,
    pub name: SmolStr,
}

impl ItemRef {
    pub fn new(module: impl Into<SmolStr>, name: impl Into<SmolStr>) -> ItemRef {
        ItemRef {
            module: module.into(),
            name: name.into(),
        }
    }
    /// `nhs.data.dpia.dpia_by_law`
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.module, self.name)
    }
}

impl fmt::Debug for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.module, self.name)
    }
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Ty {
    Bool,
    Int,
    Decimal,
    Text,
    Date,
    Duration,
    Enum(ItemRef),
    Record(ItemRef),
    List(Box<Ty>),
    Set(Box<Ty>),
    /// Compatible with every type: the type of `{}` and of anything already in error, so one
    /// mistake is reported once.
    Any,
}

impl Ty {
    pub fn is_any(&self) -> bool {
        matches!(self, Ty::Any)
    }

    /// The element type of a list or set.
    pub fn element(&self) -> Option<&Ty> {
        match self {
            Ty::List(t) | Ty::Set(t) => Some(t),
            Ty::Any => Some(&Ty::Any),
            _ => None,
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Ty::Int | Ty::Decimal | Ty::Any)
    }

    /// Can a value of type `self` be used where `other` is expected?
    pub fn fits(&self, other: &Ty) -> bool {
        match (self, other) {
            (Ty::Any, _) | (_, Ty::Any) => true,
            (Ty::Int, Ty::Decimal) => true,
            (Ty::List(a), Ty::List(b)) | (Ty::Set(a), Ty::Set(b)) => a.fits(b),
            // A list literal may stand for a set and vice versa in membership tests.
            (Ty::List(a), Ty::Set(b)) | (Ty::Set(a), Ty::List(b)) => a.fits(b),
            (a, b) => a == b,
        }
    }

    /// Scalars can be compared with `=`; records and lists cannot.
    pub fn is_scalar(&self) -> bool {
        !matches!(self, Ty::Record(_) | Ty::List(_))
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Bool => write!(f, "bool"),
            Ty::Int => write!(f, "int"),
            Ty::Decimal => write!(f, "decimal"),
            Ty::Text => write!(f, "text"),
            Ty::Date => write!(f, "date"),
            Ty::Duration => write!(f, "duration"),
            Ty::Enum(r) | Ty::Record(r) => write!(f, "{}", r.name),
            Ty::List(t) => write!(f, "list<{t}>"),
            Ty::Set(t) => write!(f, "set<{t}>"),
            Ty::Any => write!(f, "_"),
        }
    }
}
