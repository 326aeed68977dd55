//! The command-line interface, run in-process with captured output.

use crate::support::cli as run;
use crate::support::*;
use backbone::store::migrations;
use tempfile::TempDir;

/// A database with the sample, closed.
fn db_with_sample(dir: &TempDir) -> std::path::PathBuf {
    let path = dir.path().join("cli.backbone");
    assert_eq!(run(&path, &["init"]).0, 0);
    assert_eq!(run(&path, &["sample"]).0, 0);
    path
}

#[test]
fn init_sample_and_check_on_a_new_file() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sub/folder/new.backbone");
    let (code, out, err) = run(&path, &["init"]);
    assert_eq!(code, 0, "{err}");
    assert!(path.is_file(), "init creates the file and its folders");
    assert!(out.contains("Created an empty Backbone database"), "{out}");
    assert!(out.contains(&path.display().to_string()), "{out}");

    let (code, out, err) = run(&path, &["sample"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Sample:"), "{out}");

    let (code, out, err) = run(&path, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().last().map(str::trim), Some("ok"), "{out}");
    assert!(out.contains("1 initiatives"), "{out}");

    // Loading the sample again is refused, and says why.
    let (code, _, err) = run(&path, &["sample"]);
    assert_eq!(code, 1);
    assert!(err.contains("already loaded"), "{err}");

    let (code, out, _) = run(&path, &["sample", "--remove"]);
    assert_eq!(code, 0);
    assert!(out.contains("Removed the sample"), "{out}");
    let (code, out, _) = run(&path, &["sample", "--remove"]);
    assert_eq!(code, 0);
    assert!(out.contains("no sample"), "{out}");
}

#[test]
fn check_json_is_a_report_with_the_schema_version() {
    let dir = TempDir::new().unwrap();
    let path = db_with_sample(&dir);
    let (code, out, err) = run(&path, &["check", "--json"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("check --json prints JSON");
    assert_eq!(report["schema_version"], migrations::latest_version());
    assert_eq!(
        report["latest_schema_version"],
        migrations::latest_version()
    );
    assert_eq!(report["application_id_ok"], true);
    assert_eq!(report["initiatives"], 1);
    assert!(report["observations"].as_i64().unwrap() > 100);
    assert_eq!(report["integrity_errors"], serde_json::json!([]));
}

#[test]
fn a_folder_is_refused() {
    let dir = TempDir::new().unwrap();
    let (code, out, err) = run(dir.path(), &["init"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("folder"), "{err}");
    assert!(err.contains(&dir.path().display().to_string()), "{err}");
}

#[test]
fn a_text_file_is_refused_and_kept() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("readme.txt");
    std::fs::write(&path, "These are my notes, not a database.\n").unwrap();
    for args in [&["init"][..], &["check"], &["sample"]] {
        let (code, _, err) = run(&path, args);
        assert_eq!(code, 1, "{args:?}");
        assert!(err.contains("not a SQLite database"), "{args:?}: {err}");
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "These are my notes, not a database.\n"
    );
}

#[test]
fn check_on_a_missing_file_fails_without_creating_it() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("typo.backbone");
    let (code, out, err) = run(&path, &["check"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(
        !path.exists(),
        "checking must not create the file it was asked to check"
    );
    assert!(listing(dir.path()).is_empty(), "{:?}", listing(dir.path()));
}

#[test]
fn check_reports_a_value_whose_measure_does_not_exist() {
    let dir = TempDir::new().unwrap();
    let path = db_with_sample(&dir);
    {
        // What another tool (or a bug) could do with foreign keys off.
        let conn = raw(&path);
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO observations (id, measure_id, period_id, disaggregation_id, value,
                 created_at, updated_at)
             SELECT 'orphan', 'no-such-measure', period_id, disaggregation_id, 1,
                    created_at, updated_at
             FROM observations LIMIT 1;",
        )
        .unwrap();
    }
    let (code, out, err) = run(&path, &["check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("problem: observations") && out.contains("-> measures"),
        "the report says which table points where: {out}"
    );
    assert_eq!(out.lines().last().map(str::trim), Some("DAMAGED"), "{out}");
    let (code, out, _) = run(&path, &["check", "--json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["foreign_key_errors"].as_array().unwrap().len(), 1);
}

#[test]
fn check_reports_a_file_with_garbage_in_its_pages() {
    let dir = TempDir::new().unwrap();
    let path = db_with_sample(&dir);
    // Overwrite the middle of the observations table's root page (page 2 or later).
    let (page_size, root): (i64, i64) = {
        let conn = raw(&path);
        (
            conn.query_row("PRAGMA page_size", [], |r| r.get(0))
                .unwrap(),
            conn.query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'observation_values'",
                [],
                |r| r.get(0),
            )
            .unwrap(),
        )
    };
    assert!(root >= 2);
    assert!(
        !dir.path().join("cli.backbone-wal").exists(),
        "everything is in the main file once closed"
    );
    let mut content = bytes(&path);
    let start = ((root - 1) * page_size) as usize;
    for (i, byte) in content[start + 8..start + page_size as usize - 8]
        .iter_mut()
        .enumerate()
    {
        *byte = (i * 31 % 251) as u8;
    }
    std::fs::write(&path, &content).unwrap();

    let (code, out, err) = run(&path, &["check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("DAMAGED") || err.contains("malformed"),
        "the user is told the file is damaged: {out}{err}"
    );
}

#[test]
fn no_command_is_a_usage_error() {
    let cli = backbone::cli::parse(["backbone"]).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(backbone::cli::run(cli, &mut out, &mut err), 2);
    assert!(String::from_utf8(err).unwrap().contains("--help"));
    assert!(backbone::cli::parse(["backbone", "frobnicate"]).is_err());
}
