#!/usr/bin/env bash
# Seed the fuzz corpora from the repository's own fixtures: every .ward file for the parser
# and the checker, every JSON case (and generated ones) for the case loader and evaluation.
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
echo "seeded: $i policy files, $j case files, 200 generated cases"
