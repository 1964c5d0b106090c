//! Witness cases: a model of the solver read back as a case file (YAML that `ward eval`
//! loads), and the real evaluator's verdict on it, which is what a finding is believed on.

use std::fmt::Write;

use rust_decimal::Decimal;
use ward_core::eval::ir::{Program, RTy};
use ward_core::eval::value::compare;
use ward_core::eval::{Case, Format, Outcome, Value, case, evaluate_opts};
use ward_core::hir::Instant;

use crate::cnf::Cnf;
use crate::inputs::{Input, Inputs, ScalarKind};

/// The case the last model describes, as `prog` names its facts.
pub fn yaml(cnf: &Cnf, inputs: &Inputs, prog: &Program) -> String {
    let mut out = String::new();
    for fact in &prog.facts {
        let present = inputs
            .present
            .get(&fact.name)
            .is_some_and(|&p| cnf.value(p));
        if !present {
            continue;
        }
        match &fact.ty {
            RTy::Record(r) => {
                let mut body = String::new();
                for (i, f) in prog.records[*r as usize].fields.iter().enumerate() {
                    let path = &prog.slots[fact.first_slot as usize + i].path;
                    if let Some(input) = inputs.slots.get(path)
                        && let Some(v) = value(cnf, inputs, input, &f.ty, prog, 2)
                    {
                        let _ = writeln!(body, "  {}:{v}", f.name);
                    }
                }
                if body.is_empty() {
                    let _ = writeln!(out, "{}: {{}}", fact.name);
                } else {
                    let _ = write!(out, "{}:\n{body}", fact.name);
                }
            }
            ty => {
                let path = &prog.slots[fact.first_slot as usize].path;
                if let Some(input) = inputs.slots.get(path)
                    && let Some(v) = value(cnf, inputs, input, ty, prog, 0)
                {
                    let _ = writeln!(out, "{}:{v}", fact.name);
                }
            }
        }
    }
    if out.is_empty() {
        out.push_str("{}\n");
    }
    out
}

