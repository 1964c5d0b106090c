//! One lowered expression as a SQL expression. SQL `NULL` is Ward's unknown, so `AND`, `OR`
//! and `NOT` are already Kleene; every other construct is translated to keep the evaluator's
//! rule for unknown operands (`compare`, `contains`, `quantify` in `ward_core::eval`).
//! Anything without an exact translation is an [`Untranslatable`] error, never a guess.

use ward_core::eval::Value;
use ward_core::eval::ir::{Atom, Node, NodeId, Program, RTy};
use ward_syntax::ast::CompareOp;

use crate::dialect::Dialect;

/// What could not be translated, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Untranslatable(pub String);

pub type Sql = Result<String, Untranslatable>;

fn no(what: impl Into<String>) -> Untranslatable {
    Untranslatable(what.into())
}

pub struct Emitter<'p> {
    pub prog: &'p Program,
    pub d: Dialect,
    /// The types of the locals bound so far (a `for` rule's element, quantifier variables).
    locals: Vec<RTy>,
}

impl<'p> Emitter<'p> {
    pub fn new(prog: &'p Program, d: Dialect) -> Emitter<'p> {
        Emitter {
            prog,
            d,
            locals: Vec::new(),
        }
    }

    fn var(depth: u16) -> String {
        format!("w_l{depth}")
    }

    /// The static type of a node, where the translation needs it (enum constants are written
    /// as their variant names, which the other operand's enum gives).
    pub fn ty(&self, n: NodeId) -> Option<RTy> {
        match &self.prog.nodes[n as usize] {
            Node::Slot(s) => Some(self.prog.slots[*s as usize].ty.clone()),
            Node::Def(i) => self.ty(self.prog.defs[*i as usize].node),
            Node::Local(d) => self.locals.get(*d as usize).cloned(),
            Node::Field { base, field, .. } => match self.ty(*base)? {
                RTy::Record(r) => self.prog.records[r as usize]
                    .fields
                    .get(*field as usize)
                    .map(|f| f.ty.clone()),
                _ => None,
            },
            Node::Const(Value::Bool(_)) => Some(RTy::Bool),
            Node::Const(Value::Int(_)) => Some(RTy::Int),
            Node::Const(Value::Dec(_)) => Some(RTy::Decimal),
            Node::Const(Value::Text(_)) => Some(RTy::Text),
            Node::If {
                then, otherwise, ..
            } => self.ty(*then).or_else(|| self.ty(*otherwise)),
            Node::Not(_)
            | Node::And(_)
            | Node::Or(_)
            | Node::AndAtoms { .. }
            | Node::Cmp { .. }
            | Node::EnumIn { .. }
            | Node::In { .. }
            | Node::EnumHasAny { .. }
            | Node::EnumHasAll { .. }
            | Node::HasOne { .. }
            | Node::HasAny { .. }
            | Node::HasAll { .. }
            | Node::IsEmpty { .. }
            | Node::IsKnown { .. }
            | Node::Quant { .. } => Some(RTy::Bool),
            Node::Count(_) => Some(RTy::Int),
            Node::RecordOfSlots { record, .. } => Some(RTy::Record(*record)),
            Node::SetLit(xs) => xs
                .iter()
                .find_map(|&x| self.ty(x))
                .map(|t| RTy::Set(Box::new(t))),
            _ => None,
        }
    }

    fn enum_names(&self, e: u32, mask: u64) -> Vec<String> {
        let info = &self.prog.enums[e as usize];
        (0..info.variants.len())
            .filter(|i| mask & (1u64 << i) != 0)
            .map(|i| self.d.text(&info.variants[i]))
            .collect()
    }

    fn enum_of(&self, n: NodeId) -> Result<u32, Untranslatable> {
        match self.ty(n) {
            Some(RTy::Enum(e)) => Ok(e),
            Some(RTy::Set(t)) | Some(RTy::List(t)) => match *t {
                RTy::Enum(e) => Ok(e),
                _ => Err(no("a set test on a collection that is not of enum values")),
            },
            _ => Err(no(
                "an enum test whose operand's type is not known statically",
            )),
        }
    }

    /// A slot's column, with its default when the case leaves it unknown.
    fn slot(&mut self, s: u32) -> Sql {
        let info = &self.prog.slots[s as usize];
        let mut parts = info.path.split('.');
        let head = parts.next().unwrap_or_default();
        let mut col = self.d.ident(head);
        for p in parts {
            col = self.d.field(&col, p);
        }
        let col = self.known_enum(col, &info.ty)?;
        match info.default {
            // The default is evaluated with no locals bound (`Evaluator::fill`).
            Some(dn) => {
                let saved = std::mem::take(&mut self.locals);
                let dflt = self.typed(dn, &info.ty);
                self.locals = saved;
                Ok(format!("COALESCE({col}, {})", dflt?))
            }
            None => Ok(col),
        }
    }

    /// A column of enum type read as the loader reads it: a value that stands for unknown
    /// (`undetermined = unknown`) is unknown.
    fn known_enum(&self, col: String, ty: &RTy) -> Sql {
        match ty {
            RTy::Enum(e) if self.prog.enums[*e as usize].unknown_mask != 0 => {
                let names = self.enum_names(*e, self.prog.enums[*e as usize].unknown_mask);
                Ok(format!(
                    "(CASE WHEN {col} IN ({}) THEN NULL ELSE {col} END)",
                    names.join(", ")
                ))
            }
            RTy::Set(t) | RTy::List(t) => match **t {
                RTy::Enum(e) if self.prog.enums[e as usize].unknown_mask != 0 => Err(no(
                    "a collection of an enum with values that stand for unknown",
                )),
                _ => Ok(col),
            },
            _ => Ok(col),
        }
    }

    /// A condition (a SQL boolean, NULL when unknown).
    pub fn expr(&mut self, n: NodeId) -> Sql {
        let prog = self.prog;
        let d = self.d;
        match &prog.nodes[n as usize] {
            Node::Const(v) => self.constant(v),
            Node::Slot(s) => self.slot(*s),
            Node::Def(i) => {
                // A derived value is evaluated with no locals bound (`Evaluator::def`).
                let saved = std::mem::take(&mut self.locals);
                let r = self.expr(prog.defs[*i as usize].node);
                self.locals = saved;
                r
            }
            Node::Local(depth) => {
                if (*depth as usize) < self.locals.len() {
                    Ok(d.local(&Self::var(*depth)))
                } else {
                    Err(no("a variable read outside its binding"))
                }
            }
            Node::Field {
                base,
                field,
                default,
            } => {
                let Some(RTy::Record(r)) = self.ty(*base) else {
                    return Err(no("a field of a value whose record type is not known"));
                };
                let info = &prog.records[r as usize].fields[*field as usize];
                let b = self.expr(*base)?;
                let f = self.known_enum(d.field(&b, &info.name), &info.ty)?;
                match default {
                    // The default is used only when the record itself is known.
                    Some(dn) => {
                        let dflt = self.typed(*dn, &info.ty)?;
                        Ok(format!(
                            "(CASE WHEN {b} IS NULL THEN NULL ELSE COALESCE({f}, {dflt}) END)"
                        ))
                    }
                    None => Ok(f),
                }
            }
            // Whether the case file gave the fact: the `given` column lists the facts given
            // (`ward export cases` fills it from the loader's own record of them).
            Node::Present(f) => {
                let col = d.ident(crate::table::GIVEN);
                let item = d.text(&prog.facts[*f as usize].name);
                Ok(format!("COALESCE({}, FALSE)", d.contains(&col, &item)))
            }
            Node::HasOne { coll, elem } => self.member(*coll, *elem, false),
            Node::HasAny { coll, set } => self.overlap(*coll, *set, false),
            Node::HasAll { coll, set } => self.overlap(*coll, *set, true),
            Node::In {
                negated,
                elem,
                coll,
            } => self.member(*coll, *elem, *negated),
            Node::Not(x) => Ok(format!("(NOT {})", self.expr(*x)?)),
            Node::And(xs) => self.junction(xs, "AND"),
            Node::Or(xs) => self.junction(xs, "OR"),
            Node::AndAtoms { atoms, rest } => {
                let mut parts = Vec::new();
                for a in atoms.iter() {
                    parts.push(self.atom(*a)?);
                }
                for &x in rest.iter() {
                    parts.push(self.expr(x)?);
                }
                Ok(join(&parts, "AND", "TRUE"))
            }
            Node::Cmp { op, lhs, rhs } => self.compare(*op, *lhs, *rhs),
            Node::EnumIn {
                negated,
                elem,
                mask,
            } => {
                let e = self.enum_of(*elem)?;
                let x = self.expr(*elem)?;
                Ok(enum_in(&x, &self.enum_names(e, *mask), *negated))
            }
            Node::EnumHasAny { coll, mask } | Node::EnumHasAll { coll, mask } => {
                let all = matches!(prog.nodes[n as usize], Node::EnumHasAll { .. });
                let e = self.enum_of(*coll)?;
                let c = self.expr(*coll)?;
                let items = d.text_array(&self.enum_names(e, *mask));
                let test = if all {
                    d.has_all(&c, &items)
                } else {
                    d.has_any(&c, &items)
                };
                Ok(format!("(CASE WHEN {c} IS NULL THEN NULL ELSE {test} END)"))
            }
            Node::IsKnown { operand, negated } => {
                let x = self.expr(*operand)?;
                Ok(format!(
                    "({x} IS {}NULL)",
                    if *negated { "" } else { "NOT " }
                ))
            }
            Node::IsEmpty { operand, negated } => {
                let x = self.expr(*operand)?;
                let op = if *negated { ">" } else { "=" };
                Ok(format!("({} {op} 0)", d.len(&x)))
            }
            Node::Count(x) => {
                let x = self.expr(*x)?;
                Ok(d.len(&x))
            }
            Node::Quant {
                any,
                local,
                coll,
                filter,
            } => self.quantify(*any, *local, *coll, *filter),
            Node::If {
                cond,
                then,
                otherwise,
            } => {
                let c = self.expr(*cond)?;
                let ty = self.ty(n);
                let (t, o) = match &ty {
                    Some(ty) => (self.typed(*then, ty)?, self.typed(*otherwise, ty)?),
                    None => (self.expr(*then)?, self.expr(*otherwise)?),
                };
                Ok(if_sql(&c, &t, &o))
            }
            other => Err(no(format!("the expression {}", node_kind(other)))),
        }
    }

    fn junction(&mut self, xs: &[NodeId], op: &str) -> Sql {
        let mut parts = Vec::new();
        for &x in xs {
            parts.push(self.expr(x)?);
        }
        Ok(join(&parts, op, if op == "AND" { "TRUE" } else { "FALSE" }))
    }

    fn atom(&mut self, a: Atom) -> Sql {
        match a {
            Atom::EnumIn {
                slot,
                mask,
                negated,
            } => {
                let RTy::Enum(e) = self.prog.slots[slot as usize].ty else {
                    return Err(no("an enum test on a slot that is not an enum"));
                };
                let x = self.slot(slot)?;
                Ok(enum_in(&x, &self.enum_names(e, mask), negated))
            }
            Atom::SetHas { slot, mask, all } => {
                let RTy::Set(t) = &self.prog.slots[slot as usize].ty else {
                    return Err(no("a set test on a slot that is not a set"));
                };
                let RTy::Enum(e) = **t else {
                    return Err(no("a set test on a set that is not of enum values"));
                };
                let c = self.slot(slot)?;
                let items = self.d.text_array(&self.enum_names(e, mask));
                let test = if all {
                    self.d.has_all(&c, &items)
                } else {
                    self.d.has_any(&c, &items)
                };
                Ok(format!("(CASE WHEN {c} IS NULL THEN NULL ELSE {test} END)"))
            }
            Atom::IsTrue { slot, negated } => {
                let x = self.slot(slot)?;
                Ok(if negated { format!("(NOT {x})") } else { x })
            }
            Atom::Def { def, negated } => {
                let saved = std::mem::take(&mut self.locals);
                let x = self.expr(self.prog.defs[def as usize].node);
                self.locals = saved;
                let x = x?;
                Ok(if negated { format!("(NOT {x})") } else { x })
            }
        }
    }

    /// `coll has elem` / `elem in coll` over a collection of scalars or enum values read from
    /// the case (whose elements are all known): unknown when either side is.
    fn member(&mut self, coll: NodeId, elem: NodeId, negated: bool) -> Sql {
        let Some(RTy::Set(t) | RTy::List(t)) = self.ty(coll) else {
            return Err(no("a membership test in a collection of unknown type"));
        };
        if !matches!(*t, RTy::Enum(_) | RTy::Int | RTy::Text | RTy::Bool) {
            return Err(no(
                "a membership test in a collection of records or decimals",
            ));
        }
        let c = self.collection(coll, &t)?;
        let e = self.typed(elem, &t)?;
        let test = self.d.contains(&c, &e);
        let test = if negated {
            format!("(NOT {test})")
        } else {
            test
        };
        Ok(format!(
            "(CASE WHEN {c} IS NULL OR {e} IS NULL THEN NULL ELSE {test} END)"
        ))
    }

    /// `coll has any/all set` over collections of scalars or enum values (elements known):
    /// unknown when either collection is.
    fn overlap(&mut self, coll: NodeId, set: NodeId, all: bool) -> Sql {
        let elem = match (self.ty(coll), self.ty(set)) {
            (Some(RTy::Set(t) | RTy::List(t)), _) | (_, Some(RTy::Set(t) | RTy::List(t))) => *t,
            _ => return Err(no("`has any`/`has all` over collections of unknown type")),
        };
        if !matches!(elem, RTy::Enum(_) | RTy::Int | RTy::Text | RTy::Bool) {
            return Err(no(
                "`has any`/`has all` over collections of records or decimals",
            ));
        }
        let c = self.collection(coll, &elem)?;
        let s = self.collection(set, &elem)?;
        let test = if all {
            self.d.has_all(&c, &s)
        } else {
            self.d.has_any(&c, &s)
        };
        Ok(format!(
            "(CASE WHEN {c} IS NULL OR {s} IS NULL THEN NULL ELSE {test} END)"
        ))
    }

    /// A collection of `elem` values; a set literal is unknown when any element is
    /// (`make_set`).
    fn collection(&mut self, n: NodeId, elem: &RTy) -> Sql {
        let set_ty = RTy::Set(Box::new(elem.clone()));
        let Node::SetLit(xs) = &self.prog.nodes[n as usize] else {
            return self.typed(n, &set_ty);
        };
        let mut items = Vec::new();
        for &x in xs.iter() {
            items.push(self.typed(x, elem)?);
        }
        let sql_ty = crate::table::sql_type(self.prog, self.d, &set_ty).map_err(no)?;
        let arr = self.d.typed_array(&items, &sql_ty);
        if items.is_empty() {
            return Ok(arr);
        }
        let nulls: Vec<String> = items.iter().map(|i| format!("{i} IS NULL")).collect();
        Ok(format!(
            "(CASE WHEN {} THEN NULL ELSE {arr} END)",
            nulls.join(" OR ")
        ))
    }

    /// A node whose type the context gives: constants of enum, set and list type need it.
    fn typed(&mut self, n: NodeId, ty: &RTy) -> Sql {
        let prog = self.prog;
        if let Node::Def(i) = &prog.nodes[n as usize] {
            let saved = std::mem::take(&mut self.locals);
            let r = self.typed(prog.defs[*i as usize].node, ty);
            self.locals = saved;
            return r;
        }
        if let Node::If {
            cond,
            then,
            otherwise,
        } = &prog.nodes[n as usize]
        {
            let c = self.expr(*cond)?;
            let t = self.typed(*then, ty)?;
            let o = self.typed(*otherwise, ty)?;
            return Ok(if_sql(&c, &t, &o));
        }
        let Node::Const(v) = &prog.nodes[n as usize] else {
            return self.expr(n);
        };
        let sql_ty = crate::table::sql_type(self.prog, self.d, ty).map_err(no)?;
        match (ty, v) {
            (RTy::Enum(e), Value::Enum(i)) => Ok(self
                .d
                .text(&self.prog.enums[*e as usize].variants[*i as usize])),
            (RTy::Set(t) | RTy::List(t), Value::EnumSet(m)) => match **t {
                RTy::Enum(e) => Ok(self.d.typed_array(&self.enum_names(e, *m), &sql_ty)),
                _ => Err(no("an enum set constant of a non-enum type")),
            },
            (RTy::Set(_) | RTy::List(_), Value::List(xs) | Value::Set(xs)) if xs.is_empty() => {
                Ok(self.d.typed_array(&[], &sql_ty))
            }
            _ => self.constant(v),
        }
    }

    fn constant(&self, v: &Value) -> Sql {
        match v {
            Value::Bool(b) => Ok(if *b { "TRUE" } else { "FALSE" }.into()),
            Value::Int(i) => Ok(format!("CAST({i} AS BIGINT)")),
            Value::Text(s) => Ok(self.d.text(s)),
            Value::Unknown => Ok("NULL".into()),
            other => Err(no(format!(
                "the constant {other:?} where its type is not known statically"
            ))),
        }
    }

    /// `lhs op rhs`: `=` and `<>` are NULL on a NULL operand, as `equal` is unknown on an
    /// unknown operand; ordering is translated for numbers only (text order is bytewise in
    /// the evaluator, a collation in SQL).
    fn compare(&mut self, op: CompareOp, lhs: NodeId, rhs: NodeId) -> Sql {
        let lt = self.ty(lhs);
        let rt = self.ty(rhs);
        let enum_ty = match (&lt, &rt) {
            (Some(RTy::Enum(e)), _) | (_, Some(RTy::Enum(e))) => Some(*e),
            _ => None,
        };
        let side = |me: &mut Self, n: NodeId| -> Sql {
            match (&me.prog.nodes[n as usize], enum_ty) {
                (Node::Const(Value::Enum(i)), Some(e)) => {
                    Ok(me.d.text(&me.prog.enums[e as usize].variants[*i as usize]))
                }
                _ => me.expr(n),
            }
        };
        let ordered = matches!(
            op,
            CompareOp::Lt | CompareOp::Le | CompareOp::Gt | CompareOp::Ge
        );
        let numeric = |t: &Option<RTy>| matches!(t, Some(RTy::Int) | Some(RTy::Decimal));
        if ordered && !(numeric(&lt) && numeric(&rt)) {
            return Err(no("an ordering comparison of values other than numbers"));
        }
        let scalar = |t: &Option<RTy>| {
            matches!(
                t,
                Some(RTy::Bool | RTy::Int | RTy::Decimal | RTy::Text | RTy::Enum(_))
            )
        };
        let enum_set =
            |t: &Option<RTy>| matches!(t, Some(RTy::Set(e)) if matches!(**e, RTy::Enum(_)));
        if matches!(op, CompareOp::Eq | CompareOp::Ne) && (enum_set(&lt) || enum_set(&rt)) {
            // Sets are equal as sets, whatever order or repetition the column holds.
            let ty = if enum_set(&lt) { lt } else { rt }.unwrap_or(RTy::Bool);
            let a = self.collection(lhs, set_elem(&ty))?;
            let b = self.collection(rhs, set_elem(&ty))?;
            // Unknown when either set is (`equal`), spelt out rather than left to how each
            // engine's array functions treat a NULL array.
            let eq = self.d.set_equal(&a, &b);
            let test = if op == CompareOp::Eq {
                eq
            } else {
                format!("(NOT {eq})")
            };
            return Ok(format!(
                "(CASE WHEN {a} IS NULL OR {b} IS NULL THEN NULL ELSE {test} END)"
            ));
        }
        if !(scalar(&lt) || scalar(&rt)) {
            return Err(no("an equality of values other than scalars"));
        }
        let a = side(self, lhs)?;
        let b = side(self, rhs)?;
        let sym = match op {
            CompareOp::Eq => "=",
            CompareOp::Ne => "<>",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        };
        Ok(format!("({a} {sym} {b})"))
    }

    /// `any`/`all x in xs where p`: true as soon as one element decides it, unknown if an
    /// element is unknown and none decides, and unknown for an unknown collection.
    pub fn quantify(&mut self, any: bool, local: u16, coll: NodeId, filter: Option<NodeId>) -> Sql {
        let elem = match self.ty(coll) {
            Some(RTy::List(t) | RTy::Set(t)) => *t,
            _ => return Err(no("a quantifier over a collection of unknown type")),
        };
        let c = self.expr(coll)?;
        let Some(f) = filter else {
            // No condition: `any` is "not empty", `all` is true.
            let test = if any {
                format!("{} > 0", self.d.len(&c))
            } else {
                "TRUE".into()
            };
            return Ok(format!("(CASE WHEN {c} IS NULL THEN NULL ELSE {test} END)"));
        };
        if local as usize != self.locals.len() {
            return Err(no("a quantifier whose variable is not the next one bound"));
        }
        self.locals.push(elem);
        let p = self.expr(f);
        self.locals.pop();
        let p = p?;
        let v = Self::var(local);
        let decides = if any { p.clone() } else { format!("(NOT {p})") };
        let hit = self.d.count_where(&c, &v, &format!("{decides} IS TRUE"));
        let open = self.d.count_where(&c, &v, &format!("{p} IS NULL"));
        let (yes, no_) = if any {
            ("TRUE", "FALSE")
        } else {
            ("FALSE", "TRUE")
        };
        Ok(format!(
            "(CASE WHEN {c} IS NULL THEN NULL WHEN {hit} > 0 THEN {yes} WHEN {open} > 0 THEN NULL ELSE {no_} END)"
        ))
    }
}

/// `if c then t else o`; with `c` unknown, known only when both branches are equal and known.
fn if_sql(c: &str, t: &str, o: &str) -> String {
    format!("(CASE WHEN {c} THEN {t} WHEN NOT {c} THEN {o} WHEN {t} = {o} THEN {t} ELSE NULL END)")
}

fn set_elem(ty: &RTy) -> &RTy {
    match ty {
        RTy::Set(e) | RTy::List(e) => e,
        other => other,
    }
}

fn enum_in(x: &str, names: &[String], negated: bool) -> String {
    if names.is_empty() {
        // `x in {}`: false for a known value, unknown for an unknown one.
        let v = if negated { "TRUE" } else { "FALSE" };
        return format!("(CASE WHEN {x} IS NULL THEN NULL ELSE {v} END)");
    }
    let not = if negated { "NOT " } else { "" };
    format!("({x} {not}IN ({}))", names.join(", "))
}

fn join(parts: &[String], op: &str, empty: &str) -> String {
    if parts.is_empty() {
        return empty.into();
    }
    format!("({})", parts.join(&format!(" {op} ")))
}

fn node_kind(n: &Node) -> &'static str {
    match n {
        Node::Today => "`today` (dates are not yet translated)",
        Node::Present(_) => "`given` (whether a fact is present)",
        Node::RecordOfSlots { .. } => "a whole record value",
        Node::In { .. } => "`in` over a computed collection",
        Node::HasOne { .. } | Node::HasAny { .. } | Node::HasAll { .. } => {
            "`has` over a computed collection"
        }
        Node::Arith { .. } | Node::Neg(_) => "arithmetic (overflow and date arithmetic)",
        Node::SetLit(_) | Node::ListLit(_) => "a set or list literal",
        _ => "of this kind",
    }
}
