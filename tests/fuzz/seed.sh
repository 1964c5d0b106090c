#!/usr/bin/env bash
# Seed the fuzz corpora from the repository's own fixtures: every .ward file for the parser
# and the checker, every JSON case (and generated ones) for the case loader and evaluation,
# every ward.toml and ward.lock for the manifest and lock targets, and a few protocol streams.
set -euo pipefail
cd "$(dirname "$0")"
root=../..
mkdir -p corpus/parse corpus/check corpus/case_loader corpus/eval
i=0
while IFS= read -r f; do
  i=$((i + 1))
  cp "$f" "corpus/parse/seed-$i.ward"
  cp "$f" "corpus/check/seed-$i.ward"
done < <(find "$root/stdlib/nhs" "$root/tests/fixtures" "$root/policies" -name '*.ward')
j=0
while IFS= read -r f; do
  j=$((j + 1))
  cp "$f" "corpus/case_loader/seed-$j.json"
  cp "$f" "corpus/eval/seed-$j.json"
done < <(find "$root/policies/cases" "$root/tests/fixtures/cases" -name '*.json')
# YAML cases too: the case loader reads every input both ways.
while IFS= read -r f; do
  j=$((j + 1))
  cp "$f" "corpus/case_loader/seed-$j.yaml"
done < <(find "$root/policies/cases" "$root/tests/fixtures/cases" -name '*.yaml')
# Generated cases, one per file.
(cd "$root" && cargo run --quiet --release -p ward-bench --bin gen_cases 200) | split -l 1 - corpus/eval/gen-
cp corpus/eval/gen-* corpus/case_loader/
# Manifests and locks from every fixture package.
mkdir -p corpus/manifest corpus/lockfile corpus/lsp_stream
k=0
while IFS= read -r f; do
  k=$((k + 1))
  cp "$f" "corpus/manifest/seed-$k.toml"
done < <(find "$root/tests" "$root/policies" "$root/stdlib" -name ward.toml -not -path '*/target/*')
while IFS= read -r f; do
  k=$((k + 1))
  cp "$f" "corpus/lockfile/seed-$k.lock"
done < <(find "$root/tests" "$root/policies" -name ward.lock -not -path '*/target/*')
# Protocol streams: a session's first messages, and one of each malformed frame.
frame() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
frame '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}' > corpus/lsp_stream/initialize
{ frame '{"jsonrpc":"2.0","method":"initialized","params":{}}'; frame '{"jsonrpc":"2.0","id":2,"method":"shutdown"}'; } > corpus/lsp_stream/two
printf 'Content-Length: x\r\n\r\n{}' > corpus/lsp_stream/bad-length
frame '[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]' > corpus/lsp_stream/batch
frame '{"jsonrpc":"2.0","method":"x","params":"\ud800"}' > corpus/lsp_stream/surrogate
frame '{"jsonrpc":"2.0","id":3,"result":null}' > corpus/lsp_stream/response
echo "seeded: $i policy files, $j case files, 200 generated cases"
