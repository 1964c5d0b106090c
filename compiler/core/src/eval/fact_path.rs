//! Naming a fact the evaluator read, for people: its path as text
//! (`data.flows[0].recipient`) and the question that asks for it. Both walk the path through
//! the program's types in the same way, so they share one walk.

use super::ir::{FieldInfo, Program, RTy};
use super::why::{FactPath, Step};

/// The steps of a path, each with the record field it enters (none for a list index).
fn walk<'p>(prog: &'p Program, p: &FactPath) -> Vec<(Step, Option<&'p FieldInfo>)> {
    let mut ty = &prog.slots[p.slot as usize].ty;
    let mut out = Vec::with_capacity(p.steps.len());
    for &step in &p.steps {
        let mut field = None;
        match (step, ty) {
            (Step::Index(_), RTy::List(el) | RTy::Set(el)) => ty = el,
            (Step::Field(f), RTy::Record(r)) => {
                let info = &prog.records[*r as usize].fields[f as usize];
                ty = &info.ty;
                field = Some(info);
            }
            _ => {}
        }
        out.push((step, field));
    }
    out
}

/// `data.flows[0].recipient` for a path.
pub fn path_text(prog: &Program, p: &FactPath) -> String {
    let mut out = prog.slots[p.slot as usize].path.clone();
    for (step, field) in walk(prog, p) {
        match (step, field) {
            (Step::Index(i), _) => out.push_str(&format!("[{i}]")),
            (Step::Field(_), Some(field)) => {
                out.push('.');
                out.push_str(&field.name);
            }
            (Step::Field(_), None) => {}
        }
    }
    out
}

/// The question that asks for the fact at a path, if the program declares one: the last
/// field's own `ask`, or the fact's for the fact itself and its elements.
pub fn path_question(prog: &Program, p: &FactPath) -> Option<String> {
    walk(prog, p)
        .into_iter()
        .rev()
        .find_map(|(_, field)| field)
        .map_or_else(
            || prog.slots[p.slot as usize].ask.clone(),
            |f| f.ask.clone(),
        )
}
