# Sourced by tests/export/differential and tests/export/spark: builds `ward` and `gen_cases`
# ($PROFILE, default release), then writes $dir/cases.jsonl (N generated cases plus the example
# cases in policies/cases), $dir/batch.out (`ward eval --batch --rules` on them, timed) and
# $dir/cases.ndjson (`ward export cases`), $dir/examples.ndjson (the example cases' JSON reports). Needs $n, $dir, $as_of and $python (with pyyaml).
profile="${PROFILE:-release}"
if [ "$profile" = release ]; then
  nice -n 10 cargo build -q --locked --release -p ward-cli -p ward-bench --bin ward --bin gen_cases
else
  cargo build -q --locked -p ward-cli -p ward-bench --bin ward --bin gen_cases
fi
bin=${CARGO_TARGET_DIR:-target}/$profile
w=$bin/ward
"$bin/gen_cases" "$n" > "$dir/cases.jsonl"
base=$(wc -l < "$dir/cases.jsonl")
# One line per example case file (YAML or JSON; YAML dates as ISO text, as the loader reads them).
"$python" -c 'import json, sys, yaml
for f in sys.argv[1:]:
    print(json.dumps(yaml.safe_load(open(f)), default=lambda o: o.isoformat()))' \
  policies/cases/*.yaml policies/cases/*.json >> "$dir/cases.jsonl"
"$w" export cases "$dir/cases.jsonl" -o "$dir/cases.ndjson"
# The concluding rule: `--batch` does not print it, the single-case JSON report does (each
# applying obligation's rules, the deciding one first; the deciding rule's module as `source`),
# so it is compared on the example cases, one line each, keyed by their line in cases.jsonl.
line=$base
for f in policies/cases/*.yaml policies/cases/*.json; do
  line=$((line + 1))
  "$w" eval "$f" --as-of "$as_of" --format json | "$python" -c 'import json, sys
print(json.dumps({"line": int(sys.argv[1]), "obligations": json.load(sys.stdin)["obligations"]}))' "$line"
done > "$dir/examples.ndjson"
start=$(date +%s.%N)
"$w" eval --batch "$dir/cases.jsonl" --rules --as-of "$as_of" > "$dir/batch.out"
end=$(date +%s.%N)
batch_secs=$(awk "BEGIN { print $end - $start }")
cases_n=$(wc -l < "$dir/cases.jsonl")
echo "ward eval --batch: $batch_secs s ($(awk "BEGIN { printf \"%.0f\", $cases_n / $batch_secs }") cases/s)"
