//! Walking a directory tree safely: listing a package's `.ward` files, and finding the packages
//! below an editor's workspace folder. A walk never leaves the directory it starts at (a
//! symbolic link whose target is outside is reported, not followed), never visits a directory
//! twice (so a link loop ends), and stops with a clear problem after
//! [`MAX_WALK_ENTRIES`](ward_core::limits::MAX_WALK_ENTRIES) entries, so `src = "/"` or a huge
//! tree costs bounded time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use ward_core::limits::MAX_WALK_ENTRIES;

/// Directories never searched for modules: build output, editor and VCS state.
pub fn skipped_dir(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

/// Something a walk did not follow or could not finish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WalkProblem {
    /// A symbolic link whose target lies outside the directory walked.
    Escapes {
        link: PathBuf,
        target: PathBuf,
        root: PathBuf,
    },
    /// A symbolic link to a `.ward` file that does not exist.
    Dangling { link: PathBuf },
    /// More than [`MAX_WALK_ENTRIES`] entries below `root`: the walk stopped.
    TooManyEntries { root: PathBuf },
    /// A directory that could not be listed.
    Unreadable { dir: PathBuf, error: String },
}

impl WalkProblem {
    /// The message, with paths as `shown` writes them.
    pub fn describe(&self, shown: &dyn Fn(&Path) -> String) -> String {
        match self {
            WalkProblem::Escapes { link, target, root } => format!(
                "{} is a symbolic link to {}, outside {}; Ward does not follow links out of the directory it reads",
                shown(link),
                shown(target),
                shown(root)
            ),
            WalkProblem::Dangling { link } => {
                format!("{} is a symbolic link to nothing", shown(link))
            }
            WalkProblem::TooManyEntries { root } => format!(
                "{} holds more than {MAX_WALK_ENTRIES} files and directories; Ward stopped listing it",
                shown(root)
            ),
            WalkProblem::Unreadable { dir, error } => {
                format!("{}: could not list the directory: {error}", shown(dir))
            }
        }
    }

    pub fn help(&self) -> Option<String> {
        match self {
            WalkProblem::Escapes { .. } => Some(
                "copy the files into the package, or make the other directory a dependency".into(),
            ),
            WalkProblem::Dangling { .. } => Some("remove the link or restore its target".into()),
            WalkProblem::TooManyEntries { .. } => Some(
                "point Ward (or the package's `src`) at the directory that holds the policy".into(),
            ),
            WalkProblem::Unreadable { .. } => None,
        }
    }
}

/// What a walk found.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// Sorted.
    pub paths: Vec<PathBuf>,
    pub problems: Vec<WalkProblem>,
}

/// How a directory is told apart from every other, whatever path reaches it.
#[cfg(unix)]
fn identity(meta: &std::fs::Metadata, _canonical: &Path) -> (u64, u64, PathBuf) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino(), PathBuf::new())
}

#[cfg(not(unix))]
fn identity(_meta: &std::fs::Metadata, canonical: &Path) -> (u64, u64, PathBuf) {
    (0, 0, canonical.to_path_buf())
}

/// One walk: what to do with each file, and whether to descend into each directory.
struct Walk<'a> {
    root: PathBuf,
    /// `root` with every link resolved; what targets must stay inside.
    boundary: PathBuf,
    visited: HashSet<(u64, u64, PathBuf)>,
    entries: usize,
    listing: Listing,
    /// Called for every regular file, file link or other non-directory entry.
    on_file: &'a mut dyn FnMut(&Path, &mut Listing),
    /// Called for every directory (the root excepted) before descending: `false` skips it.
    descend: &'a mut dyn FnMut(&Path, &mut Listing) -> bool,
}

