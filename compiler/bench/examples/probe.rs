//! Temporary probe (removed before hand-off).
fn main() {
    let prog = ward_bench::stdlib_host(ward_core::Database::default()).program().unwrap();
    let ids: Vec<String> = std::env::args().skip(1).collect();
    println!("obligations {} rules {}", prog.obligations.len(), prog.rules.len());
    for o in &prog.obligations {
        if !ids.contains(&o.id) { continue; }
        let mut names = vec![];
        for &r in &o.rules {
            let ri = &prog.rules[r as usize];
            let ex: Vec<String> = ri.excepted_by.iter().map(|&e| format!("{}({:?})", prog.rules[e as usize].name, prog.rules[e as usize].verb)).collect();
            names.push(format!("{} {:?} ex={:?}", ri.name, ri.verb, ex));
        }
        println!("{}: {:?}", o.id, names);
    }
}
