//! Lowering: the checked modules of a workspace become one [`Program`], compiled once and
//! evaluated per case. Names become indices, record facts become slots, constant enum sets
//! become bit masks, and tests become prebuilt cases.
//!
//! Lowering runs only on a program without errors, so it never reports anything itself.

use std::collections::HashMap;
use std::sync::Arc;

use sha2::Digest;
use smol_str::SmolStr;
use ward_syntax::ast::{HasMode, IsTest, Level, Quantifier, Verb};

use crate::check::check_module;
use crate::db::{Db, OriginKind, Workspace};
use crate::eval::case::Case;
use crate::eval::eval::make_set;
use crate::eval::ir::*;
use crate::eval::value::Value;
use crate::hir::{ExprId, HDeadlineKind, HExpect, HKind, Hir, Lit, LocalId};
use crate::modules::module_index;
use crate::program::{all_diagnostics, global_tables};
use crate::ty::{ItemRef, Ty};

/// The compiled program, or `None` when any module has an error.
#[salsa::tracked(returns(ref))]
pub fn compile(db: &dyn Db, ws: Workspace) -> Option<Arc<Program>> {
    let has_errors = all_diagnostics(db, ws)
        .iter()
        .any(|(_, ds)| ds.iter().any(|d| d.is_error()));
    if has_errors {
        return None;
    }
    Some(Arc::new(lower(db, ws)))
}

/// Whether `exception` may set aside or supersede `target`. The checker refuses an exception
/// from outside the national library to a rule of level `required`, so this only ever says no
/// to a program the checker let through by mistake: defence in depth, never the policy itself.
pub fn may_except(prog: &Program, exception: u32, target: u32) -> bool {
    let (e, t) = (
        &prog.rules[exception as usize],
        &prog.rules[target as usize],
    );
    let stdlib = |module: u32| prog.modules[module as usize].origin == OriginKind::Stdlib;
    stdlib(e.module) || !(stdlib(t.module) && t.level == Level::Required)
}

/// Whether `rule` may decide its obligation's outcome. A `forbid` from outside the national
/// library of a duty a national `required` rule asks for is refused by the checker; should one
/// ever reach lowering, it never decides (defence in depth, like [`may_except`]).
pub fn may_decide(prog: &Program, rule: u32) -> bool {
    let r = &prog.rules[rule as usize];
    let stdlib = |module: u32| prog.modules[module as usize].origin == OriginKind::Stdlib;
    if r.verb != Verb::Forbid || stdlib(r.module) {
        return true;
    }
    !prog.rules.iter().any(|n| {
        stdlib(n.module)
            && n.level == Level::Required
            && n.verb == Verb::Require
            && n.obligation == r.obligation
    })
}

/// What a record field's `default` means by a sibling field.
enum SelfCtx {
    None,
    /// The record is a fact: siblings are slots from this one.
    Slots(SlotId),
    /// The record is a value (a list element): siblings are fields of this node's record.
    Node(NodeId, u32),
}

struct Lx<'a> {
    prog: Program,
    hirs: Vec<&'a Hir>,
    enum_ids: HashMap<ItemRef, u32>,
    record_ids: HashMap<ItemRef, u32>,
    fact_ids: HashMap<ItemRef, u32>,
    def_ids: HashMap<ItemRef, u32>,
    source_ids: HashMap<ItemRef, u32>,
    obligation_ids: HashMap<SmolStr, u32>,
    rule_ids: HashMap<ItemRef, u32>,
    /// Where each record field's default lives: (module index, expression).
    field_defaults: HashMap<(u32, u16), (usize, ExprId)>,
    locals: Vec<LocalId>,
    /// Qualified names of derived values of type `bool`.
    def_is_bool: HashMap<String, bool>,
}

