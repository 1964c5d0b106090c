"""PostgreSQL's rows of `ward export sql --dialect postgres` (CSV, NULL as \\N, written by
tests/export/postgres) compared with `ward eval --batch` on the same cases (compare.py).

usage: postgres.py ROWS.csv CASES SECONDS BATCH.out CASES.jsonl EXAMPLES.ndjson
"""
import csv
import sys

from compare import batch_outcomes, report

rows_csv, cases, secs, batch_out, jsonl, examples = sys.argv[1:7]
with open(rows_csv, newline="") as f:
    rows = [tuple(None if v == "\\N" else v for v in r) for r in csv.reader(f)]
sys.exit(
    report(
        "postgres", rows, int(cases), float(secs), batch_outcomes(batch_out, jsonl), examples, jsonl
    )
)
