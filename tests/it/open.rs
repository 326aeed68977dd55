//! Opening files: what a new database looks like, which files are refused and how, and
//! that refused files are left exactly as they were.

use crate::support::*;
use backbone::store::{migrations, APPLICATION_ID};
use backbone::{Error, ErrorCode, Store};
use tempfile::TempDir;

fn pragma_i64(conn: &rusqlite::Connection, name: &str) -> i64 {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_new_file_gets_the_application_id_the_latest_schema_and_wal() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("new.backbone");
    let clock = TestClock::new();
    let (store, report) = open_at(&path, &clock).unwrap();
    assert!(report.created && report.from_version == 0 && report.backup.is_none());
    assert_eq!(
        store.schema_version().unwrap(),
        migrations::latest_version()
    );
    drop(store);

    // A second, plain connection sees what is stored in the file's header.
    let conn = raw(&path);
    assert_eq!(
        pragma_i64(&conn, "application_id"),
        0x4242_4E45,
        "\"BBNE\" marks the file as Backbone's"
    );
    assert_eq!(APPLICATION_ID, 0x4242_4E45);
    assert_eq!(
        pragma_i64(&conn, "user_version"),
        migrations::latest_version()
    );
    // WAL is persistent: a fresh connection reports it only if open() switched the file.
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
}

#[test]
fn the_store_enforces_foreign_keys() {
    // `foreign_keys` is per connection, so it cannot be read from another one; its effect
    // can. Removing the sample hard-deletes its initiative row and relies on ON DELETE
    // CASCADE for partners, results, measures, groups... which SQLite only runs when the
    // store's connection has foreign keys on.
    let mut f = Fixture::new();
    f.store.load_sample().unwrap();
    assert!(f.count("partners") > 0 && f.count("measures") > 0);
    f.store.remove_sample().unwrap();
    for table in [
        "partners",
        "results",
        "programs",
        "program_results",
        "partner_roles",
        "measures",
        "dimensions",
        "groups",
        "disaggregation_groups",
        "observations",
    ] {
        assert_eq!(
            f.count(table),
            0,
            "{table} rows survived their initiative: foreign keys are off"
        );
    }
}

#[test]
fn an_empty_file_is_treated_as_new() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("empty.backbone");
    std::fs::write(&path, b"").unwrap();
    let (store, report) = open_at(&path, &TestClock::new()).unwrap();
    assert!(report.created, "a zero-byte file holds nothing to lose");
    assert_eq!(
        store.schema_version().unwrap(),
        migrations::latest_version()
    );
    drop(store);
    assert_eq!(pragma_i64(&raw(&path), "application_id"), 0x4242_4E45);
}

/// Opens `path` expecting `NotBackbone`; checks the message names the file and says
/// `why`, and that the file's bytes did not change.
fn refused_as_not_backbone(path: &std::path::Path, why: &str) {
    let before = std::fs::metadata(path)
        .unwrap()
        .is_file()
        .then(|| bytes(path));
    let e = expect_code(open_at(path, &TestClock::new()), ErrorCode::NotBackbone);
    let message = e.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "the message must say which file: {message}"
    );
    assert!(message.contains(why), "{message}");
    if let Some(before) = before {
        assert!(
            before == bytes(path),
            "a refused file must be left exactly as it was"
        );
    }
}

#[test]
fn a_folder_is_refused_with_its_path() {
    let dir = TempDir::new().unwrap();
    refused_as_not_backbone(dir.path(), "folder");
}

#[test]
fn a_text_file_is_refused_with_its_path() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "Meeting notes\nThe data walk went well.\n".repeat(20),
    )
    .unwrap();
    refused_as_not_backbone(&path, "not a SQLite database");
    // Shorter than a SQLite header: the same answer, not an I/O error.
    std::fs::write(&path, "hi\n").unwrap();
    refused_as_not_backbone(&path, "not a SQLite database");
}

/// Regression: `open()` set `journal_mode = WAL` (which rewrites the file header and is
/// persistent) before it checked whose file it was, so a refused file was changed.
#[test]
fn regression_opening_another_apps_sqlite_file_switched_it_to_wal() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("other.sqlite");
    {
        let conn = raw(&path);
        conn.execute_batch(
            "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT);
             INSERT INTO contacts (name) VALUES ('Ada'), ('Grace');",
        )
        .unwrap();
    }
    refused_as_not_backbone(&path, "another application");
    // It still works for its owner, in the journal mode it had.
    let conn = raw(&path);
    assert_eq!(count(&conn, "contacts"), 2);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        mode.to_lowercase(),
        "delete",
        "opening someone else's file must not switch it to WAL"
    );
}

