//! Whole-program facts: the tables every module's body check may consult (facts and
//! obligations by name, the jurisdiction), and the checks that need every module at once.

use std::collections::{BTreeSet, HashMap};

use indexmap::IndexMap;
use smol_str::SmolStr;
use ward_syntax::Span;

use crate::check::{Use, check_module, interface, signatures};
use crate::db::{Db, SourceFile, Workspace};
use crate::diagnostic::Diagnostic;
use crate::hir::{HKind, Hir};
use crate::interface::{EnumSig, ObligationSig, Sig};
use crate::modules::module_index;
use crate::symbols::Symbol;
use crate::ty::{ItemRef, Ty};

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct GlobalTables {
    /// Facts are the top-level keys of a case file, so their names are global.
    pub facts: IndexMap<SmolStr, (ItemRef, Ty, bool)>,
    /// Obligation ids are how every module, case and report refers to a duty.
    pub obligations: IndexMap<SmolStr, (ItemRef, ObligationSig)>,
    /// The enum of the jurisdiction field, if one is declared.
    pub jurisdiction_enum: Option<(ItemRef, EnumSig)>,
    pub jurisdiction: Option<(ItemRef, SmolStr)>,
    /// Names declared in more than one module: (kind, name, modules).
    pub clashes: Vec<(&'static str, SmolStr, Vec<SmolStr>)>,
    /// For each obligation, the rules that conclude about it, with their level and verb.
    pub concluded_by: IndexMap<
        SmolStr,
        Vec<(
            ItemRef,
            Option<ward_syntax::ast::Level>,
            ward_syntax::ast::Verb,
        )>,
    >,
}

#[salsa::tracked(returns(ref))]
pub fn global_tables(db: &dyn Db, ws: Workspace) -> GlobalTables {
    let index = module_index(db, ws);
    let mut t = GlobalTables::default();
    let mut fact_mods: IndexMap<SmolStr, Vec<SmolStr>> = IndexMap::new();
    let mut obl_mods: IndexMap<SmolStr, Vec<SmolStr>> = IndexMap::new();
    let mut jurisdictions = Vec::new();
    for (m, &f) in &index.modules {
        let iface = interface(db, ws, f);
        for (name, sig) in &iface.items {
            match sig {
                Sig::Fact(fs) => {
                    fact_mods.entry(name.clone()).or_default().push(m.clone());
                    t.facts.entry(name.clone()).or_insert((
                        ItemRef::new(m.clone(), name.clone()),
                        fs.ty.clone(),
                        fs.optional,
                    ));
                }
                Sig::Obligation(o) => {
                    obl_mods.entry(name.clone()).or_default().push(m.clone());
                    t.obligations
                        .entry(name.clone())
                        .or_insert((ItemRef::new(m.clone(), name.clone()), o.clone()));
                }
                Sig::Rule(r) => {
                    t.concluded_by
                        .entry(r.obligation.clone())
                        .or_default()
                        .push((ItemRef::new(m.clone(), name.clone()), r.level, r.verb));
                }
                _ => {}
            }
        }
        if let Some(j) = &iface.jurisdiction {
            jurisdictions.push((m.clone(), j.clone()));
        }
    }
    for (name, mods) in fact_mods {
        if mods.len() > 1 {
            t.clashes.push(("fact", name, mods));
        }
    }
    for (name, mods) in obl_mods {
        if mods.len() > 1 {
            t.clashes.push(("obligation", name, mods));
        }
    }
    if jurisdictions.len() > 1 {
        t.clashes.push((
            "jurisdiction",
            "jurisdiction".into(),
            jurisdictions.iter().map(|(m, _)| m.clone()).collect(),
        ));
    }
    if let Some((_, (fact, field))) = jurisdictions.first() {
        t.jurisdiction = Some((fact.clone(), field.clone()));
        let field_ty = t
            .facts
            .get(fact.name.as_str())
            .and_then(|(_, ty, _)| match ty {
                Ty::Record(r) => {
                    index
                        .get(&r.module)
                        .and_then(|f| match interface(db, ws, f).get(&r.name) {
                            Some(Sig::Record(rs)) => {
                                rs.field(field).map(|i| rs.fields[i].ty.clone())
                            }
                            _ => None,
                        })
                }
                _ => None,
            });
        if let Some(Ty::Enum(e)) = field_ty
            && let Some(Sig::Enum(es)) = index
                .get(&e.module)
                .and_then(|f| interface(db, ws, f).get(&e.name).cloned())
        {
            t.jurisdiction_enum = Some((e, es));
        }
    }
    t
}

/// What a module reads, as its own query so that salsa can backdate an unchanged set.
#[salsa::tracked(returns(ref))]
pub fn module_uses(db: &dyn Db, ws: Workspace, file: SourceFile) -> BTreeSet<Use> {
    check_module(db, ws, file).uses.clone()
}

/// Diagnostics that need the whole program, by the file they point into.
#[salsa::tracked(returns(ref))]
pub fn program_diagnostics(db: &dyn Db, ws: Workspace) -> Vec<(SourceFile, Diagnostic)> {
    let index = module_index(db, ws);
    let globals = global_tables(db, ws);
    let mut out = Vec::new();
    let definition = |module: &str, symbol: &Symbol| -> Option<(SourceFile, Span)> {
        let f = index.get(module)?;
        signatures(db, ws, f)
            .symbols
            .occurrences
            .iter()
            .find(|o| o.is_definition && &o.symbol == symbol)
            .map(|o| (f, o.span))
    };
    for (kind, name, mods) in &globals.clashes {
        let symbol = |m: &SmolStr| match *kind {
            "obligation" => Symbol::Obligation(name.clone()),
            _ => Symbol::Item(ItemRef::new(m.clone(), name.clone())),
        };
        if *kind == "jurisdiction" {
            for m in mods.iter().skip(1) {
                if let Some(f) = index.get(m) {
                    let span = crate::parsed(db, f)
                        .module
                        .items
                        .iter()
                        .find(|i| matches!(i.kind, ward_syntax::ast::ItemKind::Jurisdiction(_)))
                        .map(|i| i.span)
                        .unwrap_or_default();
                    out.push((
                        f,
                        Diagnostic::error(
                            "ward::duplicate-definition",
                            span,
                            "a second jurisdiction is declared",
                        )
                        .label("another jurisdiction")
                        .help(format!(
                            "the program's jurisdiction is already declared in `{}`",
                            mods[0]
                        )),
                    ));
                }
            }
            continue;
        }
        let first = definition(&mods[0], &symbol(&mods[0]));
        for m in mods.iter().skip(1) {
            if let Some((f, span)) = definition(m, &symbol(m)) {
                let mut d = Diagnostic::error(
                    "ward::duplicate-definition",
                    span,
                    format!("the {kind} `{name}` is also declared in `{}`", mods[0]),
                )
                .label(format!("second `{name}`"))
                .help(match *kind {
                    "obligation" => "obligation ids are global: choose another id, or use the existing obligation".to_string(),
                    _ => "fact names are the keys of a case file, so they are global: choose another name".to_string(),
                });
                if let Some((_, s)) = first {
                    d = d.related(Some(mods[0].to_string()), s, "first declared here");
                }
                out.push((f, d));
            }
        }
    }

    // Facts and fields nothing reads.
    let mut used: BTreeSet<&Use> = BTreeSet::new();
    for &f in index.modules.values() {
        used.extend(module_uses(db, ws, f).iter());
    }
    for (m, &f) in &index.modules {
        let iface = interface(db, ws, f);
        for (name, sig) in &iface.items {
            let r = ItemRef::new(m.clone(), name.clone());
            match sig {
                Sig::Fact(_) if !used.contains(&Use::Fact(r.clone())) => {
                    if let Some((f, span)) = definition(m, &Symbol::Item(r.clone())) {
                        out.push((
                            f,
                            Diagnostic::warning(
                                "ward::unused-fact",
                                span,
                                format!("fact `{name}` is never used"),
                            )
                            .label("no rule, derived value or default reads it")
                            .help("remove it, or write the rule that needs it"),
                        ));
                    }
                }
                Sig::Record(rs) => {
                    for field in &rs.fields {
                        if !used.contains(&Use::Field(r.clone(), field.name.clone())) {
                            let sym = Symbol::Field(r.clone(), field.name.clone());
                            if let Some((f, span)) = definition(m, &sym) {
                                out.push((
                                    f,
                                    Diagnostic::warning(
                                        "ward::unused-fact",
                                        span,
                                        format!("field `{name}.{}` is never used", field.name),
                                    )
                                    .label("no rule, derived value or default reads it")
                                    .help("a case may still supply it, but nothing in the program depends on it"),
                                ));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    // Derived values and defaulted fields that depend on each other across modules.
    out.extend(default_cycles(db, ws));

    // `strengthens` must not loop.
    let mut next: HashMap<&str, &str> = HashMap::new();
    for (id, (_, o)) in &globals.obligations {
        if let Some(s) = &o.strengthens {
            next.insert(id.as_str(), s.as_str());
        }
    }
    for (id, (r, _)) in &globals.obligations {
        let mut at = id.as_str();
        let mut steps = 0;
        while let Some(&n) = next.get(at) {
            at = n;
            steps += 1;
            if at == id.as_str() {
                if let Some((f, span)) = definition(&r.module, &Symbol::Obligation(id.clone())) {
                    out.push((
                        f,
                        Diagnostic::error(
                            "ward::strengthens-cycle",
                            span,
                            format!("obligation `{id}` strengthens itself"),
                        )
                        .label("through a loop of `strengthens`")
                        .help("`strengthens` names the weaker form of a duty; the chain must end"),
                    ));
                }
                break;
            }
            if steps > next.len() {
                break;
            }
        }
    }
    out
}

/// Nodes of the evaluation-time dependency graph: derived values and defaulted record fields.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
enum DepNode {
    Def(ItemRef),
    Field(ItemRef, u16),
}

fn default_cycles(db: &dyn Db, ws: Workspace) -> Vec<(SourceFile, Diagnostic)> {
    let index = module_index(db, ws);
    let mut nodes: IndexMap<DepNode, Vec<DepNode>> = IndexMap::new();
    let mut heights: HashMap<DepNode, usize> = HashMap::new();
    let mut has_default: HashMap<(ItemRef, u16), ()> = HashMap::new();
    let mut hirs: Vec<(SmolStr, &Hir)> = Vec::new();
    for (m, &f) in &index.modules {
        let hir = &check_module(db, ws, f).hir;
        for r in &hir.records {
            for (i, fld) in r.fields.iter().enumerate() {
                if fld.default.is_some() {
                    has_default.insert((ItemRef::new(m.clone(), r.name.clone()), i as u16), ());
                }
            }
        }
        hirs.push((m.clone(), hir));
    }
    for (m, hir) in &hirs {
        let deps_of = |root: u32| {
            let mut out = Vec::new();
            let mut stack = vec![root];
            while let Some(e) = stack.pop() {
                let node = hir.expr(e);
                match &node.kind {
                    HKind::Def(r) => out.push(DepNode::Def(r.clone())),
                    HKind::Field { record, index, .. }
                        if has_default.contains_key(&(record.clone(), *index)) =>
                    {
                        out.push(DepNode::Field(record.clone(), *index))
                    }
                    _ => {}
                }
                stack.extend(children(&node.kind));
            }
            out
        };
        for d in &hir.defs {
            let node = DepNode::Def(ItemRef::new(m.clone(), d.name.clone()));
            heights.insert(node.clone(), height(hir, d.body));
            nodes.insert(node, deps_of(d.body));
        }
        for r in &hir.records {
            for (i, fld) in r.fields.iter().enumerate() {
                if let Some(def) = fld.default {
                    let rec = ItemRef::new(m.clone(), r.name.clone());
                    let mut deps = deps_of(def);
                    // Sibling reads inside a default are reads of the same record.
                    let mut stack = vec![def];
                    while let Some(e) = stack.pop() {
                        let node = hir.expr(e);
                        if let HKind::SelfField(j) = node.kind
                            && has_default.contains_key(&(rec.clone(), j))
                        {
                            deps.push(DepNode::Field(rec.clone(), j));
                        }
                        stack.extend(children(&node.kind));
                    }
                    heights.insert(DepNode::Field(rec.clone(), i as u16), height(hir, def));
                    nodes.insert(DepNode::Field(rec, i as u16), deps);
                }
            }
        }
    }
    let keys: Vec<DepNode> = nodes.keys().cloned().collect();
    let pos: HashMap<&DepNode, usize> = keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let edges: Vec<Vec<usize>> = nodes
        .values()
        .map(|ds| ds.iter().filter_map(|d| pos.get(d).copied()).collect())
        .collect();
    let mut out = Vec::new();
    let sccs = crate::modules::strongly_connected(&edges);
    let heights: Vec<usize> = keys
        .iter()
        .map(|k| heights.get(k).copied().unwrap_or(1))
        .collect();
    out.extend(too_deep(db, ws, &keys, &edges, &heights, &sccs));
    for scc in sccs {
        let cyclic = scc.len() > 1 || edges[scc[0]].contains(&scc[0]);
        // Cycles among the derived values of one module are reported by that module's check.
        let all_defs_one_module = scc.iter().all(|&i| matches!(&keys[i], DepNode::Def(_)))
            && scc
                .iter()
                .filter_map(|&i| match &keys[i] {
                    DepNode::Def(r) => Some(&r.module),
                    _ => None,
                })
                .collect::<BTreeSet<_>>()
                .len()
                == 1;
        if !cyclic || all_defs_one_module {
            continue;
        }
        let names: Vec<String> = scc
            .iter()
            .map(|&i| match &keys[i] {
                DepNode::Def(r) => format!("`{}`", r.qualified()),
                DepNode::Field(r, j) => {
                    let field = index
                        .get(&r.module)
                        .and_then(|f| match interface(db, ws, f).get(&r.name) {
                            Some(Sig::Record(rs)) => {
                                rs.fields.get(*j as usize).map(|x| x.name.to_string())
                            }
                            _ => None,
                        })
                        .unwrap_or_default();
                    format!("the default of `{}.{field}`", r.name)
                }
            })
            .collect();
        if let Some(&first) = scc.first() {
            let (module, symbol) = match &keys[first] {
                DepNode::Def(r) => (r.module.clone(), Symbol::Item(r.clone())),
                DepNode::Field(r, j) => {
                    let field = index.get(&r.module).and_then(|f| {
                        match interface(db, ws, f).get(&r.name) {
                            Some(Sig::Record(rs)) => {
                                rs.fields.get(*j as usize).map(|x| x.name.clone())
                            }
                            _ => None,
                        }
                    });
                    (
                        r.module.clone(),
                        Symbol::Field(r.clone(), field.unwrap_or_default()),
                    )
                }
            };
            if let Some(f) = index.get(&module) {
                let span = signatures(db, ws, f)
                    .symbols
                    .occurrences
                    .iter()
                    .find(|o| o.is_definition && o.symbol == symbol)
                    .map(|o| o.span)
                    .unwrap_or_default();
                out.push((
                    f,
                    Diagnostic::error(
                        "ward::def-cycle",
                        span,
                        "derived values and defaults depend on each other in a loop",
                    )
                    .label("part of a cycle")
                    .help(format!("the cycle is {}", names.join(" → "))),
                ));
            }
        }
    }
    out
}

/// Derived values (and defaults) whose chain of dependencies is longer than
/// [`MAX_DEF_DEPTH`](crate::limits::MAX_DEF_DEPTH): evaluation follows such a chain by
/// recursion, so it is bounded here, whatever order the modules and their items come in.
/// `sccs` come dependencies first (Tarjan's order); a node on a cycle counts as depth 0 (the
/// cycle has its own error). Each chain is reported once, at the first value past the limit.
///
/// The recursion also goes through each value's expression, so the levels of the bodies
/// along a chain are added up as well and bounded by
/// [`MAX_EVAL_LEVELS`](crate::limits::MAX_EVAL_LEVELS): 128 values each 256 levels deep
/// would be a tower of 32,768.
fn too_deep(
    db: &dyn Db,
    ws: Workspace,
    keys: &[DepNode],
    edges: &[Vec<usize>],
    heights: &[usize],
    sccs: &[Vec<usize>],
) -> Vec<(SourceFile, Diagnostic)> {
    let limit = crate::limits::MAX_DEF_DEPTH;
    let max_levels = crate::limits::MAX_EVAL_LEVELS;
    let mut depth = vec![0usize; keys.len()];
    let mut levels = vec![0usize; keys.len()];
    let mut out = Vec::new();
    for scc in sccs {
        let &[v] = scc.as_slice() else { continue };
        if edges[v].contains(&v) {
            continue;
        }
        // A dependency already past the limit was reported; this one is not reported again.
        let below = edges[v].iter().map(|&w| depth[w]).max().unwrap_or(0);
        depth[v] = below + 1;
        let below = edges[v].iter().map(|&w| levels[w]).max().unwrap_or(0);
        levels[v] = below + heights[v];
        let chain = depth[v] == limit + 1;
        let tower = depth[v] <= limit && levels[v] > max_levels && below <= max_levels;
        if !chain && !tower {
            continue;
        }
        let DepNode::Def(r) = &keys[v] else {
            continue;
        };
        let index = module_index(db, ws);
        let Some(f) = index.get(&r.module) else {
            continue;
        };
        let symbol = Symbol::Item(r.clone());
        let span = signatures(db, ws, f)
            .symbols
            .occurrences
            .iter()
            .find(|o| o.is_definition && o.symbol == symbol)
            .map(|o| o.span)
            .unwrap_or_default();
        if tower {
            out.push((
                f,
                Diagnostic::error(
                    "ward::limit",
                    span,
                    format!("evaluating `{}` nests more than {max_levels} levels deep", r.name),
                )
                .label("too deep through the derived values it reads")
                .help("the expressions of a chain of derived values add up; make the expressions or the chain shorter"),
            ));
            continue;
        }
        out.push((
            f,
            Diagnostic::error(
                "ward::limit",
                span,
                format!("derived values refer to each other more than {limit} deep"),
            )
            .label(format!("the {}th derived value of a chain", limit + 1))
            .help(format!(
                "`{}` needs a chain of {} derived values, each reading the next; compute parts of it directly from facts so that no chain is longer than {limit}",
                r.name,
                limit + 1
            )),
        ));
    }
    out
}

/// How many levels deep the expression at `root` is, without recursion.
fn height(hir: &Hir, root: u32) -> usize {
    let mut max = 0;
    let mut stack = vec![(root, 1usize)];
    while let Some((e, d)) = stack.pop() {
        max = max.max(d);
        stack.extend(children(&hir.expr(e).kind).into_iter().map(|c| (c, d + 1)));
    }
    max
}

/// The sub-expressions of a node.
pub(crate) fn children(k: &HKind) -> Vec<u32> {
    match k {
        HKind::Lit(_)
        | HKind::Today
        | HKind::Fact(_)
        | HKind::Def(_)
        | HKind::Local(_)
        | HKind::Variant { .. }
        | HKind::SelfField(_)
        | HKind::Present(_)
        | HKind::Unknown
        | HKind::Error => vec![],
        HKind::Field { base, .. } => vec![*base],
        HKind::Not(x) | HKind::Neg(x) | HKind::Count(x) => vec![*x],
        HKind::Is { operand, .. } => vec![*operand],
        HKind::And(xs) | HKind::Or(xs) | HKind::SetLit(xs) | HKind::ListLit(xs) => xs.clone(),
        HKind::RecordLit(fs) => fs.iter().map(|(_, e)| *e).collect(),
        HKind::Arith { lhs, rhs, .. } | HKind::Compare { lhs, rhs, .. } => vec![*lhs, *rhs],
        HKind::In { elem, coll, .. } => vec![*elem, *coll],
        HKind::Has { coll, elem, .. } => vec![*coll, *elem],
        HKind::Quant { coll, filter, .. } => std::iter::once(*coll).chain(*filter).collect(),
        HKind::If {
            cond,
            then,
            otherwise,
        } => vec![*cond, *then, *otherwise],
    }
}

/// Every diagnostic of the workspace, by file, sorted by position.
pub fn all_diagnostics(db: &dyn Db, ws: Workspace) -> Vec<(SourceFile, Vec<Diagnostic>)> {
    let index = module_index(db, ws);
    let prog = program_diagnostics(db, ws);
    let reviews = crate::review::review_diagnostics(db, ws);
    index
        .modules
        .values()
        .map(|&f| {
            let mut ds = check_module(db, ws, f).diagnostics.clone();
            ds.extend(
                prog.iter()
                    .chain(reviews)
                    .filter(|(pf, _)| *pf == f)
                    .map(|(_, d)| d.clone()),
            );
            ds.sort_by_key(|d| (d.span.start, d.span.end));
            (f, ds)
        })
        .collect()
}
