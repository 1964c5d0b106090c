//! The encoding is exact on the standard library: for every rule it says can apply, the
//! witness it gives makes the real evaluator apply it, and for every obligation outcome it
//! says is possible, the witness gives that outcome. (Soundness of "never" findings is
//! checked against random cases in `tests/tests/verify.rs`; this checks the other side.)

use ward_core::Database;
use ward_core::eval::Status;
use ward_verify::outcome::Shape;
use ward_verify::{Options, Session, witness};

#[test]
fn every_possible_rule_and_outcome_has_a_witness_the_evaluator_agrees_with() {
    let mut host = ward_core::Host::new(Database::default());
    ward_stdlib::load_into(&mut host);
    let prog = host.program().expect("the library compiles");
    let opts = Options {
        as_of: ward_core::time::parse_instant("2026-11-22").unwrap(),
        bound: None,
        allow_expired: false,
    };
    let mut s = Session::new(&[&prog], &opts);
    let enc = s.encoded[0].clone();
    let mut checked = 0;
    for (ri, rule) in prog.rules.iter().enumerate() {
        if !s.witness(&[enc.effective[ri].t]) {
            continue;
        }
        let yaml = witness::yaml(&s.world.cnf, &s.world.inputs, &prog);
        let (_, out) = witness::run(&prog, &yaml, opts.as_of, false).expect("the witness loads");
        assert_eq!(
            out.rules[ri].effective,
            Some(true),
            "{}:\n{yaml}",
            rule.name
        );
        checked += 1;
    }
    assert!(checked > prog.rules.len() / 2, "most rules can apply");
    for (oi, o) in prog.obligations.iter().enumerate() {
        for (shape, lit) in enc.outcomes[oi].clone() {
            if !s.witness(&[lit]) {
                continue;
            }
            let yaml = witness::yaml(&s.world.cnf, &s.world.inputs, &prog);
            let (_, out) = witness::run(&prog, &yaml, opts.as_of, false).expect("loads");
            let oo = out.obligations[oi];
            let r = oo.rule.map(|r| &prog.rules[r as usize]);
            let got = Shape {
                status: oo.status,
                verb: r
                    .map(|r| r.verb)
                    .filter(|_| oo.status != Status::DoesNotApply),
                level: r
                    .map(|r| r.level)
                    .filter(|_| oo.status != Status::DoesNotApply),
            };
            assert_eq!(got, shape, "{}:\n{yaml}", o.id);
        }
    }
}