#[test]
fn regression_a_file_with_another_application_id_was_switched_to_wal() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("other.sqlite");
    raw(&path)
        .execute_batch("PRAGMA application_id = 1234;")
        .unwrap();
    refused_as_not_backbone(&path, "application_id 0x4d2");
}

#[test]
fn a_file_from_a_newer_backbone_is_refused_and_left_unchanged() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("newer.backbone");
    let clock = TestClock::new();
    {
        let (mut store, _) = open_at(&path, &clock).unwrap();
        store.create_initiative(&initiative("Kept")).unwrap();
    }
    let newer = migrations::latest_version() + 1;
    raw(&path)
        .execute_batch(&format!("PRAGMA user_version = {newer};"))
        .unwrap();
    let before = bytes(&path);
    let files_before = listing(dir.path());

    let e = open_at(&path, &clock).unwrap_err();
    assert_eq!(e.code(), ErrorCode::SchemaTooNew);
    match &e {
        Error::SchemaTooNew { found, known, .. } => {
            assert_eq!((*found, *known), (newer, migrations::latest_version()))
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
    assert!(e.to_string().contains(&path.display().to_string()));
    assert!(
        before == bytes(&path),
        "an old app must not write to a newer app's file"
    );
    assert_eq!(
        listing(dir.path()),
        files_before,
        "no backup or journal left"
    );
}

#[test]
fn reopening_a_store_keeps_its_data() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("kept.backbone");
    let clock = TestClock::new();
    let id = {
        let (mut store, _) = open_at(&path, &clock).unwrap();
        store.create_initiative(&initiative("Kept")).unwrap().id
    };
    let (store, report) = open_at(&path, &clock).unwrap();
    assert!(!report.created, "the file existed with data");
    assert_eq!(report.from_version, migrations::latest_version());
    let all = store.list_initiatives().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(
        (all[0].id.as_str(), all[0].name.as_str()),
        (id.as_str(), "Kept")
    );
}

#[test]
fn backup_to_writes_a_copy_that_opens_with_the_same_data() {
    let mut f = Fixture::new();
    let sample = f.store.load_sample().unwrap();
    let mine = f.store.create_initiative(&initiative("Mine")).unwrap();
    let dest = f.dir.path().join("copy.backbone");
    f.store.backup_to(&dest).unwrap();

    let conn = raw(&dest);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    assert_eq!(pragma_i64(&conn, "application_id"), 0x4242_4E45);
    assert_eq!(count(&conn, "observations"), f.count("observations"));
    drop(conn);

    let (copy, report) = open_at(&dest, &f.clock).unwrap();
    assert!(!report.created && report.backup.is_none());
    assert_eq!(
        copy.list_initiatives().unwrap(),
        f.store.list_initiatives().unwrap()
    );
    assert_eq!(copy.get_initiative(&mine.id).unwrap().name, "Mine");
    assert_eq!(
        copy.list_measures(&sample).unwrap(),
        f.store.list_measures(&sample).unwrap()
    );
    assert!(copy.check().unwrap().ok());
}

#[test]
fn backup_to_refuses_an_existing_destination() {
    let f = Fixture::new();
    let dest = f.dir.path().join("taken.backbone");
    std::fs::write(&dest, "someone's file").unwrap();
    let message = expect_invalid(f.store.backup_to(&dest), "path");
    assert!(message.contains("already exists"), "{message}");
    assert_eq!(
        std::fs::read_to_string(&dest).unwrap(),
        "someone's file",
        "an existing file is never overwritten"
    );
}

/// Regression (of the fix above): with the WAL switch moved after the identity checks, a
/// file with a SQLite header and garbage after it must still be "not a SQLite database",
/// not a bare database error.
#[test]
fn regression_garbage_after_a_sqlite_header_is_not_a_database() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("garbage.backbone");
    let mut content = b"SQLite format 3\0".to_vec();
    content.extend((0..8000u32).map(|i| (i * 7 + 3) as u8));
    std::fs::write(&path, &content).unwrap();
    refused_as_not_backbone(&path, "not a SQLite database");
}

#[test]
fn the_name_given_in_settings_is_kept_in_the_file_and_becomes_the_author() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("named.backbone.sqlite");
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.author_name().unwrap(), None);
    assert_eq!(
        store.set_author_name("  Ana Ruiz ").unwrap().as_deref(),
        Some("Ana Ruiz")
    );
    assert_eq!(store.user(), "Ana Ruiz");
    let long = "x".repeat(101);
    assert!(store.set_author_name(&long).is_err());
    drop(store);

    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.user(), "Ana Ruiz", "read back when the file opens");
    assert_eq!(
        store.set_author_name("  ").unwrap(),
        None,
        "blank clears it"
    );
    drop(store);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.author_name().unwrap(), None);
}
