//! Edit → diagnostics latency on a workspace the size of the standard library plus a trust's
//! local policy: how long after a keystroke the editor gets its squiggles back.
//!
//! Two measurements, each the median of many edits to one local module:
//!
//! * in process — the server's own path: apply a `didChange` to the world, snapshot, compute
//!   and convert every file's diagnostics (what is published);
//! * over the protocol — the real `ward-lsp` binary: `didChange` sent on its standard input
//!   until the `publishDiagnostics` of that version is read back from its output.
//!
//! The protocol runs give the median, 95th percentile and maximum, and the server's resident
//! memory (with the generated workspace, and with the example trust package open).
//!
//! Body edits (inside a rule) re-check one module; interface edits (a new obligation) also
//! re-check its dependents and the whole-program tables. Run with `cargo bench -p ward-lsp`;
//! without `--bench` (as `cargo test --benches` runs it) it makes a few edits only.

#[path = "../tests/common/mod.rs"]
mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use tower_lsp_server::ls_types::Uri;
use ward_core::{Host, Origin};
use ward_lsp::world::{Edit, World};

const MODULES: usize = 20;
const RULES: usize = 10;

/// One generated module of local policy: `RULES` obligations and rules over national facts,
/// citing a national source, and a test.
fn local_module(i: usize, tag: &str) -> String {
    let mut s = format!(
        "//! Generated local policy, part {i}.\n\nuse nhs.case.{{organisation, technology, data, activity}}\nuse nhs.adopters.data.step_2_dpia.{{step_2_dpia}}\n\n"
    );
    for j in 0..RULES {
        let _ = write!(
            s,
            "/// Local duty {i}.{j}.\nobligation local-duty-{i}-{j} \"Local duty {i}.{j}\" held_by adopter\n\n\
             /// Rule {i}.{j}.\nrule local_rule_{i}_{j} {{\n  cites step_2_dpia\n  level local\n  when organisation.nation = england\n    and technology.traits has ai\n    and data.health_care\n    and activity.stages has any {{pilot, live_use}}\n  then require local-duty-{i}-{j} before \"{tag}\"\n}}\n\n"
        );
    }
    let _ = write!(
        s,
        "test \"part {i} applies to an AI pilot\" {{\n  given {{\n    organisation.nation = england\n    technology.traits = {{ai}}\n    data.health_care = true\n    activity.stages = {{pilot}}\n  }}\n  expect require local-duty-{i}-0 at local\n}}\n"
    );
    s
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// `median 2.1 ms, p95 3.4 ms, max 5.0 ms over 200 edits`.
fn spread(mut xs: Vec<Duration>) -> String {
    xs.sort();
    let at = |q: f64| xs[((xs.len() - 1) as f64 * q).round() as usize];
    format!(
        "median {}, p95 {}, max {} over {} edits",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(xs[xs.len() - 1]),
        xs.len()
    )
}

/// The server's resident memory now and at its peak (`VmRSS`, `VmHWM` in `/proc`), where the
/// system has them.
fn memory(pid: u32) -> String {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return "resident memory: not readable on this system".into();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map(|kb| format!("{:.1} MB", kb / 1024.0))
            .unwrap_or_else(|| "?".into())
    };
    format!(
        "resident memory {} (peak {})",
        field("VmRSS:"),
        field("VmHWM:")
    )
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn workspace_size(host: &Host) -> (usize, usize, usize) {
    let (mut std_mods, mut local_mods, mut lines) = (0, 0, 0);
    for (_, f) in host.files() {
        if f.origin(host.db()).is_stdlib() {
            std_mods += 1;
        } else {
            local_mods += 1;
        }
        lines += f.text(host.db()).lines().count();
    }
    (std_mods, local_mods, lines)
}

fn in_process(iterations: usize) {
    let dir = std::env::temp_dir().join(format!("ward-lsp-bench-{}", std::process::id()));
    let mut host = Host::default();
    ward_stdlib::load_into(&mut host);
    for i in 0..MODULES {
        host.set_file(
            &format!("bench.part_{i}"),
            &format!("part_{i}.ward"),
            local_module(i, "start"),
            Origin::root("bench", "1.0.0"),
        );
    }
    let (std_mods, local_mods, lines) = workspace_size(&host);
    let mut world = World::from_host(host, &dir, std::slice::from_ref(&dir), None);
    let uri = Uri::from_file_path(dir.join("part_0.ward")).expect("an absolute path");
    let publish = |world: &World| {
        let snap = world.snapshot();
        let n = ward_lsp::handlers::diagnostics::compute(&snap)
            .expect("not cancelled")
            .len();
        assert!(n >= MODULES);
    };
    let t = Instant::now();
    world.open(&uri, 1, local_module(0, "start"));
    publish(&world);
    let cold = t.elapsed();

    let mut body = Vec::new();
    for k in 0..iterations {
        let t = Instant::now();
        world.change(
            &uri,
            2 + k as i32,
            vec![Edit {
                range: None,
                text: local_module(0, &format!("edit {k}")),
            }],
        );
        publish(&world);
        body.push(t.elapsed());
    }
    let mut interface = Vec::new();
    for k in 0..iterations.min(10) {
        let mut text = local_module(0, "start");
        text.push_str(&format!(
            "\nobligation extra-{k} \"Extra {k}\" held_by adopter\n"
        ));
        let t = Instant::now();
        world.change(&uri, 1000 + k as i32, vec![Edit { range: None, text }]);
        publish(&world);
        interface.push(t.elapsed());
    }
    println!(
        "workspace: {std_mods} standard-library modules + {local_mods} local modules, {lines} lines"
    );
    println!("in process   first check of everything: {}", ms(cold));
    println!(
        "in process   body edit → diagnostics:      median {} over {} edits",
        ms(median(body)),
        iterations
    );
    println!(
        "in process   interface edit → diagnostics: median {} over {} edits",
        ms(median(interface)),
        iterations.min(10)
    );
}

fn over_protocol(iterations: usize) {
    let dir = std::env::temp_dir().join(format!("ward-lsp-bench-ws-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    std::fs::write(
        dir.join("ward.toml"),
        "[package]\nname = \"bench\"\nversion = \"1.0.0\"\n",
    )
    .expect("writable");
    for i in 0..MODULES {
        std::fs::write(dir.join(format!("part_{i}.ward")), local_module(i, "start"))
            .expect("writable");
    }
    let mut c = common::Client::start(Path::new(&dir));
    let uri = c.open("part_0.ward", 1, &local_module(0, "start"));
    let first = c.diagnostics(&uri, Some(1));
    assert_eq!(
        first["diagnostics"],
        serde_json::json!([]),
        "the generated policy checks: {first}"
    );
    let mut times = Vec::new();
    for k in 0..iterations {
        let version = 2 + k as i64;
        let t = Instant::now();
        c.change(&uri, version, &local_module(0, &format!("edit {k}")));
        c.diagnostics(&uri, Some(version));
        times.push(t.elapsed());
    }
    println!(
        "over stdio   body edit → publishDiagnostics: {}",
        spread(times)
    );
    println!(
        "over stdio   generated workspace, after the edits: {}",
        memory(c.pid())
    );
    let _ = c.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The example trust package as a governance team opens it (the `policies` folder: the trust,
/// its regional dependency and the standard library): the server's memory once its module is
/// checked, after hovers over the library, and after edits.
fn trust_package(iterations: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let mut c = common::Client::start(&root);
    let text = std::fs::read_to_string(root.join("trust/governance.ward")).expect("the example");
    let uri = c.open("trust/governance.ward", 1, &text);
    c.diagnostics(&uri, Some(1));
    println!("trust package opened and checked: {}", memory(c.pid()));
    for (line, _) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("cites "))
    {
        c.result(
            "textDocument/hover",
            serde_json::json!({
                "textDocument": { "uri": uri },
                "position": { "line": line, "character": 9 }
            }),
        );
    }
    let mut times = Vec::new();
    for k in 0..iterations {
        let version = 2 + k as i64;
        let edited = format!("{text}\n// edit {k}\n");
        let t = Instant::now();
        c.change(&uri, version, &edited);
        c.diagnostics(&uri, Some(version));
        times.push(t.elapsed());
    }
    println!("trust package edit → publishDiagnostics: {}", spread(times));
    println!("trust package after hovers and edits: {}", memory(c.pid()));
    let _ = c.shutdown();
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let iterations = if full { 30 } else { 3 };
    in_process(iterations);
    // Percentiles need more edits than medians.
    over_protocol(if full { 200 } else { 3 });
    trust_package(if full { 200 } else { 3 });
}
