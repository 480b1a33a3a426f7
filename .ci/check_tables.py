#!/usr/bin/env python3
"""Reads every output table with DuckDB, pyarrow and polars and checks the contract's columns
and types (../shared/CONTRACT.md), written down here independently of the Rust schema."""
import sys
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

S, I8, I16, I32, F64, B, D = "string", "int8", "int16", "int32", "float64", "bool", "date"
LS, LF = "list<string>", "list<float64>"

CONTRACT = {
    "documents": {
        "doc_id": S, "source": S, "status": S, "error": S, "region": S, "region_code": S,
        "admin_level": S, "published": D, "report_year": I16, "script": S, "encoding": S,
        "n_facts": I32,
    },
    "facts": {
        "fact_id": S, "doc_id": S, "text": S, "start": I32, "end": I32, "sentence": S,
        "subject": S, "indicator": S, "linked_by": S, "sector": S, "region": S, "year": I16,
        "period": S, "status": S, "measure": S, "value": F64, "unit": S, "classifier": S,
        "approx": S, "raw_value": S, "raw_unit": S, "scale": I8,
    },
    "indicators": {
        "region": S, "region_code": S, "indicator": S, "unit": S, "year": I16, "status": S,
        "value": F64, "n_facts": I32, "n_docs": I32, "fact_ids": LS, "conflict": B,
        "values": LF,
    },
    "yoy": {
        "region": S, "indicator": S, "unit": S, "comparison": S, "year": I16, "prev_year": I16,
        "value": F64, "prev_value": F64, "delta": F64, "pct_change": F64,
    },
    "plan_vs_actual": {
        "region": S, "indicator": S, "unit": S, "year": I16, "target": F64, "actual": F64,
        "attainment_pct": F64, "stated_attainment_pct": F64,
    },
}
KEYS = {
    "documents": ["source"],
    "facts": ["fact_id"],
    "indicators": ["region", "indicator", "unit", "year", "status"],
    "yoy": ["region", "indicator", "unit", "comparison", "year"],
    "plan_vs_actual": ["region", "indicator", "unit", "year"],
}


def arrow_name(t: pa.DataType) -> str:
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return S
    if pa.types.is_dictionary(t):
        return arrow_name(t.value_type)
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_list_view(t) or pa.types.is_large_list_view(t):
        return f"list<{arrow_name(t.value_type)}>"
    if pa.types.is_boolean(t):
        return B
    if pa.types.is_date32(t):
        return D
    return str(t).replace("double", "float64")


DUCK = {S: "VARCHAR", I8: "TINYINT", I16: "SMALLINT", I32: "INTEGER", F64: "DOUBLE", B: "BOOLEAN",
        D: "DATE", LS: "VARCHAR[]", LF: "DOUBLE[]"}
POLARS = {S: pl.String, I8: pl.Int8, I16: pl.Int16, I32: pl.Int32, F64: pl.Float64, B: pl.Boolean,
          D: pl.Date, LS: pl.List(pl.String), LF: pl.List(pl.Float64)}


def main(out: Path) -> int:
    problems = []
    con = duckdb.connect()
    for table, cols in CONTRACT.items():
        path = out / f"{table}.parquet"
        if not path.exists():
            problems.append(f"{path}: missing")
            continue
        at = pq.read_table(path)
        meta = pq.read_metadata(path).metadata or {}
        if b"minsheng.schema_version" not in meta:
            problems.append(f"{path}: no minsheng.schema_version in the footer metadata")
        if meta.get(b"minsheng.table") != table.encode():
            problems.append(f"{path}: footer names table {meta.get(b'minsheng.table')!r}")
        codec = pq.ParquetFile(path).metadata.row_group(0).column(0).compression if at.num_rows else "ZSTD"
        if codec != "ZSTD":
            problems.append(f"{path}: compression {codec}, contract says zstd")
        arrow = {f.name: arrow_name(f.type) for f in at.schema}
        duck = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()}
        pdf = pl.read_parquet(path)
        for name, ty in cols.items():
            if arrow.get(name) != ty:
                problems.append(f"{table}.{name}: pyarrow type {arrow.get(name)}, contract {ty}")
            if duck.get(name) != DUCK[ty]:
                problems.append(f"{table}.{name}: DuckDB type {duck.get(name)}, contract {DUCK[ty]}")
            if pdf.schema.get(name) != POLARS[ty]:
                problems.append(f"{table}.{name}: polars type {pdf.schema.get(name)}, contract {POLARS[ty]}")
        key = KEYS[table]
        n = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]
        distinct = con.execute(
            f"SELECT count(*) FROM (SELECT DISTINCT {', '.join(key)} FROM read_parquet('{path}'))").fetchone()[0]
        if n != distinct:
            problems.append(f"{table}: {n - distinct} rows share a key ({', '.join(key)})")
        if pdf.height != n or at.num_rows != n:
            problems.append(f"{table}: row counts differ between readers")
        print(f"{table}: {n} rows read by DuckDB, pyarrow and polars")
    # Self-describing footers: the same input fingerprint everywhere, a description per column.
    import json
    prints = set()
    for table, cols in CONTRACT.items():
        meta = pq.read_metadata(out / f"{table}.parquet").metadata or {}
        prints.add(meta.get(b"minsheng.input_fingerprint"))
        described = json.loads(meta.get(b"minsheng.columns", b"{}"))
        missing = [c for c in cols if not described.get(c, {}).get("description")]
        if missing:
            problems.append(f"{table}: no description in the footer for {missing}")
    if len(prints) != 1 or None in prints:
        problems.append(f"tables disagree on minsheng.input_fingerprint: {prints}")
    # facts: the raw span must be the text
    facts = pl.read_parquet(out / "facts.parquet")
    docs = pl.read_parquet(out / "documents.parquet")
    if facts.height and (facts["value"].is_nan().any() or facts["value"].is_infinite().any()):
        problems.append("facts: value has NaN or infinite numbers")
    bad = facts.join(docs.select("doc_id"), on="doc_id", how="anti").height
    if bad:
        problems.append(f"facts: {bad} facts whose doc_id is not in documents")
    for p in problems:
        print("CONTRACT:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "processed")))
