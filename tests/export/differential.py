"""DuckDB runs `ward export sql` over the cases table and every (case, obligation) status and
level is compared with `ward eval --batch` on the same cases, in both directions.

usage: differential.py DDL.sql QUERY.sql CASES.ndjson BATCH.out CASES.jsonl
"""
import json
import sys
import time

import duckdb

ddl, query, ndjson, batch_out, jsonl = sys.argv[1:6]
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
sql = {(r[0], r[1]): (r[2], r[3]) for r in rows}
batch = {}
for line in open(batch_out):
    o = json.loads(line)
    for ob in o["obligations"]:
        batch[(f"{jsonl}:{o['line']}", ob["id"])] = (ob["status"], ob.get("level"))
agree = sum(1 for k, v in batch.items() if sql.get(k) == v)
differ = [(k, v, sql.get(k)) for k, v in batch.items() if sql.get(k) != v]
# `--batch` leaves out obligations that do not apply; the query lists every one.
extra = [(k, v) for k, v in sql.items() if v[0] != "does_not_apply" and k not in batch]
cases = con.execute("select count(*) from cases").fetchone()[0]
print(f"cases: {cases}, rows: {len(sql)}, duckdb query: {secs:.2f} s ({cases / secs:.0f} cases/s)")
for d in (differ + extra)[:20]:
    print("differs:", d)
print(f"{agree} passed, {len(differ) + len(extra)} failed")
sys.exit(1 if differ or extra else 0)
