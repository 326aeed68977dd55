//! Import, export, backup and restore in the real window: a file with mistakes is refused
//! with its problems located and nothing written; the KIDS COUNT graduation file is
//! previewed, imported and found in the SQLite file; the initiative is exported; and the
//! backup taken at startup is restored, which takes the import away again.

use super::{click, fill, launch, sandbox, shot, wait_text};
use crate::webdriver::{Driver, Session};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;

const INITIATIVE: &str = "Colorado KIDS COUNT";

/// The shared data folder beside the repository (as the core's tests find it).
fn graduation_file() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data/kidscount-colorado/high-school-graduation-rates.csv");
    assert!(path.exists(), "{} is missing", path.display());
    path.canonicalize().expect("canonical path")
}

/// Live values with a number, and initiatives, named `INITIATIVE` in the database file,
/// read with SQL (not through the app).
fn imported(db: &Path) -> (i64, i64) {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the app's database");
    let values = conn
        .query_row(
            "SELECT count(*) FROM observations o
             JOIN measures m ON m.id = o.measure_id
             JOIN initiatives i ON i.id = m.initiative_id
             WHERE i.name = ?1 AND o.deleted_at IS NULL AND o.value IS NOT NULL",
            [INITIATIVE],
            |r| r.get(0),
        )
        .expect("count values");
    let initiatives = conn
        .query_row(
            "SELECT count(*) FROM initiatives WHERE name = ?1 AND deleted_at IS NULL",
            [INITIATIVE],
            |r| r.get(0),
        )
        .expect("count initiatives");
    (values, initiatives)
}

fn disabled(s: &Session, css: &str) -> bool {
    s.property(&s.find(css), "disabled") == json!(true)
}

