//! Two and three laptops exchanging files through the engine.

use super::*;
use crate::store::bundle::BUNDLE_TABLES;

fn open(dir: &Path, name: &str) -> Store {
    Store::open(&dir.join(name)).unwrap()
}

fn counts(s: &Store) -> Vec<(String, i64)> {
    BUNDLE_TABLES
        .iter()
        .map(|(t, _)| {
            let n: i64 = s
                .conn
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t.to_string(), n)
        })
        .collect()
}

/// Laptop A holding the sample made a real initiative (the sample never travels; as a
/// real initiative it does).
fn real_sample(dir: &Path) -> Store {
    let mut a = open(dir, "a.backbone");
    a.load_sample().unwrap();
    a.conn
        .execute("UPDATE initiatives SET is_sample = 0", [])
        .unwrap();
    a
}

#[test]
fn the_sample_travels_whole_and_a_second_import_changes_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut a = real_sample(dir.path());
    let file = dir.path().join("a.bbsync");
    let out = a.sync_export(None, &file).unwrap();
    assert!(out.changes > 100);
    let mut b = open(dir.path(), "b.backbone");
    b.decline_sample().unwrap();
    let got = b.sync_import(&file).unwrap();
    assert_eq!(got.conflicts_new, 0);
    let pending: i64 = b
        .conn
        .query_row("SELECT count(*) FROM sync_pending", [], |r| r.get(0))
        .unwrap();
    let why: Vec<String> = b
        .conn
        .prepare("SELECT table_name || ' ' || message FROM sync_pending LIMIT 5")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(pending, 0, "{why:?}");
    assert_eq!(counts(&a), counts(&b));
    let again = b.sync_import(&file).unwrap();
    assert_eq!((again.applied, again.skipped_seen), (0, out.changes));
    assert_ne!(a.replica_id().unwrap(), b.replica_id().unwrap());
}

/// A field name in a file is never pasted into SQL: a new row's field that is not a
/// column of its table (here one that would close the quoted name) is left out.
#[test]
fn a_new_rows_unknown_field_is_left_out_not_run() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut a = real_sample(dir.path());
    let file = dir.path().join("a.bbsync");
    a.sync_export(None, &file).unwrap();
    let mut payload = file::decode(&std::fs::read(&file).unwrap()).unwrap();
    let measures = payload.tables.iter().position(|t| t == "measures").unwrap() as u32;
    let change = payload
        .changes
        .iter_mut()
        .find(|c| c.0 == measures && c.2 == "insert")
        .unwrap();
    let row = change.1.clone();
    change.8.insert(
        "name\") VALUES ('x'); DROP TABLE partners; --".into(),
        Value::from("boom"),
    );
    change.8.insert("colour".into(), Value::from("red"));
    std::fs::write(&file, file::encode(&payload)).unwrap();

    let mut b = open(dir.path(), "b.backbone");
    b.decline_sample().unwrap();
    let got = b.sync_import(&file).unwrap();
    assert_eq!(got.applied, payload.changes.len() as u64);
    assert_eq!(
        counts(&a),
        counts(&b),
        "every row arrived, partners included"
    );
    assert_eq!(name_of(&b, &row), name_of(&a, &row));
}

fn exec(s: &Store, sql: &str, at: &str) {
    s.conn.execute(sql, [at]).unwrap();
}

