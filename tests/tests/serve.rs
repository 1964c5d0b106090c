//! `ward serve` in process on 127.0.0.1 with an ephemeral port, over real HTTP/1.1: every
//! endpoint, bad bodies (malformed JSON, unknown fields, oversized), a streamed batch, reloads
//! of a good and a broken policy, and the OpenAPI document (snapshot; responses validated
//! against its schemas).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use ward_serve::{App, Limits};
use ward_tests::{AS_OF, root};

/// A server on its own runtime thread, and the policy directories its loader reads.
pub(crate) struct Server {
    pub(crate) addr: SocketAddr,
    pub(crate) app: Arc<App>,
    policies: Arc<Mutex<Vec<PathBuf>>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

pub(crate) fn start(policy: &str, limits: Limits) -> Server {
    let policies = Arc::new(Mutex::new(vec![root().join(policy)]));
    let dirs = policies.clone();
    let cache = std::env::temp_dir().join("ward-tests-cache");
    let loader: ward_serve::Loader = Box::new(move || {
        let dirs = dirs.lock().unwrap().clone();
        let library =
            ward_project::stdlib::Choice::Installed(ward_project::stdlib_package::Installation {
                data: std::env::temp_dir().join("ward-tests-no-installed-library"),
                keys: ward_project::stdlib_package::Keyring::embedded().clone(),
            });
        ward_serve::load(&root(), &cache, &library, &dirs)
    });
    let today = ward_core::time::parse_instant(AS_OF);
    let app = App::new(loader, limits, today).expect("the policy compiles");
    let rt = ward_serve::runtime().unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = app.clone();
    let thread = std::thread::spawn(move || {
        rt.block_on(ward_serve::serve(listener, served, async {
            let _ = stopped.await;
        }))
        .unwrap();
    });
    Server {
        addr,
        app,
        policies,
        stop: Some(stop),
        thread: Some(thread),
    }
}

pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Reply {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// One request on its own connection (`Connection: close`), the reply read to the end.
pub(crate) fn request(
    s: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut c = TcpStream::connect(s.addr).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    c.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before reading all of a large body.
    let _ = c.write_all(body);
    let mut raw = Vec::new();
    let _ = c.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete reply");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body: String::from_utf8(body).unwrap(),
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
}

pub(crate) fn post(s: &Server, path: &str, content_type: &str, body: &[u8]) -> Reply {
    request(s, "POST", path, &[("Content-Type", content_type)], body)
}

pub(crate) fn case(name: &str) -> Vec<u8> {
    std::fs::read(root().join("policies/cases").join(name)).unwrap()
}

pub(crate) fn small() -> Limits {
    Limits {
        body_bytes: 64 * 1024,
        ..Limits::default()
    }
}

/// A validator for the OpenAPI component `name`, resolving references within the document.
pub(crate) fn validator(doc: &Value, name: &str) -> jsonschema::Validator {
    let schema = serde_json::json!({
        "$ref": format!("#/components/schemas/{name}"),
        "components": doc["components"],
    });
    jsonschema::validator_for(&schema).unwrap()
}

pub(crate) fn assert_valid(doc: &Value, name: &str, v: &Value) {
    let errors: Vec<String> = validator(doc, name)
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
}

#[test]
fn every_endpoint_answers_with_the_policy_hash_and_its_contract() {
    let s = start("policies/trust", small());
    let hash = s.app.policy().hash.clone();
    let doc = request(&s, "GET", "/openapi.json", &[], b"").json();
    assert_eq!(doc["openapi"], "3.1.0");

    // A case in YAML and in JSON: the report, valid against the contract.
    let yaml = post(
        &s,
        "/v1/evaluate",
        "application/yaml",
        &case("english-trust-ai-imaging-pilot.yaml"),
    );
    assert_eq!(yaml.status, 200, "{}", yaml.body);
    assert_eq!(yaml.header("ward-policy-hash"), Some(hash.as_str()));
    let report = yaml.json();
    assert_eq!(report["as_of"], AS_OF);
    assert_valid(&doc, "Report", &report);
    let json = post(
        &s,
        "/v1/evaluate?all=true",
        "application/json",
        &case("developer-public-contract-bid.json"),
    );
    assert_eq!(json.status, 200, "{}", json.body);
    assert_valid(&doc, "Report", &json.json());
    // The same report `ward eval --format json` gives.
    let cli = ward_tests::ward(&[
        "eval",
        "policies/cases/english-trust-ai-imaging-pilot.yaml",
        "--policy",
        "policies/trust",
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(
        serde_json::from_str::<Value>(&cli.stdout).unwrap()["obligations"],
        report["obligations"]
    );

    // The decision record, by Accept.
    let html = request(
        &s,
        "POST",
        "/v1/evaluate",
        &[
            ("Content-Type", "application/yaml"),
            ("Accept", "text/html"),
        ],
        &case("english-trust-ai-imaging-pilot.yaml"),
    );
    assert!(
        html.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        html.body.contains("<html lang=\"en"),
        "{}",
        &html.body[..200]
    );
    let md = request(
        &s,
        "POST",
        "/v1/evaluate",
        &[
            ("Content-Type", "application/yaml"),
            ("Accept", "text/markdown"),
        ],
        &case("english-trust-ai-imaging-pilot.yaml"),
    );
    assert!(
        md.header("content-type")
            .unwrap()
            .starts_with("text/markdown")
    );

    // Explain one duty of the report; an unknown one is a 404 with a suggestion.
    let id = report["obligations"][0]["id"].as_str().unwrap().to_string();
    let e = post(
        &s,
        &format!("/v1/explain?obligation={id}"),
        "application/yaml",
        &case("english-trust-ai-imaging-pilot.yaml"),
    );
    assert_eq!(e.status, 200, "{}", e.body);
    assert_valid(&doc, "Explanation", &e.json());
    let typo = &id[..id.len() - 1];
    let e = post(
        &s,
        &format!("/v1/explain?obligation={typo}"),
        "application/yaml",
        &case("english-trust-ai-imaging-pilot.yaml"),
    );
    assert_eq!(e.status, 404);
    assert!(
        e.json()["detail"]
            .as_str()
            .unwrap()
            .contains("did you mean")
    );

    // Next questions from nothing, and from a partial case with a "don't know".
    let q = post(&s, "/v1/next-questions", "application/json", b"");
    assert_eq!(q.status, 200);
    let q = q.json();
    assert_valid(&doc, "NextQuestions", &q);
    let first = q["questions"][0]["path"].as_str().unwrap().to_string();
    // `organisation.roles` as `organisation:\n  roles: null`.
    let partial: String = first
        .split('.')
        .enumerate()
        .map(|(i, k)| format!("{}{k}:", "  ".repeat(i)))
        .collect::<Vec<_>>()
        .join("\n")
        + " null\n";
    let q2 = post(
        &s,
        "/v1/next-questions",
        "application/yaml",
        partial.as_bytes(),
    )
    .json();
    assert!(
        q2["questions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["path"] != first.as_str())
    );

    // Reads.
    for (path, component) in [
        ("/v1/obligations", None),
        ("/v1/policy", Some("PolicyInfo")),
        ("/healthz", Some("Health")),
        ("/readyz", Some("Health")),
    ] {
        let r = request(&s, "GET", path, &[], b"");
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("ward-policy-hash"), Some(hash.as_str()), "{path}");
        if let Some(c) = component {
            assert_valid(&doc, c, &r.json());
        }
    }
    let policy = request(&s, "GET", "/v1/policy", &[], b"").json();
    assert_eq!(policy["hash"], hash.as_str());
    assert!(
        policy["packages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["origin"] == "local")
    );
    let schema = request(&s, "GET", "/v1/schema", &[], b"").json();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let metrics = request(&s, "GET", "/metrics", &[], b"").body;
    assert!(
        metrics.contains("ward_http_requests_total{route=\"/v1/evaluate\",status=\"2xx\"} 4"),
        "{metrics}"
    );
    assert!(metrics.contains(&format!("ward_policy_info{{hash=\"{hash}\"}} 1")));

    // The contract, with the policy's case schema left out (the schema tests cover it).
    let mut shown = doc.clone();
    if let Some(o) = shown["components"]["schemas"].as_object_mut() {
        for (k, v) in o.iter_mut() {
            if k == "Case" || k.starts_with("Case.") {
                *v = Value::String("[the policy's case schema]".into());
            }
        }
    }
    if let Some(params) = shown["paths"]["/v1/explain"]["post"]["parameters"].as_array_mut() {
        for p in params.iter_mut().filter(|p| p["name"] == "obligation") {
            p["schema"]["enum"] = Value::String("[the policy's obligation ids]".into());
        }
    }
    // The worked example, checked by `serve_compact`.
    if let Some(paths) = shown["paths"].as_object_mut() {
        for item in paths.values_mut() {
            if let Some(media) = item.pointer_mut("/post/requestBody/content/application~1json")
                && media.get("example").is_some()
            {
                media["example"] = Value::String("[the worked example case]".into());
            }
        }
    }
    insta::assert_json_snapshot!("openapi", shown);
}

#[test]
fn bad_bodies_are_problems_with_the_clis_field_paths() {
    let s = start("policies/trust", small());
    let problem = |r: &Reply, status: u16, kind: &str| {
        assert_eq!(r.status, status, "{}", r.body);
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
        assert!(r.header("ward-policy-hash").is_some());
        let p = r.json();
        assert_eq!(p["type"], format!("urn:ward:problem:{kind}"));
        assert_eq!(p["status"], status);
        p
    };
    let p = problem(
        &post(&s, "/v1/evaluate", "application/json", b"{bad"),
        422,
        "invalid-case",
    );
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not valid JSON")
    );
    let p = problem(
        &post(
            &s,
            "/v1/evaluate",
            "application/json",
            br#"{"organisation": {"nation": 5}, "bogus": 1}"#,
        ),
        422,
        "invalid-case",
    );
    let paths: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["organisation.nation", "bogus"]);
    assert_eq!(
        p["detail"],
        "the request body does not describe a valid case (2 problems)"
    );
    // The same paths and messages `ward eval` prints for the same case.
    let dir = std::env::temp_dir().join(format!("ward-serve-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("bad.json"),
        br#"{"organisation": {"nation": 5}, "bogus": 1}"#,
    )
    .unwrap();
    let cli = ward_tests::ward_in(&dir, &["eval", "bad.json"]);
    for e in p["errors"].as_array().unwrap() {
        let line = format!(
            "{}: {}",
            e["path"].as_str().unwrap(),
            e["message"].as_str().unwrap()
        );
        assert!(cli.stderr.contains(&line), "{line} not in {}", cli.stderr);
    }
    let big = vec![b' '; 65 * 1024];
    problem(
        &post(&s, "/v1/evaluate", "application/json", &big),
        413,
        "too-large",
    );
    problem(
        &post(&s, "/v1/evaluate", "text/plain", b"{}"),
        415,
        "unsupported-media-type",
    );
    problem(
        &post(&s, "/v1/evaluate?as_of=soon", "application/json", b"{}"),
        400,
        "invalid-date",
    );
    problem(
        &post(&s, "/v1/evaluate?bogus=1", "application/json", b"{}"),
        400,
        "invalid-query",
    );
    problem(
        &post(&s, "/v1/explain", "application/json", b"{}"),
        400,
        "invalid-query",
    );
    problem(
        &post(&s, "/v1/evaluate", "application/json", b"\xff\xfe"),
        400,
        "not-utf8",
    );
    problem(
        &request(&s, "GET", "/v1/evaluate", &[], b""),
        405,
        "method-not-allowed",
    );
    problem(&request(&s, "GET", "/nowhere", &[], b""), 404, "not-found");
    problem(
        &request(
            &s,
            "POST",
            "/v1/evaluate",
            &[
                ("Content-Type", "application/json"),
                ("Accept", "image/png"),
            ],
            b"{}",
        ),
        406,
        "not-acceptable",
    );
    // Still serving.
    assert_eq!(request(&s, "GET", "/healthz", &[], b"").status, 200);
}

/// What Schemathesis (tests/serve/schemathesis) found the contract did not say: the layers'
/// answers (a body on a GET, a timeout), the date format of `as_of`, and which operation takes
/// `obligation`.
#[test]
fn the_contract_says_what_the_layers_answer_and_what_each_query_takes() {
    let s = start("policies/trust", small());
    let doc = request(&s, "GET", "/openapi.json", &[], b"").json();
    let problem_at = |path: &str, method: &str, status: &str| {
        let r = &doc["paths"][path][method]["responses"][status];
        assert_eq!(
            r["content"]["application/problem+json"]["schema"]["$ref"],
            "#/components/schemas/Problem",
            "{method} {path} {status}: {r}"
        );
    };
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            problem_at(path, method, "503");
            problem_at(path, method, "4XX");
        }
    }

    // A GET with a body: a problem the contract lists, saying why.
    let r = request(&s, "GET", "/v1/policy", &[], b"{}");
    assert_eq!(r.status, 413);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = r.json();
    assert_valid(&doc, "Problem", &p);
    assert!(p["detail"].as_str().unwrap().contains("no body"), "{p}");

    // `as_of` is a date on every operation that takes it.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for op in item.as_object().unwrap().values() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["name"] == "as_of" {
                    assert_eq!(p["schema"]["format"], "date", "{path}");
                }
            }
        }
    }

    // Evaluate does not take `obligation`; explain requires it, one of the policy's ids.
    let names = |path: &str| -> Vec<String> {
        doc["paths"][path]["post"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!names("/v1/evaluate").contains(&"obligation".to_string()));
    let explain = &doc["paths"]["/v1/explain"]["post"]["parameters"];
    let obligation = explain
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "obligation")
        .unwrap();
    assert_eq!(obligation["required"], true);
    let ids: Vec<Value> = request(&s, "GET", "/v1/obligations", &[], b"")
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].clone())
        .collect();
    assert_eq!(obligation["schema"]["enum"].as_array().unwrap(), &ids);
}

