//! Reading a YAML case into the document tree (`case_doc`), from `saphyr-parser`'s events.
//!
//! Events, not a YAML value type, so that everything a case must not rely on is visible:
//! tags (`!!python/object:…`, `!foo`, and the core schema's `!!str` alike), anchors and
//! aliases, merge keys (`<<`), duplicate keys, and a second document. Each is refused with the
//! path and position where it occurs. Nesting is counted as collections open, so a tower of
//! `[` fails at the first level too many without the rest being read. Plain scalars are
//! resolved by YAML 1.2's core schema: `true`/`false` are booleans, `yes`/`no` are text.

use std::borrow::Cow;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span, Tag};

use super::case_doc::{
    DocError, Entry, Kind, MapBuilder, Node, Pos, Problems, Seg, duplicate, path_text, shorten,
};
use crate::limits;

/// The document and the problems found in it (tags, anchors, aliases, merge keys, duplicate
/// keys); or the one error that stopped the reading (a syntax error, nesting too deep, a key
/// that is not a name, a second document).
pub fn read(text: &str) -> Result<(Node, Problems), DocError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = Reader {
        stack: Vec::new(),
        root: None,
        documents: 0,
        errors: Problems::default(),
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(e) => e,
            // The scanner has a nesting limit of its own, which it may meet looking ahead.
            Err(e) if e.info().contains("recursion limit") => {
                return Err(too_deep(r.path_text(), pos_of(e.marker())));
            }
            Err(e) => {
                let m = e.marker();
                return Err(DocError {
                    path: r.path_text(),
                    message: format!(
                        "this is not valid YAML: {} at {}:{}",
                        e.info(),
                        m.line(),
                        m.col() + 1
                    ),
                    help: None,
                });
            }
        };
        r.event(event, span)?;
    }
    let root = r.root.unwrap_or(Node {
        pos: Pos { line: 1, column: 1 },
        kind: Kind::Null,
    });
    Ok((root, r.errors))
}

enum Frame {
    List {
        pos: Pos,
        items: Vec<Node>,
    },
    Map {
        pos: Pos,
        map: MapBuilder,
        /// The key read, waiting for its value.
        key: Option<(String, Pos)>,
        /// The key was a merge key (refused): its value is dropped, so that what it would
        /// have merged brings no further errors.
        merge: bool,
    },
}

struct Reader {
    stack: Vec<Frame>,
    root: Option<Node>,
    documents: usize,
    errors: Problems,
}

fn pos(span: Span) -> Pos {
    pos_of(&span.start)
}

fn pos_of(m: &Marker) -> Pos {
    Pos {
        line: u32::try_from(m.line()).unwrap_or(u32::MAX),
        column: u32::try_from(m.col().saturating_add(1)).unwrap_or(u32::MAX),
    }
}

fn too_deep(path: String, at: Pos) -> DocError {
    DocError {
        path,
        message: format!(
            "the case nests more than {} levels deep (at {at})",
            limits::MAX_CASE_DEPTH
        ),
        help: Some("a case is records of facts, a few levels deep; this is not one".into()),
    }
}

/// `!!str`, `!foo`, or a verbatim tag as written.
fn tag_text(tag: &Tag) -> String {
    let text = match tag.handle.as_str() {
        "tag:yaml.org,2002:" => format!("!!{}", tag.suffix),
        "!" => format!("!{}", tag.suffix),
        h => format!("{h}{}", tag.suffix),
    };
    shorten(&text)
}

const SPELL_OUT: &str =
    "a case file must spell every fact out where it applies: write the values in full";

impl Reader {
    fn path(&self) -> Vec<Seg> {
        self.stack
            .iter()
            .filter_map(|f| match f {
                Frame::List { items, .. } => Some(Seg::Index(items.len())),
                Frame::Map { key, .. } => key.as_ref().map(|(k, _)| Seg::Key(k.clone())),
            })
            .collect()
    }

    fn path_text(&self) -> String {
        path_text(&self.path())
    }

    fn error(&mut self, message: String, help: &str) {
        let path = self.path_text();
        self.errors.push(DocError {
            path,
            message,
            help: Some(help.to_string()),
        });
    }

