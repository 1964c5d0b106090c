//! The next-questions query (`ward_core::interview`): what it asks of an empty case, that
//! answers take the facts they make irrelevant off the list, and that "don't know" is never
//! asked again.

use std::sync::Arc;

use ward_core::Database;
use ward_core::eval::{Format, Program, case};
use ward_core::interview::{Answer, Reason, next_questions};
use ward_tests::{AS_OF, stdlib_host};

fn program() -> Arc<Program> {
    stdlib_host(Database::default())
        .program()
        .expect("the standard library compiles")
}

fn as_of() -> ward_core::hir::Instant {
    ward_core::time::parse_instant(AS_OF).unwrap()
}

fn paths(prog: &Program, yaml: &str, declined: &[String]) -> Vec<String> {
    let c = case::load(prog, yaml, Format::Yaml).expect("a valid case");
    next_questions(prog, &c, as_of(), declined)
        .questions
        .into_iter()
        .map(|q| q.path)
        .collect()
}

#[test]
fn an_empty_case_starts_with_the_organisation() {
    let prog = program();
    let c = case::load(&prog, "{}", Format::Yaml).unwrap();
    let next = next_questions(&prog, &c, as_of(), &[]);
    assert_eq!(next.progress.total, prog.obligations.len());
    assert_eq!(
        next.progress.settled + next.progress.undetermined,
        next.progress.total
    );
    assert!(next.progress.undetermined > 0);
    let first: Vec<(&str, Reason, usize)> = next
        .questions
        .iter()
        .take(8)
        .map(|q| (q.path.as_str(), q.reason, q.settles))
        .collect();
    insta::assert_debug_snapshot!(first);
    let nation = next
        .questions
        .iter()
        .find(|q| q.path == "organisation.nation")
        .expect("the nation is asked");
    let Answer::Choice { choices } = &nation.answer else {
        panic!("a nation is a choice, not {:?}", nation.answer)
    };
    assert_eq!(choices.len(), 4);
    assert!(nation.ask.as_deref().unwrap().contains("UK nation"));
    assert!(nation.help.is_some());
}

#[test]
fn a_technology_that_is_not_a_device_is_not_asked_its_class() {
    let prog = program();
    let base = "organisation: {nation: england, type: nhs_trust, roles: [adopter]}\n";
    let before = paths(&prog, base, &[]);
    assert!(before.iter().any(|p| p == "technology.device_status"));
    let after = paths(
        &prog,
        &format!("{base}technology: {{device_status: not_device}}\n"),
        &[],
    );
    assert!(
        !after
            .iter()
            .any(|p| p.starts_with("technology.device_status"))
    );
    assert!(
        !after.iter().any(|p| p == "technology.risk_class"),
        "{after:?}"
    );
    assert!(
        !after.iter().any(|p| p == "technology.markings"),
        "{after:?}"
    );
}

#[test]
fn a_declined_question_is_not_asked_again() {
    let prog = program();
    let base = "organisation: {nation: england}\n";
    let before = paths(&prog, base, &[]);
    let top = before[0].clone();
    let after = paths(&prog, base, std::slice::from_ref(&top));
    assert!(!after.contains(&top));
    assert!(!after.is_empty());
}

#[test]
fn the_query_serialises_for_tools() {
    let prog = program();
    let c = case::load(&prog, "organisation: {nation: wales}", Format::Yaml).unwrap();
    let next = next_questions(&prog, &c, as_of(), &[]);
    let json = serde_json::to_value(&next).unwrap();
    assert!(json["progress"]["undetermined"].as_u64().unwrap() > 0);
    let q = &json["questions"][0];
    assert!(q["path"].is_string());
    assert!(q["answer"]["kind"].is_string());
    assert!(q["duties"].as_array().is_some_and(|d| !d.is_empty()));
}

