//! End to end: the binary on the real documents in raw/ into a temporary directory.

use polars::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_minsheng"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_on(input: &Path, output: &Path) -> std::process::Output {
    bin()
        .arg("run")
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(output)
        .output()
        .expect("binary runs")
}

fn read(dir: &Path, table: &str) -> DataFrame {
    let f = std::fs::File::open(dir.join(format!("{table}.parquet"))).unwrap();
    ParquetReader::new(f).finish().unwrap()
}

fn dtype_name(dt: &DataType) -> String {
    match dt {
        DataType::String => "string".into(),
        DataType::Int8 => "int8".into(),
        DataType::Int16 => "int16".into(),
        DataType::Int32 => "int32".into(),
        DataType::Int64 => "int64".into(),
        DataType::Float64 => "float64".into(),
        DataType::Boolean => "bool".into(),
        DataType::Date => "date".into(),
        DataType::List(inner) => format!("list<{}>", dtype_name(inner)),
        other => format!("{other}"),
    }
}

#[test]
fn run_on_raw_writes_every_table_with_the_contract_schema() {
    let out = tempfile::tempdir().unwrap();
    let res = run_on(&repo().join("raw"), out.path());
    let stdout = String::from_utf8_lossy(&res.stdout);
    assert_eq!(
        res.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&res.stderr)
    );
    assert!(stdout.contains("5 documents (5 ok, 0 rejected"), "{stdout}");
    for table in minsheng::schema::ALL {
        let df = read(out.path(), table.name);
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|s| s.to_string())
            .collect();
        let want: Vec<String> = table.columns.iter().map(|c| c.name.to_string()).collect();
        assert_eq!(names, want, "{}", table.name);
        for c in table.columns {
            let got = dtype_name(df.column(c.name).unwrap().dtype());
            assert_eq!(got, c.ty.as_str(), "{}.{}", table.name, c.name);
        }
    }
    let docs = read(out.path(), "documents");
    assert_eq!(docs.height(), 5);
}

#[test]
fn two_runs_on_the_same_input_write_identical_files() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    run_on(&repo().join("raw"), a.path());
    run_on(&repo().join("raw"), b.path());
    for table in minsheng::schema::ALL {
        let name = table.file_name();
        let x = std::fs::read(a.path().join(&name)).unwrap();
        let y = std::fs::read(b.path().join(&name)).unwrap();
        assert!(x == y, "{name} differs between two runs");
    }
}

#[test]
fn missing_input_directory_exits_3_naming_it() {
    let out = tempfile::tempdir().unwrap();
    let res = run_on(Path::new("/nonexistent/minsheng-input"), out.path());
    assert_eq!(res.status.code(), Some(3));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(err.contains("/nonexistent/minsheng-input"), "{err}");
}

#[test]
fn unwritable_output_exits_3_naming_it() {
    let out = tempfile::tempdir().unwrap();
    let blocker = out.path().join("a-file");
    std::fs::write(&blocker, "not a directory").unwrap();
    let res = run_on(&repo().join("raw"), &blocker.join("processed"));
    assert_eq!(res.status.code(), Some(3));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(err.contains("a-file"), "{err}");
}

#[test]
fn bad_flags_exit_2() {
    let res = bin().args(["run", "--max-bytes", "zero"]).output().unwrap();
    assert_eq!(res.status.code(), Some(2));
    let res = bin().args(["run", "--max-bytes", "0"]).output().unwrap();
    assert_eq!(res.status.code(), Some(2));
}

