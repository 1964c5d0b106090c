// Unit tests of the case commands' pure parts: which files are cases, the `ward eval`
// arguments, and telling from `ward eval --help` whether the HTML decision record exists.
import { strict as assert } from "assert";
import { test } from "node:test";
import { evalArgs, evalCwd, heading, isCaseFile, supportsHtml } from "../src/evaluate";

test("JSON and YAML files are cases; policy is not", () => {
  for (const f of ["a.yaml", "b.YML", "C:\\cases\\c.json"]) assert.ok(isCaseFile(f), f);
  for (const f of ["governance.ward", "ward.toml", "notes.md"]) assert.ok(!isCaseFile(f), f);
});

test("the arguments put the case first and the user's extra arguments last", () => {
  assert.deepEqual(evalArgs("/w/case one.yaml", "text", ["--policy", "trust"]), ["eval", "/w/case one.yaml", "--format", "text", "--policy", "trust"]);
  assert.deepEqual(evalArgs("c.json", "html", []), ["eval", "c.json", "--format", "html"]);
});

const OLD_HELP = `Usage: ward eval [OPTIONS] [CASE]

Options:
      --batch <CASES.jsonl>  Evaluate a JSON Lines file
      --format <FORMAT>      [default: text] [possible values: text, json]
      --policy <DIR>         A local policy directory to add to the standard library (repeatable)
      --all                  Also list the obligations that do not apply; html is not a format here
`;

test("the HTML record is offered only when --format lists html", () => {
  assert.equal(supportsHtml(OLD_HELP), false);
  assert.equal(supportsHtml(OLD_HELP.replace("text, json]", "text, json, html]")), true);
  // clap's long help, one value a line
  const long = "Options:\n      --format <FORMAT>\n          Possible values:\n          - text: for people\n          - html: the decision record\n\n      --all\n";
  assert.equal(supportsHtml(long), true);
  assert.equal(supportsHtml("no options at all"), false);
});

test("eval runs in the case's workspace folder, else beside the case", () => {
  assert.equal(evalCwd("/w/cases/a.yaml", "/w", "linux"), "/w");
  assert.equal(evalCwd("/w/cases/a.yaml", undefined, "linux"), "/w/cases");
  assert.equal(evalCwd("C:\\My Cases\\a.yaml", undefined, "win32"), "C:\\My Cases");
});

test("the heading quotes arguments with spaces", () => {
  assert.equal(heading("/x/ward", ["eval", "/w/my case.yaml"], "/w"), '$ /x/ward eval "/w/my case.yaml"   (in /w)');
});
