//! Fact paths as text (`organisation.nation`, `data.flows[0].cldc_basis`, `change`) read back
//! into the case: what a question's path points at, the raw value the case holds there (no
//! default applied), and writing an answer there. An interview and an HTTP client name facts
//! by the same text the query gives.

use std::sync::Arc;

use crate::eval::case::Case;
use crate::eval::explain::{FactPath, Step};
use crate::eval::ir::{Program, RTy};
use crate::eval::value::Value;

/// What a path names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A whole optional record fact (`change`): whether it is there.
    Record(u32),
    /// A value: a slot, or a part of one.
    Value(FactPath),
}

/// Read a path's text; `None` when the program has no such fact or field.
pub fn resolve(prog: &Program, text: &str) -> Option<Target> {
    let (head, mut rest) = match text.find(['.', '[']) {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    };
    let fi = prog.fact_by_name(head)?;
    let fact = &prog.facts[fi];
    let (slot, mut ty) = match &fact.ty {
        RTy::Record(r) => {
            if rest.is_empty() {
                return Some(Target::Record(fi as u32));
            }
            let name = field_name(&mut rest)?;
            let rec = &prog.records[*r as usize];
            let i = rec.fields.iter().position(|f| f.name == name)?;
            (fact.first_slot + i as u32, &rec.fields[i].ty)
        }
        ty => (fact.first_slot, ty),
    };
    let mut steps = smallvec::SmallVec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            let i: u32 = r[..end].parse().ok()?;
            rest = &r[end + 1..];
            let (RTy::List(el) | RTy::Set(el)) = ty else {
                return None;
            };
            steps.push(Step::Index(i));
            ty = el;
        } else {
            let name = field_name(&mut rest)?;
            let RTy::Record(r) = ty else { return None };
            let rec = &prog.records[*r as usize];
            let i = rec.fields.iter().position(|f| f.name == name)?;
            steps.push(Step::Field(i as u16));
            ty = &rec.fields[i].ty;
        }
    }
    Some(Target::Value(FactPath { slot, steps }))
}

/// `.name` off the front of `rest`.
fn field_name<'a>(rest: &mut &'a str) -> Option<&'a str> {
    let r = rest.strip_prefix('.')?;
    let end = r.find(['.', '[']).unwrap_or(r.len());
    *rest = &r[end..];
    (!r[..end].is_empty()).then_some(&r[..end])
}

/// The value the case itself holds at a path (unknown where it says nothing).
pub fn get(case: &Case, p: &FactPath) -> Value {
    let mut v = case.slots[p.slot as usize].clone();
    for s in &p.steps {
        v = match (s, &v) {
            (Step::Index(i), Value::List(xs) | Value::Set(xs)) => {
                xs.get(*i as usize).cloned().unwrap_or_default()
            }
            (Step::Field(f), Value::Record(fs)) => fs.get(*f as usize).cloned().unwrap_or_default(),
            _ => Value::Unknown,
        };
    }
    v
}

/// The type of the value at a path.
pub fn type_at<'p>(prog: &'p Program, p: &FactPath) -> &'p RTy {
    super::kind::path_help(prog, p).1
}

/// Write `value` at a path; the record holding it becomes present. A path into an element
/// or field that does not exist yet is refused (an element is added as a whole first).
pub fn set(prog: &Program, case: &mut Case, p: &FactPath, value: Value) -> Result<(), String> {
    let slot = &prog.slots[p.slot as usize];
    let old = std::mem::take(&mut case.slots[p.slot as usize]);
    let new = put(&old, &p.steps, value, &slot.ty, prog);
    match new {
        Some(v) => {
            case.slots[p.slot as usize] = v;
            case.present[slot.fact as usize] = true;
            Ok(())
        }
        None => {
            case.slots[p.slot as usize] = old;
            Err(format!(
                "{} has no such element yet",
                crate::eval::fact_path::path_text(prog, p)
            ))
        }
    }
}

fn put(old: &Value, steps: &[Step], value: Value, ty: &RTy, prog: &Program) -> Option<Value> {
    let Some((first, rest)) = steps.split_first() else {
        return Some(value);
    };
    match (first, old, ty) {
        (Step::Index(i), Value::List(xs), RTy::List(el)) => {
            let mut xs: Vec<Value> = xs.to_vec();
            let slot = xs.get_mut(*i as usize)?;
            *slot = put(slot, rest, value, el, prog)?;
            Some(Value::List(Arc::from(xs)))
        }
        (Step::Field(f), Value::Record(fs), RTy::Record(r)) => {
            let fty = &prog.records[*r as usize].fields.get(*f as usize)?.ty;
            let mut fs: Vec<Value> = fs.to_vec();
            let slot = fs.get_mut(*f as usize)?;
            *slot = put(slot, rest, value, fty, prog)?;
            Some(Value::Record(Arc::from(fs)))
        }
        _ => None,
    }
}

/// A record of type `ty`'s element type with every field unknown (a new list entry).
pub fn blank_element(prog: &Program, list_ty: &RTy) -> Option<Value> {
    match list_ty {
        RTy::List(el) => match &**el {
            RTy::Record(r) => Some(Value::Record(Arc::from(vec![
                Value::Unknown;
                prog.records[*r as usize]
                    .fields
                    .len()
            ]))),
            _ => None,
        },
        _ => None,
    }
}