impl Walk<'_> {
    fn run(mut self) -> Listing {
        let Ok(meta) = std::fs::metadata(&self.root) else {
            return self.listing;
        };
        self.visited.insert(identity(&meta, &self.boundary));
        let mut stack = vec![self.root.clone()];
        'dirs: while let Some(dir) = stack.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) => {
                    self.listing.problems.push(WalkProblem::Unreadable {
                        dir,
                        error: e.to_string(),
                    });
                    continue;
                }
            };
            let mut subdirs = Vec::new();
            for entry in entries {
                self.entries += 1;
                if self.entries > MAX_WALK_ENTRIES {
                    self.listing.problems.push(WalkProblem::TooManyEntries {
                        root: self.root.clone(),
                    });
                    break 'dirs;
                }
                let Ok(entry) = entry else { continue };
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().to_string();
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_dir() {
                    if !skipped_dir(&name) {
                        subdirs.push(path);
                    }
                    continue;
                }
                if !kind.is_symlink() {
                    (self.on_file)(&path, &mut self.listing);
                    continue;
                }
                let is_ward = path.extension().is_some_and(|e| e == "ward");
                let Ok(target) = path.canonicalize() else {
                    if is_ward {
                        self.listing
                            .problems
                            .push(WalkProblem::Dangling { link: path });
                    }
                    continue;
                };
                let target_is_dir = target.is_dir();
                if !target.starts_with(&self.boundary) {
                    if is_ward || target_is_dir && !skipped_dir(&name) {
                        self.listing.problems.push(WalkProblem::Escapes {
                            link: path,
                            target,
                            root: self.root.clone(),
                        });
                    }
                    continue;
                }
                if target_is_dir {
                    if !skipped_dir(&name) {
                        subdirs.push(path);
                    }
                } else {
                    (self.on_file)(&path, &mut self.listing);
                }
            }
            subdirs.sort();
            for sub in subdirs.into_iter().rev() {
                let Ok(meta) = std::fs::metadata(&sub) else {
                    continue;
                };
                let canonical = if cfg!(unix) {
                    PathBuf::new()
                } else {
                    sub.canonicalize().unwrap_or_else(|_| sub.clone())
                };
                // A directory reached a second time (a link loop, or two links to one place)
                // is listed once, under the first path that reached it.
                if !self.visited.insert(identity(&meta, &canonical)) {
                    continue;
                }
                if (self.descend)(&sub, &mut self.listing) {
                    stack.push(sub);
                }
            }
        }
        self.listing.paths.sort();
        self.listing
    }
}

fn walk(
    root: &Path,
    on_file: &mut dyn FnMut(&Path, &mut Listing),
    descend: &mut dyn FnMut(&Path, &mut Listing) -> bool,
) -> Listing {
    let boundary = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    Walk {
        root: root.to_path_buf(),
        boundary,
        visited: HashSet::new(),
        entries: 0,
        listing: Listing::default(),
        on_file,
        descend,
    }
    .run()
}

/// `.ward` files below `dir` (any kind of entry named `*.ward`, so that whoever reads it can
/// say what is wrong with one that is not a regular file), skipping build output and hidden
/// directories.
pub fn ward_files(dir: &Path) -> Listing {
    walk(
        dir,
        &mut |p, l| {
            if p.extension().is_some_and(|e| e == "ward") {
                l.paths.push(p.to_path_buf());
            }
        },
        &mut |_, _| true,
    )
}

/// The outermost directories below `root` (not `root` itself) that hold a `ward.toml`.
pub fn package_dirs(root: &Path) -> Listing {
    walk(root, &mut |_, _| {}, &mut |d, l| {
        if std::fs::symlink_metadata(d.join("ward.toml")).is_ok() {
            l.paths.push(d.to_path_buf());
            false
        } else {
            true
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ward-walk-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[cfg(unix)]
    #[test]
    fn loops_end_and_links_out_are_reported() {
        use std::os::unix::fs::symlink;
        let dir = scratch("loops");
        let pkg = dir.join("pkg");
        std::fs::create_dir_all(pkg.join("a")).unwrap();
        std::fs::write(pkg.join("a/x.ward"), "").unwrap();
        symlink(&pkg, pkg.join("a/up")).unwrap();
        symlink(".", pkg.join("self")).unwrap();
        std::fs::create_dir_all(dir.join("outside")).unwrap();
        std::fs::write(dir.join("outside/y.ward"), "").unwrap();
        symlink(dir.join("outside"), pkg.join("out")).unwrap();
        symlink(dir.join("outside/y.ward"), pkg.join("y.ward")).unwrap();
        symlink(dir.join("nowhere.ward"), pkg.join("gone.ward")).unwrap();
        let l = ward_files(&pkg);
        assert_eq!(l.paths, vec![pkg.join("a/x.ward")]);
        assert!(
            l.problems.contains(&WalkProblem::Escapes {
                link: pkg.join("out"),
                target: dir.join("outside").canonicalize().unwrap(),
                root: pkg.clone(),
            }),
            "{:?}",
            l.problems
        );
        assert!(l.problems.iter().any(
            |p| matches!(p, WalkProblem::Escapes { link, .. } if link == &pkg.join("y.ward"))
        ));
        assert!(l.problems.contains(&WalkProblem::Dangling {
            link: pkg.join("gone.ward")
        }));
    }

    #[test]
    fn package_dirs_stop_at_the_outermost_manifest() {
        let dir = scratch("packages");
        for d in ["a", "a/inner", "b/c"] {
            std::fs::create_dir_all(dir.join(d)).unwrap();
            std::fs::write(dir.join(d).join("ward.toml"), "").unwrap();
        }
        let l = package_dirs(&dir);
        assert_eq!(l.paths, vec![dir.join("a"), dir.join("b/c")]);
    }
}
