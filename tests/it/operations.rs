//! Scheduled-run behaviour: incremental runs, atomic writes under a kill, the lock, --jobs,
//! shards and merge, a bad-input directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_minsheng"))
}

fn raw() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("raw")
}

fn run(args: &[&str], input: &Path, output: &Path) -> Output {
    let out = bin()
        .arg("run")
        .args(args)
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(output)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn summary(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("--json prints one JSON object")
}

/// The contract tables (not runs.parquet, which appends).
const TABLES: [&str; 5] = [
    "documents.parquet",
    "facts.parquet",
    "indicators.parquet",
    "yoy.parquet",
    "plan_vs_actual.parquet",
];

fn snapshot(dir: &Path) -> Vec<Vec<u8>> {
    TABLES
        .iter()
        .map(|t| std::fs::read(dir.join(t)).unwrap())
        .collect()
}

fn copy_raw(to: &Path) {
    for e in std::fs::read_dir(raw()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn second_run_on_unchanged_input_extracts_nothing_and_writes_identical_tables() {
    let out = tempfile::tempdir().unwrap();
    let first = summary(&run(&[], &raw(), out.path()));
    assert_eq!(first["new"], 5);
    let before = snapshot(out.path());
    let second = summary(&run(&[], &raw(), out.path()));
    assert_eq!(second["unchanged"], 5, "{second}");
    assert_eq!(second["new"], 0);
    assert_eq!(second["changed"], 0);
    assert!(
        before == snapshot(out.path()),
        "tables changed on an unchanged input"
    );
    // --full rebuilds and still writes the same bytes.
    let full = summary(&run(&["--full"], &raw(), out.path()));
    assert_eq!(full["new"], 5, "{full}");
    assert!(before == snapshot(out.path()));
    // runs.parquet has one row per run.
    let f = std::fs::File::open(out.path().join("runs.parquet")).unwrap();
    let runs = polars::prelude::ParquetReader::new(f);
    use polars::prelude::SerReader;
    assert_eq!(runs.finish().unwrap().height(), 3);
}

#[test]
fn changed_new_and_removed_files_are_counted_and_their_facts_follow() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    copy_raw(input.path());
    run(&[], input.path(), out.path());
    // Change one, remove one, add one.
    let a = input.path().join("000_faa345ac3de5e59b.txt");
    let mut text = std::fs::read_to_string(&a).unwrap();
    text.push_str("\n2024年新建城市公园12个。\n");
    std::fs::write(&a, text).unwrap();
    std::fs::remove_file(input.path().join("004_7ba5ad13118a4cf0.txt")).unwrap();
    std::fs::write(
        input.path().join("new.txt"),
        "2024年，全市新增城镇就业3.5万人。",
    )
    .unwrap();
    let s = summary(&run(&[], input.path(), out.path()));
    assert_eq!(
        (
            s["new"].as_u64(),
            s["changed"].as_u64(),
            s["unchanged"].as_u64(),
            s["removed"].as_u64()
        ),
        (Some(1), Some(1), Some(3), Some(1)),
        "{s}"
    );
    // The stage file keeps one line per readable document: reused ones copied over.
    let stage = std::fs::read_to_string(out.path().join("_stages/ingest.jsonl")).unwrap();
    let mut ids: Vec<&str> = stage
        .lines()
        .map(|l| l.split('"').nth(3).unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "{ids:?}");
    // The incremental result equals a full rebuild of the same input.
    let fresh = tempfile::tempdir().unwrap();
    run(&[], input.path(), fresh.path());
    assert!(
        snapshot(out.path()) == snapshot(fresh.path()),
        "incremental differs from full"
    );
}

#[test]
fn a_run_killed_while_writing_leaves_the_previous_tables_readable() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    copy_raw(input.path());
    run(&[], input.path(), out.path());
    std::fs::write(input.path().join("extra.txt"), "2024年新建公园3个。").unwrap();
    for (i, table) in [(0, "documents"), (1, "facts"), (3, "yoy")] {
        let before = snapshot(out.path());
        let res = bin()
            .args(["run", "--quiet", "--input"])
            .arg(input.path())
            .arg("--output")
            .arg(out.path())
            .env("MINSHENG_FAILPOINT", format!("before-rename:{table}"))
            .output()
            .unwrap();
        assert!(!res.status.success(), "the failpoint did not kill the run");
        // The table being written when the run died is the old one, byte for byte, and
        // every table is readable.
        let now = snapshot(out.path());
        assert!(
            now[i] == before[i],
            "{table} replaced although the run died"
        );
        for t in TABLES {
            let f = std::fs::File::open(out.path().join(t)).unwrap();
            use polars::prelude::SerReader;
            polars::prelude::ParquetReader::new(f).finish().unwrap();
        }
    }
    // The killed runs left their lock and half-written files behind (a killed run at scale
    // leaves gigabytes); the next run takes the lock over, removes them and completes.
    let leftovers = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-") || n.starts_with("aggregate.spill-"))
            .collect()
    };
    let stages = out.path().join("_stages");
    let killed: Vec<String> = [leftovers(out.path()), leftovers(&stages)].concat();
    assert!(
        !killed.is_empty(),
        "the killed runs left nothing to clean up"
    );
    let s = summary(&run(&[], input.path(), out.path()));
    assert_eq!(s["documents"], 6);
    assert_eq!(leftovers(out.path()), Vec::<String>::new());
    assert_eq!(leftovers(&stages), Vec::<String>::new());
}

