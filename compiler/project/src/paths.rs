//! Paths as people read them in messages, and as one file is named everywhere.

use std::path::{Component, Path, PathBuf};

/// `p` with `.` and `dir/..` removed, without touching the disk: a dependency declared as
/// `path = "../regional"` is `…/policies/regional`, not `…/policies/trust/../regional`, so an
/// editor opening the file by its real path finds the module already loaded. (Lexical, as
/// cargo does: the loader's walk never follows links out of a package anyway.)
pub fn normalize(p: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // `/..` is `/`; a leading `..` of a relative path stays.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// A path as the user would like to read it: relative to the working directory if possible
/// (`.` for the working directory itself, `../regional/…` for a neighbour), with forward
/// slashes.
pub fn display_path(cwd: &Path, p: &Path) -> String {
    let p = normalize(p);
    let cwd = normalize(cwd);
    let rel = match p.strip_prefix(&cwd) {
        Ok(r) => r.to_path_buf(),
        Err(_) => neighbour(&cwd, &p).unwrap_or(p),
    };
    let shown = rel.to_string_lossy().replace('\\', "/");
    if shown.is_empty() { ".".into() } else { shown }
}

/// `p` relative to `cwd` through `..`, when both are absolute and share more than the root
/// (empty when they are the same path).
pub(crate) fn neighbour(cwd: &Path, p: &Path) -> Option<PathBuf> {
    if !cwd.is_absolute() || !p.is_absolute() {
        return None;
    }
    let b: Vec<Component> = cwd.components().collect();
    let t: Vec<Component> = p.components().collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    let shared_names = b[..common]
        .iter()
        .filter(|c| matches!(c, Component::Normal(_)))
        .count();
    if shared_names == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_is_lexical() {
        let n = |s: &str| normalize(Path::new(s)).to_string_lossy().into_owned();
        assert_eq!(n("/a/trust/../regional/x.ward"), "/a/regional/x.ward");
        assert_eq!(n("/a/./b/"), "/a/b");
        assert_eq!(n("/.."), "/");
        assert_eq!(n("../x/../y"), "../y");
        assert_eq!(n("a/.."), ".");
    }

    #[test]
    fn display_is_relative_where_it_can_be() {
        let d = |cwd: &str, p: &str| display_path(Path::new(cwd), Path::new(p));
        assert_eq!(
            d("/w", "/w/policies/trust/../regional/a.ward"),
            "policies/regional/a.ward"
        );
        assert_eq!(d("/w/trust", "/w/regional/a.ward"), "../regional/a.ward");
        assert_eq!(d("/w", "/w"), ".");
        assert_eq!(d("/w", "/etc/x"), "/etc/x");
    }
}