#[test]
fn rejected_and_duplicate_files_get_rows_and_exit_1() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let doc = std::fs::read(repo().join("raw/000_faa345ac3de5e59b.txt")).unwrap();
    std::fs::write(input.path().join("a.txt"), &doc).unwrap();
    std::fs::write(input.path().join("b.txt"), &doc).unwrap();
    std::fs::write(input.path().join("empty.txt"), b"").unwrap();
    std::fs::write(input.path().join("image.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::create_dir(input.path().join("sub")).unwrap();
    std::fs::write(input.path().join("sub/c.txt"), "2024年新建公园3个。").unwrap();
    let res = run_on(input.path(), out.path());
    assert_eq!(
        res.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let docs = read(out.path(), "documents");
    let rows: Vec<String> = (0..docs.height())
        .map(|i| {
            format!(
                "{} {}",
                docs.column("source").unwrap().get(i).unwrap(),
                docs.column("status").unwrap().get(i).unwrap()
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            "\"a.txt\" \"ok\"",
            "\"b.txt\" \"duplicate\"",
            "\"empty.txt\" \"rejected\"",
            "\"image.png\" \"rejected\"",
            "\"sub/c.txt\" \"ok\"",
        ]
    );
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert!(stderr.contains("empty.txt"), "{stderr}");
    assert!(stderr.contains("image.png"), "{stderr}");
}

#[test]
fn stages_run_one_by_one_give_the_same_tables_as_run() {
    let whole = tempfile::tempdir().unwrap();
    let staged = tempfile::tempdir().unwrap();
    run_on(&repo().join("raw"), whole.path());
    let o = staged.path().to_str().unwrap();
    let raw = repo().join("raw");
    for args in [
        vec!["ingest", "--input", raw.to_str().unwrap(), "--output", o],
        vec!["extract", "--output", o],
        vec!["aggregate", "--output", o],
    ] {
        let res = bin().args(&args).output().unwrap();
        assert_eq!(
            res.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&res.stderr)
        );
    }
    for table in minsheng::schema::ALL {
        let name = table.file_name();
        let x = std::fs::read(whole.path().join(&name)).unwrap();
        let y = std::fs::read(staged.path().join(&name)).unwrap();
        assert!(x == y, "{name} differs between run and the staged commands");
    }
}

#[test]
fn aggregate_without_earlier_stages_says_what_to_run() {
    let out = tempfile::tempdir().unwrap();
    let res = bin()
        .args(["aggregate", "--output", out.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(3));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(
        err.contains("facts.parquet") && err.contains("minsheng run"),
        "{err}"
    );
}

#[test]
fn eval_scores_the_output_against_gold_files() {
    let out = tempfile::tempdir().unwrap();
    run_on(&repo().join("raw"), out.path());
    let res = bin()
        .args(["eval", "--gold"])
        .arg(repo().join("tests/gold"))
        .arg("--corpus")
        .arg(repo().join("raw"))
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(
        res.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let text = String::from_utf8_lossy(&res.stdout);
    assert!(text.contains("000_faa345ac3de5e59b: gold 62"), "{text}");
    let last = text.lines().last().unwrap();
    let f1: f64 = last
        .split_whitespace()
        .find_map(|w| w.strip_prefix("F1="))
        .and_then(|v| v.parse().ok())
        .expect("an F1= figure");
    assert!(f1 > 0.9, "{last}");
    // A gold folder that does not exist is a usage error naming it.
    let res = bin()
        .args(["eval", "--gold", "/nonexistent/gold", "--output"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&res.stderr).contains("/nonexistent/gold"));
}

#[test]
fn catalog_report_and_a_catalog_override() {
    let out = tempfile::tempdir().unwrap();
    run_on(&repo().join("raw"), out.path());
    let o = out.path().to_str().unwrap();
    let res = bin()
        .args(["catalog-report", "--output", o, "--top", "5"])
        .output()
        .unwrap();
    assert_eq!(
        res.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let text = String::from_utf8_lossy(&res.stdout);
    assert!(
        text.contains("facts (") && text.contains("link to a catalog entry"),
        "{text}"
    );
    assert!(
        text.contains("## Most frequent unlinked subjects"),
        "{text}"
    );
    assert!(text.contains("## Entries that matched nothing"), "{text}");
    assert!(
        text.contains("## Entries matched by a single fact"),
        "{text}"
    );
    // A one-entry catalog: only rural roads link; everything else gets a derived key.
    let cat = out.path().join("tiny.toml");
    std::fs::write(
        &cat,
        "[[indicator]]\nkey = \"rural_roads_built\"\nname_zh = \"新改建农村公路\"\nname_en = \"Rural roads built\"\nunit = \"km\"\nsector = \"transport\"\npatterns = [\"农村公路\"]\n",
    )
    .unwrap();
    let res = bin()
        .args(["aggregate", "--output", o, "--catalog"])
        .arg(&cat)
        .output()
        .unwrap();
    assert_eq!(
        res.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let facts = read(out.path(), "facts");
    let keys: std::collections::BTreeSet<String> = facts
        .column("indicator")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .filter(|k| !k.starts_with("s:"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        keys.into_iter().collect::<Vec<_>>(),
        vec!["rural_roads_built"]
    );
    // A later run with the built-in catalog keeps no link of the tiny one (every file is
    // unchanged, so its facts are reused): the facts are those of a fresh run.
    run_on(&repo().join("raw"), out.path());
    let fresh = tempfile::tempdir().unwrap();
    run_on(&repo().join("raw"), fresh.path());
    assert!(read(out.path(), "facts").equals_missing(&read(fresh.path(), "facts")));
    // A broken catalog is a configuration error naming the file and the entry.
    std::fs::write(&cat, "[[indicator]]\nkey = \"x\"\nname_zh = \"x\"\nname_en = \"x\"\nunit = \"furlong\"\nsector = \"transport\"\npatterns = [\"x\"]\n").unwrap();
    let res = bin()
        .args(["aggregate", "--output", o, "--catalog"])
        .arg(&cat)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(
        err.contains("tiny.toml") && err.contains("furlong"),
        "{err}"
    );
}
