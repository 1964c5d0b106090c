//! A loaded case as one NDJSON row of the cases table: the case as the evaluator sees it
//! (unknown-standing enum values already unknown), so the engine reads exactly those facts.

use serde_json::{Map, Value as Json};
use ward_core::eval::Case;
use ward_core::eval::Value;
use ward_core::eval::ir::{Program, RTy};

/// The row for a case, `case_id` first.
pub fn case_row(prog: &Program, case: &Case, case_id: &str) -> Result<Json, String> {
    let mut row = Map::new();
    row.insert("case_id".into(), Json::String(case_id.into()));
    let given = prog
        .facts
        .iter()
        .zip(&case.present)
        .filter(|(_, p)| **p)
        .map(|(f, _)| Json::String(f.name.clone()))
        .collect();
    row.insert(crate::table::GIVEN.into(), Json::Array(given));
    for f in &prog.facts {
        let v = match &f.ty {
            RTy::Record(r) => {
                let info = &prog.records[*r as usize];
                let first = f.first_slot as usize;
                let slots = &case.slots[first..first + info.fields.len()];
                if slots.iter().all(Value::is_unknown) {
                    Json::Null
                } else {
                    let mut obj = Map::new();
                    for (fi, v) in info.fields.iter().zip(slots) {
                        obj.insert(fi.name.clone(), value_json(prog, &fi.ty, v)?);
                    }
                    Json::Object(obj)
                }
            }
            ty => value_json(prog, ty, &case.slots[f.first_slot as usize])?,
        };
        row.insert(f.name.clone(), v);
    }
    Ok(Json::Object(row))
}

fn value_json(prog: &Program, ty: &RTy, v: &Value) -> Result<Json, String> {
    Ok(match (ty, v) {
        (_, Value::Unknown) => Json::Null,
        (_, Value::Bool(b)) => Json::Bool(*b),
        (_, Value::Int(i)) => Json::from(*i),
        (_, Value::Dec(d)) => {
            serde_json::from_str(&d.to_string()).map_err(|e| format!("decimal {d}: {e}"))?
        }
        (_, Value::Text(s)) => Json::String(s.to_string()),
        (_, Value::Date(at)) => Json::String(ward_core::time::format_instant(*at)),
        (RTy::Enum(e), Value::Enum(i)) => {
            Json::String(prog.enums[*e as usize].variants[*i as usize].clone())
        }
        (RTy::Set(t) | RTy::List(t), Value::EnumSet(m)) => match **t {
            RTy::Enum(e) => {
                let vs = &prog.enums[e as usize].variants;
                Json::Array(
                    (0..vs.len())
                        .filter(|i| m & (1u64 << i) != 0)
                        .map(|i| Json::String(vs[i].clone()))
                        .collect(),
                )
            }
            _ => return Err("an enum set of a non-enum type".into()),
        },
        (RTy::Set(t) | RTy::List(t), Value::Set(xs) | Value::List(xs)) => {
            let mut out = Vec::new();
            for x in xs.iter() {
                out.push(value_json(prog, t, x)?);
            }
            Json::Array(out)
        }
        (RTy::Record(r), Value::Record(fs)) => {
            let info = &prog.records[*r as usize];
            let mut obj = Map::new();
            for (fi, v) in info.fields.iter().zip(fs.iter()) {
                obj.insert(fi.name.clone(), value_json(prog, &fi.ty, v)?);
            }
            Json::Object(obj)
        }
        (ty, v) => return Err(format!("a value {v:?} of type {ty:?} is not yet exported")),
    })
}
