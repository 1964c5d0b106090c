//! Case files: JSON or YAML, checked against the declared facts and loaded into slots.
//!
//! Any field may be left out (it is then unknown, never false); `null` means the same. A
//! field that does not exist, a value of the wrong type, or an enum value that is not
//! declared is an error naming the path (`technology.risk_class`), what was found and what
//! is allowed. Every error in the file is reported, not just the first.

use std::fmt;
use std::sync::Arc;

use serde_json::Value as Json;

use super::ir::{Program, RTy};
use super::value::Value;
use crate::diagnostic::did_you_mean;
use crate::limits;

/// A loaded case: one value per slot (unknown where the file said nothing), and which
/// optional records were supplied.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Case {
    pub slots: Vec<Value>,
    pub present: Vec<bool>,
}

impl Case {
    /// A case in which nothing is known.
    pub fn empty(prog: &Program) -> Case {
        Case {
            slots: vec![Value::Unknown; prog.slots.len()],
            present: vec![false; prog.facts.len()],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseError {
    /// `technology.risk_class`, `data.flows[0].recipient`; empty for the whole file.
    pub path: String,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)?;
        } else {
            write!(f, "{}: {}", self.path, self.message)?;
        }
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

/// The format of a case file, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    pub fn from_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") | Some("jsonl") => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// Parse and check a case file's text.
pub fn load(prog: &Program, text: &str, format: Format) -> Result<Case, Vec<CaseError>> {
    if text.len() > limits::MAX_CASE_BYTES {
        return Err(vec![CaseError {
            path: String::new(),
            message: format!(
                "the case is {} bytes; Ward reads cases of up to {} bytes",
                text.len(),
                limits::MAX_CASE_BYTES
            ),
            help: Some("a case describes one technology in one organisation; split portfolios into a batch file".into()),
        }]);
    }
    let json: Json = match format {
        Format::Json => serde_json::from_str(text).map_err(|e| {
            vec![CaseError {
                path: String::new(),
                message: format!("this is not valid JSON: {e}"),
                help: None,
            }]
        })?,
        Format::Yaml => serde_yaml_ng::from_str(text).map_err(|e| {
            vec![CaseError {
                path: String::new(),
                message: format!("this is not valid YAML: {e}"),
                help: None,
            }]
        })?,
    };
    from_json(prog, &json)
}

/// Check a parsed JSON document against the program's facts.
pub fn from_json(prog: &Program, json: &Json) -> Result<Case, Vec<CaseError>> {
    let mut l = Loader {
        prog,
        errors: Vec::new(),
    };
    let case = l.case(json);
    if l.errors.is_empty() {
        Ok(case)
    } else {
        Err(l.errors)
    }
}

struct Loader<'p> {
    prog: &'p Program,
    errors: Vec<CaseError>,
}

fn describe(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => format!("the number {n}"),
        Json::String(s) if s.chars().count() > 40 => {
            format!("the text \"{}…\"", s.chars().take(40).collect::<String>())
        }
        Json::String(s) => format!("the text \"{s}\""),
        Json::Array(_) => "a list".into(),
        Json::Object(_) => "an object".into(),
    }
}

/// Where a value is in the case, built only when an error needs to say so.
#[derive(Clone, Copy)]
enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn text(&self) -> String {
        match self {
            At::Root => String::new(),
            At::Key(parent, k) => match parent.text() {
                p if p.is_empty() => k.to_string(),
                p => format!("{p}.{k}"),
            },
            At::Index(parent, i) => format!("{}[{i}]", parent.text()),
        }
    }
}

