//! Loading a JSON case straight into slots, without building a `serde_json::Value` first: the
//! fast path of batch evaluation. It accepts exactly what the checked loader accepts; on any
//! problem it gives up (a key given twice included), and the caller runs the checked loader
//! (`case::load`), which
//! reports every error with its path. So this file never decides what a message says.

use std::fmt;
use std::sync::Arc;

use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::case::Case;
use super::ir::{Program, RTy};
use super::value::Value;
use crate::limits;

/// Parse `text` as a case, or `None` if anything about it is not plainly valid.
pub fn load(prog: &Program, text: &str) -> Option<Case> {
    if text.len() > limits::MAX_CASE_BYTES {
        return None;
    }
    let mut case = Case::empty(prog);
    let mut de = serde_json::Deserializer::from_str(text);
    CaseSeed {
        prog,
        case: &mut case,
    }
    .deserialize(&mut de)
    .ok()?;
    de.end().ok()?;
    Some(case)
}

struct CaseSeed<'a> {
    prog: &'a Program,
    case: &'a mut Case,
}

impl<'de> DeserializeSeed<'de> for CaseSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CaseSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a case")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let prog = self.prog;
        // The checked loader refuses a key given twice, so this loader must too.
        let mut seen = vec![false; prog.facts.len()];
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let fi = prog
                .fact_by_name(&key)
                .ok_or_else(|| A::Error::custom("unknown fact"))?;
            if std::mem::replace(&mut seen[fi], true) {
                return Err(A::Error::custom("duplicate fact"));
            }
            let fact = &prog.facts[fi];
            match &fact.ty {
                RTy::Record(r) => {
                    let first = fact.first_slot as usize;
                    let n = prog.records[*r as usize].fields.len();
                    let present = map.next_value_seed(RecordSeed {
                        prog,
                        record: *r,
                        out: &mut self.case.slots[first..first + n],
                        depth: 1,
                    })?;
                    self.case.present[fi] = present;
                }
                ty => {
                    let v = map.next_value_seed(ValueSeed { prog, ty, depth: 1 })?;
                    if !v.is_unknown() {
                        self.case.present[fi] = true;
                    }
                    self.case.slots[fact.first_slot as usize] = v;
                }
            }
        }
        Ok(())
    }
}

/// A record object into a slice of slots; `false` for `null`.
struct RecordSeed<'a> {
    prog: &'a Program,
    record: u32,
    out: &'a mut [Value],
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_map(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        if self.depth > limits::MAX_CASE_DEPTH {
            return Err(A::Error::custom("too deep"));
        }
        let rec = &self.prog.records[self.record as usize];
        let mut seen = smallvec::SmallVec::<[bool; 64]>::from_elem(false, rec.fields.len());
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let i = rec
                .fields
                .iter()
                .position(|f| f.name == *key)
                .ok_or_else(|| A::Error::custom("unknown field"))?;
            if std::mem::replace(&mut seen[i], true) {
                return Err(A::Error::custom("duplicate field"));
            }
            self.out[i] = map.next_value_seed(ValueSeed {
                prog: self.prog,
                ty: &rec.fields[i].ty,
                depth: self.depth + 1,
            })?;
        }
        Ok(true)
    }
}

/// One value of a known type.
struct ValueSeed<'a> {
    prog: &'a Program,
    ty: &'a RTy,
    depth: usize,
}

fn bad<E: serde::de::Error>() -> E {
    E::custom("not of the declared type")
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl ValueSeed<'_> {
    fn enum_index(&self, e: u32, s: &str) -> Option<Option<u16>> {
        let info = &self.prog.enums[e as usize];
        let i = info.variants.iter().position(|v| v == s)?;
        Some(if info.unknown_mask & (1u64 << i) != 0 {
            None
        } else {
            Some(i as u16)
        })
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        Ok(Value::Unknown)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        Ok(Value::Unknown)
    }
    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Value, E> {
        match self.ty {
            RTy::Bool => Ok(Value::Bool(b)),
            _ => Err(bad()),
        }
    }
    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Value, E> {
        match self.ty {
            RTy::Int => Ok(Value::Int(n)),
            RTy::Decimal => Ok(Value::Dec(n.into())),
            _ => Err(bad()),
        }
    }
    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Value, E> {
        match (self.ty, i64::try_from(n)) {
            (RTy::Int, Ok(n)) => Ok(Value::Int(n)),
            (RTy::Decimal, Ok(n)) => Ok(Value::Dec(n.into())),
            _ => Err(bad()),
        }
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Value, E> {
        // Decimals go through the checked loader, which keeps their written precision.
        Err(bad())
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Value, E> {
        match self.ty {
            RTy::Text => Ok(Value::Text(Arc::from(s))),
            RTy::Enum(e) => match self.enum_index(*e, s) {
                Some(Some(i)) => Ok(Value::Enum(i)),
                Some(None) => Ok(Value::Unknown),
                None => Err(bad()),
            },
            RTy::Date => crate::time::parse_instant(s)
                .map(Value::Date)
                .ok_or_else(bad),
            RTy::Duration => super::case::parse_duration(s)
                .map(Value::Dur)
                .ok_or_else(bad),
            _ => Err(bad()),
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if self.depth > limits::MAX_CASE_DEPTH {
            return Err(A::Error::custom("too deep"));
        }
        let (set, el) = match self.ty {
            RTy::Set(el) => (true, &**el),
            RTy::List(el) => (false, &**el),
            _ => return Err(bad()),
        };
        if let (true, RTy::Enum(e)) = (set, el) {
            let mut mask = 0u64;
            let mut unknown = false;
            let mut n = 0usize;
            while let Some(s) = seq.next_element::<std::borrow::Cow<'de, str>>()? {
                n += 1;
                if n > limits::MAX_LIST_LEN {
                    return Err(A::Error::custom("too long"));
                }
                match self.enum_index(*e, &s) {
                    Some(Some(i)) => mask |= 1u64 << i,
                    Some(None) => unknown = true,
                    None => return Err(bad()),
                }
            }
            return Ok(if unknown {
                Value::Unknown
            } else {
                Value::EnumSet(mask)
            });
        }
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(ElementSeed {
            prog: self.prog,
            ty: el,
            depth: self.depth + 1,
        })? {
            out.push(v);
            if out.len() > limits::MAX_LIST_LEN {
                return Err(A::Error::custom("too long"));
            }
        }
        if set {
            if out.iter().any(Value::is_unknown) {
                return Ok(Value::Unknown);
            }
            out.sort_by(|a, b| super::value::compare(a, b).unwrap_or(std::cmp::Ordering::Equal));
            out.dedup();
            return Ok(Value::Set(out.into()));
        }
        Ok(Value::List(out.into()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let RTy::Record(r) = self.ty else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Err(bad());
        };
        let n = self.prog.records[*r as usize].fields.len();
        let mut fields = vec![Value::Unknown; n];
        let seed = RecordSeed {
            prog: self.prog,
            record: *r,
            out: &mut fields,
            depth: self.depth,
        };
        seed.visit_map(map)?;
        Ok(Value::Record(fields.into()))
    }
}

/// A list element: like a value, but records come as objects.
struct ElementSeed<'a> {
    prog: &'a Program,
    ty: &'a RTy,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for ElementSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        ValueSeed {
            prog: self.prog,
            ty: self.ty,
            depth: self.depth,
        }
        .deserialize(d)
    }
}
