//! Case files: JSON or YAML, checked against the declared facts and loaded into slots.
//!
//! Any field may be left out (it is then unknown, never false); `null` means the same. A
//! field that does not exist, a value of the wrong type, or an enum value that is not
//! declared is an error naming the path (`technology.risk_class`), what was found and what
//! is allowed. Every error in the file is reported (up to `limits::MAX_CASE_ERRORS`), not
//! just the first. The text is read by `case_json` or `case_yaml` into a `case_doc` tree,
//! which has already refused what no case may contain (duplicate keys, YAML tags, anchors,
//! aliases and merge keys, nesting past `limits::MAX_CASE_DEPTH`); this file gives it types.

use std::fmt;
use std::sync::Arc;

use serde_json::Value as Json;

use super::case_doc::{Entry, Kind, Node, Pos, Problems, shorten};
use super::ir::{Program, RTy};
use super::value::Value;
use super::{case_json, case_yaml};
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
    let read = match format {
        Format::Json => case_json::read(text),
        Format::Yaml => case_yaml::read(text),
    };
    let (doc, problems) = read.map_err(|e| vec![e])?;
    from_doc(prog, &doc, problems)
}

/// Check a parsed JSON value against the program's facts (for callers that already hold
/// one; it has no positions, and `serde_json` has already kept one of any two equal keys).
pub fn from_json(prog: &Program, json: &Json) -> Result<Case, Vec<CaseError>> {
    from_doc(prog, &json_node(json), Problems::default())
}

fn json_node(v: &Json) -> Node {
    let kind = match v {
        Json::Null => Kind::Null,
        Json::Bool(b) => Kind::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Kind::Int(i),
            None => Kind::Number(n.to_string()),
        },
        Json::String(s) => Kind::Str {
            text: s.clone(),
            quoted: true,
        },
        Json::Array(xs) => Kind::List(xs.iter().map(json_node).collect()),
        Json::Object(m) => Kind::Map(
            m.iter()
                .map(|(k, v)| Entry {
                    key: k.clone(),
                    key_pos: Pos::default(),
                    value: json_node(v),
                })
                .collect(),
        ),
    };
    Node {
        pos: Pos::default(),
        kind,
    }
}

/// Check a document against the program's facts, adding to the problems its reader found.
fn from_doc(prog: &Program, doc: &Node, problems: Problems) -> Result<Case, Vec<CaseError>> {
    let mut l = Loader {
        prog,
        errors: problems,
    };
    let case = l.case(doc);
    if l.errors.is_empty() {
        Ok(case)
    } else {
        Err(l.errors.finish())
    }
}

struct Loader<'p> {
    prog: &'p Program,
    errors: Problems,
}

fn describe(v: &Node) -> String {
    match &v.kind {
        Kind::Null => "null".into(),
        Kind::Bool(b) => b.to_string(),
        Kind::Int(n) => format!("the number {n}"),
        Kind::Number(n) => format!("the number {}", shorten(n)),
        Kind::NonFinite(n) if n.ends_with("nan") || n.ends_with("NaN") || n.ends_with("NAN") => {
            format!("`{n}` (YAML's not-a-number)")
        }
        Kind::NonFinite(n) => format!("`{n}` (YAML's infinity)"),
        Kind::Str { text, .. } => format!("the text \"{}\"", shorten(text)),
        Kind::List(_) => "a list".into(),
        Kind::Map(_) => "an object".into(),
    }
}

/// "Did you mean …?", only for words short enough to be misspellings (comparing a huge value
/// with every name would take time and memory for nothing).
fn suggest<'a>(word: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if word.len() > 64 {
        return None;
    }
    did_you_mean(word, names)
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

fn is_null(v: &Node) -> bool {
    matches!(v.kind, Kind::Null)
}