impl Loader<'_> {
    fn err(&mut self, at: &At<'_>, message: String, help: Option<String>) {
        self.errors.push(CaseError {
            path: at.text(),
            message,
            help,
        });
    }

    fn case(&mut self, json: &Json) -> Case {
        let mut case = Case::empty(self.prog);
        let Json::Object(top) = json else {
            self.err(
                &At::Root,
                format!(
                    "a case is an object of facts, but this is {}",
                    describe(json)
                ),
                Some(format!(
                    "start with the records, for example `{{\"{}\": {{…}}}}`",
                    self.prog
                        .facts
                        .first()
                        .map(|f| f.name.as_str())
                        .unwrap_or("organisation")
                )),
            );
            return case;
        };
        for (key, value) in top {
            let at = At::Key(&At::Root, key);
            let Some(fi) = self.prog.fact_by_name(key) else {
                // The document's own `meta:` block is no fact (see `report::meta`).
                if key == crate::report::meta::KEY {
                    continue;
                }
                let names: Vec<&str> = self.prog.facts.iter().map(|f| f.name.as_str()).collect();
                let s = did_you_mean(key, names.iter().copied());
                self.err(
                    &at,
                    "there is no such fact".into(),
                    Some(match s {
                        Some(s) => {
                            format!("did you mean `{s}`? The facts are: {}", names.join(", "))
                        }
                        None => format!("the facts are: {}", names.join(", ")),
                    }),
                );
                continue;
            };
            let fact = &self.prog.facts[fi];
            if value.is_null() {
                continue;
            }
            case.present[fi] = true;
            match &fact.ty {
                RTy::Record(r) => {
                    let first = fact.first_slot as usize;
                    let Json::Object(obj) = value else {
                        let rname = &self.prog.records[*r as usize].name;
                        self.err(
                            &at,
                            format!(
                                "expected a `{rname}` record (an object), found {}",
                                describe(value)
                            ),
                            None,
                        );
                        continue;
                    };
                    let fields = self.record_fields(obj, *r, &at);
                    for (i, v) in fields.into_iter().enumerate() {
                        case.slots[first + i] = v;
                    }
                }
                ty => {
                    let ty = ty.clone();
                    case.slots[fact.first_slot as usize] = self.value(value, &ty, &at, 1);
                }
            }
        }
        case
    }

    /// The fields of a record object, in declaration order (unknown where absent).
    fn record_fields(
        &mut self,
        obj: &serde_json::Map<String, Json>,
        r: u32,
        path: &At<'_>,
    ) -> Vec<Value> {
        let prog = self.prog;
        let rec = &prog.records[r as usize];
        let mut out = vec![Value::Unknown; rec.fields.len()];
        for (k, v) in obj {
            let fpath = At::Key(path, k);
            match rec.fields.iter().position(|f| f.name == *k) {
                Some(i) => {
                    out[i] = self.value(v, &rec.fields[i].ty, &fpath, 2);
                }
                None => {
                    let rec = &self.prog.records[r as usize];
                    let names: Vec<&str> = rec.fields.iter().map(|f| f.name.as_str()).collect();
                    let s = did_you_mean(k, names.iter().copied());
                    let message = format!("`{}` has no field `{k}`", rec.name);
                    let help = Some(match s {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("its fields are: {}", names.join(", ")),
                    });
                    self.err(&fpath, message, help);
                }
            }
        }
        out
    }

    fn value(&mut self, v: &Json, ty: &RTy, path: &At<'_>, depth: usize) -> Value {
        if v.is_null() {
            return Value::Unknown;
        }
        if depth > limits::MAX_CASE_DEPTH {
            self.err(
                path,
                format!(
                    "the case nests more than {} levels deep",
                    limits::MAX_CASE_DEPTH
                ),
                None,
            );
            return Value::Unknown;
        }
        match ty {
            RTy::Bool => match v {
                Json::Bool(b) => Value::Bool(*b),
                _ => self.mismatch(path, "true or false", v),
            },
            RTy::Int => match v.as_i64() {
                Some(n) => Value::Int(n),
                None => self.mismatch(path, "a whole number", v),
            },
            RTy::Decimal => match v {
                Json::Number(n) => match n.to_string().parse() {
                    Ok(d) => Value::Dec(d),
                    Err(_) => self.mismatch(path, "a number", v),
                },
                _ => self.mismatch(path, "a number", v),
            },
            RTy::Text => match v {
                Json::String(s) => Value::Text(Arc::from(s.as_str())),
                _ => self.mismatch(path, "text", v),
            },
            RTy::Date => match v.as_str().and_then(crate::time::parse_instant) {
                Some(at) => Value::Date(at),
                None => self.mismatch(
                    path,
                    "a date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ)",
                    v,
                ),
            },
            RTy::Duration => match v.as_str().and_then(parse_duration) {
                Some(p) => Value::Dur(p),
                None => self.mismatch(path, "a duration such as \"72 hours\" or \"12 months\"", v),
            },
            RTy::Enum(e) => self
                .enum_value(v, *e, path)
                .map(Value::Enum)
                .unwrap_or(Value::Unknown),
            RTy::Set(el) | RTy::List(el) => {
                let Json::Array(items) = v else {
                    let what = if matches!(ty, RTy::Set(_)) {
                        "a list of values"
                    } else {
                        "a list"
                    };
                    return self.mismatch(path, what, v);
                };
                if items.len() > limits::MAX_LIST_LEN {
                    self.err(
                        path,
                        format!(
                            "this list has {} elements; Ward reads lists of up to {}",
                            items.len(),
                            limits::MAX_LIST_LEN
                        ),
                        None,
                    );
                    return Value::Unknown;
                }
                if let (RTy::Set(_), RTy::Enum(e)) = (ty, &**el) {
                    let mut mask = 0u64;
                    let mut unknown = false;
                    for (i, it) in items.iter().enumerate() {
                        match self.enum_value(it, *e, &At::Index(path, i)) {
                            Some(ix) => mask |= 1u64 << ix,
                            None => unknown = true,
                        }
                    }
                    // A set with an unknown member is itself unknown.
                    return if unknown {
                        Value::Unknown
                    } else {
                        Value::EnumSet(mask)
                    };
                }
                let mut out = Vec::with_capacity(items.len());
                for (i, it) in items.iter().enumerate() {
                    out.push(self.value(it, el, &At::Index(path, i), depth + 1));
                }
                if matches!(ty, RTy::Set(_)) {
                    if out.iter().any(Value::is_unknown) {
                        return Value::Unknown;
                    }
                    out.sort_by(|a, b| {
                        super::value::compare(a, b).unwrap_or(std::cmp::Ordering::Equal)
                    });
                    out.dedup();
                    Value::Set(out.into())
                } else {
                    Value::List(out.into())
                }
            }
            RTy::Record(r) => {
                let Json::Object(obj) = v else {
                    let rname = self.prog.records[*r as usize].name.clone();
                    return self.mismatch(path, &format!("a `{rname}` record (an object)"), v);
                };
                Value::Record(self.record_fields(obj, *r, path).into())
            }
        }
    }

    /// The index of an enum value; `None` for an error or for a value that means unknown.
    fn enum_value(&mut self, v: &Json, e: u32, path: &At<'_>) -> Option<u16> {
        let info = &self.prog.enums[e as usize];
        let Json::String(s) = v else {
            let expected = format!("one of {}", info.variants.join(", "));
            self.mismatch(path, &expected, v);
            return None;
        };
        match info.variants.iter().position(|x| x == s) {
            Some(i) if info.unknown_mask & (1u64 << i) != 0 => None,
            Some(i) => Some(i as u16),
            None => {
                let sugg =
                    did_you_mean(s, info.variants.iter().map(|x| x.as_str())).map(str::to_string);
                let allowed = info.variants.join(", ");
                let name = info.name.clone();
                self.err(
                    path,
                    format!("\"{s}\" is not a value of `{name}`"),
                    Some(match sugg {
                        Some(x) => format!("did you mean \"{x}\"? The values are: {allowed}"),
                        None => format!("the values are: {allowed}"),
                    }),
                );
                None
            }
        }
    }

    fn mismatch(&mut self, path: &At<'_>, expected: &str, found: &Json) -> Value {
        let help = match (expected, found) {
            ("true or false", Json::String(s))
                if ["yes", "no", "true", "false", "y", "n"]
                    .contains(&s.to_lowercase().as_str()) =>
            {
                Some("write true or false without quotes".to_string())
            }
            _ => None,
        };
        self.err(
            path,
            format!("expected {expected}, found {}", describe(found)),
            help,
        );
        Value::Unknown
    }
}

/// `72 hours`, `12 months`, `1 year`.
pub fn parse_duration(s: &str) -> Option<crate::hir::Period> {
    let mut parts = s.split_whitespace();
    let n: i64 = parts.next()?.parse().ok()?;
    let unit = ward_syntax::ast::Unit::from_keyword(parts.next()?)?;
    if parts.next().is_some() || n.abs() > ward_syntax::limits::MAX_DURATION_AMOUNT {
        return None;
    }
    Some(crate::time::period(n, unit))
}