fn lower(db: &dyn Db, ws: Workspace) -> Program {
    let index = module_index(db, ws);
    let globals = global_tables(db, ws);
    let names: Vec<SmolStr> = index.modules.keys().cloned().collect();
    let hirs: Vec<&Hir> = index
        .modules
        .values()
        .map(|&f| &check_module(db, ws, f).hir)
        .collect();
    let mut lx = Lx {
        prog: Program::default(),
        hirs,
        enum_ids: HashMap::new(),
        record_ids: HashMap::new(),
        fact_ids: HashMap::new(),
        def_ids: HashMap::new(),
        source_ids: HashMap::new(),
        obligation_ids: HashMap::new(),
        rule_ids: HashMap::new(),
        field_defaults: HashMap::new(),
        locals: Vec::new(),
        def_is_bool: HashMap::new(),
    };
    for (m, &f) in &index.modules {
        let origin = f.origin(db);
        lx.prog.modules.push(ModuleInfo {
            name: m.to_string(),
            hash: sha256_hex(f.text(db).as_bytes()),
            origin: origin.kind,
            package: origin.package.to_string(),
            version: origin.version.to_string(),
        });
    }
    // Types.
    for (mi, hir) in lx.hirs.clone().iter().enumerate() {
        for e in &hir.enums {
            let id = lx.prog.enums.len() as u32;
            lx.enum_ids
                .insert(ItemRef::new(names[mi].clone(), e.name.clone()), id);
            let unknown_mask = e
                .variants
                .iter()
                .enumerate()
                .filter(|(_, v)| v.means_unknown)
                .fold(0u64, |m, (i, _)| m | (1u64 << i));
            lx.prog.enums.push(EnumInfo {
                name: e.name.to_string(),
                variants: e.variants.iter().map(|v| v.name.to_string()).collect(),
                unknown_mask,
            });
        }
        for r in &hir.records {
            let id = lx.prog.records.len() as u32;
            lx.record_ids
                .insert(ItemRef::new(names[mi].clone(), r.name.clone()), id);
            lx.prog.records.push(RecordInfo {
                name: r.name.to_string(),
                fields: vec![],
            });
        }
    }
    for (mi, hir) in lx.hirs.clone().iter().enumerate() {
        for r in &hir.records {
            let id = lx.record_ids[&ItemRef::new(names[mi].clone(), r.name.clone())];
            let fields = r
                .fields
                .iter()
                .enumerate()
                .map(|(fi, f)| {
                    if let Some(d) = f.default {
                        lx.field_defaults.insert((id, fi as u16), (mi, d));
                    }
                    FieldInfo {
                        name: f.name.to_string(),
                        ty: lx.rty(&f.ty),
                        ask: f.ask.clone(),
                        doc: f.doc.clone(),
                        has_default: f.default.is_some(),
                    }
                })
                .collect();
            lx.prog.records[id as usize].fields = fields;
        }
    }
    // Facts and their slots.
    let mut slot_defaults: Vec<(SlotId, usize, ExprId, SelfKind)> = Vec::new();
    for (mi, hir) in lx.hirs.clone().iter().enumerate() {
        for f in &hir.facts {
            let id = lx.prog.facts.len() as u32;
            lx.fact_ids
                .insert(ItemRef::new(names[mi].clone(), f.name.clone()), id);
            let ty = lx.rty(&f.ty);
            let first = lx.prog.slots.len() as SlotId;
            match &ty {
                RTy::Record(r) => {
                    let rec = lx.prog.records[*r as usize].clone();
                    for (fi, field) in rec.fields.iter().enumerate() {
                        let slot = lx.prog.slots.len() as SlotId;
                        if let Some(&(dm, de)) = lx.field_defaults.get(&(*r, fi as u16)) {
                            slot_defaults.push((slot, dm, de, SelfKind::Slots(first)));
                        }
                        lx.prog.slots.push(SlotInfo {
                            path: format!("{}.{}", f.name, field.name),
                            ty: field.ty.clone(),
                            ask: field.ask.clone(),
                            default: None,
                            fact: id,
                        });
                    }
                }
                _ => {
                    if let Some(d) = f.default {
                        slot_defaults.push((first, mi, d, SelfKind::None));
                    }
                    lx.prog.slots.push(SlotInfo {
                        path: f.name.to_string(),
                        ty: ty.clone(),
                        ask: f.ask.clone(),
                        default: None,
                        fact: id,
                    });
                }
            }
            lx.prog.facts.push(FactInfo {
                name: f.name.to_string(),
                ty,
                ask: f.ask.clone(),
                doc: f.doc.clone(),
                optional: f.optional,
                first_slot: first,
            });
        }
    }
    // Names of everything else, before any expression is lowered.
    for (mi, hir) in lx.hirs.clone().iter().enumerate() {
        for d in &hir.defs {
            let id = lx.prog.defs.len() as u32;
            lx.def_ids
                .insert(ItemRef::new(names[mi].clone(), d.name.clone()), id);
            let name = format!("{}.{}", names[mi], d.name);
            lx.def_is_bool.insert(name.clone(), d.ty == Ty::Bool);
            lx.prog.defs.push(DefInfo { name, node: 0 });
        }
        for s in &hir.sources {
            let id = lx.prog.sources.len() as u32;
            lx.source_ids
                .insert(ItemRef::new(names[mi].clone(), s.name.clone()), id);
            let covers_mask = globals
                .jurisdiction_enum
                .as_ref()
                .map(|(_, es)| {
                    s.covers
                        .iter()
                        .filter_map(|c| es.variant(c))
                        .fold(0u64, |m, i| m | (1u64 << i))
                })
                .unwrap_or(0);
            lx.prog.sources.push(SourceInfo {
                name: format!("{}.{}", names[mi], s.name),
                document: s.document.clone(),
                section: s.section.clone(),
                from: s.from.clone(),
                covers: s.covers.iter().map(|c| c.to_string()).collect(),
                covers_mask,
                label: s.label,
                reviewed: s.reviewed.clone(),
                note: s.note.clone(),
                url: s.url.clone(),
                doc: s.doc.clone(),
            });
        }
        for o in &hir.obligations {
            let id = lx.prog.obligations.len() as u32;
            lx.obligation_ids.insert(o.id.clone(), id);
            lx.prog.obligations.push(ObligationInfo {
                id: o.id.to_string(),
                title: o.title.clone(),
                held_by: o.held_by.to_string(),
                doc: o.doc.clone(),
                module: mi as u32,
                rules: vec![],
            });
        }
        for r in &hir.rules {
            let id = lx.rule_ids.len() as u32;
            lx.rule_ids
                .insert(ItemRef::new(names[mi].clone(), r.name.clone()), id);
        }
    }
    // Bodies.
    lx.prog.slot_has_default = vec![false; lx.prog.slots.len()];
    for (slot, mi, e, kind) in slot_defaults {
        let ctx = match kind {
            SelfKind::None => SelfCtx::None,
            SelfKind::Slots(first) => SelfCtx::Slots(first),
        };
        let node = lx.expr(mi, e, &ctx);
        lx.prog.slots[slot as usize].default = Some(node);
        lx.prog.slot_has_default[slot as usize] = true;
    }
    for (mi, hir) in lx.hirs.clone().iter().enumerate() {
        for d in &hir.defs {
            let id = lx.def_ids[&ItemRef::new(names[mi].clone(), d.name.clone())];
            let node = lx.expr(mi, d.body, &SelfCtx::None);
            lx.prog.defs[id as usize].node = node;
        }
    }
    for (mi, hir) in lx.hirs.clone().iter().enumerate() {
        for r in &hir.rules {
            let for_each = r.for_each.map(|(local, coll)| {
                let c = lx.expr(mi, coll, &SelfCtx::None);
                lx.locals.push(local);
                c
            });
            let cond = lx.expr(mi, r.cond, &SelfCtx::None);
            // Each conjunct again on its own, for `ward explain` (the `for` local is bound).
            let conditions = match &lx.hirs[mi].expr(r.cond).kind {
                HKind::And(xs) if xs.len() > 1 && xs.len() == r.cond_text.len() => xs
                    .clone()
                    .iter()
                    .zip(&r.cond_text)
                    .map(|(&x, text)| Condition {
                        text: text.clone(),
                        node: lx.expr(mi, x, &SelfCtx::None),
                    })
                    .collect(),
                _ => vec![Condition {
                    text: r.cond_text.join(" and "),
                    node: cond,
                }],
            };
            let deadlines = r
                .deadlines
                .iter()
                .map(|d| Deadline {
                    text: d.text.clone(),
                    kind: match &d.kind {
                        HDeadlineKind::Within { period, anchor } => DeadlineKind::Within {
                            period: lx.expr(mi, *period, &SelfCtx::None),
                            anchor: lx.expr(mi, *anchor, &SelfCtx::None),
                        },
                        HDeadlineKind::Stated(t) => DeadlineKind::Stated(t.clone()),
                        HDeadlineKind::Every { period, from } => DeadlineKind::Every {
                            period: lx.expr(mi, *period, &SelfCtx::None),
                            from: from.map(|f| lx.expr(mi, f, &SelfCtx::None)),
                        },
                    },
                })
                .collect();
            if r.for_each.is_some() {
                lx.locals.pop();
            }
            let obligation = lx.obligation_ids.get(&r.obligation).copied().unwrap_or(0);
            let citations = r
                .cites
                .iter()
                .filter_map(|c| {
                    lx.source_ids.get(&c.source).map(|&s| Citation {
                        source: s,
                        at: c.at.clone(),
                    })
                })
                .collect();
            lx.prog.rules.push(RuleInfo {
                name: format!("{}.{}", names[mi], r.name),
                module: mi as u32,
                doc: r.doc.clone(),
                cond,
                for_each,
                conditions,
                for_text: r.for_text.clone(),
                level: r.level,
                verb: r.verb,
                obligation,
                citations,
                deadlines,
                excepted_by: vec![],
                justification: r.justification.clone(),
                review: r.review.clone(),
                review_at: r.review.as_deref().and_then(crate::time::parse_instant),
                rank: crate::eval::outcome::rank(r.verb, r.level),
            });
        }
    }
    // Exceptions, in both directions, and an evaluation order with exceptions first.
    for (mi, hir) in lx.hirs.clone().iter().enumerate() {
        for r in &hir.rules {
            let me = lx.rule_ids[&ItemRef::new(names[mi].clone(), r.name.clone())];
            for t in &r.exception_to {
                if let Some(&target) = lx.rule_ids.get(t)
                    && may_except(&lx.prog, me, target)
                {
                    lx.prog.rules[target as usize].excepted_by.push(me);
                }
            }
        }
    }
    for (ri, r) in lx.prog.rules.clone().iter().enumerate() {
        if r.verb != Verb::Waive && may_decide(&lx.prog, ri as u32) {
            lx.prog.obligations[r.obligation as usize]
                .rules
                .push(ri as u32);
        }
    }
    // Strongest rule first, so evaluation stops at the first effective one (stable: program
    // order among equals).
    let ranks: Vec<(u8, u8)> = lx.prog.rules.iter().map(|r| r.rank).collect();
    for o in &mut lx.prog.obligations {
        o.rules
            .sort_by_key(|&r| std::cmp::Reverse(ranks[r as usize]));
    }
    lx.prog.rule_order = exceptions_first(&lx.prog.rules);
    // The jurisdiction slot.
    if let (Some((fact, field)), Some((en, _))) =
        (&globals.jurisdiction, &globals.jurisdiction_enum)
        && let (Some(&f), Some(&e)) = (lx.fact_ids.get(fact), lx.enum_ids.get(en))
    {
        let fi = &lx.prog.facts[f as usize];
        if let RTy::Record(r) = fi.ty
            && let Some(i) = lx.prog.records[r as usize]
                .fields
                .iter()
                .position(|x| x.name == *field)
        {
            lx.prog.jurisdiction = Some((fi.first_slot + i as u32, e));
        }
    }
    // Tests.
    for (mi, (m, &f)) in index.modules.iter().enumerate() {
        let items = &crate::parsed(db, f).module.items;
        for t in &check_module(db, ws, f).hir.tests {
            let case = lx.given_case(mi, &t.given);
            let expectations = t
                .expects
                .iter()
                .filter_map(|e| {
                    let (exp, line) = match e {
                        HExpect::Applies {
                            obligation,
                            verb,
                            level,
                            due,
                            line,
                        } => (
                            Expectation::Applies {
                                obligation: *lx.obligation_ids.get(obligation)?,
                                verb: *verb,
                                level: *level,
                                due: *due,
                            },
                            *line,
                        ),
                        HExpect::DoesNotApply { obligation, line } => (
                            Expectation::DoesNotApply {
                                obligation: *lx.obligation_ids.get(obligation)?,
                            },
                            *line,
                        ),
                        HExpect::Undetermined {
                            obligation,
                            missing,
                            line,
                        } => (
                            Expectation::Undetermined {
                                obligation: *lx.obligation_ids.get(obligation)?,
                                missing: missing.clone(),
                            },
                            *line,
                        ),
                    };
                    Some((exp, line))
                })
                .collect();
            let offset = items
                .get(t.item_index as usize)
                .map(|i| i.span.start)
                .unwrap_or(0);
            let _ = m;
            lx.prog.tests.push(TestInfo {
                name: t.name.clone(),
                module: mi as u32,
                expectations,
                offset,
                as_of: t.as_of,
                case,
            });
        }
    }
    lx.prog
}