fn name_of(s: &Store, id: &str) -> (String, Option<String>) {
    s.conn
        .query_row(
            "SELECT name, deleted_at FROM measures WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// Laptop A with the sample made a real initiative (the sample never travels), and
/// laptop B that joined from A's full export.
fn pair(dir: &Path) -> (Store, Store) {
    let mut a = real_sample(dir);
    let mut b = open(dir, "b.backbone");
    b.decline_sample().unwrap();
    swap(&mut a, &mut b, dir, "1.bbsync");
    (a, b)
}

fn swap(from: &mut Store, to: &mut Store, dir: &Path, name: &str) -> SyncImportSummary {
    let f = dir.join(name);
    from.sync_export(None, &f).unwrap();
    to.sync_import(&f).unwrap()
}

fn count(s: &Store, sql: &str) -> i64 {
    s.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// New rows from a file are kept lazily (migration 8): no change-log copy, yet they
/// travel on to a third laptop, and a later change to one brings its insert into the
/// change log before the row is rebuilt. The file goes once nothing points into it.
#[test]
fn new_rows_are_kept_lazily_travel_on_and_are_logged_when_they_change() {
    let dir = tempfile::TempDir::new().unwrap();
    let (mut a, mut b) = pair(dir.path());
    let lazy = count(&b, "SELECT count(*) FROM sync_lazy");
    let measures = count(&b, "SELECT count(*) FROM measures");
    assert!(
        measures > 5 && lazy > measures,
        "{lazy} kept, {measures} measures"
    );
    assert_eq!(count(&b, "SELECT count(*) FROM sync_batches"), 1);
    let me = b.replica_id().unwrap();
    // Only rows with more than one change in the file were logged.
    let single = count(
        &b,
        &format!(
            "SELECT count(*) FROM (SELECT 1 FROM change_log WHERE origin <> '{me}'
                                   GROUP BY table_name, row_id HAVING count(*) = 1)"
        ),
    );
    assert_eq!(single, 0, "a row's only change is kept lazily, not logged");

    // B passes everything on to C, which has never heard from A.
    let mut c = open(dir.path(), "c.backbone");
    c.decline_sample().unwrap();
    let got = swap(&mut b, &mut c, dir.path(), "2.bbsync");
    assert_eq!(got.conflicts_new, 0);
    assert_eq!(counts(&a), counts(&c));

    // A renames a measure B holds lazily: B logs the insert, then the rename.
    let id: String = b
        .conn
        .query_row(
            "SELECT row_id FROM sync_lazy WHERE table_name = 'measures' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    exec(
        &a,
        &format!("UPDATE measures SET name = 'Renamed on A', updated_at = ?1 WHERE id = '{id}'"),
        "2026-11-25T10:00:00.000Z",
    );
    swap(&mut a, &mut b, dir.path(), "3.bbsync");
    assert_eq!(name_of(&b, &id).0, "Renamed on A");
    let logged = count(
        &b,
        &format!("SELECT count(*) FROM change_log WHERE row_id = '{id}' AND origin <> '{me}'"),
    );
    assert_eq!(logged, 2, "the insert and the rename");
    let kept = count(
        &b,
        &format!("SELECT count(*) FROM sync_lazy WHERE row_id = '{id}'"),
    );
    assert_eq!(kept, 0);
    assert_eq!(count(&b, "SELECT count(*) FROM sync_lazy"), lazy - 1);

    // Importing the first file again changes nothing.
    let again = b.sync_import(&dir.path().join("1.bbsync")).unwrap();
    assert_eq!(again.applied, 0);
    assert_eq!(name_of(&b, &id).0, "Renamed on A");

    // Once every kept change is logged, the file is let go.
    let rows: Vec<(String, String)> = b
        .conn
        .prepare("SELECT table_name, row_id FROM sync_lazy")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut batches = Batches::default();
    for (t, r) in &rows {
        materialize(&b.conn, &mut batches, t, r).unwrap();
    }
    let d = swap(&mut c, &mut b, dir.path(), "4.bbsync");
    assert_eq!(d.conflicts_new, 0);
    assert_eq!(count(&b, "SELECT count(*) FROM sync_batches"), 0);
    assert_eq!(counts(&a), counts(&b));
}

#[test]
fn concurrent_edits_conflict_the_same_way_on_both_sides_and_a_resolution_travels() {
    let dir = tempfile::TempDir::new().unwrap();
    let (mut a, mut b) = pair(dir.path());
    let (id, name): (String, String) = a
        .conn
        .query_row(
            "SELECT id, name FROM measures ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    exec(
        &a,
        &format!("UPDATE measures SET name = 'From A', updated_at = ?1 WHERE id = '{id}'"),
        "2030-01-01T10:00:00.000Z",
    );
    exec(
        &b,
        &format!("UPDATE measures SET name = 'From B', updated_at = ?1 WHERE id = '{id}'"),
        "2030-01-01T11:00:00.000Z",
    );
    let to_a = swap(&mut b, &mut a, dir.path(), "2.bbsync");
    let to_b = swap(&mut a, &mut b, dir.path(), "3.bbsync");
    assert_eq!((to_a.conflicts_new, to_b.conflicts_new), (1, 1));
    assert_eq!(name_of(&a, &id).0, "From B");
    assert_eq!(name_of(&b, &id).0, "From B");
    let ca = a.sync_conflicts(true).unwrap();
    let cb = b.sync_conflicts(true).unwrap();
    assert_eq!(ca.len(), 1);
    assert_eq!(ca[0].id, cb[0].id);
    assert_eq!(ca[0].mine.value, Value::from("From A"));
    assert_eq!(ca[0].theirs.value, Value::from("From B"));
    assert_eq!(cb[0].mine.value, Value::from("From B"));
    let done = a.sync_resolve(&ca[0].id, &Keep::Mine).unwrap();
    assert_eq!(done.status, "resolved");
    assert_eq!(name_of(&a, &id).0, "From A");
    swap(&mut a, &mut b, dir.path(), "4.bbsync");
    assert_eq!(name_of(&b, &id).0, "From A");
    assert!(b.sync_conflicts(true).unwrap().is_empty());
    assert_eq!(b.sync_conflict(&ca[0].id).unwrap().status, "resolved");
    // No echo: sending B's state back changes nothing and opens nothing.
    let back = swap(&mut b, &mut a, dir.path(), "5.bbsync");
    assert_eq!(back.conflicts_new, 0);
    assert_eq!(name_of(&a, &id).0, "From A");
    let _ = name;
}

#[test]
fn a_delete_loses_to_a_newer_concurrent_edit_and_wins_over_an_older_one() {
    let dir = tempfile::TempDir::new().unwrap();
    let (mut a, mut b) = pair(dir.path());
    let ids: Vec<String> = a
        .conn
        .prepare("SELECT id FROM measures ORDER BY id LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    // Measure 0: deleted on A at 10:00, renamed on B at 11:00 (newer: alive).
    // Measure 1: deleted on A at 12:00, renamed on B at 11:00 (older: deleted).
    exec(
        &a,
        &format!(
            "UPDATE measures SET deleted_at = ?1, updated_at = ?1 WHERE id = '{}'",
            ids[0]
        ),
        "2030-01-01T10:00:00.000Z",
    );
    exec(
        &a,
        &format!(
            "UPDATE measures SET deleted_at = ?1, updated_at = ?1 WHERE id = '{}'",
            ids[1]
        ),
        "2030-01-01T12:00:00.000Z",
    );
    for id in &ids {
        exec(
            &b,
            &format!("UPDATE measures SET name = 'Renamed', updated_at = ?1 WHERE id = '{id}'"),
            "2030-01-01T11:00:00.000Z",
        );
    }
    swap(&mut b, &mut a, dir.path(), "2.bbsync");
    swap(&mut a, &mut b, dir.path(), "3.bbsync");
    for s in [&a, &b] {
        assert_eq!(name_of(s, &ids[0]), ("Renamed".to_string(), None));
        let (n, d) = name_of(s, &ids[1]);
        assert_eq!(n, "Renamed");
        assert!(d.is_some());
    }
    assert_eq!(a.sync_conflicts(true).unwrap().len(), 2);
    assert_eq!(b.sync_conflicts(true).unwrap().len(), 2);
}

#[test]
fn the_sample_initiative_stays_on_its_laptop() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut a = open(dir.path(), "a.backbone");
    a.load_sample().unwrap();
    let mut b = open(dir.path(), "b.backbone");
    b.load_sample().unwrap();
    let before = counts(&b);
    swap(&mut a, &mut b, dir.path(), "1.bbsync");
    // Only shared rows (the periods both samples use) travel.
    let me = b.replica_id().unwrap();
    let travelled: Vec<String> = b
        .conn
        .prepare(
            "SELECT table_name FROM change_log WHERE origin <> ?1
             UNION SELECT table_name FROM sync_lazy",
        )
        .unwrap()
        .query_map([&me], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(travelled, ["periods"]);
    assert_eq!(counts(&b), before);
    let initiatives: i64 = b
        .conn
        .query_row("SELECT count(*) FROM initiatives", [], |r| r.get(0))
        .unwrap();
    assert_eq!(initiatives, 1);
}