    /// Whether the next scalar or collection is a map's key.
    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    /// Refuse an anchor or a tag on a node at `at`.
    fn check_props(&mut self, anchor: usize, tag: Option<&Tag>, at: Pos) -> bool {
        let mut clean = true;
        if anchor != 0 {
            self.error(
                format!("anchors (`&name`) are not read, and this value has one (at {at})"),
                SPELL_OUT,
            );
            clean = false;
        }
        if let Some(t) = tag {
            self.error(
                format!(
                    "YAML tags are not read, and this value has the tag `{}` (at {at})",
                    tag_text(t)
                ),
                "write the value without a tag: true or false, a number, or text (in quotes when it would otherwise read as something else)",
            );
            clean = false;
        }
        clean
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), DocError> {
        let at = pos(span);
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(DocError {
                        path: String::new(),
                        message: format!(
                            "this file holds more than one YAML document (another starts at {at})"
                        ),
                        help: Some("a case file is one document: one case".into()),
                    });
                }
            }
            Event::Alias(_) => {
                self.error(
                    format!("aliases (`*name`) are not read, and there is one at {at}"),
                    SPELL_OUT,
                );
                self.scalar_or_key(
                    Cow::Borrowed(""),
                    Node {
                        pos: at,
                        kind: Kind::Null,
                    },
                )?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let clean = self.check_props(anchor, tag.as_deref(), at);
                if self.expecting_key() && style == ScalarStyle::Plain && text == "<<" {
                    self.error(
                        format!("merge keys (`<<`) are not read, and there is one at {at}"),
                        SPELL_OUT,
                    );
                    if let Some(Frame::Map { merge, .. }) = self.stack.last_mut() {
                        *merge = true;
                    }
                }
                let kind = if !clean {
                    Kind::Null
                } else if style == ScalarStyle::Plain {
                    resolve_plain(&text)
                } else {
                    Kind::Str {
                        text: text.to_string(),
                        quoted: true,
                    }
                };
                self.scalar_or_key(text, Node { pos: at, kind })?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.check_props(anchor, tag.as_deref(), at);
                self.open(at, true)?;
            }
            Event::MappingStart(anchor, tag) => {
                self.check_props(anchor, tag.as_deref(), at);
                self.open(at, false)?;
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(),
        }
        Ok(())
    }

    /// A scalar: the key a map waits for, or a value.
    fn scalar_or_key(&mut self, text: Cow<'_, str>, node: Node) -> Result<(), DocError> {
        if let Some(Frame::Map {
            key: key @ None, ..
        }) = self.stack.last_mut()
        {
            *key = Some((text.into_owned(), node.pos));
            return Ok(());
        }
        self.add(node);
        Ok(())
    }

    fn open(&mut self, at: Pos, list: bool) -> Result<(), DocError> {
        if self.expecting_key() {
            return Err(DocError {
                path: self.path_text(),
                message: format!(
                    "a key is a name, but this one is a {} (at {at})",
                    if list { "list" } else { "map" }
                ),
                help: Some("write keys as plain names, such as `organisation:`".into()),
            });
        }
        if self.stack.len() >= limits::MAX_CASE_DEPTH {
            return Err(too_deep(self.path_text(), at));
        }
        self.stack.push(if list {
            Frame::List {
                pos: at,
                items: Vec::new(),
            }
        } else {
            Frame::Map {
                pos: at,
                map: MapBuilder::default(),
                key: None,
                merge: false,
            }
        });
        Ok(())
    }

    fn close(&mut self) {
        let node = match self.stack.pop() {
            Some(Frame::List { pos, items }) => Node {
                pos,
                kind: Kind::List(items),
            },
            Some(Frame::Map { pos, map, .. }) => Node {
                pos,
                kind: Kind::Map(map.finish()),
            },
            None => return,
        };
        self.add(node);
    }

    /// A finished value, into the collection that holds it (or as the document).
    fn add(&mut self, node: Node) {
        let (key, first, second) = match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                return;
            }
            Some(Frame::List { items, .. }) => {
                items.push(node);
                return;
            }
            Some(Frame::Map {
                map, key, merge, ..
            }) => {
                let Some((key, key_pos)) = key.take() else {
                    return;
                };
                if std::mem::take(merge) {
                    return;
                }
                match map.find(&key).map(|e| e.key_pos) {
                    None => {
                        map.push(Entry {
                            key,
                            key_pos,
                            value: node,
                        });
                        return;
                    }
                    Some(first) => (key, first, key_pos),
                }
            }
        };
        // The map's key is taken, so the path ends at the map itself.
        let mut path = self.path();
        path.push(Seg::Key(key));
        if let Some(Seg::Key(k)) = path.last() {
            let e = duplicate(&path, k, first, second);
            self.errors.push(e);
        }
    }
}