/// `data-*` values of every element matching `css`.
fn data_of(s: &Session, css: &str, keys: &[&str]) -> Vec<Vec<String>> {
    s.find_all(css)
        .iter()
        .map(|e| {
            let data = s.property(e, "dataset");
            keys.iter()
                .map(|k| data[*k].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .collect()
}

fn preview(s: &Session, path: &Path) {
    fill(
        s,
        "[data-testid=\"import-path\"]",
        path.to_str().expect("utf-8 path"),
    );
    click(s, "[data-testid=\"import-preview\"]");
}

#[test]
fn import_refuses_a_bad_file_imports_a_good_one_exports_it_and_restore_takes_it_back() {
    let sb = sandbox();
    let driver = Driver::start(4474);
    let s = launch(&driver, &sb.db);
    let work = tempfile::tempdir().expect("temp dir");

    // The sample is open, so the import goes into a new initiative, named here.
    click(&s, "[data-testid=\"nav-import\"]");
    s.select("[data-testid=\"import-initiative-choice\"]", "__new__");
    fill(&s, "input[name=\"new_initiative\"]", INITIATIVE);

    // A file with a value that is not a number and a year that is not a year.
    let bad = work.path().join("bad-values.csv");
    std::fs::write(
        &bad,
        "Location,TimeFrame,DataFormat,Data\n\
         Colorado,2010,Percent,0.724\n\
         Colorado,2011,Percent,abc\n\
         Denver,20x1,Percent,0.5\n",
    )
    .expect("write the bad file");
    preview(&s, &bad);
    s.find("[data-testid=\"import-problem\"]");
    let problems = data_of(&s, "[data-testid=\"import-problem\"]", &["row", "column"]);
    assert_eq!(
        problems,
        vec![
            vec!["3".to_string(), "Data (column 4)".to_string()],
            vec!["4".to_string(), "TimeFrame (column 2)".to_string()],
        ],
        "each problem is located by row and column"
    );
    wait_text(
        &s,
        "[data-testid=\"import-problem\"]",
        "\"abc\" is not a number",
    );
    assert!(
        disabled(&s, "[data-testid=\"import-run\"]"),
        "a file with problems cannot be imported"
    );
    shot(
        &s,
        "[data-testid=\"import-summary\"]",
        "start",
        "e2e-import-problems.png",
    );
    assert_eq!(imported(&sb.db), (0, 0), "the preview wrote nothing");

    // The real file: 905 rows, 895 values, 10 blanks (counted in tests/it/import.rs).
    let started = Instant::now();
    preview(&s, &graduation_file());
    let created = "[data-testid=\"import-count-created\"]";
    s.wait("the preview's created count", || {
        s.find_all(created)
            .first()
            .map(|e| s.property(e, "dataset")["count"].clone())
            .filter(|c| c == &json!("895"))
    });
    eprintln!("preview of 905 rows: {} ms", started.elapsed().as_millis());
    wait_text(&s, created, "895");
    wait_text(&s, "[data-testid=\"import-count-skipped_missing\"]", "10");
    wait_text(&s, "[data-testid=\"import-format\"]", "KIDS COUNT");
    wait_text(&s, "[data-testid=\"import-initiative\"]", "will be created");
    assert!(
        s.find_all("[data-testid=\"import-problem\"]").is_empty(),
        "the graduation file has no problems"
    );
    assert!(!disabled(&s, "[data-testid=\"import-run\"]"));
    assert_eq!(imported(&sb.db), (0, 0), "still nothing written");
    shot(
        &s,
        "[data-testid=\"import-summary\"]",
        "start",
        "e2e-import-preview.png",
    );

    let started = Instant::now();
    click(&s, "[data-testid=\"import-run\"]");
    wait_text(
        &s,
        "[data-testid=\"import-result\"]",
        &format!("Imported 895 values into “{INITIATIVE}”"),
    );
    eprintln!("import of 905 rows: {} ms", started.elapsed().as_millis());
    shot(
        &s,
        "[data-testid=\"import-result\"]",
        "start",
        "e2e-import-done.png",
    );
    assert_eq!(
        imported(&sb.db),
        (895, 1),
        "the values are in the file, under the new initiative"
    );

    // The result links to the new initiative's scorecard.
    click(&s, "[data-testid=\"import-open-scorecard\"]");
    wait_text(&s, "[data-testid=\"initiative-name\"]", INITIATIVE);
    wait_text(
        &s,
        "[data-testid=\"scorecard-row\"]",
        "High school graduation rates",
    );

    // Export the initiative as CSV through the command the Export button calls (the save
    // dialog itself is the desktop's, out of WebDriver's reach).
    let initiative_id: String = {
        let conn = rusqlite::Connection::open(&sb.db).expect("open");
        conn.query_row(
            "SELECT id FROM initiatives WHERE name = ?1",
            [INITIATIVE],
            |r| r.get(0),
        )
        .expect("initiative id")
    };
    let out = work.path().join("colorado.csv");
    let report: Value = s.execute(
        "return window.__TAURI_INTERNALS__.invoke('export_initiative',
             {initiative_id: arguments[0], format: 'csv', path: arguments[1]})
           .then(r => ({ok: r}), e => ({err: e}));",
        vec![json!(initiative_id), json!(out.to_str().expect("utf-8"))],
    );
    assert_eq!(report["ok"]["rows"], json!(895), "{report}");
    let lines = std::fs::read_to_string(&out)
        .expect("the export")
        .lines()
        .count();
    assert_eq!(lines, 896, "a header and one line per value");

    // Settings: the backup taken at startup is listed; "Back up now" adds one.
    click(&s, "[data-testid=\"nav-settings\"]");
    s.find("[data-testid=\"settings-backup\"][data-kind=\"daily\"]");
    wait_text(&s, "[data-testid=\"settings-backups-folder\"]", "-backups");
    click(&s, "[data-testid=\"backup-now\"]");
    s.find("[data-testid=\"settings-backup\"][data-kind=\"manual\"]");
    shot(
        &s,
        "[data-testid=\"settings-backups\"]",
        "start",
        "e2e-settings-backups.png",
    );

    // Restore the startup backup (before the import): the import is gone from the file
    // and from the window, and what was there is kept as a before-restore backup.
    click(
        &s,
        "[data-testid=\"settings-backup\"][data-kind=\"daily\"] [data-testid=\"restore-backup\"]",
    );
    wait_text(
        &s,
        "[data-testid=\"confirm-dialog\"]",
        "What it holds now is kept",
    );
    click(&s, "[data-testid=\"confirm\"]");
    wait_text(&s, "[data-testid=\"toast\"]", "Restored the database");
    s.find("[data-testid=\"settings-backup\"][data-kind=\"before_restore\"]");
    s.wait("the imported initiative to leave the switcher", || {
        let names = s.execute(
            "return [...document.querySelectorAll('[data-testid=\"initiative-switcher\"] option')].map(o => o.text);",
            vec![],
        );
        (!names.to_string().contains(INITIATIVE)).then_some(())
    });
    assert_eq!(imported(&sb.db), (0, 0), "the restore took the import away");
    shot(
        &s,
        "[data-testid=\"settings-backups\"]",
        "start",
        "e2e-restore.png",
    );
    s.close();
}

#[test]
fn a_long_import_shows_its_progress_and_cancel_writes_nothing() {
    let sb = sandbox();
    let driver = Driver::start(4484);
    let s = launch(&driver, &sb.db);
    let work = tempfile::tempdir().expect("temp dir");

    // 48,000 values of one measure (1,200 counties × 40 years): long enough to report
    // progress a dozen times (every 4,096 rows) in a debug build.
    let big = work.path().join("county-values.csv");
    let mut text = String::from("measure,period,dimension,group,value\n");
    for county in 0..1200 {
        for year in 2000..2040 {
            let value = f64::from((county * 7 + year) % 1000) / 10.0;
            text.push_str(&format!(
                "County values,{year},County,County {county:04},{value}\n"
            ));
        }
    }
    std::fs::write(&big, text).expect("write the file");
    let stored = |db: &Path| -> i64 {
        let conn =
            rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .expect("open");
        conn.query_row(
            "SELECT count(*) FROM observations WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("count")
    };
    let before = stored(&sb.db);

    click(&s, "[data-testid=\"nav-import\"]");
    s.select("[data-testid=\"import-initiative-choice\"]", "__new__");
    fill(&s, "input[name=\"new_initiative\"]", "Counties");
    preview(&s, &big);
    wait_text(&s, "[data-testid=\"import-count-created\"]", "48,000");

    // The progress bar moves and the rate shows while the import runs; the window stays
    // responsive, so Cancel gets through.
    click(&s, "[data-testid=\"import-run\"]");
    let rate = s.wait("a progress report with a rate", || {
        s.find_all("[data-testid=\"import-rate\"]")
            .first()
            .map(|e| s.text(e))
            .filter(|t| t.contains("rows/s"))
    });
    let bar = s.find("[data-testid=\"import-progress\"]");
    let value = s.property(&bar, "value").as_f64().unwrap_or_default();
    assert!(
        value > 0.0 && value < 100.0,
        "the bar shows part of the file: {value}"
    );
    eprintln!("while importing: {rate} ({value:.0}%)");
    shot(
        &s,
        "[data-testid=\"import-running\"]",
        "start",
        "e2e-import-progress.png",
    );
    click(&s, "[data-testid=\"import-cancel\"]");
    wait_text(
        &s,
        "[data-testid=\"import-cancelled\"]",
        "Import cancelled; nothing was written.",
    );
    assert_eq!(stored(&sb.db), before, "a cancelled import writes nothing");
    // The previewed file can still be imported.
    assert!(!disabled(&s, "[data-testid=\"import-run\"]"));
    s.close();
}