fn text(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A value as YAML after its key (` value`, or an indented block), `None` when unknown.
fn value(
    cnf: &Cnf,
    inputs: &Inputs,
    input: &Input,
    ty: &RTy,
    prog: &Program,
    indent: usize,
) -> Option<String> {
    let variants = |e: u32| prog.enums[e as usize].variants.clone();
    match (input, ty) {
        (Input::Bool(t), _) => {
            if cnf.value(t.t) {
                Some(" true".into())
            } else if cnf.value(t.f) {
                Some(" false".into())
            } else {
                None
            }
        }
        (Input::Enum { bits, .. }, RTy::Enum(e)) => variants(*e)
            .into_iter()
            .find(|v| bits.get(v).is_some_and(|&b| cnf.value(b)))
            .map(|v| format!(" {}", text(&v))),
        (Input::Set { known, bits, .. }, RTy::Set(el)) => {
            if !cnf.value(*known) {
                return None;
            }
            let RTy::Enum(e) = **el else {
                return Some(" []".into());
            };
            let members: Vec<String> = variants(e)
                .into_iter()
                .filter(|v| bits.get(v).is_some_and(|&b| cnf.value(b)))
                .map(|v| text(&v))
                .collect();
            Some(format!(" [{}]", members.join(", ")))
        }
        (Input::Scalar(i), _) => scalar(cnf, inputs, *i).map(|v| format!(" {v}")),
        (Input::Opaque { known }, ty) => cnf.value(*known).then(|| format!(" {}", placeholder(ty))),
        (Input::Records { known, elems }, RTy::List(el)) => {
            if !cnf.value(*known) {
                return None;
            }
            let RTy::Record(r) = **el else {
                return Some(" []".into());
            };
            let rec = &prog.records[r as usize];
            let pad = " ".repeat(indent);
            let mut out = String::new();
            for e in elems.iter().filter(|e| cnf.value(e.present)) {
                if !cnf.value(e.record) {
                    let _ = write!(out, "\n{pad}- null");
                    continue;
                }
                let mut fields = Vec::new();
                for f in &rec.fields {
                    if let Some(input) = e.fields.get(&f.name)
                        && let Some(v) = value(cnf, inputs, input, &f.ty, prog, indent + 4)
                    {
                        fields.push(format!("{}:{v}", f.name));
                    }
                }
                if fields.is_empty() {
                    let _ = write!(out, "\n{pad}- {{}}");
                } else {
                    for (j, f) in fields.iter().enumerate() {
                        let lead = if j == 0 { "- " } else { "  " };
                        let _ = write!(out, "\n{pad}{lead}{f}");
                    }
                }
            }
            Some(if out.is_empty() { " []".into() } else { out })
        }
        _ => None,
    }
}

/// Some value of a type the encoding does not model (only that it is known mattered).
fn placeholder(ty: &RTy) -> String {
    match ty {
        RTy::Bool => "false".into(),
        RTy::Int | RTy::Decimal => "0".into(),
        RTy::Text => "\"x\"".into(),
        RTy::Date => "\"2026-01-01\"".into(),
        RTy::Duration => "\"1 days\"".into(),
        RTy::List(_) | RTy::Set(_) => "[]".into(),
        RTy::Record(_) => "{}".into(),
        RTy::Enum(_) => "null".into(),
    }
}

/// A value of scalar `i` consistent with its atoms in the model.
fn scalar(cnf: &Cnf, inputs: &Inputs, i: usize) -> Option<String> {
    let s = &inputs.scalars[i];
    if !cnf.value(s.known) {
        return None;
    }
    let mut atoms = s.atoms.clone();
    atoms.sort_by(|a, b| compare(&a.0, &b.0).unwrap_or(std::cmp::Ordering::Equal));
    if let Some((c, _, _)) = atoms.iter().find(|a| cnf.value(a.2)) {
        return Some(render(c));
    }
    if s.kind == ScalarKind::Text {
        // Different from every constant it is compared with.
        let mut t = "other".to_string();
        while atoms.iter().any(|a| a.0 == Value::Text(t.as_str().into())) {
            t.push('_');
        }
        return Some(text(&t));
    }
    // Above every constant it is not below, below every one it is below.
    let lo = atoms
        .iter()
        .rev()
        .find(|a| !cnf.value(a.1))
        .map(|a| a.0.clone());
    let hi = atoms.iter().find(|a| cnf.value(a.1)).map(|a| a.0.clone());
    Some(match s.kind {
        ScalarKind::Int => {
            let n = match (num(&lo), num(&hi)) {
                (Some(l), _) => l.floor() + Decimal::ONE,
                (None, Some(h)) => h.ceil() - Decimal::ONE,
                (None, None) => Decimal::ZERO,
            };
            n.to_string()
        }
        ScalarKind::Decimal => {
            let n = match (num(&lo), num(&hi)) {
                (Some(l), Some(h)) => (l + h) / Decimal::TWO,
                (Some(l), None) => l + Decimal::ONE,
                (None, Some(h)) => h - Decimal::ONE,
                (None, None) => Decimal::ZERO,
            };
            n.normalize().to_string()
        }
        _ => {
            let day = 86_400;
            let secs = match (date(&lo), date(&hi)) {
                (Some(l), Some(h)) => l + (h - l) / 2,
                (Some(l), None) => l + day,
                (None, Some(h)) => h - day,
                (None, None) => 1_767_225_600,
            };
            let precise = secs % day != 0;
            text(&ward_core::time::format_instant(Instant { secs, precise }))
        }
    })
}

fn num(v: &Option<Value>) -> Option<Decimal> {
    match v {
        Some(Value::Int(i)) => Some(Decimal::from(*i)),
        Some(Value::Dec(d)) => Some(*d),
        _ => None,
    }
}

fn date(v: &Option<Value>) -> Option<i64> {
    match v {
        Some(Value::Date(d)) => Some(d.secs),
        _ => None,
    }
}

fn render(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Dec(d) => d.to_string(),
        Value::Text(t) => text(t),
        Value::Date(d) => text(&ward_core::time::format_instant(*d)),
        _ => "null".into(),
    }
}

/// Load a witness and evaluate it with the real evaluator.
pub fn run(
    prog: &Program,
    yaml: &str,
    as_of: Instant,
    allow_expired: bool,
) -> Result<(Case, Outcome), String> {
    let c = case::load(prog, yaml, Format::Yaml).map_err(|errs| {
        errs.iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let o = evaluate_opts(prog, &c, as_of, ward_core::eval::Options { allow_expired });
    Ok((c, o))
}