#[test]
fn a_batch_streams_one_result_per_line_and_bad_lines_do_not_stop_it() {
    let s = start("policies/trust", small());
    let good = String::from_utf8(case("developer-public-contract-bid.json")).unwrap();
    let good: Value = serde_json::from_str(&good).unwrap();
    let mut body = String::new();
    for _ in 0..300 {
        body.push_str(&serde_json::to_string(&good).unwrap());
        body.push('\n');
    }
    body.push_str("{bad\n\n{\"bogus\": 1}\n");
    let r = post(&s, "/v1/batch", "application/x-ndjson", body.as_bytes());
    assert_eq!(r.status, 200);
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    let lines: Vec<Value> = r
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 302);
    assert_eq!(lines[0]["line"], 1);
    assert!(lines[0]["obligations"].is_array());
    assert_eq!(lines[300]["line"], 301);
    assert!(lines[300]["errors"].is_array());
    assert_eq!(lines[301]["line"], 303);
    assert_eq!(lines[301]["errors"][0]["path"], "bogus");
}

#[test]
fn a_reload_swaps_a_good_policy_in_and_refuses_a_broken_one() {
    let s = start("policies/trust", small());
    let before = s.app.policy().hash.clone();
    *s.policies.lock().unwrap() = vec![root().join("policies/broken_trust")];
    let refused = s.app.reload();
    assert!(refused.is_err());
    assert!(refused.unwrap_err().contains("error"));
    let r = request(&s, "GET", "/healthz", &[], b"");
    assert_eq!(r.header("ward-policy-hash"), Some(before.as_str()));
    *s.policies.lock().unwrap() = vec![root().join("policies/regional")];
    let after = s.app.reload().expect("the regional policy compiles");
    assert_ne!(after, before);
    let r = request(&s, "GET", "/v1/policy", &[], b"");
    assert_eq!(r.header("ward-policy-hash"), Some(after.as_str()));
    assert_eq!(r.json()["hash"], after.as_str());
    let m = request(&s, "GET", "/metrics", &[], b"").body;
    assert!(m.contains("ward_policy_reloads_total{result=\"ok\"} 1"));
    assert!(m.contains("ward_policy_reloads_total{result=\"refused\"} 1"));
}
