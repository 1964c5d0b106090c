//! Evaluation runs off the async workers (`ward_serve::work`): a request that cannot finish
//! within the timeout is answered with the timeout problem while the slow evaluation goes on,
//! other requests are answered meanwhile, and the work still holds its place under the
//! concurrency limit until it ends.

use std::time::{Duration, Instant};

use ward_serve::Limits;

use crate::serve::{post, request, start};

/// A real slow input: a case with `n` incidents, each with facts left out, so every incident
/// rule is undetermined and the report explains each (linear in `n`, and slow for large `n`).
fn incidents(n: usize) -> Vec<u8> {
    let mut t = String::from(
        "organisation: { nation: england, type: nhs_foundation_trust, roles: [adopter] }\n\
         technology: { health_it: true, device_status: medical_device }\n\
         data: { health_care: true, identifiability: identifiable }\nincidents:\n",
    );
    for i in 0..n {
        let kind = ["nis_incident", "device_adverse_event"][i % 2];
        t.push_str(&format!(
            "  - kind: {kind}\n    aware_at: 2026-11-{:02}T06:10:00Z\n",
            1 + i % 28
        ));
    }
    t.into_bytes()
}

#[test]
fn a_slow_evaluation_times_out_while_the_server_answers_others() {
    let timeout = Duration::from_millis(100);
    let s = start(
        "policies/trust",
        Limits {
            timeout,
            concurrency: 1,
            ..Limits::default()
        },
    );
    let slow = incidents(20_000);
    let started = Instant::now();
    let r = post(&s, "/v1/evaluate", "application/yaml", &slow);
    let waited = started.elapsed();
    assert_eq!(r.status, 503, "{}", &r.body[..r.body.len().min(300)]);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = r.json();
    assert_eq!(p["type"], "urn:ward:problem:timeout");
    assert_eq!(p["detail"], "the request was not answered within 100 ms");
    assert!(r.header("ward-policy-hash").is_some());
    // Answered at the timeout, not when the evaluation ended.
    assert!(waited < Duration::from_secs(5), "answered after {waited:?}");

    // The slow work goes on, yet a request that needs none is answered at once.
    let h = request(&s, "GET", "/healthz", &[], b"");
    assert_eq!(h.status, 200);
    assert_eq!(h.json()["status"], "ok");

    // The slow work still holds the only work permit (`concurrency: 1`): another evaluation
    // waits for it and times out too, rather than running beside it.
    if s.app.work.available_permits() == 0 {
        let quick = post(&s, "/v1/evaluate", "application/json", b"{}");
        assert_eq!(quick.status, 503, "{}", quick.body);
    }

    // Once it has finished, evaluations are answered again.
    let deadline = Instant::now() + Duration::from_secs(600);
    while s.app.work.available_permits() == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let quick = post(&s, "/v1/evaluate", "application/json", b"{}");
    assert_eq!(quick.status, 200, "{}", quick.body);
}
