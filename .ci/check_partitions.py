#!/usr/bin/env python3
"""With --partition-by year: DuckDB reads the hive-partitioned datasets with partition pruning
and gets the same rows as from the flat files; low-cardinality strings are dictionary-encoded
while their type stays a string."""
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

out = Path(sys.argv[1] if len(sys.argv) > 1 else "processed")
con = duckdb.connect()
problems = []

for table in ("facts", "indicators", "yoy", "plan_vs_actual"):
    flat = out / f"{table}.parquet"
    parts = sorted((out / table).glob("year=*/part-0.parquet"))
    n_flat = con.execute(f"SELECT count(*) FROM read_parquet('{flat}')").fetchone()[0]
    if n_flat == 0:
        continue
    if not parts:
        problems.append(f"{table}: no partitions under {out / table}")
        continue
    glob = f"{out / table}/*/*.parquet"
    n_parts = con.execute(f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning = true)").fetchone()[0]
    if n_parts != n_flat:
        problems.append(f"{table}: {n_parts} rows in partitions, {n_flat} in the flat file")
    year = con.execute(f"SELECT max(year) FROM read_parquet('{flat}')").fetchone()[0]
    if year is None:
        continue
    want = con.execute(f"SELECT count(*) FROM read_parquet('{flat}') WHERE year = {year}").fetchone()[0]
    got = con.execute(
        f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning = true) WHERE year = {year}").fetchone()[0]
    if got != want:
        problems.append(f"{table}: year = {year} gives {got} rows from partitions, {want} from the flat file")
    # Pruning: the plan scans only the files of that year.
    plan = "\n".join(r[1] for r in con.execute(
        f"EXPLAIN ANALYZE SELECT count(*) FROM read_parquet('{glob}', hive_partitioning = true) WHERE year = {year}"
    ).fetchall())
    scanned = [l for l in plan.splitlines() if "Scanning Files" in l or "Total Files Read" in l]
    if len(parts) > 1 and not any("Scanning Files: 1/" in l or "Total Files Read: 1 " in l for l in scanned):
        problems.append(f"{table}: the query on year = {year} was not pruned to one partition: {scanned}")
    print(f"{table}: {len(parts)} year partitions, {n_parts} rows; year = {year} read {scanned or 'one partition'}")

for table, cols in {"facts": ["unit", "sector", "status", "region"], "documents": ["status", "region"]}.items():
    md = pq.ParquetFile(out / f"{table}.parquet").metadata
    if md.num_row_groups == 0:
        continue
    rg = md.row_group(0)
    names = [rg.column(i).path_in_schema for i in range(rg.num_columns)]
    for c in cols:
        enc = rg.column(names.index(c)).encodings
        if "RLE_DICTIONARY" not in enc and "PLAIN_DICTIONARY" not in enc:
            problems.append(f"{table}.{c}: not dictionary-encoded ({enc})")
    schema = pq.read_schema(out / f"{table}.parquet")
    for c in cols:
        if "string" not in str(schema.field(c).type):
            problems.append(f"{table}.{c}: type {schema.field(c).type}, not a string")

for p in problems:
    print("PARTITIONS:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