#[derive(Clone, Copy)]
enum SelfKind {
    None,
    Slots(SlotId),
}

/// Rule indices ordered so that every exception comes before the rules it excepts.
fn exceptions_first(rules: &[RuleInfo]) -> Vec<u32> {
    let mut order = Vec::with_capacity(rules.len());
    let mut state = vec![0u8; rules.len()]; // 0 new, 1 in progress, 2 done
    for root in 0..rules.len() {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(&(r, i)) = stack.last() {
            if let Some(&e) = rules[r].excepted_by.get(i) {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                if state[e as usize] == 0 {
                    state[e as usize] = 1;
                    stack.push((e as usize, 0));
                }
            } else {
                stack.pop();
                state[r] = 2;
                order.push(r as u32);
            }
        }
    }
    order
}

impl Lx<'_> {
    fn rty(&self, t: &Ty) -> RTy {
        match t {
            Ty::Bool => RTy::Bool,
            Ty::Int => RTy::Int,
            Ty::Decimal => RTy::Decimal,
            Ty::Text => RTy::Text,
            Ty::Date => RTy::Date,
            Ty::Duration => RTy::Duration,
            Ty::Enum(r) => RTy::Enum(self.enum_ids.get(r).copied().unwrap_or(0)),
            Ty::Record(r) => RTy::Record(self.record_ids.get(r).copied().unwrap_or(0)),
            Ty::List(el) => RTy::List(Box::new(self.rty(el))),
            Ty::Set(el) => RTy::Set(Box::new(self.rty(el))),
            Ty::Any => RTy::Bool,
        }
    }

    fn push(&mut self, n: Node) -> NodeId {
        self.prog.nodes.push(n);
        (self.prog.nodes.len() - 1) as NodeId
    }

    fn constant(&self, mi: usize, e: ExprId) -> Option<Value> {
        let hir = self.hirs[mi];
        let x = hir.expr(e);
        Some(match &x.kind {
            HKind::Lit(l) => lit(l),
            HKind::Variant { enum_, index } => {
                let en = &self.prog.enums[*self.enum_ids.get(enum_)? as usize];
                if en.unknown_mask & (1u64 << index) != 0 {
                    Value::Unknown
                } else {
                    Value::Enum(*index)
                }
            }
            HKind::SetLit(xs) => {
                let vals = xs
                    .iter()
                    .map(|&i| self.constant(mi, i))
                    .collect::<Option<Vec<_>>>()?;
                match &x.ty {
                    Ty::Set(el) if !matches!(**el, Ty::Enum(_)) && vals.is_empty() => {
                        Value::Set(Arc::from(vec![]))
                    }
                    _ => make_set(vals),
                }
            }
            HKind::ListLit(xs) => Value::List(
                xs.iter()
                    .map(|&i| self.constant(mi, i))
                    .collect::<Option<Vec<_>>>()?
                    .into(),
            ),
            HKind::RecordLit(fields) => {
                let Ty::Record(r) = &x.ty else { return None };
                let rid = *self.record_ids.get(r)?;
                let mut out = vec![Value::Unknown; self.prog.records[rid as usize].fields.len()];
                for (i, v) in fields {
                    out[*i as usize] = self.constant(mi, *v)?;
                }
                Value::Record(out.into())
            }
            HKind::Neg(inner) => match self.constant(mi, *inner)? {
                Value::Int(i) => Value::Int(i.checked_neg()?),
                Value::Dec(d) => Value::Dec(-d),
                _ => return None,
            },
            _ => return None,
        })
    }

    /// A test's `given` as a case.
    fn given_case(&self, mi: usize, given: &[(SmolStr, Vec<SmolStr>, ExprId)]) -> Case {
        let mut case = Case::empty(&self.prog);
        for (fact, path, value) in given {
            let Some(fi) = self.prog.fact_by_name(fact) else {
                continue;
            };
            let Some(v) = self.constant(mi, *value) else {
                continue;
            };
            case.present[fi] = true;
            let info = &self.prog.facts[fi];
            match (&info.ty, path.as_slice()) {
                (RTy::Record(_), []) => {
                    if let Value::Record(fields) = v {
                        for (i, fv) in fields.iter().enumerate() {
                            case.slots[info.first_slot as usize + i] = fv.clone();
                        }
                    }
                }
                (RTy::Record(r), [field, rest @ ..]) => {
                    let rec = &self.prog.records[*r as usize];
                    let Some(i) = rec.fields.iter().position(|f| f.name == *field) else {
                        continue;
                    };
                    let slot = info.first_slot as usize + i;
                    let mut ty = &rec.fields[i].ty;
                    let current = std::mem::take(&mut case.slots[slot]);
                    case.slots[slot] = self.set_nested(current, &mut ty, rest, v);
                }
                (_, []) => case.slots[info.first_slot as usize] = v,
                _ => {}
            }
        }
        case
    }

    /// Set `path` inside a (possibly unknown) record value.
    fn set_nested(&self, current: Value, ty: &mut &RTy, path: &[SmolStr], v: Value) -> Value {
        let [field, rest @ ..] = path else { return v };
        let RTy::Record(r) = ty else { return current };
        let rec = &self.prog.records[*r as usize];
        let Some(i) = rec.fields.iter().position(|f| f.name == *field) else {
            return current;
        };
        let mut fields: Vec<Value> = match current {
            Value::Record(fs) => fs.to_vec(),
            _ => vec![Value::Unknown; rec.fields.len()],
        };
        let mut inner_ty = &rec.fields[i].ty;
        fields[i] = self.set_nested(std::mem::take(&mut fields[i]), &mut inner_ty, rest, v);
        Value::Record(fields.into())
    }

    fn expr(&mut self, mi: usize, e: ExprId, ctx: &SelfCtx) -> NodeId {
        let hir = self.hirs[mi];
        let x = hir.expr(e);
        if let Some(v) = self.constant(mi, e)
            && !matches!(x.kind, HKind::RecordLit(_))
        {
            return self.push(Node::Const(v));
        }
        let node = match &x.kind {
            HKind::Lit(l) => Node::Const(lit(l)),
            HKind::Today => Node::Today,
            HKind::Fact(r) => {
                let f = &self.prog.facts[self.fact_ids[r] as usize];
                match f.ty {
                    RTy::Record(rec) => Node::RecordOfSlots {
                        record: rec,
                        first: f.first_slot,
                    },
                    _ => Node::Slot(f.first_slot),
                }
            }
            HKind::Def(r) => Node::Def(self.def_ids[r]),
            HKind::Local(l) => {
                let depth = self.locals.iter().rposition(|x| x == l).unwrap_or(0);
                Node::Local(depth as u16)
            }
            HKind::Variant { index, .. } => Node::Const(Value::Enum(*index)),
            HKind::SelfField(j) => match ctx {
                SelfCtx::Slots(first) => Node::Slot(first + *j as u32),
                SelfCtx::Node(base, record) => {
                    let (base, record) = (*base, *record);
                    return self.field_node(base, record, *j);
                }
                SelfCtx::None => Node::Const(Value::Unknown),
            },
            HKind::Field {
                base,
                record,
                index,
            } => {
                let rid = self.record_ids[record];
                if let HKind::Fact(fr) = &hir.expr(*base).kind {
                    let f = &self.prog.facts[self.fact_ids[fr] as usize];
                    if matches!(f.ty, RTy::Record(_)) {
                        let slot = f.first_slot + *index as u32;
                        return self.push(Node::Slot(slot));
                    }
                }
                let b = self.expr(mi, *base, ctx);
                return self.field_node(b, rid, *index);
            }
            HKind::Present(r) => Node::Present(self.fact_ids[r]),
            HKind::Not(a) => Node::Not(self.expr(mi, *a, ctx)),
            HKind::Neg(a) => Node::Neg(self.expr(mi, *a, ctx)),
            HKind::And(xs) => {
                let ids: Vec<NodeId> = xs.iter().map(|&a| self.expr(mi, a, ctx)).collect();
                self.and_node(ids)
            }
            HKind::Or(xs) => Node::Or(xs.iter().map(|&a| self.expr(mi, a, ctx)).collect()),
            HKind::Arith { op, lhs, rhs } => Node::Arith {
                op: *op,
                lhs: self.expr(mi, *lhs, ctx),
                rhs: self.expr(mi, *rhs, ctx),
            },
            HKind::Compare { op, lhs, rhs } => {
                // `x = england` is a bit test, like `x in {england}`.
                let enum_eq = matches!(
                    op,
                    ward_syntax::ast::CompareOp::Eq | ward_syntax::ast::CompareOp::Ne
                ) && matches!(hir.expr(*lhs).ty, Ty::Enum(_));
                match (enum_eq, self.constant(mi, *rhs)) {
                    (true, Some(Value::Enum(i))) => Node::EnumIn {
                        negated: *op == ward_syntax::ast::CompareOp::Ne,
                        elem: self.expr(mi, *lhs, ctx),
                        mask: 1u64 << i,
                    },
                    _ => Node::Cmp {
                        op: *op,
                        lhs: self.expr(mi, *lhs, ctx),
                        rhs: self.expr(mi, *rhs, ctx),
                    },
                }
            }
            HKind::In {
                negated,
                elem,
                coll,
            } => {
                let el = self.expr(mi, *elem, ctx);
                match self.constant(mi, *coll) {
                    Some(Value::EnumSet(mask)) if matches!(hir.expr(*elem).ty, Ty::Enum(_)) => {
                        Node::EnumIn {
                            negated: *negated,
                            elem: el,
                            mask,
                        }
                    }
                    _ => Node::In {
                        negated: *negated,
                        elem: el,
                        coll: self.expr(mi, *coll, ctx),
                    },
                }
            }
            HKind::Has { mode, coll, elem } => {
                let enum_set =
                    matches!(&hir.expr(*coll).ty, Ty::Set(el) if matches!(**el, Ty::Enum(_)));
                let c = self.expr(mi, *coll, ctx);
                let konst = self.constant(mi, *elem);
                match (mode, konst, enum_set) {
                    (HasMode::One, Some(Value::Enum(i)), true) => Node::EnumHasAny {
                        coll: c,
                        mask: 1u64 << i,
                    },
                    (HasMode::Any, Some(Value::EnumSet(mask)), true) => {
                        Node::EnumHasAny { coll: c, mask }
                    }
                    (HasMode::All, Some(Value::EnumSet(mask)), true) => {
                        Node::EnumHasAll { coll: c, mask }
                    }
                    (HasMode::One, _, _) => Node::HasOne {
                        coll: c,
                        elem: self.expr(mi, *elem, ctx),
                    },
                    (HasMode::Any, _, _) => Node::HasAny {
                        coll: c,
                        set: self.expr(mi, *elem, ctx),
                    },
                    (HasMode::All, _, _) => Node::HasAll {
                        coll: c,
                        set: self.expr(mi, *elem, ctx),
                    },
                }
            }
            HKind::Is { test, operand } => {
                let o = self.expr(mi, *operand, ctx);
                match test {
                    IsTest::Empty => Node::IsEmpty {
                        operand: o,
                        negated: false,
                    },
                    IsTest::NotEmpty => Node::IsEmpty {
                        operand: o,
                        negated: true,
                    },
                    IsTest::Known => Node::IsKnown {
                        operand: o,
                        negated: false,
                    },
                    IsTest::Unknown => Node::IsKnown {
                        operand: o,
                        negated: true,
                    },
                }
            }
            HKind::Quant {
                kind,
                local,
                coll,
                filter,
            } => {
                let c = self.expr(mi, *coll, ctx);
                let depth = self.locals.len() as u16;
                self.locals.push(*local);
                let f = filter.map(|f| self.expr(mi, f, ctx));
                self.locals.pop();
                Node::Quant {
                    any: *kind == Quantifier::Any,
                    local: depth,
                    coll: c,
                    filter: f,
                }
            }
            HKind::If {
                cond,
                then,
                otherwise,
            } => Node::If {
                cond: self.expr(mi, *cond, ctx),
                then: self.expr(mi, *then, ctx),
                otherwise: self.expr(mi, *otherwise, ctx),
            },
            HKind::Count(a) => Node::Count(self.expr(mi, *a, ctx)),
            HKind::SetLit(xs) => Node::SetLit(xs.iter().map(|&a| self.expr(mi, a, ctx)).collect()),
            HKind::ListLit(xs) => {
                Node::ListLit(xs.iter().map(|&a| self.expr(mi, a, ctx)).collect())
            }
            HKind::RecordLit(_) | HKind::Unknown | HKind::Error => Node::Const(Value::Unknown),
        };
        self.push(node)
    }

    /// A conjunction: its simple slot and derived-value tests become inline atoms.
    fn and_node(&self, ids: Vec<NodeId>) -> Node {
        let mut atoms = Vec::new();
        let mut rest = Vec::new();
        for id in ids {
            match self.atom(id) {
                Some(a) => atoms.push(a),
                None => rest.push(id),
            }
        }
        if atoms.is_empty() {
            return Node::And(rest.into());
        }
        Node::AndAtoms {
            atoms: atoms.into(),
            rest: rest.into(),
        }
    }

    fn atom(&self, id: NodeId) -> Option<Atom> {
        let nodes = &self.prog.nodes;
        let slot_of = |n: NodeId| match nodes[n as usize] {
            Node::Slot(s) => Some(s),
            _ => None,
        };
        let bool_def = |d: u32| {
            let name = &self.prog.defs[d as usize].name;
            self.def_is_bool
                .get(name.as_str())
                .copied()
                .unwrap_or(false)
        };
        Some(match &nodes[id as usize] {
            Node::EnumIn {
                negated,
                elem,
                mask,
            } => Atom::EnumIn {
                slot: slot_of(*elem)?,
                mask: *mask,
                negated: *negated,
            },
            Node::EnumHasAny { coll, mask } => Atom::SetHas {
                slot: slot_of(*coll)?,
                mask: *mask,
                all: false,
            },
            Node::EnumHasAll { coll, mask } => Atom::SetHas {
                slot: slot_of(*coll)?,
                mask: *mask,
                all: true,
            },
            Node::Slot(s) if self.prog.slots[*s as usize].ty == RTy::Bool => Atom::IsTrue {
                slot: *s,
                negated: false,
            },
            Node::Not(x) => match nodes[*x as usize] {
                Node::Slot(s) if self.prog.slots[s as usize].ty == RTy::Bool => Atom::IsTrue {
                    slot: s,
                    negated: true,
                },
                Node::Def(d) if bool_def(d) => Atom::Def {
                    def: d,
                    negated: true,
                },
                _ => return None,
            },
            Node::Def(d) if bool_def(*d) => Atom::Def {
                def: *d,
                negated: false,
            },
            _ => return None,
        })
    }

    /// `base.field`, with the field's default (if any) lowered for this base.
    fn field_node(&mut self, base: NodeId, record: u32, field: u16) -> NodeId {
        let default = self
            .field_defaults
            .get(&(record, field))
            .copied()
            .map(|(dm, de)| {
                let saved = std::mem::take(&mut self.locals);
                let locals = saved.clone();
                self.locals = locals;
                let n = self.expr(dm, de, &SelfCtx::Node(base, record));
                self.locals = saved;
                n
            });
        self.push(Node::Field {
            base,
            field,
            default,
        })
    }
}

fn lit(l: &Lit) -> Value {
    match l {
        Lit::Bool(b) => Value::Bool(*b),
        Lit::Int(i) => Value::Int(*i),
        Lit::Decimal(d) => Value::Dec(*d),
        Lit::Text(t) => Value::Text(Arc::from(t.as_str())),
        Lit::Date(d) => Value::Date(*d),
        Lit::Duration(p) => Value::Dur(*p),
    }
}

/// `sha256:` followed by the hex digest of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = sha2::Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}
