//! Evaluation of arbitrary case JSON against the standard library: loading, every rule,
//! explanations, deadlines, coverage notes and both report renderings; never a panic, and the
//! explanation agrees with the fast evaluator about every obligation's status.
#![no_main]

use std::sync::Arc;

use ward_core::Host;
use ward_core::eval::{Program, Status, case};

thread_local! {
    static PROG: Arc<Program> = {
        let mut host = Host::default();
        ward_stdlib::load_into(&mut host);
        host.program().expect("the standard library compiles")
    };
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    PROG.with(|prog| {
        let Ok(c) = case::from_json(prog, &json) else { return };
        let as_of = ward_core::time::parse_instant("2026-11-22").unwrap();
        let outcome = ward_core::eval::evaluate(prog, &c, as_of);
        let report = ward_core::report::build(prog, &c, as_of, &outcome, ward_core::report::Options { include_all: true });
        for (o, e) in prog.obligations.iter().zip(&outcome.obligations) {
            let listed = report.obligations.iter().find(|r| r.id == o.id).expect("every obligation is listed with --all");
            let status = match e.status {
                Status::Applies => "applies",
                Status::Undetermined => "undetermined",
                Status::DoesNotApply => "does_not_apply",
            };
            assert_eq!(listed.status, status);
            if e.status == Status::Undetermined {
                assert!(!listed.missing.is_empty(), "{}: an undetermined obligation names what is missing", o.id);
            }
        }
        let _ = ward_core::report::to_json(&report);
        let _ = ward_core::report::text::render(&report);
        let _ = ward_core::batch::evaluate_case(prog, &c, as_of, 1, ward_core::batch::LineOptions { missing: true, ..Default::default() });
    });
});
