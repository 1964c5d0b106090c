"""DuckDB runs `ward export sql` over the cases table and every (case, obligation) status and
level is compared with `ward eval --batch` on the same cases, in both directions (compare.py).

usage: differential.py DDL.sql QUERY.sql CASES.ndjson BATCH.out CASES.jsonl EXAMPLES.ndjson
"""
import sys
import time

import duckdb

from compare import batch_outcomes, report

ddl, query, ndjson, batch_out, jsonl, examples = sys.argv[1:7]
con = duckdb.connect()
con.execute(open(ddl).read())
cols = con.execute(
    "select column_name, data_type from information_schema.columns "
    "where table_name = 'cases' order by ordinal_position"
).fetchall()
spec = "{" + ", ".join(f"'{n}': '{t}'" for n, t in cols) + "}"
con.execute(
    f"insert into cases select * from read_json('{ndjson}', columns = {spec}, "
    "format = 'newline_delimited')"
)
q = open(query).read()
t = time.time()
rows = con.execute(q).fetchall()
secs = time.time() - t
cases = con.execute("select count(*) from cases").fetchone()[0]
sys.exit(report("duckdb", rows, cases, secs, batch_outcomes(batch_out, jsonl), examples, jsonl))
