"""Spark (local mode) runs `ward export sql --dialect spark` over the cases table, loaded from
NDJSON with the schema of `ward export table --dialect spark`, and every (case, obligation)
status and level is compared with `ward eval --batch` on the same cases (compare.py).

usage: spark.py DDL.sql QUERY.sql CASES.ndjson BATCH.out CASES.jsonl EXAMPLES.ndjson
"""
import os
import re
import sys
import time

from pyspark.sql import SparkSession

from compare import batch_outcomes, report

ddl, query, ndjson, batch_out, jsonl, examples = sys.argv[1:7]
# The columns of `CREATE TABLE cases (…);` are the schema string `spark.read.schema` takes:
# reading with it, not inferring, is what a platform job does and checks the DDL itself.
m = re.fullmatch(r"\s*CREATE TABLE (\S+) \((.*)\);\s*", open(ddl).read(), re.S)
if not m:
    sys.exit(f"{ddl}: not a CREATE TABLE statement")
table, columns = m.group(1), m.group(2)

spark = (
    SparkSession.builder.master("local[2]")
    .appName("ward-export-differential")
    # On one machine, bound to loopback, without the web UI.
    .config("spark.driver.host", "127.0.0.1")
    .config("spark.driver.bindAddress", "127.0.0.1")
    .config("spark.ui.enabled", "false")
    .config("spark.ui.showConsoleProgress", "false")
    # The driver JVM starts with these options: quiet from its first line (tests/export/spark
    # writes the log4j2 file).
    .config(
        "spark.driver.extraJavaOptions",
        f"-Dlog4j2.configurationFile=file:{os.environ['SPARK_CONF_DIR']}/log4j2.properties",
    )
    .config("spark.sql.session.timeZone", "UTC")
    # Two cores: the default 200 shuffle partitions would be 200 tiny tasks.
    .config("spark.sql.shuffle.partitions", "2")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
t = time.time()
# FAILFAST: a row the schema cannot read is an error, never a silently NULL column. Two
# partitions for the two cores: a file this small is read as one.
df = spark.read.schema(columns).option("mode", "FAILFAST").json(ndjson).repartition(2).cache()
cases = df.count()
print(f"spark: load {time.time() - t:.1f} s", flush=True)
df.createOrReplaceTempView(table)
q = open(query).read()


def run():
    # The `noop` sink computes every row and column and keeps none: the query alone, without
    # the copy of 1.5 million rows into Python that the comparison needs.
    spark.sql(q).write.format("noop").mode("overwrite").save()


# A warm-up run generates the plan's code; the timed run is the query alone (planning too).
t = time.time()
run()
print(f"spark: warm-up {time.time() - t:.1f} s", flush=True)
t = time.time()
run()
secs = time.time() - t
t = time.time()
rows = spark.sql(q).collect()
print(f"spark: the rows into Python {time.time() - t:.1f} s", flush=True)
code = report("spark", rows, cases, secs, batch_outcomes(batch_out, jsonl), examples, jsonl)
spark.stop()
sys.exit(code)
