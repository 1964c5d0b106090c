//! How many symbolic elements each list gets. A quantifier (or a `for` rule) over a list is
//! decided by at most one of its elements (the one that makes `any` true or unknown, or `all`
//! false or unknown), so a list of as many elements as there are quantifiers over it shows
//! every combination of their values that a longer list can: that is the default bound.
//! Counting a list, or quantifying over a list inside a quantifier (or `for` rule) over a
//! list, can need more; those places are named, and proofs about them hold up to the bound.

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
            *count.entry(p.clone()).or_default() += 1;
            if let Some(q) = inner_list(prog, r.cond, &path) {
                beyond.push(format!(
                    "`{q}` is quantified inside a `for` rule over `{p}`"
                ));
            }
        }
    }
    for node in &prog.nodes {
        if let Node::Quant {
            coll,
            filter: Some(f),
            ..
        } = node
            && let Some(p) = path(*coll)
            && let Some(q) = inner_list(prog, *f, &path)
        {
            beyond.push(format!(
                "`{q}` is quantified inside a quantifier over `{p}`"
            ));
        }
    }
    (count, beyond)
}

/// A list the expression at `n` quantifies over, if any: then each element of the outer list
/// may need its own witness element (defs are not followed: they bind no element).
fn inner_list(prog: &Program, n: u32, path: &dyn Fn(u32) -> Option<String>) -> Option<String> {
    let mut stack = vec![n];
    let mut seen = 0usize;
    while let Some(x) = stack.pop() {
        seen += 1;
        if seen > prog.nodes.len() {
            break;
        }
        if let Node::Quant { coll, .. } = &prog.nodes[x as usize]
            && let Some(p) = path(*coll)
        {
            return Some(p);
        }
        stack.extend(prog.nodes[x as usize].children());
    }
    None
}
