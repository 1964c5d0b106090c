"""The comparison both differential runs share (DuckDB: differential.py, Spark: spark.py):
every (case, obligation) status and level of the exported query against `ward eval --batch`
on the same cases, in both directions, printed as `N passed, N failed`.
"""
import json


def batch_outcomes(batch_out, jsonl):
    """`ward eval --batch` output keyed as the query's rows are: (case_id, obligation)."""
    out = {}
    for line in open(batch_out):
        o = json.loads(line)
        for ob in o["obligations"]:
            out[(f"{jsonl}:{o['line']}", ob["id"])] = (ob["status"], ob.get("level"))
    return out


def report(engine, rows, cases, secs, batch):
    """Prints the agreement counts and the engine's throughput; the exit code (1 on any
    disagreement). `rows` are the query's (case_id, obligation, status, level, …) rows."""
    sql = {(r[0], r[1]): (r[2], r[3]) for r in rows}
    agree = sum(1 for k, v in batch.items() if sql.get(k) == v)
    differ = [(k, v, sql.get(k)) for k, v in batch.items() if sql.get(k) != v]
    # `--batch` leaves out obligations that do not apply; the query lists every one.
    extra = [(k, v) for k, v in sql.items() if v[0] != "does_not_apply" and k not in batch]
    print(
        f"cases: {cases}, rows: {len(sql)}, {engine} query: {secs:.2f} s "
        f"({cases / secs:.0f} cases/s)"
    )
    for d in (differ + extra)[:20]:
        print("differs:", d)
    print(f"{agree} passed, {len(differ) + len(extra)} failed")
    return 1 if differ or extra else 0
