//! Crash safety of imports: the real CLI binary imports a large long CSV and is killed
//! (SIGKILL on Unix: no destructor, no rollback, no flush) at delays spread from before
//! its transaction starts to after it commits. Whenever it dies, the database opens and
//! passes SQLite's integrity and foreign key checks, and holds either none of the file's
//! values or all of them, never a part, with at most one `imports` row for it.

use crate::malformed::{cli_binary, Rng};
use backbone::Store;
use rusqlite::{Connection, ErrorCode};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MEASURES: usize = 20;
const YEARS: usize = 10;
const GROUPS: usize = 1_000;
const ROWS: i64 = (MEASURES * YEARS * GROUPS) as i64;
const ROUNDS: usize = 20;
const FILE_NAME: &str = "districts.csv";

/// A long CSV of `MEASURES` × `YEARS` × `GROUPS` values (one per row).
fn write_file(path: &Path) {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "measure,period,dimension,group,value,unit,polarity").unwrap();
    for m in 0..MEASURES {
        for y in 0..YEARS {
            for g in 0..GROUPS {
                let value = (m * 7 + y * 3 + g) as f64 / 8.0;
                writeln!(
                    out,
                    "Crash measure {m},{},District,D{g:04},{value},number,higher",
                    2010 + y
                )
                .unwrap();
            }
        }
    }
    out.flush().unwrap();
}

/// What an import left in a database.
#[derive(Debug, PartialEq)]
struct Left {
    values: i64,
    measures: i64,
    imports: i64,
}

/// Opens the database as the app does, checks it and counts what the import left.
fn inspect(db: &Path) -> Left {
    let store = Store::open(db).expect("the database opens after the kill");
    let check = store.check().unwrap();
    assert!(check.ok(), "after a kill: {check:?}");
    drop(store);
    let conn = Connection::open(db).unwrap();
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    // The import drops the log trigger inside its transaction: a crash must bring it back.
    assert_eq!(
        one("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'observation_values_log_insert'"),
        1,
        "the insert trigger of observations is there after a kill"
    );
    Left {
        values: one(
            "SELECT count(*) FROM observations o JOIN measures m ON m.id = o.measure_id
             WHERE m.name LIKE 'Crash measure %'",
        ),
        measures: one("SELECT count(*) FROM measures WHERE name LIKE 'Crash measure %'"),
        imports: one(&format!(
            "SELECT count(*) FROM imports WHERE file_name = '{FILE_NAME}'"
        )),
    }
}

