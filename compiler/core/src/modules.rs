//! The module graph: which module names exist, what each imports, and which imports close a
//! cycle (imports must form a DAG, so every later query can follow them without looping).

use std::collections::{BTreeSet, HashMap};

use indexmap::IndexMap;
use smol_str::SmolStr;
use ward_syntax::ast::ItemKind;

use crate::db::{Db, SourceFile, Workspace};
use crate::parsed;

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ModuleIndex {
    pub modules: IndexMap<SmolStr, SourceFile>,
}

impl ModuleIndex {
    pub fn get(&self, name: &str) -> Option<SourceFile> {
        self.modules.get(name).copied()
    }
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.modules.keys().map(|k| k.as_str())
    }
    /// The longest prefix of `segments` that names a module, and its length.
    pub fn longest_module_prefix(&self, segments: &[&str]) -> Option<(SmolStr, usize)> {
        (1..=segments.len()).rev().find_map(|n| {
            let name = segments[..n].join(".");
            self.modules
                .contains_key(name.as_str())
                .then(|| (SmolStr::new(name), n))
        })
    }
}

/// Every module of the workspace by name. Hosts key files by module name, so names are unique.
#[salsa::tracked(returns(ref))]
pub fn module_index(db: &dyn Db, ws: Workspace) -> ModuleIndex {
    let mut modules = IndexMap::new();
    for &f in ws.files(db) {
        modules.insert(f.module(db).clone(), f);
    }
    modules.sort_keys();
    ModuleIndex { modules }
}

/// The modules a file's `use` declarations name (resolved against the index).
#[salsa::tracked(returns(ref))]
pub fn module_imports(db: &dyn Db, ws: Workspace, file: SourceFile) -> Vec<SmolStr> {
    let index = module_index(db, ws);
    let mut out = BTreeSet::new();
    for item in &parsed(db, file).module.items {
        if let ItemKind::Use(u) = &item.kind {
            let segs: Vec<&str> = u.path.segments.iter().map(|s| s.text.as_str()).collect();
            if let Some((m, _)) = index.longest_module_prefix(&segs) {
                out.insert(m);
            }
        }
    }
    out.into_iter().collect()
}

/// Import edges `(from, to)` that lie on a cycle, with the cycle they close, for diagnostics.
#[salsa::tracked(returns(ref))]
pub fn import_cycles(db: &dyn Db, ws: Workspace) -> Vec<(SmolStr, SmolStr, Vec<SmolStr>)> {
    let index = module_index(db, ws);
    let names: Vec<SmolStr> = index.modules.keys().cloned().collect();
    let pos: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = index
        .modules
        .values()
        .map(|&f| {
            module_imports(db, ws, f)
                .iter()
                .filter_map(|m| pos.get(m.as_str()).copied())
                .collect()
        })
        .collect();
    let sccs = strongly_connected(&edges);
    let mut comp = vec![usize::MAX; names.len()];
    for (c, scc) in sccs.iter().enumerate() {
        for &v in scc {
            comp[v] = c;
        }
    }
    let mut out = Vec::new();
    for (from, tos) in edges.iter().enumerate() {
        for &to in tos {
            let cyclic = comp[from] == comp[to] && (sccs[comp[from]].len() > 1 || from == to);
            if cyclic {
                let mut cycle: Vec<SmolStr> =
                    sccs[comp[from]].iter().map(|&i| names[i].clone()).collect();
                cycle.sort();
                out.push((names[from].clone(), names[to].clone(), cycle));
            }
        }
    }
    out
}

/// Tarjan's algorithm, iteratively so that no input depth can exhaust the stack.
pub fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&(v, child)) = work.last() {
            if child == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(child) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut scc = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        scc.push(w);
                        if w == v {
                            break;
                        }
                    }
                    out.push(scc);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn finds_cycles_and_singletons() {
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        let mut sccs = strongly_connected(&edges);
        for s in &mut sccs {
            s.sort();
        }
        assert!(sccs.contains(&vec![0, 1, 2]));
        assert!(sccs.contains(&vec![3]));
        assert!(sccs.contains(&vec![4]));
    }
}
