//! Runtime values and the three-valued operations on them.
//!
//! `Unknown` is not a value of any Ward type: it is how evaluation says "the case did not
//! tell us". Every operation propagates it Kleene-style: `false and unknown` is `false`,
//! `true and unknown` is unknown.

use std::cmp::Ordering;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::hir::{Instant, Period};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub enum Value {
    #[default]
    Unknown,
    Bool(bool),
    Int(i64),
    // Its 16 bytes, exactly: a decimal read back is the one written.
    Dec(#[serde(with = "decimal_bytes")] Decimal),
    Text(Arc<str>),
    Date(Instant),
    Dur(Period),
    /// An enum value by index.
    Enum(u16),
    /// A set of enum values as a bit mask (enums have at most 64 values).
    EnumSet(u64),
    /// Any other set, sorted and without duplicates.
    Set(Arc<[Value]>),
    List(Arc<[Value]>),
    Record(Arc<[Value]>),
}

impl Value {
    pub const TRUE: Value = Value::Bool(true);
    pub const FALSE: Value = Value::Bool(false);

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// A truth value: `Some(b)` when known.
    pub fn truth(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn tri(b: Option<bool>) -> Value {
        match b {
            Some(b) => Value::Bool(b),
            None => Value::Unknown,
        }
    }

    /// The number of elements of a collection, if known.
    pub fn len(&self) -> Option<usize> {
        match self {
            Value::EnumSet(m) => Some(m.count_ones() as usize),
            Value::Set(xs) | Value::List(xs) => Some(xs.len()),
            _ => None,
        }
    }

    /// Whether a collection is known to be empty.
    pub fn is_empty(&self) -> Option<bool> {
        self.len().map(|n| n == 0)
    }
}

fn as_decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Int(i) => Some(Decimal::from(*i)),
        Value::Dec(d) => Some(*d),
        _ => None,
    }
}

/// Order two known scalars; `None` when either is unknown or they do not compare.
pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Int(_) | Value::Dec(_), Value::Int(_) | Value::Dec(_)) => {
            Some(as_decimal(a)?.cmp(&as_decimal(b)?))
        }
        (Value::Date(x), Value::Date(y)) => Some(x.secs.cmp(&y.secs)),
        (Value::Dur(x), Value::Dur(y)) => {
            Some(crate::time::approx_secs(*x).cmp(&crate::time::approx_secs(*y)))
        }
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// Equality, three-valued.
pub fn equal(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Unknown, _) | (_, Value::Unknown) => None,
        (Value::Int(_) | Value::Dec(_), Value::Int(_) | Value::Dec(_)) => {
            Some(compare(a, b)? == Ordering::Equal)
        }
        (Value::Date(x), Value::Date(y)) => Some(x.secs == y.secs),
        (Value::Dur(x), Value::Dur(y)) => Some(x == y),
        _ => Some(a == b),
    }
}

/// Is `elem` in `coll`? Three-valued: an unknown element is in a non-empty collection only
/// perhaps, and is certainly not in an empty one.
pub fn contains(coll: &Value, elem: &Value) -> Option<bool> {
    match coll {
        Value::EnumSet(0) => Some(false),
        Value::EnumSet(mask) => match elem {
            Value::Enum(i) => Some(mask & (1u64 << i) != 0),
            _ => None,
        },
        Value::Set(xs) | Value::List(xs) => {
            let mut unknown = false;
            for x in xs.iter() {
                match equal(x, elem) {
                    Some(true) => return Some(true),
                    Some(false) => {}
                    None => unknown = true,
                }
            }
            if unknown { None } else { Some(false) }
        }
        _ => None,
    }
}

/// The elements of a known collection, enum sets expanded.
pub fn elements(coll: &Value) -> Option<Vec<Value>> {
    match coll {
        Value::EnumSet(mask) => Some(
            (0..64u16)
                .filter(|i| mask & (1u64 << i) != 0)
                .map(Value::Enum)
                .collect(),
        ),
        Value::Set(xs) | Value::List(xs) => Some(xs.to_vec()),
        _ => None,
    }
}

/// A decimal stored as its 16-byte representation: exact, and readable by a binary format
/// that has no self-description (a decimal's own serde form is text read back by inspection).
mod decimal_bytes {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        d.serialize().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let bytes: [u8; 16] = <[u8; 16]>::deserialize(d)?;
        Ok(Decimal::deserialize(bytes))
    }
}