/// A plain scalar by YAML 1.2's core schema.
fn resolve_plain(s: &str) -> Kind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Kind::Null,
        "true" | "True" | "TRUE" => return Kind::Bool(true),
        "false" | "False" | "FALSE" => return Kind::Bool(false),
        _ => {}
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return Kind::NonFinite(s.to_string());
    }
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if digits(unsigned) {
        return match s.parse::<i64>() {
            Ok(n) => Kind::Int(n),
            Err(_) => Kind::Number(s.to_string()),
        };
    }
    for (prefix, radix) in [("0o", 8), ("0x", 16)] {
        if let Some(body) = s.strip_prefix(prefix)
            && !body.is_empty()
            && body.chars().all(|c| c.is_digit(radix))
        {
            return match i64::from_str_radix(body, radix) {
                Ok(n) => Kind::Int(n),
                Err(_) => Kind::Number(s.to_string()),
            };
        }
    }
    if is_float(unsigned) {
        return Kind::Number(s.to_string());
    }
    Kind::Str {
        text: s.to_string(),
        quoted: false,
    }
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema's float without its sign.
fn is_float(s: &str) -> bool {
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, frac)) => {
            digits(whole) && digits(frac) && !(whole.is_empty() && frac.is_empty())
        }
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exp_ok = match exp {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && digits(e)
        }
    };
    mantissa_ok && exp_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document if it has no problems, or its problems.
    fn doc(text: &str) -> Result<Node, Vec<DocError>> {
        match read(text) {
            Ok((n, p)) if p.is_empty() => Ok(n),
            Ok((_, p)) => Err(p.finish()),
            Err(e) => Err(vec![e]),
        }
    }

    fn kind(text: &str) -> Kind {
        match doc(&format!("v: {text}")).unwrap().kind {
            Kind::Map(mut m) => m.remove(0).value.kind,
            k => k,
        }
    }

    #[test]
    fn plain_scalars_by_the_core_schema() {
        assert_eq!(kind("true"), Kind::Bool(true));
        assert_eq!(kind("~"), Kind::Null);
        assert_eq!(kind("12"), Kind::Int(12));
        assert_eq!(kind("0x1f"), Kind::Int(31));
        assert_eq!(kind("2.5e3"), Kind::Number("2.5e3".into()));
        assert_eq!(kind("-.inf"), Kind::NonFinite("-.inf".into()));
        assert_eq!(kind(".nan"), Kind::NonFinite(".nan".into()));
        let text = |t: &str, quoted| Kind::Str {
            text: t.into(),
            quoted,
        };
        assert_eq!(kind("yes"), text("yes", false));
        assert_eq!(kind("\"yes\""), text("yes", true));
        assert_eq!(kind("2026-11-20"), text("2026-11-20", false));
        assert_eq!(kind("1.2.3"), text("1.2.3", false));
    }

    #[test]
    fn yaml_features_a_case_must_not_use_are_refused() {
        for (text, says) in [
            (
                "a: !!python/object:os.system x",
                "`!!python/object:os.system`",
            ),
            ("a: !foo x", "`!foo`"),
            ("a: !!str x", "`!!str`"),
            ("a: &x 1\nb: *x", "anchors"),
            ("a: &x {c: 1}\nb: {<<: *x}", "merge keys"),
            ("a: 1\n---\nb: 2", "more than one YAML document"),
            ("? [a]\n: 1", "a key is a name"),
        ] {
            let errs = doc(text).unwrap_err();
            assert!(
                errs.iter().any(|e| e.message.contains(says)),
                "{text}: {errs:?}"
            );
        }
    }

    #[test]
    fn duplicates_name_the_path_and_both_positions() {
        let errs = doc("data:\n  large_scale: true\n  large_scale: false\n").unwrap_err();
        assert_eq!(errs[0].path, "data.large_scale");
        assert!(
            errs[0].message.contains("at 2:3 and at 3:3"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn depth_is_checked_as_collections_open() {
        let towers = [
            format!("a: {}", "[".repeat(100_000)),
            format!("a: {}", "{a: ".repeat(100_000)),
            "- ".repeat(100_000),
            (0..2_000)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect(),
            format!("a: {}", "[".repeat(16 << 20)),
        ];
        for deep in towers {
            let errs = doc(&deep).unwrap_err();
            assert!(errs[0].message.contains("levels deep"), "{errs:?}");
        }
        assert!(doc(&format!("\u{feff}a: {}1{}", "[".repeat(30), "]".repeat(30))).is_ok());
    }
}
