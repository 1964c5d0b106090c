//! The JSON Schema (draft 2020-12) of case files, generated from the program's fact
//! declarations, so an editor can complete and check a case file with what the case loader
//! (`eval::case`) accepts: each fact a property, each record a `$defs` object with no other
//! keys, each enum its values (with `enumDescriptions` from their doc comments, which the
//! VS Code JSON and YAML extensions show), dates and durations with their formats and
//! patterns, descriptions from the `ask` texts and doc comments. `null` is accepted wherever
//! a value is (it means unknown, as in a case), and so is the document's `meta:` block.
//!
//! # API (stable)
//!
//! [`case_schema`]`(prog)` returns the schema as a `serde_json::Value`; [`field_count`]
//! counts the leaf fields it describes (each record's fields once), the measure `ward ask`
//! is held to.

use serde_json::{Map, Value as Json, json};

use crate::eval::ir::{Program, RTy};

/// The schema's dialect.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The case-file schema for `prog`.
pub fn case_schema(prog: &Program) -> Json {
    let names = Names::new(prog);
    let mut defs = Map::new();
    for (i, e) in prog.enums.iter().enumerate() {
        let mut values: Vec<Json> = e.variants.iter().map(|v| json!(v)).collect();
        values.push(Json::Null);
        let mut descriptions: Vec<Json> = e
            .variants
            .iter()
            .enumerate()
            .map(|(vi, _)| {
                let doc = e.variant_docs.get(vi).map(String::as_str).unwrap_or("");
                json!(first_paragraph(doc))
            })
            .collect();
        descriptions.push(json!("not known"));
        let mut d = Map::new();
        if !e.doc.is_empty() {
            d.insert("description".into(), json!(e.doc));
        }
        d.insert("enum".into(), Json::Array(values));
        d.insert("enumDescriptions".into(), Json::Array(descriptions));
        defs.insert(names.enums[i].clone(), Json::Object(d));
    }
    for (i, r) in prog.records.iter().enumerate() {
        let mut props = Map::new();
        for f in &r.fields {
            let mut p = ty_schema(&names, &f.ty);
            describe(&mut p, f.ask.as_deref(), &f.doc);
            props.insert(f.name.clone(), p);
        }
        let mut d = Map::new();
        if !r.doc.is_empty() {
            d.insert("description".into(), json!(r.doc));
        }
        d.insert("type".into(), json!(["object", "null"]));
        d.insert("properties".into(), Json::Object(props));
        d.insert("additionalProperties".into(), json!(false));
        defs.insert(names.records[i].clone(), Json::Object(d));
    }
    let mut props = Map::new();
    props.insert(crate::report::meta::KEY.into(), meta_schema());
    for f in &prog.facts {
        let mut p = ty_schema(&names, &f.ty);
        describe(&mut p, f.ask.as_deref(), &f.doc);
        props.insert(f.name.clone(), p);
    }
    json!({
        "$schema": DIALECT,
        "title": "Ward case",
        "description": "A case for `ward eval`: what a governance team knows about a technology, the organisation and its data. Leave out (or write null for) anything not known: it is then unknown, never false.",
        "type": "object",
        "properties": Json::Object(props),
        "additionalProperties": false,
        "$defs": Json::Object(defs),
    })
}

/// The leaf fields a case can set: every field of every record a fact uses (each record
/// once, the records of lists included) and every fact that is not a record.
pub fn field_count(prog: &Program) -> usize {
    let mut seen = vec![false; prog.records.len()];
    let mut n = 0;
    fn walk(prog: &Program, ty: &RTy, seen: &mut [bool], n: &mut usize) {
        match ty {
            RTy::Record(r) => {
                if std::mem::replace(&mut seen[*r as usize], true) {
                    return;
                }
                for f in &prog.records[*r as usize].fields {
                    walk(prog, &f.ty, seen, n);
                }
            }
            RTy::List(el) | RTy::Set(el) if matches!(**el, RTy::Record(_)) => {
                *n += 1;
                walk(prog, el, seen, n);
            }
            _ => *n += 1,
        }
    }
    for f in &prog.facts {
        walk(prog, &f.ty, &mut seen, &mut n);
    }
    n
}

/// `$defs` names, unique even when two modules declare types of the same name.
struct Names {
    enums: Vec<String>,
    records: Vec<String>,
}

impl Names {
    fn new(prog: &Program) -> Names {
        let mut used = std::collections::HashSet::new();
        let mut unique = |name: &str| {
            let mut n = name.to_string();
            let mut i = 2;
            while !used.insert(n.clone()) {
                n = format!("{name}{i}");
                i += 1;
            }
            n
        };
        let enums = prog.enums.iter().map(|e| unique(&e.name)).collect();
        let records = prog.records.iter().map(|r| unique(&r.name)).collect();
        Names { enums, records }
    }
}

fn reference(name: &str) -> Json {
    json!({ "$ref": format!("#/$defs/{name}") })
}

fn ty_schema(names: &Names, ty: &RTy) -> Json {
    match ty {
        RTy::Bool => json!({ "type": ["boolean", "null"] }),
        RTy::Int => json!({ "type": ["integer", "null"] }),
        RTy::Decimal => json!({ "type": ["number", "null"] }),
        RTy::Text => json!({ "type": ["string", "null"] }),
        RTy::Date => json!({
            "type": ["string", "null"],
            "anyOf": [{ "format": "date" }, { "format": "date-time" }],
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2}))?$",
        }),
        RTy::Duration => json!({
            "type": ["string", "null"],
            "pattern": "^\\s*-?[0-9]+\\s+(minute|hour|day|week|month|year)s?\\s*$",
            "examples": ["72 hours", "12 months"],
        }),
        RTy::Enum(e) => reference(&names.enums[*e as usize]),
        RTy::Record(r) => reference(&names.records[*r as usize]),
        // The loader takes no null inside a set or list of enum values.
        RTy::List(el) | RTy::Set(el) => {
            let items = match &**el {
                RTy::Enum(e) => json!({
                    "$ref": format!("#/$defs/{}", names.enums[*e as usize]),
                    "type": "string",
                }),
                other => ty_schema(names, other),
            };
            json!({ "type": ["array", "null"], "items": items })
        }
    }
}

/// The question as the description (what an editor shows first), the doc comment after it.
fn describe(schema: &mut Json, ask: Option<&str>, doc: &str) {
    let text = match (ask, doc.is_empty()) {
        (Some(a), true) => a.to_string(),
        (Some(a), false) => format!("{a}\n\n{doc}"),
        (None, false) => doc.to_string(),
        (None, true) => return,
    };
    if let Json::Object(m) = schema {
        m.insert("description".into(), json!(text));
    }
}

fn first_paragraph(doc: &str) -> String {
    doc.split("\n\n").next().unwrap_or("").replace('\n', " ")
}

fn meta_schema() -> Json {
    let text = json!({ "type": ["string", "number"] });
    json!({
        "description": "About the document, not the technology: shown in the report's header, never evaluated.",
        "type": "object",
        "properties": {
            "title": text,
            "reference": text,
            "prepared_by": text,
            "date": text,
        },
        "additionalProperties": false,
    })
}