fn spawn(db: &Path, file: &Path) -> Child {
    Command::new(cli_binary())
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// A connection that asks, without waiting, whether someone holds the write lock.
fn prober(db: &Path) -> Connection {
    let conn = Connection::open(db).unwrap();
    conn.busy_timeout(Duration::ZERO).unwrap();
    conn
}

/// True when another connection is in a write transaction (the import's).
fn writing(probe: &Connection) -> bool {
    match probe.execute_batch("BEGIN IMMEDIATE") {
        Ok(()) => {
            probe.execute_batch("ROLLBACK").unwrap();
            false
        }
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::DatabaseBusy => true,
        Err(e) => panic!("probing the write lock: {e}"),
    }
}

/// A fresh copy of the template database.
fn fresh(template: &Path, dir: &Path, n: usize) -> PathBuf {
    let db = dir.join(format!("round-{n}.backbone"));
    std::fs::copy(template, &db).unwrap();
    db
}

#[test]
fn an_import_killed_at_any_moment_leaves_all_or_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join(FILE_NAME);
    write_file(&file);
    // The template: the sample initiative, closed (its WAL folded into the file).
    let template = dir.path().join("template.backbone");
    {
        let mut store = Store::open(&template).unwrap();
        store.load_sample().unwrap();
    }
    assert!(!dir.path().join("template.backbone-wal").exists());

    // One import to the end, to learn how long it takes and when its transaction runs
    // (polled every 2 ms: only for the report and to spread the kills, never asserted).
    let db = fresh(&template, dir.path(), 0);
    let probe = prober(&db);
    let started = Instant::now();
    let mut child = spawn(&db, &file);
    let (mut first_busy, mut last_busy) = (None, None);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if writing(&probe) {
            let t = started.elapsed();
            first_busy.get_or_insert(t);
            last_busy = Some(t);
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let full = started.elapsed();
    drop(probe);
    assert!(status.success(), "the import runs to the end: {status:?}");
    assert_eq!(
        inspect(&db),
        Left {
            values: ROWS,
            measures: MEASURES as i64,
            imports: 1
        }
    );
    std::fs::remove_file(&db).unwrap();

    // When to kill, all within [0, 1.3 × the full import], at seeded random points: two
    // before the transaction (at once, and while the process starts), 15 spread evenly
    // over the transaction, two at moments found by watching (once part of the unfinished
    // transaction is in the WAL, and just after the commit, while closing the database
    // folds the WAL into the file), and one late, most likely after the process ended.
    let mut rng = Rng::new(20_261_124);
    let mut jitter = || rng.below(1000) as f64 / 1000.0;
    let (tx_start, tx_end) = (first_busy.unwrap(), last_busy.unwrap());
    let span = full.mul_f64(1.3);
    let mut plan = vec![
        When::At(Duration::ZERO),
        When::At(tx_start.mul_f64(jitter() / 2.0)),
    ];
    for i in 0..15 {
        // Timed from the moment the transaction is seen to start, over the first 90% of
        // its length in the first run, so a run a little faster than that one (the
        // machine is shared) still dies inside it.
        let u = 0.9 * (i as f64 + jitter()) / 15.0;
        plan.push(When::During((tx_end - tx_start).mul_f64(u)));
    }
    plan.push(When::Spilled);
    plan.push(When::Committed);
    plan.push(When::At(full + (span - full).mul_f64(jitter())));
    assert_eq!(plan.len(), ROUNDS);

    let none = Left {
        values: 0,
        measures: 0,
        imports: 0,
    };
    let all = Left {
        values: ROWS,
        measures: MEASURES as i64,
        imports: 1,
    };
    let mut tally = [0usize; 4]; // before, during, after the commit, after the process ended
    let mut notes = Vec::new();
    for (round, when) in plan.into_iter().enumerate() {
        let db = fresh(&template, dir.path(), round + 1);
        let probe = prober(&db);
        let started = Instant::now();
        let mut child = spawn(&db, &file);
        wait_for(when, &mut child, &probe, &db, started);
        let at = started.elapsed();
        let mid = child.try_wait().unwrap().is_none() && writing(&probe);
        let wal = wal_len(&db);
        let _ = child.kill(); // SIGKILL; an error only says it had already exited
        let status = child.wait().unwrap();
        drop(probe);
        let left = inspect(&db);
        assert!(
            left == none || left == all,
            "round {round}: killed at {at:?} ({when:?}, {status:?}), the import left {left:?}: a part"
        );
        let kind = if status.success() {
            assert_eq!(left, all, "round {round}: the import said it finished");
            3
        } else if mid {
            1
        } else if left == all {
            2
        } else {
            0
        };
        tally[kind] += 1;
        if matches!(when, When::Spilled | When::Committed) {
            notes.push(format!(
                "{when:?}: killed at {at:?} with {wal} bytes of WAL, left {}",
                if left == all { "all" } else { "none" }
            ));
        }
        std::fs::remove_file(&db).unwrap();
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    println!(
        "crash: {ROWS} rows, full import {full:?}, transaction seen from {tx_start:?} to \
         {tx_end:?}; {ROUNDS} kills over {span:?}: {} before the transaction, {} during it, \
         {} after the commit, {} after the process ended; {}",
        tally[0],
        tally[1],
        tally[2],
        tally[3],
        notes.join("; ")
    );
}

/// When a round kills the import.
#[derive(Debug, Clone, Copy)]
enum When {
    /// This long after it started.
    At(Duration),
    /// This long after its transaction started (seen by polling the write lock).
    During(Duration),
    /// As soon as a megabyte of its unfinished transaction is in the WAL (the import's page
    /// cache overflows into the WAL before the commit): the frames are there, the commit
    /// frame is not.
    Spilled,
    /// As soon as it lets go of the write lock it held: committed, closing the database.
    Committed,
}

fn wal_len(db: &Path) -> u64 {
    std::fs::metadata(format!("{}-wal", db.display())).map_or(0, |m| m.len())
}

/// Waits until `when` (or until the process ends).
fn wait_for(when: When, child: &mut Child, probe: &Connection, db: &Path, started: Instant) {
    let tick = Duration::from_millis(1);
    match when {
        When::At(at) => std::thread::sleep(at.saturating_sub(started.elapsed())),
        When::During(after) => {
            while child.try_wait().unwrap().is_none() && !writing(probe) {
                std::thread::sleep(tick);
            }
            std::thread::sleep(after);
        }
        When::Spilled => {
            while child.try_wait().unwrap().is_none() && !(wal_len(db) > 1 << 20 && writing(probe))
            {
                std::thread::sleep(tick);
            }
        }
        When::Committed => {
            let mut held = false;
            while child.try_wait().unwrap().is_none() {
                match writing(probe) {
                    true => held = true,
                    false if held => break,
                    false => {}
                }
                std::thread::sleep(tick);
            }
        }
    }
}
