//! Writing an interview's answers as a YAML case file that `ward eval` reads unchanged: each
//! answer under its question as a comment, facts and fields in declaration order, lists of
//! records as block lists. A "don't know" is written as `null` (unknown to the loader, as
//! leaving it out would be) so that an interview resumed from the file does not ask it again;
//! [`declined_in`] reads those back.

use std::fmt::Write as _;

use crate::eval::case::{Case, Format};
use crate::eval::case_doc::{Kind, Node};
use crate::eval::ir::{Program, RTy};
use crate::eval::value::Value;

/// The case as YAML, after `header` (comment lines, each written with `# `).
pub fn write_case(prog: &Program, case: &Case, declined: &[String], header: &[String]) -> String {
    let mut out = String::new();
    for h in header {
        let _ = writeln!(out, "# {h}");
    }
    let is_declined = |p: &str| declined.iter().any(|d| d == p);
    for (fi, f) in prog.facts.iter().enumerate() {
        match &f.ty {
            RTy::Record(r) => {
                let rec = &prog.records[*r as usize];
                let fields: Vec<usize> = (0..rec.fields.len())
                    .filter(|&i| {
                        let path = format!("{}.{}", f.name, rec.fields[i].name);
                        !case.slots[f.first_slot as usize + i].is_unknown() || is_declined(&path)
                    })
                    .collect();
                if !case.present[fi] && fields.is_empty() {
                    if is_declined(&f.name) {
                        comment(&mut out, 0, f.ask.as_deref());
                        let _ = writeln!(out, "{}: null  # none, or not known", f.name);
                    }
                    continue;
                }
                comment(&mut out, 0, f.ask.as_deref());
                if fields.is_empty() {
                    let _ = writeln!(out, "{}: {{}}", f.name);
                    continue;
                }
                let _ = writeln!(out, "{}:", f.name);
                for i in fields {
                    let field = &rec.fields[i];
                    let path = format!("{}.{}", f.name, field.name);
                    let v = &case.slots[f.first_slot as usize + i];
                    entry(
                        &mut out,
                        prog,
                        1,
                        &path,
                        &field.name,
                        field.ask.as_deref(),
                        &field.ty,
                        v,
                        declined,
                    );
                }
            }
            ty => {
                let v = &case.slots[f.first_slot as usize];
                if v.is_unknown() && !is_declined(&f.name) {
                    continue;
                }
                entry(
                    &mut out,
                    prog,
                    0,
                    &f.name,
                    &f.name,
                    f.ask.as_deref(),
                    ty,
                    v,
                    declined,
                );
            }
        }
    }
    out
}

fn comment(out: &mut String, depth: usize, ask: Option<&str>) {
    if let Some(a) = ask {
        let _ = writeln!(out, "{}# {}", "  ".repeat(depth), a.replace('\n', " "));
    }
}

/// One `key: value` at `depth`, under its question; a list of records as a block list.
#[allow(clippy::too_many_arguments)]
fn entry(
    out: &mut String,
    prog: &Program,
    depth: usize,
    path: &str,
    key: &str,
    ask: Option<&str>,
    ty: &RTy,
    v: &Value,
    declined: &[String],
) {
    let pad = "  ".repeat(depth);
    comment(out, depth, ask);
    if v.is_unknown() {
        let _ = writeln!(out, "{pad}{key}: null  # don't know");
        return;
    }
    let (RTy::List(el), Value::List(items)) = (ty, v) else {
        let _ = writeln!(out, "{pad}{key}: {}", scalar(prog, ty, v));
        return;
    };
    let RTy::Record(r) = &**el else {
        let _ = writeln!(out, "{pad}{key}: {}", scalar(prog, ty, v));
        return;
    };
    if items.is_empty() {
        let _ = writeln!(out, "{pad}{key}: []");
        return;
    }
    let _ = writeln!(out, "{pad}{key}:");
    let rec = &prog.records[*r as usize];
    for (i, item) in items.iter().enumerate() {
        let Value::Record(fs) = item else {
            let _ = writeln!(out, "{pad}  - null");
            continue;
        };
        let shown: Vec<usize> = (0..rec.fields.len())
            .filter(|&fi| {
                let p = format!("{path}[{i}].{}", rec.fields[fi].name);
                !fs[fi].is_unknown() || declined.contains(&p)
            })
            .collect();
        if shown.is_empty() {
            let _ = writeln!(out, "{pad}  - {{}}");
            continue;
        }
        let _ = writeln!(out, "{pad}  -");
        for fi in shown {
            let f = &rec.fields[fi];
            let p = format!("{path}[{i}].{}", f.name);
            entry(
                out,
                prog,
                depth + 2,
                &p,
                &f.name,
                f.ask.as_deref(),
                &f.ty,
                &fs[fi],
                declined,
            );
        }
    }
}

/// A value on one line: enum names and dates plain, text in double quotes, sets in brackets.
fn scalar(prog: &Program, ty: &RTy, v: &Value) -> String {
    let json = crate::report::value_json(prog, ty, v);
    flow(&json)
}

fn flow(j: &serde_json::Value) -> String {
    use serde_json::Value as J;
    match j {
        J::String(s) if plain(s) => s.clone(),
        J::Array(xs) => format!("[{}]", xs.iter().map(flow).collect::<Vec<_>>().join(", ")),
        J::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{k}: {}", flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        // JSON's double-quoted strings are YAML's, escapes included.
        other => other.to_string(),
    }
}

/// Text YAML reads back as the same text without quotes: names and dates, never a word YAML
/// would take for something else.
fn plain(s: &str) -> bool {
    let word = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':'))
        && s.starts_with(|c: char| c.is_ascii_alphabetic());
    let date = crate::time::parse_instant(s).is_some() && !s.contains(' ');
    let special = matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
    );
    (word && !special && !s.contains(':')) || date
}

/// A case's `meta:` block (title, reference, …) as YAML, to keep it in a case written again
/// (it is no fact, so the case itself does not hold it); empty when there is none.
pub fn meta_block(meta: Option<&crate::report::meta::Meta>) -> String {
    let Some(m) = meta else {
        return String::new();
    };
    let mut out = String::new();
    for (key, value) in [
        ("title", &m.title),
        ("reference", &m.reference),
        ("prepared_by", &m.prepared_by),
        ("date", &m.date),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "  {key}: {}", serde_json::Value::String(v.clone()));
        }
    }
    if out.is_empty() {
        return String::new();
    }
    format!("{}:\n{out}", crate::report::meta::KEY)
}

/// The paths a case file sets to `null` (answered "don't know", or an optional record said
/// to be absent), as the query names them, so a resumed interview does not ask them again.
/// A file that does not read yields none (the case loader reports what is wrong with it).
pub fn declined_in(text: &str, format: Format) -> Vec<String> {
    let read = match format {
        Format::Json => crate::eval::case_json::read(text),
        Format::Yaml => crate::eval::case_yaml::read(text),
    };
    let mut out = Vec::new();
    if let Ok((doc, _)) = read {
        nulls(&doc, String::new(), &mut out);
    }
    out
}

fn nulls(n: &Node, at: String, out: &mut Vec<String>) {
    match &n.kind {
        Kind::Null if !at.is_empty() => out.push(at),
        Kind::Map(entries) => {
            for e in entries {
                let p = if at.is_empty() {
                    e.key.clone()
                } else {
                    format!("{at}.{}", e.key)
                };
                nulls(&e.value, p, out);
            }
        }
        Kind::List(items) => {
            for (i, it) in items.iter().enumerate() {
                nulls(it, format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}
