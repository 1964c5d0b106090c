// Unit tests of the Test Explorer's reading of `ward test --format json`, the package commands'
// arguments and the status bar's text.
import { strict as assert } from "assert";
import { test } from "node:test";
import { checkArgs, libraryVersion, parseTestRun, resolveFile, statusText, testArgs, testId } from "../src/testing";

// What `ward test tests/fixtures/test_json --format json` prints (tests/tests/cli.rs holds
// the Rust side of this shape with a snapshot).
const RUN = `{
  "tests": [
    {"module": "test_json.policy", "name": "AI tools are registered", "file": "tests/fixtures/test_json/policy.ward", "line": 29, "column": 1, "passed": true, "failures": []},
    {"module": "test_json.policy", "name": "a tool that is not AI needs no register entry", "file": "tests/fixtures/test_json/policy.ward", "line": 37, "column": 1, "passed": false,
     "failures": [{"file": "tests/fixtures/test_json/policy.ward", "line": 42, "column": 3, "message": "expected \`local-ai-register\` to apply (require), but it does not apply"}]}
  ],
  "unexercised": ["test_json.policy.device_log"],
  "passed": 1,
  "failed": 1
}`;

test("a run lists each test with its place and its failures", () => {
  const run = parseTestRun(RUN, "");
  assert.ok(!("error" in run));
  assert.equal(run.tests.length, 2);
  assert.equal(run.passed, 1);
  assert.equal(run.failed, 1);
  assert.deepEqual(run.unexercised, ["test_json.policy.device_log"]);
  const failed = run.tests[1];
  assert.equal(failed.passed, false);
  assert.equal(failed.failures[0].line, 42);
  assert.match(failed.failures[0].message, /does not apply/);
  assert.equal(testId(failed), "test_json.policy::a tool that is not AI needs no register entry");
});

test("a policy that does not compile gives ward's own error, not a JSON error", () => {
  const run = parseTestRun("", "error: the policy has 1 error; no test was run\n");
  assert.deepEqual(run, { error: "error: the policy has 1 error; no test was run" });
  const old = parseTestRun("ok    a :: b\n", "");
  assert.ok("error" in old && /older than/.test(old.error), JSON.stringify(old));
});

test("files are resolved against where ward ran", () => {
  assert.equal(resolveFile("policies/trust/governance.ward", "/w", "linux"), "/w/policies/trust/governance.ward");
  assert.equal(resolveFile("/abs/x.ward", "/w", "linux"), "/abs/x.ward");
  assert.equal(resolveFile("trust\\a.ward", "C:\\w", "win32"), "C:\\w\\trust\\a.ward");
});

test("the package commands' arguments", () => {
  assert.deepEqual(testArgs("/w/trust"), ["test", "/w/trust", "--format", "json"]);
  assert.deepEqual(checkArgs("/w/trust"), ["check", "/w/trust"]);
});

test("the status bar names the server's state and the library", () => {
  const status = "standard library: nhs 0.1.0, built into this ward\n  hash:      sha256:deb0\n";
  assert.equal(libraryVersion(status), "nhs 0.1.0");
  assert.equal(libraryVersion("something else"), undefined);
  assert.equal(statusText("running", "nhs 0.1.0"), "$(shield) Ward · nhs 0.1.0");
  assert.equal(statusText("missing", undefined), "$(warning) Ward");
});
