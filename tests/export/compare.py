"""The comparison both differential runs share (DuckDB: differential.py, Spark: spark.py):
every (case, obligation) status, level and deciding rule of the exported query against
`ward eval --batch --rules` on the same cases, in both directions, and the rule on the example
cases against their JSON reports too; printed as `N passed, N failed`.
"""
import json


def batch_outcomes(batch_out, jsonl):
    """`ward eval --batch --rules` output keyed as the query's rows are: (case_id, obligation),
    each (status, level, deciding rule)."""
    out = {}
    for line in open(batch_out):
        o = json.loads(line)
        for ob in o["obligations"]:
            out[(f"{jsonl}:{o['line']}", ob["id"])] = (ob["status"], ob.get("level"), ob.get("rule"))
    return out


def rules_report(rows, examples, jsonl):
    """The concluding rule on the example cases against their JSON reports (`--batch` does
    not print it): for an obligation that applies, the report's first rule (the deciding one,
    strongest first); for one undetermined, the module of the rule left open (`source`).
    Prints the counts; returns (agree, differ)."""
    sql = {(r[0], r[1]): r[4] for r in rows}
    agree, differ = 0, []
    for line in open(examples):
        o = json.loads(line)
        for ob in o["obligations"]:
            key = (f"{jsonl}:{o['line']}", ob["id"])
            rule = sql.get(key)
            if ob["status"] == "applies":
                same = bool(ob["rules"]) and rule == ob["rules"][0]
            else:
                same = rule is not None and rule.rsplit(".", 1)[0] == ob["source"]["module"]
            if same:
                agree += 1
            else:
                differ.append((key, ob["status"], ob.get("rules"), ob["source"]["module"], rule))
    for d in differ[:20]:
        print("rule differs:", d)
    print(f"concluding rule on the example cases: {agree} agree, {len(differ)} differ")
    return agree, len(differ)


def report(engine, rows, cases, secs, batch, examples, jsonl):
    """Prints the agreement counts and the engine's throughput; the exit code (1 on any
    disagreement). `rows` are the query's (case_id, obligation, status, level, rule) rows."""
    sql = {(r[0], r[1]): (r[2], r[3]) for r in rows}
    agree = sum(1 for k, v in batch.items() if sql.get(k) == v[:2])
    differ = [(k, v[:2], sql.get(k)) for k, v in batch.items() if sql.get(k) != v[:2]]
    # The deciding rule on every case, from `--batch --rules`.
    rule = {(r[0], r[1]): r[4] for r in rows}
    rules_on = [(k, v[2], rule.get(k)) for k, v in batch.items()]
    rules_differ = [d for d in rules_on if d[1] != d[2]]
    # `--batch` leaves out obligations that do not apply; the query lists every one.
    extra = [(k, v) for k, v in sql.items() if v[0] != "does_not_apply" and k not in batch]
    print(
        f"cases: {cases}, rows: {len(sql)}, {engine} query: {secs:.2f} s "
        f"({cases / secs:.0f} cases/s)"
    )
    for d in (differ + extra)[:20]:
        print("differs:", d)
    for d in rules_differ[:20]:
        print("rule differs (--batch --rules):", d)
    print(
        f"concluding rule on every case: {len(rules_on) - len(rules_differ)} agree, "
        f"{len(rules_differ)} differ"
    )
    ex_agree, ex_differ = rules_report(rows, examples, jsonl)
    passed = agree + len(rules_on) - len(rules_differ) + ex_agree
    failed = len(differ) + len(extra) + len(rules_differ) + ex_differ
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