/// The report `ward eval` gives, as JSON, with the `because` lists taken out and returned
/// apart (fact, value): where several facts each suffice (`research_status = research or
/// purposes has any {research, …}`), an example may state all of them while an interview
/// asks one, so the lists are compared by consistency, not equality (and the `why_not` of
/// a duty beyond the guidance's coverage is left out for the same reason).
fn report_json(
    prog: &Program,
    c: &ward_core::eval::Case,
) -> (serde_json::Value, Vec<(String, serde_json::Value)>) {
    let outcome = ward_core::eval::evaluate(prog, c, as_of());
    let rep = ward_core::report::build(
        prog,
        c,
        as_of(),
        &outcome,
        ward_core::report::Options { include_all: false },
    );
    let mut json = serde_json::to_value(&rep).unwrap();
    let mut because = Vec::new();
    fn take(v: &mut serde_json::Value, out: &mut Vec<(String, serde_json::Value)>) {
        match v {
            serde_json::Value::Object(m) => {
                // The explanation of a duty beyond coverage names facts in the same way.
                m.remove("why_not");
                if let Some(serde_json::Value::Array(xs)) = m.remove("because") {
                    for x in xs {
                        out.push((x["fact"].as_str().unwrap().to_string(), x["value"].clone()));
                    }
                }
                m.values_mut().for_each(|v| take(v, out));
            }
            serde_json::Value::Array(xs) => xs.iter_mut().for_each(|v| take(v, out)),
            _ => {}
        }
    }
    take(&mut json, &mut because);
    (json, because)
}

/// From an empty start, an interview answered from each example case reaches the example's
/// decision, asks no question twice, and writes a file that evaluates to the example's
/// report. The question counts (printed with `--nocapture`) are the closing note's figures.
#[test]
fn replayed_interviews_decide_what_the_examples_decide() {
    let prog = program();
    let schema_fields = ward_core::schema::field_count(&prog);
    for file in ward_tests::case_files("policies/cases") {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        let full = case::load(&prog, &text, Format::from_path(&file)).unwrap();
        let r = ward_core::interview::replay::replay(&prog, &full, as_of(), 500);
        assert!(r.asked.len() < 500, "{name}: the interview does not end");
        let yaml = ward_core::interview::yaml::write_case(&prog, &r.case, &r.declined, &[]);
        let back = case::load(&prog, &yaml, Format::Yaml)
            .unwrap_or_else(|e| panic!("{name}: the written case does not load: {e:?}\n{yaml}"));
        let ((want, _), (got, because)) = (report_json(&prog, &full), report_json(&prog, &back));
        if let Some(d) = first_difference(&want, &got, String::new()) {
            panic!("{name}: the written case's report differs at {d}\n{yaml}");
        }
        // Every fact the written case's report gives as a reason has the example's value
        // (an entry of a list read whole may leave out fields nothing decided on).
        for (fact, value) in because {
            let Some(ward_core::interview::path::Target::Value(p)) =
                ward_core::interview::path::resolve(&prog, &fact)
            else {
                panic!("{name}: {fact} is no path")
            };
            let example = ward_core::interview::path::get(&full, &p);
            let written = ward_core::interview::path::get(&back, &p);
            if written.is_unknown() {
                continue;
            }
            if !matches!(example, ward_core::eval::Value::List(_)) {
                assert_eq!(example, written, "{name}: {fact} = {value}");
            }
        }
        let mut once = r.asked.clone();
        once.sort();
        once.dedup();
        // "Add another?" puts a list's path again, once per entry.
        let lists = r.asked.len() - once.len();
        assert!(lists <= 4, "{name}: {:?}", r.asked);
        let open = ward_core::eval::evaluate(&prog, &full, as_of())
            .obligations
            .iter()
            .filter(|o| o.status == ward_core::eval::Status::Undetermined)
            .count();
        let (necessary, deciding) = deciding_facts(&prog, &full);
        eprintln!(
            "{name} ({open} undetermined in the example): {} questions ({} until no duty is undetermined, {} answered \"don't know\" or \"none\"); {necessary} of its facts are each necessary, {deciding} decide it with none redundant; the case sets {} fields; the schema has {schema_fields}",
            r.asked.len(),
            r.until_settled,
            r.declined.len(),
            set_fields(&full),
        );
    }
}
/// The leaf values a case sets (each field of each list entry counted).
fn set_fields(c: &ward_core::eval::Case) -> usize {
    fn count(v: &ward_core::eval::Value) -> usize {
        use ward_core::eval::Value;
        match v {
            Value::Unknown => 0,
            Value::Record(fs) => fs.iter().map(count).sum(),
            Value::List(xs) if xs.iter().any(|x| matches!(x, Value::Record(_))) => {
                1 + xs.iter().map(count).sum::<usize>()
            }
            _ => 1,
        }
    }
    c.slots.iter().map(count).sum()
}

