//! Every other command: read the lock and verify it against the manifests, fetching only
//! for `ward fetch`.

use super::{
    Context, Problem, Resolved, ResolvedPackage, checkout_dir, dependency_manifest, fetch_git,
    library_requirement, not_a_package_to_resolve, package_checksum, problem, requirement_problem,
    same_place,
};
use crate::lock::{LOCK_VERSION, Lock};
use crate::manifest::{Dependency, GitRef, Manifest, Source};
use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};

/// The source a manifest's dependency must have in the lock, to compare with what it has.
enum Expected {
    /// A directory (the path joined to the directory of the manifest that names it).
    Dir(PathBuf),
    /// `git+URL?tag=…` / `git+URL?rev=…`, and for a `rev`, the prefix the revision must have.
    Git(String, Option<String>),
}

pub(super) fn locked(
    root: Manifest,
    root_dir: &Path,
    ctx: &Context,
    fetch: bool,
) -> Result<Resolved, Vec<Problem>> {
    let mut problems = Vec::new();
    let lock = match crate::lock::read(root_dir) {
        Ok(Some(l)) => l,
        Ok(None) => {
            for d in &root.dependencies {
                if d.source == Source::Stdlib {
                    problems.extend(library_requirement(d, &root.name, ctx.library));
                }
            }
            if root.dependencies.iter().all(|d| d.source == Source::Stdlib) && problems.is_empty() {
                return Ok(Resolved {
                    root,
                    packages: vec![],
                    lock: Lock {
                        version: LOCK_VERSION,
                        packages: vec![],
                    },
                    warnings: vec![],
                });
            }
            if root.dependencies.iter().any(|d| d.source != Source::Stdlib) {
                problems.push(problem(
                    format!("package `{}` has dependencies but no ward.lock", root.name),
                    Some("run `ward update` to resolve and lock them".into()),
                ));
            }
            return Err(problems);
        }
        Err(e) => return Err(vec![Problem::File(e)]),
    };
    let mut warnings = Vec::new();
    if let Some(std) = lock.get(ward_stdlib::PACKAGE)
        && std.checksum != ctx.library.hash
    {
        // The standard library is part of the `ward` being run, so a different one is
        // reported (results may differ from when the lock was written) but does not stop.
        warnings.push(Problem::Warning {
            message: format!(
                "the standard library `nhs` differs from the one ward.lock records: locked {} {}, loaded {} {}",
                std.version, std.checksum, ctx.library.version, ctx.library.hash
            ),
            help: Some(
                "results may differ from when the lock was written; review the library's changes and run `ward update` to record it".into(),
            ),
        });
    }
    // Walk the manifests from the root, each dependency checked against its lock entry.
    let mut visited: BTreeMap<String, Expected> = BTreeMap::new();
    // Names met once already, whether or not they verified (each problem is said once).
    let mut met = std::collections::BTreeSet::new();
    let mut packages = Vec::new();
    let mut queue: VecDeque<(Dependency, String, PathBuf)> = root
        .dependencies
        .iter()
        .map(|d| (d.clone(), root.name.clone(), root.dir().to_path_buf()))
        .collect();
    while let Some((dep, requirer, base)) = queue.pop_front() {
        if let Some(refused) = not_a_package_to_resolve(&dep, &requirer, &root.name, ctx) {
            problems.extend(refused);
            continue;
        }
        let expected = match &dep.source {
            Source::Path(p) => Expected::Dir(crate::paths::normalize(&base.join(p))),
            Source::Git { reference, .. } => Expected::Git(
                dep.source.lock_text(),
                match reference {
                    GitRef::Rev(r) => Some(r.to_ascii_lowercase()),
                    GitRef::Tag(_) => None,
                },
            ),
            Source::Stdlib => unreachable!("handled above"),
        };
        if let Some(first) = visited.get(&dep.name) {
            let same = match (first, &expected) {
                (Expected::Dir(a), Expected::Dir(b)) => same_place(a, b),
                (Expected::Git(a, _), Expected::Git(b, _)) => a == b,
                _ => false,
            };
            if !same {
                problems.push(problem(
                    format!(
                        "`{}` is required from two sources (`{requirer}` names {})",
                        dep.name,
                        dep.source.lock_text()
                    ),
                    Some("every package in the tree must use one copy of a dependency".into()),
                ));
                continue;
            }
            if let Some(p) = packages
                .iter()
                .find(|p: &&ResolvedPackage| p.manifest.name == dep.name)
                && dep
                    .requirement
                    .as_ref()
                    .is_some_and(|r| !r.matches(&p.manifest.version))
            {
                problems.push(requirement_problem(
                    &dep,
                    &requirer,
                    &p.manifest.version,
                    &[],
                ));
            }
            continue;
        }
        if !met.insert(dep.name.clone()) {
            continue;
        }
        let entry_problem = |what: String| {
            problem(
                format!("ward.lock: the entry for `{}` {what}", dep.name),
                Some("ward.lock is written by `ward update`; if the change to ward.toml or to the dependency is intended, review it and run `ward update`".into()),
            )
        };
        let Some(entry) = lock.get(&dep.name) else {
            problems.push(problem(
                format!(
                    "`{}` is in the ward.toml of `{requirer}` but not in ward.lock",
                    dep.name
                ),
                Some("the lock is out of date: run `ward update`".into()),
            ));
            continue;
        };
        // The entry's source must be the one the manifest declares.
        let dir = match &expected {
            Expected::Dir(want) => {
                let Some(rel) = entry.source.strip_prefix("path+") else {
                    problems.push(entry_problem(format!(
                        "has the source `{}`, but the ward.toml of `{requirer}` gives the path {}",
                        entry.source,
                        want.display()
                    )));
                    continue;
                };
                let have = root_dir.join(rel);
                if !same_place(&have, want) {
                    problems.push(entry_problem(format!(
                        "points at {}, but the ward.toml of `{requirer}` gives the path {}",
                        have.display(),
                        want.display()
                    )));
                    continue;
                }
                want.clone()
            }
            Expected::Git(text, rev_prefix) => {
                if &entry.source != text {
                    problems.push(entry_problem(format!(
                        "has the source `{}`, but the ward.toml of `{requirer}` gives `{text}`",
                        entry.source
                    )));
                    continue;
                }
                let revision = entry.revision.clone().unwrap_or_default();
                if let Some(prefix) = rev_prefix
                    && !revision.to_ascii_lowercase().starts_with(prefix.as_str())
                {
                    problems.push(entry_problem(format!(
                        "is at revision {revision}, but the ward.toml of `{requirer}` pins rev {prefix}"
                    )));
                    continue;
                }
                let dir = match checkout_dir(ctx.cache, &entry.name, &revision) {
                    Ok(d) => d,
                    Err(p) => {
                        problems.push(p);
                        continue;
                    }
                };
                if !dir.exists() {
                    if !fetch {
                        problems.push(problem(
                            format!(
                                "`{}` (revision {revision}) has not been fetched",
                                entry.name
                            ),
                            Some("run `ward fetch` to download the locked revisions".into()),
                        ));
                        continue;
                    }
                    let url = crate::lock::git_source(&entry.source)
                        .map(|(u, _)| u)
                        .unwrap_or_default();
                    if let Err(p) = fetch_git(ctx, &entry.name, url, &GitRef::Rev(revision.clone()))
                    {
                        problems.push(p);
                        continue;
                    }
                }
                dir
            }
        };
        let missing = || {
            problem(
                format!(
                    "locked dependency `{}` is missing: {} has no ward.toml",
                    entry.name,
                    dir.display()
                ),
                Some("restore it, or run `ward update`".into()),
            )
        };
        let m = match dependency_manifest(&dir, &dep, &requirer, missing) {
            Ok(m) => m,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        if semver::Version::parse(&entry.version).ok().as_ref() != Some(&m.version) {
            problems.push(entry_problem(format!(
                "records version {}, but its ward.toml says {}",
                entry.version, m.version
            )));
            continue;
        }
        if dep
            .requirement
            .as_ref()
            .is_some_and(|r| !r.matches(&m.version))
        {
            problems.push(requirement_problem(&dep, &requirer, &m.version, &[]));
            continue;
        }
        let mut declared: Vec<&str> = m.dependencies.iter().map(|d| d.name.as_str()).collect();
        let mut recorded: Vec<&str> = entry.dependencies.iter().map(String::as_str).collect();
        declared.sort();
        recorded.sort();
        if declared != recorded {
            problems.push(entry_problem(format!(
                "lists the dependencies [{}], but its ward.toml declares [{}]",
                recorded.join(", "),
                declared.join(", ")
            )));
            continue;
        }
        let now = package_checksum(&m);
        if now != entry.checksum {
            problems.push(problem(
                format!(
                    "dependency `{}` {} no longer matches ward.lock: locked {}, found {now}",
                    entry.name, entry.version, entry.checksum
                ),
                Some("its content changed since it was locked; if the change is intended, review it and run `ward update`".into()),
            ));
            continue;
        }
        for d in &m.dependencies {
            queue.push_back((d.clone(), m.name.clone(), m.dir().to_path_buf()));
        }
        visited.insert(dep.name.clone(), expected);
        packages.push(ResolvedPackage {
            manifest: m,
            locked: entry.clone(),
        });
    }
    // Every entry must be something the tree declares: an extra one would be loaded for no
    // reason a reviewer could see in ward.toml.
    if problems.is_empty() {
        for entry in &lock.packages {
            if entry.name != ward_stdlib::PACKAGE && !visited.contains_key(&entry.name) {
                problems.push(problem(
                    format!(
                        "ward.lock has an entry for `{}`, but no ward.toml in the package's dependencies declares it",
                        entry.name
                    ),
                    Some("ward.lock is written by `ward update`; run it to rewrite the lock from the manifests".into()),
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(Resolved {
            root,
            packages,
            lock,
            warnings,
        })
    } else {
        problems.extend(warnings);
        Err(problems)
    }
}
