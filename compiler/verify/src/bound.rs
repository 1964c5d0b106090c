//! How many symbolic elements each list gets. A quantifier (or a `for` rule) over a list is
//! decided by at most one of its elements (the one that makes `any` true or unknown, or `all`
//! false or unknown), so a list of as many elements as there are quantifiers over it shows
//! every combination of their values that a longer list can: that is the default bound.
//! Counting a list, or quantifying over it inside a quantifier over the same list, can need
//! more; those places are named, and proofs about them hold up to the bound only.

use std::collections::HashMap;

use ward_core::eval::ir::{Node, Program};

/// Quantifier sites per list slot path, and the lists read in ways the bound does not cover.
pub fn sites(prog: &Program) -> (HashMap<String, usize>, Vec<String>) {
    let mut count: HashMap<String, usize> = HashMap::new();
    let mut beyond = Vec::new();
    // Only lists of records get elements; a set of enum values is one bit per value.
    let path = |n: u32| match &prog.nodes[n as usize] {
        Node::Slot(s)
            if matches!(
                prog.slots[*s as usize].ty,
                ward_core::eval::ir::RTy::List(_)
            ) =>
        {
            Some(prog.slots[*s as usize].path.clone())
        }
        _ => None,
    };
    for node in &prog.nodes {
        match node {
            Node::Quant { coll, .. } => {
                if let Some(p) = path(*coll) {
                    *count.entry(p).or_default() += 1;
                }
            }
            Node::Count(x) => {
                if let Some(p) = path(*x) {
                    beyond.push(format!("`{p}` is counted"));
                }
            }
            _ => {}
        }
    }
    for r in &prog.rules {
        if let Some(p) = r.for_each.and_then(path) {
            *count.entry(p).or_default() += 1;
        }
    }
    (count, beyond)
}