/// Where two JSON values first differ, with both values there.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: String) -> Option<String> {
    use serde_json::Value as J;
    match (a, b) {
        (J::Object(x), J::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let (u, v) = (x.get(k).unwrap_or(&J::Null), y.get(k).unwrap_or(&J::Null));
                if let Some(d) = first_difference(u, v, format!("{at}.{k}")) {
                    return Some(d);
                }
            }
            None
        }
        (J::Array(x), J::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (u, v))| first_difference(u, v, format!("{at}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!("{at}: example {a}, written {b}")),
    }
}

/// Two yardsticks for the question counts, over the facts the case sets (each field of each
/// list entry one):
/// how many are necessary — forgetting that one alone changes some duty's status, so (the
/// evaluation being monotone in what is known, defaults aside) every interview that reaches
/// the case's decision must ask it — and the size of a set that decides every duty as the
/// whole case does with none of its facts redundant (each fact is forgotten in turn and kept
/// only if the statuses change without it; minimal, not necessarily minimum).
fn deciding_facts(prog: &Program, full: &ward_core::eval::Case) -> (usize, usize) {
    use ward_core::eval::{Value, evaluate};
    fn leaves(v: &Value, at: Vec<usize>, out: &mut Vec<Vec<usize>>) {
        match v {
            Value::Unknown => {}
            // The interview asks each field of each list entry, so they count one by one.
            Value::Record(fs) | Value::List(fs)
                if matches!(v, Value::Record(_))
                    || fs.iter().any(|x| matches!(x, Value::Record(_))) =>
            {
                for (i, f) in fs.iter().enumerate() {
                    let mut p = at.clone();
                    p.push(i);
                    leaves(f, p, out);
                }
            }
            _ => out.push(at),
        }
    }
    fn forget(v: &mut Value, at: &[usize]) {
        match (at.split_first(), v) {
            (None, v) => *v = Value::Unknown,
            (Some((&i, rest)), Value::Record(fs) | Value::List(fs)) => {
                forget(&mut Arc::make_mut(fs)[i], rest)
            }
            _ => {}
        }
    }
    let statuses = |c: &ward_core::eval::Case| -> Vec<ward_core::eval::Status> {
        evaluate(prog, c, as_of())
            .obligations
            .iter()
            .map(|o| o.status)
            .collect()
    };
    let want = statuses(full);
    let mut all = Vec::new();
    for (i, s) in full.slots.iter().enumerate() {
        leaves(s, vec![i], &mut all);
    }
    let necessary = all
        .iter()
        .filter(|p| {
            let mut trial = full.clone();
            forget(&mut trial.slots[p[0]], &p[1..]);
            statuses(&trial) != want
        })
        .count();
    let mut current = full.clone();
    let mut kept = 0;
    for p in &all {
        let mut trial = current.clone();
        forget(&mut trial.slots[p[0]], &p[1..]);
        if statuses(&trial) == want {
            current = trial;
        } else {
            kept += 1;
        }
    }
    (necessary, kept)
}
