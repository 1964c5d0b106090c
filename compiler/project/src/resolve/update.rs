//! `ward update`: resolve every dependency afresh from the manifests (fetching git ones),
//! check every version against every requirement, and produce what the lock will record.

use super::{
    Context, Problem, Resolved, ResolvedPackage, dependency_manifest, fetch_git,
    not_a_package_to_resolve, package_checksum, problem, relative_to, requirement_problem,
    same_place,
};
use crate::lock::{LOCK_VERSION, Lock, LockedPackage};
use crate::manifest::{Dependency, Manifest, Source};
use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};

/// Each package found so far, with where it came from and who required it at which version
/// (kept to explain a later conflict).
type Found = BTreeMap<String, (ResolvedPackage, Source, Vec<(String, String)>)>;

pub(super) fn update(
    root: Manifest,
    root_dir: &Path,
    ctx: &Context,
) -> Result<Resolved, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut found: Found = BTreeMap::new();
    let mut queue: VecDeque<(Dependency, String, PathBuf)> = root
        .dependencies
        .iter()
        .map(|d| (d.clone(), root.name.clone(), root.dir().to_path_buf()))
        .collect();
    while let Some((dep, requirer, base)) = queue.pop_front() {
        let req_text = dep.requirement_text.clone().unwrap_or_else(|| "*".into());
        if let Some(refused) = not_a_package_to_resolve(&dep, &requirer, &root.name, ctx) {
            problems.extend(refused);
            continue;
        }
        if let Some((pkg, source, reqs)) = found.get_mut(&dep.name) {
            let same_source = match (&dep.source, &*source) {
                (Source::Path(a), Source::Path(_)) => same_place(&base.join(a), pkg.manifest.dir()),
                (a, b) => a == b,
            };
            if !same_source {
                problems.push(problem(
                    format!(
                        "`{}` is required from two sources: {} and {}",
                        dep.name,
                        source.lock_text(),
                        dep.source.lock_text()
                    ),
                    Some("every package in the tree must use one copy of a dependency".into()),
                ));
                continue;
            }
            if dep
                .requirement
                .as_ref()
                .is_some_and(|r| !r.matches(&pkg.manifest.version))
            {
                problems.push(requirement_problem(
                    &dep,
                    &requirer,
                    &pkg.manifest.version,
                    reqs,
                ));
                continue;
            }
            reqs.push((requirer, req_text));
            continue;
        }
        let (dir, revision, source_text) = match &dep.source {
            Source::Path(p) => {
                let dir = crate::paths::normalize(&base.join(p));
                // With `/` on every platform, so a lock written on Windows verifies on Linux.
                let rel = relative_to(root_dir, &dir)
                    .to_string_lossy()
                    .replace('\\', "/");
                (dir, None, format!("path+{rel}"))
            }
            Source::Git { url, reference } => match fetch_git(ctx, &dep.name, url, reference) {
                Ok((dir, rev)) => (dir, Some(rev), dep.source.lock_text()),
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            },
            Source::Stdlib => unreachable!("handled above"),
        };
        let missing = || {
            problem(
                format!(
                    "dependency `{}` at {} has no ward.toml",
                    dep.name,
                    dir.display()
                ),
                Some("a dependency is a Ward package: a directory with a ward.toml".into()),
            )
        };
        let m = match dependency_manifest(&dir, &dep, &requirer, missing) {
            Ok(m) => m,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        if dep
            .requirement
            .as_ref()
            .is_some_and(|r| !r.matches(&m.version))
        {
            problems.push(requirement_problem(&dep, &requirer, &m.version, &[]));
            continue;
        }
        for d in &m.dependencies {
            queue.push_back((d.clone(), m.name.clone(), m.dir().to_path_buf()));
        }
        let locked = LockedPackage {
            name: m.name.clone(),
            version: m.version.to_string(),
            source: source_text,
            revision,
            checksum: package_checksum(&m),
            dependencies: m.dependencies.iter().map(|d| d.name.clone()).collect(),
        };
        found.insert(
            dep.name.clone(),
            (
                ResolvedPackage {
                    manifest: m,
                    locked,
                },
                dep.source.clone(),
                vec![(requirer, req_text)],
            ),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut lock = Lock {
        version: LOCK_VERSION,
        packages: found.values().map(|(p, _, _)| p.locked.clone()).collect(),
    };
    lock.packages.push(LockedPackage {
        name: ward_stdlib::PACKAGE.into(),
        version: ctx.library.version.clone(),
        source: "builtin".into(),
        revision: None,
        checksum: ctx.library.hash.clone(),
        dependencies: vec![],
    });
    lock.packages.sort_by(|a, b| a.name.cmp(&b.name));
    let packages = found.into_values().map(|(p, _, _)| p).collect();
    Ok(Resolved {
        root,
        packages,
        lock,
        warnings: vec![],
    })
}