impl Loader<'_> {
    fn err(&mut self, at: &At<'_>, message: String, help: Option<String>) {
        self.errors.push(CaseError {
            path: at.text(),
            message,
            help,
        });
    }

    fn case(&mut self, doc: &Node) -> Case {
        let mut case = Case::empty(self.prog);
        let Kind::Map(top) = &doc.kind else {
            self.err(
                &At::Root,
                format!(
                    "a case is an object of facts, but this is {}",
                    describe(doc)
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
        for Entry { key, value, .. } in top {
            let at = At::Key(&At::Root, key);
            let Some(fi) = self.prog.fact_by_name(key) else {
                let names: Vec<&str> = self.prog.facts.iter().map(|f| f.name.as_str()).collect();
                let s = suggest(key, names.iter().copied());
                let at = At::Key(&At::Root, &shorten(key));
                let at = at.text();
                self.errors.push(CaseError {
                    path: at,
                    message: "there is no such fact".into(),
                    help: Some(match s {
                        Some(s) => {
                            format!("did you mean `{s}`? The facts are: {}", names.join(", "))
                        }
                        None => format!("the facts are: {}", names.join(", ")),
                    }),
                });
                continue;
            };
            let fact = &self.prog.facts[fi];
            if is_null(value) {
                continue;
            }
            case.present[fi] = true;
            match &fact.ty {
                RTy::Record(r) => {
                    let first = fact.first_slot as usize;
                    let Kind::Map(obj) = &value.kind else {
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
                    case.slots[fact.first_slot as usize] = self.value(value, &ty, &at);
                }
            }
        }
        case
    }

    /// The fields of a record object, in declaration order (unknown where absent).
    fn record_fields(&mut self, obj: &[Entry], r: u32, path: &At<'_>) -> Vec<Value> {
        let prog = self.prog;
        let rec = &prog.records[r as usize];
        let mut out = vec![Value::Unknown; rec.fields.len()];
        for Entry {
            key: k, value: v, ..
        } in obj
        {
            match rec.fields.iter().position(|f| f.name == *k) {
                Some(i) => {
                    out[i] = self.value(v, &rec.fields[i].ty, &At::Key(path, k));
                }
                None => {
                    let shown = shorten(k);
                    let fpath = At::Key(path, &shown);
                    let names: Vec<&str> = rec.fields.iter().map(|f| f.name.as_str()).collect();
                    let s = suggest(k, names.iter().copied());
                    let message = format!("`{}` has no field `{shown}`", rec.name);
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

    // Nesting needs no check here: the readers refuse a document deeper than the limit.
    fn value(&mut self, v: &Node, ty: &RTy, path: &At<'_>) -> Value {
        if is_null(v) {
            return Value::Unknown;
        }
        match ty {
            RTy::Bool => match v.kind {
                Kind::Bool(b) => Value::Bool(b),
                _ => self.mismatch(path, "true or false", v),
            },
            RTy::Int => match v.kind {
                Kind::Int(n) => Value::Int(n),
                _ => self.mismatch(path, "a whole number", v),
            },
            RTy::Decimal => match &v.kind {
                Kind::Int(n) => Value::Dec((*n).into()),
                Kind::Number(n) => match n
                    .parse()
                    .ok()
                    .or_else(|| rust_decimal::Decimal::from_scientific(n).ok())
                {
                    Some(d) => Value::Dec(d),
                    None => self.mismatch(path, "a number of up to 28 digits", v),
                },
                _ => self.mismatch(path, "a number", v),
            },
            RTy::Text => match &v.kind {
                Kind::Str { text, .. } => Value::Text(Arc::from(text.as_str())),
                _ => self.mismatch(path, "text", v),
            },
            RTy::Date => match str_of(v).and_then(crate::time::parse_instant) {
                Some(at) => Value::Date(at),
                None => self.mismatch(
                    path,
                    "a date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ)",
                    v,
                ),
            },
            RTy::Duration => match str_of(v).and_then(parse_duration) {
                Some(p) => Value::Dur(p),
                None => self.mismatch(path, "a duration such as \"72 hours\" or \"12 months\"", v),
            },
            RTy::Enum(e) => self
                .enum_value(v, *e, path)
                .map(Value::Enum)
                .unwrap_or(Value::Unknown),
            RTy::Set(el) | RTy::List(el) => {
                let Kind::List(items) = &v.kind else {
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
                    out.push(self.value(it, el, &At::Index(path, i)));
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
                let Kind::Map(obj) = &v.kind else {
                    let rname = self.prog.records[*r as usize].name.clone();
                    return self.mismatch(path, &format!("a `{rname}` record (an object)"), v);
                };
                Value::Record(self.record_fields(obj, *r, path).into())
            }
        }
    }

    /// The index of an enum value; `None` for an error or for a value that means unknown.
    fn enum_value(&mut self, v: &Node, e: u32, path: &At<'_>) -> Option<u16> {
        let info = &self.prog.enums[e as usize];
        let Kind::Str { text: s, .. } = &v.kind else {
            let expected = format!("one of {}", info.variants.join(", "));
            self.mismatch(path, &expected, v);
            return None;
        };
        match info.variants.iter().position(|x| x == s) {
            Some(i) if info.unknown_mask & (1u64 << i) != 0 => None,
            Some(i) => Some(i as u16),
            None => {
                let sugg = suggest(s, info.variants.iter().map(|x| x.as_str())).map(str::to_string);
                let allowed = info.variants.join(", ");
                let name = info.name.clone();
                self.err(
                    path,
                    format!("\"{}\" is not a value of `{name}`", shorten(s)),
                    Some(match sugg {
                        Some(x) => format!("did you mean \"{x}\"? The values are: {allowed}"),
                        None => format!("the values are: {allowed}"),
                    }),
                );
                None
            }
        }
    }

    fn mismatch(&mut self, path: &At<'_>, expected: &str, found: &Node) -> Value {
        let help = match (expected, &found.kind) {
            ("true or false", Kind::Str { text, quoted })
                if ["yes", "no", "true", "false", "y", "n", "on", "off"]
                    .contains(&text.to_lowercase().as_str()) =>
            {
                Some(if *quoted {
                    "write true or false without quotes".to_string()
                } else {
                    "YAML 1.2 booleans are true and false (yes, no, on and off are text): write true or false".to_string()
                })
            }
            (_, Kind::NonFinite(_)) => Some(
                "a case holds finite numbers only; leave the field out if it is not known"
                    .to_string(),
            ),
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

fn str_of(v: &Node) -> Option<&str> {
    match &v.kind {
        Kind::Str { text, .. } => Some(text),
        _ => None,
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