#[test]
fn a_second_run_while_one_holds_the_lock_exits_at_once_naming_it() {
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(out.path().join("_state")).unwrap();
    // A live process holds the lock: this test's own parent process.
    let holder = std::process::id();
    std::fs::write(out.path().join("_state/lock"), format!("{holder}\n")).unwrap();
    let res = bin()
        .args(["run", "--input"])
        .arg(raw())
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(3));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(
        err.contains("_state/lock") && err.contains(&holder.to_string()),
        "{err}"
    );
    // A lock left by a dead process is taken over.
    std::fs::write(out.path().join("_state/lock"), "999999999\n").unwrap();
    run(&[], &raw(), out.path());
    assert!(
        !out.path().join("_state/lock").exists(),
        "lock not released"
    );
}

#[test]
fn output_is_identical_for_any_number_of_jobs() {
    let one = tempfile::tempdir().unwrap();
    let four = tempfile::tempdir().unwrap();
    run(&["--jobs", "1"], &raw(), one.path());
    run(&["--jobs", "4"], &raw(), four.path());
    assert!(snapshot(one.path()) == snapshot(four.path()));
}

#[test]
fn three_shards_merged_equal_one_run() {
    let whole = tempfile::tempdir().unwrap();
    run(&[], &raw(), whole.path());
    let shards: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut total = 0;
    for (k, dir) in shards.iter().enumerate() {
        let s = summary(&run(&["--shard", &format!("{k}/3")], &raw(), dir.path()));
        total += s["documents"].as_u64().unwrap();
    }
    assert_eq!(total, 5, "every document is in exactly one shard");
    let merged = tempfile::tempdir().unwrap();
    let res = bin()
        .arg("merge")
        .args(shards.iter().map(|d| d.path()))
        .arg("--output")
        .arg(merged.path())
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    assert!(
        snapshot(whole.path()) == snapshot(merged.path()),
        "merged shards differ from one run"
    );
}

#[test]
fn bad_shard_and_jobs_flags_exit_2() {
    for args in [["--shard", "3/3"], ["--shard", "x"], ["--jobs", "0"]] {
        let res = bin().arg("run").args(args).output().unwrap();
        assert_eq!(res.status.code(), Some(2), "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn bad_input_directory_gives_every_file_a_row_and_finishes() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let p = input.path();
    std::fs::write(p.join("empty.txt"), b"").unwrap();
    std::fs::write(
        p.join("binary.txt"),
        [0u8, 1, 2, 3, 0, 255, 0, 7].repeat(64),
    )
    .unwrap();
    std::fs::write(
        p.join("invalid.txt"),
        [0x80u8, 0xff, 0x81, 0xff, 0xfd].repeat(200),
    )
    .unwrap();
    let long: Vec<u8> = "新增就业1万人，".repeat(2_400_000).into_bytes(); // ~50 MB, one line
    std::fs::write(p.join("long.txt"), &long).unwrap();
    std::fs::write(p.join("unreadable.txt"), "2024年新建公园3个。").unwrap();
    std::fs::set_permissions(
        p.join("unreadable.txt"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    symlink(p.join("loop_a.txt"), p.join("loop_b.txt")).unwrap();
    symlink(p.join("loop_b.txt"), p.join("loop_a.txt")).unwrap();
    std::fs::create_dir(p.join("folder.txt")).unwrap();
    std::fs::write(p.join("folder.txt/inside.txt"), "2024年新建公园3个。").unwrap();
    std::fs::write(p.join("good.txt"), "2024年，全市新增城镇就业3.5万人。").unwrap();
    let res = bin()
        .args(["run", "--quiet", "--input"])
        .arg(p)
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(
        res.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let f = std::fs::File::open(out.path().join("documents.parquet")).unwrap();
    use polars::prelude::SerReader;
    let docs = polars::prelude::ParquetReader::new(f).finish().unwrap();
    let sources: Vec<String> = docs
        .column("source")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|s| s.unwrap().to_string())
        .collect();
    let root_can_read = std::fs::read(p.join("unreadable.txt")).is_ok();
    let mut want = vec![
        "binary.txt",
        "empty.txt",
        "folder.txt/inside.txt",
        "good.txt",
        "invalid.txt",
        "long.txt",
        "loop_a.txt",
        "loop_b.txt",
        "unreadable.txt",
    ];
    want.sort();
    assert_eq!(sources, want);
    let status: Vec<String> = docs
        .column("status")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|s| s.unwrap().to_string())
        .collect();
    let status_of = |name: &str| status[sources.iter().position(|s| s == name).unwrap()].clone();
    for name in [
        "binary.txt",
        "empty.txt",
        "invalid.txt",
        "loop_a.txt",
        "loop_b.txt",
    ] {
        assert_eq!(status_of(name), "rejected", "{name}");
    }
    assert_eq!(status_of("good.txt"), "ok");
    assert_eq!(status_of("folder.txt/inside.txt"), "ok");
    if !root_can_read {
        assert_eq!(status_of("unreadable.txt"), "rejected");
    }
    let errors = docs.column("error").unwrap().str().unwrap().clone();
    for (i, s) in sources.iter().enumerate() {
        if status[i] == "rejected" {
            assert!(
                errors.get(i).is_some_and(|e| !e.is_empty()),
                "{s} has no reason"
            );
        }
    }
}
