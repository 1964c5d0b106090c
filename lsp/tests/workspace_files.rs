//! The server reads files from disk only through the project's bounded reader and walks the
//! workspace only with its loop-safe walk: a workspace holding a named pipe, a link to
//! `/dev/zero`, a gibibyte policy file and a symbolic-link loop loads (the bad files reported),
//! and a watched-file event for a pipe returns at once. A hang here would hang the test.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use ward_lsp::world::World;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ward-lsp-ws-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[test]
fn a_hostile_workspace_loads_and_watched_pipes_are_not_read() {
    let ws = scratch("hostile");
    let pkg = ws.join("trust");
    std::fs::create_dir_all(pkg.join("rules")).unwrap();
    std::fs::write(
        pkg.join("ward.toml"),
        "[package]\nname = \"trust\"\nversion = \"1.0.0\"\n",
    )
    .unwrap();
    std::fs::write(pkg.join("rules/good.ward"), "def open_value = true\n").unwrap();
    mkfifo(&pkg.join("rules/pipe.ward"));
    std::fs::File::create(pkg.join("rules/huge.ward"))
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    symlink("/dev/zero", pkg.join("zero.ward")).unwrap();
    for i in 0..4 {
        symlink("..", pkg.join(format!("rules/loop{i}"))).unwrap();
    }
    // A folder of loose files with a loop, next to the package, for the workspace scan.
    std::fs::create_dir_all(ws.join("notes")).unwrap();
    symlink("..", ws.join("notes/back")).unwrap();

    let (mut world, problems) = World::load(std::slice::from_ref(&ws), None);
    let all = problems.join("\n");
    assert!(all.contains("pipe.ward: is a named pipe (FIFO)"), "{all}");
    assert!(all.contains("huge.ward: is larger than 4 MiB"), "{all}");
    assert!(
        all.contains("zero.ward is a symbolic link to /dev/zero"),
        "{all}"
    );
    assert!(
        world.host().file("trust.rules.good").is_some(),
        "the good module is loaded once: {all}"
    );
    assert_eq!(
        world
            .host()
            .files()
            .filter(|(m, _)| m.ends_with(".good"))
            .count(),
        1,
        "the loop did not load it again"
    );
    // Watched-file events for the pipe (known to the package, or new) do not block.
    world.disk_changed(&pkg.join("rules/pipe.ward"), false);
    let other = pkg.join("rules/other_pipe.ward");
    mkfifo(&other);
    world.disk_changed(&other, false);
    assert!(world.host().file("trust.rules.other_pipe").is_none());
}
