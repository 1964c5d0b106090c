//! Lowering: the checked modules of a workspace become one [`Program`], compiled once and
//! evaluated per case. Names become indices, record facts become slots, constant enum sets
//! become bit masks, and tests become prebuilt cases.
//!
//! Lowering runs only on a program without errors, so it never reports anything itself.
//!
//! The steps live one concept to a file: `tables` gives every item its index, `expr` lowers
//! expressions to nodes, `rules` lowers rule bodies and orders them, `deadlines` lowers a
//! rule's deadlines, and `cases` turns tests into prebuilt cases.

mod cases;
mod deadlines;
mod expr;
mod rules;
mod tables;

use std::collections::HashMap;
use std::sync::Arc;

use sha2::Digest;
use smol_str::SmolStr;
use ward_syntax::ast::{Level, Verb};

use crate::check::check_module;
use crate::db::{Db, OriginKind, Workspace};
use crate::eval::ir::*;
use crate::hir::{ExprId, Hir, LocalId};
use crate::modules::module_index;
use crate::program::{all_diagnostics, global_tables};
use crate::ty::ItemRef;

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

#[derive(Clone, Copy)]
enum SelfKind {
    None,
    Slots(SlotId),
}

/// A record field's default still to lower for one slot: (slot, module index, expression,
/// what `self` means in it).
type SlotDefault = (SlotId, usize, ExprId, SelfKind);

/// Lowering in steps, in this order: every item gets its index before any expression is
/// lowered, so expressions can refer to items declared later.
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
    lx.module_infos(db, index);
    lx.types(&names);
    let slot_defaults = lx.facts(&names);
    lx.item_ids(&names, globals);
    lx.slot_defaults(slot_defaults);
    lx.def_bodies(&names);
    lx.rules(&names);
    lx.exceptions(&names);
    lx.jurisdiction(globals);
    lx.tests(db, ws, index);
    lx.prog
}

/// `sha256:` followed by the hex digest of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex_digest(&sha2::Sha256::digest(bytes))
}

/// `sha256:` followed by the hex of a finished digest.
pub fn hex_digest(digest: &[u8]) -> String {
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}
