//! Backups and restores on real files: consistent copies while others write, restores that
//! refuse bad files without touching the database, restores that replace it for every
//! connection, the daily and migration backups and their pruning, and the CLI.

use crate::support::*;
use backbone::model::{BackupInfo, BackupKind};
use backbone::store::{migrations, APPLICATION_ID, KEEP_BACKUPS};
use backbone::{Error, ErrorCode, Store};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// The sample initiative's name.
fn sample_name() -> String {
    let mut store = Store::open_in_memory(TestClock::new().clock()).unwrap();
    let id = store.load_sample().unwrap();
    store.get_initiative(&id).unwrap().name
}

/// `names` sorted, as `names()` returns them.
fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    names.sort();
    names
}

fn names(store: &Store) -> Vec<String> {
    let mut names: Vec<String> = store
        .list_initiatives()
        .unwrap()
        .into_iter()
        .map(|i| i.name)
        .collect();
    names.sort();
    names
}

fn raw_names(conn: &rusqlite::Connection) -> Vec<String> {
    let mut names: Vec<String> = conn
        .prepare("SELECT name FROM initiatives WHERE deleted_at IS NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    names.sort();
    names
}

fn integrity(conn: &rusqlite::Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// A fixture with the sample and one initiative of our own, and a backup of it.
fn fixture_with_backup() -> (Fixture, PathBuf) {
    let mut f = Fixture::new();
    f.store.load_sample().unwrap();
    f.store
        .create_initiative(&initiative("In the backup"))
        .unwrap();
    let backup = f.dir.path().join("saved.sqlite");
    f.store.backup_to(&backup).unwrap();
    (f, backup)
}

/// The database as it lies on disk once the WAL is checkpointed into it: the file's bytes,
/// the WAL's length (0) and the folder's listing. A refused restore must change none.
fn settled(f: &Fixture) -> (Vec<u8>, u64, Vec<String>) {
    let conn = f.raw();
    let busy: i64 = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(busy, 0, "nothing else holds the database");
    drop(conn);
    let wal = file_len(&with_suffix(&f.path, "-wal"));
    assert_eq!(wal, 0, "a TRUNCATE checkpoint empties the WAL");
    (bytes(&f.path), wal, listing(f.dir.path()))
}

/// Restores `from` into the fixture's store, expects a refusal with `code` whose message
/// names `from` and says `why`, and checks the database did not change at all.
#[track_caller]
fn refused(f: &mut Fixture, from: &Path, code: ErrorCode, why: &str) -> Error {
    let names_before = names(&f.store);
    let before = settled(f);
    let e = f
        .store
        .restore_from(from)
        .expect_err("a bad file must be refused");
    assert_eq!(e.code(), code, "{e}");
    let message = e.to_string();
    assert!(
        message.contains(&from.display().to_string()),
        "the message says which file: {message}"
    );
    assert!(message.contains(why), "{message}");
    let after = settled(f);
    assert!(
        before.0 == after.0,
        "the database file must be byte-identical after a refused restore ({message})"
    );
    assert_eq!(after.1, 0, "nothing was written to the WAL either");
    assert_eq!(
        before.2, after.2,
        "no backup, temporary file or folder is left"
    );
    assert_eq!(names(&f.store), names_before);
    e
}

/// Overwrites page `page` (1-based) of a closed database file with garbage.
fn garble_page(path: &Path, page: i64) {
    let page_size: i64 = raw(path)
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    assert!(
        !with_suffix(path, "-wal").exists(),
        "everything is in the main file"
    );
    let mut content = bytes(path);
    let start = ((page - 1) * page_size) as usize;
    for (i, byte) in content[start..start + page_size as usize]
        .iter_mut()
        .enumerate()
    {
        *byte = (i * 31 % 251) as u8;
    }
    std::fs::write(path, &content).unwrap();
}

fn pragma(conn: &rusqlite::Connection, name: &str) -> i64 {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap()
}

// ---------------------------------------------------------------------------------------
// Backups

#[test]
fn a_backup_taken_while_another_connection_writes_holds_the_committed_data() {
    let mut f = Fixture::new();
    f.store.load_sample().unwrap();
    let mine = f.store.create_initiative(&initiative("Committed")).unwrap();
    assert!(
        file_len(&with_suffix(&f.path, "-wal")) > 0,
        "the store's last writes are still in the WAL, not in the file"
    );
    let writer = f.raw();
    writer
        .execute_batch(&format!(
            "BEGIN IMMEDIATE; UPDATE initiatives SET name = 'Uncommitted' WHERE id = '{}';",
            mine.id
        ))
        .unwrap();

    let dest = f.dir.path().join("copy.sqlite");
    let started = Instant::now();
    let size = f.store.backup_to_file(&dest, false).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "a copy reads a snapshot and does not wait for the writer ({:?})",
        started.elapsed()
    );
    writer.execute_batch("COMMIT").unwrap();
    assert_eq!(size, file_len(&dest));

    let (copy, _) = open_at(&dest, &f.clock).unwrap();
    let report = copy.check().unwrap();
    assert!(report.ok(), "{report:?}");
    assert_eq!(
        names(&copy),
        sorted(&["Committed", &sample_name()]),
        "the copy holds what was committed, not the open transaction"
    );
    assert_eq!(report.observations, f.store.check().unwrap().observations);
    drop(copy);
    let hidden: Vec<String> = listing(f.dir.path())
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "no temporary file is left: {hidden:?}");
}

#[test]
fn backup_to_file_replaces_an_existing_file_only_when_asked() {
    let (f, _) = fixture_with_backup();
    let dest = f.dir.path().join("taken.sqlite");
    std::fs::write(&dest, "someone's file").unwrap();
    let message = expect_invalid(f.store.backup_to_file(&dest, false), "path");
    assert!(message.contains("already exists"), "{message}");
    assert_eq!(std::fs::read_to_string(&dest).unwrap(), "someone's file");

    f.store.backup_to_file(&dest, true).unwrap();
    let conn = raw(&dest);
    assert_eq!(integrity(&conn), "ok");
    assert_eq!(raw_names(&conn), names(&f.store));
}

#[test]
fn a_backup_never_replaces_the_database_itself() {
    let (f, _) = fixture_with_backup();
    let before = names(&f.store);
    for replace in [false, true] {
        let message = expect_invalid(f.store.backup_to_file(&f.path, replace), "path");
        assert!(message.contains("the database itself"), "{message}");
    }
    let message = expect_invalid(f.store.backup_to_file(f.dir.path(), true), "path");
    assert!(message.contains("folder"), "{message}");
    drop(f.store);
    let (store, _) = open_at(&f.path, &f.clock).unwrap();
    assert_eq!(names(&store), before);
}

// ---------------------------------------------------------------------------------------
// Restore: refusals

#[test]
fn restore_refuses_a_text_file_and_leaves_the_database_alone() {
    let (mut f, _) = fixture_with_backup();
    let notes = f.dir.path().join("notes.txt");
    std::fs::write(&notes, "These are my notes, not a database.\n").unwrap();
    refused(
        &mut f,
        &notes,
        ErrorCode::NotBackbone,
        "not a SQLite database",
    );
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "These are my notes, not a database.\n",
        "the file to restore is only read"
    );
}

#[test]
fn restore_refuses_empty_files_folders_missing_files_and_the_database_itself() {
    let (mut f, _) = fixture_with_backup();
    let empty = f.dir.path().join("empty.sqlite");
    std::fs::write(&empty, "").unwrap();
    refused(&mut f, &empty, ErrorCode::NotBackbone, "empty");
    let folder = f.dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    refused(&mut f, &folder, ErrorCode::NotBackbone, "folder");
    let missing = f.dir.path().join("missing.sqlite");
    refused(&mut f, &missing, ErrorCode::Io, "missing.sqlite");
    let own = f.path.clone();
    refused(&mut f, &own, ErrorCode::InvalidInput, "the database itself");
}

#[test]
fn restore_refuses_the_sqlite_file_of_another_application() {
    let (mut f, _) = fixture_with_backup();
    let other = f.dir.path().join("other.sqlite");
    raw(&other)
        .execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT);")
        .unwrap();
    refused(
        &mut f,
        &other,
        ErrorCode::NotBackbone,
        "another application",
    );

    let foreign = f.dir.path().join("foreign.sqlite");
    raw(&foreign)
        .execute_batch("PRAGMA application_id = 1234; CREATE TABLE t (x);")
        .unwrap();
    refused(
        &mut f,
        &foreign,
        ErrorCode::NotBackbone,
        "application_id 0x4d2",
    );
}

#[test]
fn restore_refuses_a_backup_from_a_newer_app() {
    let (mut f, backup) = fixture_with_backup();
    let newer = migrations::latest_version() + 1;
    raw(&backup)
        .execute_batch(&format!("PRAGMA user_version = {newer};"))
        .unwrap();
    let e = refused(&mut f, &backup, ErrorCode::SchemaTooNew, "newer version");
    match e {
        Error::SchemaTooNew { found, known, .. } => {
            assert_eq!((found, known), (newer, migrations::latest_version()))
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
}

#[test]
fn restore_refuses_a_backup_with_garbage_in_its_pages() {
    let (mut f, backup) = fixture_with_backup();
    let (pages, root): (i64, i64) = {
        let conn = raw(&backup);
        (
            pragma(&conn, "page_count"),
            conn.query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'observation_values'",
                [],
                |r| r.get(0),
            )
            .unwrap(),
        )
    };
    assert!(pages > 20, "the sample fills many pages ({pages})");

    // A page in the middle of the file: whatever it held, its b-tree no longer parses.
    let middle = f.dir.path().join("middle.sqlite");
    std::fs::copy(&backup, &middle).unwrap();
    garble_page(&middle, pages / 2);
    let e = refused(&mut f, &middle, ErrorCode::InvalidInput, "is damaged");
    assert!(e.to_string().contains("nothing was restored"), "{e}");

    // The root of the values table.
    let rooted = f.dir.path().join("root.sqlite");
    std::fs::copy(&backup, &rooted).unwrap();
    garble_page(&rooted, root);
    let e = refused(&mut f, &rooted, ErrorCode::InvalidInput, "is damaged");
    match e {
        Error::Invalid { field, .. } => assert_eq!(field.as_deref(), Some("from")),
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

#[test]
fn restore_refuses_a_backup_with_a_value_whose_measure_does_not_exist() {
    let (mut f, backup) = fixture_with_backup();
    // What another tool (or a bug) could do with foreign keys off.
    raw(&backup)
        .execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO observations (id, measure_id, period_id, disaggregation_id, value,
                 created_at, updated_at)
             SELECT 'orphan', 'no-such-measure', period_id, disaggregation_id, 1,
                    created_at, updated_at
             FROM observations LIMIT 1;",
        )
        .unwrap();
    let e = refused(
        &mut f,
        &backup,
        ErrorCode::InvalidInput,
        "pointing to rows that do not exist",
    );
    assert!(
        e.to_string().contains("observations row") && e.to_string().contains("-> measures"),
        "the message says which table points where: {e}"
    );
}

// ---------------------------------------------------------------------------------------
// Restore: success

#[test]
fn restore_replaces_the_content_for_every_connection_and_keeps_the_old_one() {
    let (mut f, backup) = fixture_with_backup();
    f.store
        .create_initiative(&initiative("After the backup"))
        .unwrap();
    let after = names(&f.store);
    let backed_up = sorted(&["In the backup", &sample_name()]);
    // The app, say, while the CLI restores: another store on the same file.
    let (other, _) = open_at(&f.path, &f.clock).unwrap();
    assert_eq!(names(&other), after);

    f.clock.advance(60);
    let report = f.store.restore_from(&backup).unwrap();
    assert_eq!(names(&f.store), backed_up);
    assert_eq!(
        names(&other),
        backed_up,
        "another open connection sees the restored content at its next read"
    );
    assert_eq!(report.initiatives, 2);
    assert_eq!(report.from_schema_version, migrations::latest_version());
    assert_eq!(report.schema_version, migrations::latest_version());
    assert_eq!(report.restored_from, backup.display().to_string());
    assert_eq!(report.database, f.path.display().to_string());
    assert_eq!(
        report.observations,
        f.store.check().unwrap().observations,
        "the report counts what is now in the database"
    );
    assert!(f.store.check().unwrap().ok());

    // The content before the restore is kept, in the backups folder.
    let kept = report.before_restore.expect("the old content is kept");
    assert_eq!(kept.kind, BackupKind::BeforeRestore);
    let kept_path = PathBuf::from(&kept.path);
    assert_eq!(
        kept_path.parent(),
        Some(f.dir.path().join("test-backups").as_path())
    );
    assert!(
        kept.file_name
            .starts_with("before-restore-2026-11-24T090100Z"),
        "{}",
        kept.file_name
    );
    assert_eq!(f.store.list_backups().unwrap(), std::slice::from_ref(&kept));
    assert_eq!(raw_names(&raw(&kept_path)), after);

    // The file itself holds the restored pages (the restore checkpoints the WAL): a copy
    // of the main file alone, without its WAL, has the restored content.
    let main_only = f.dir.path().join("main-only.sqlite");
    std::fs::copy(&f.path, &main_only).unwrap();
    assert_eq!(raw_names(&raw(&main_only)), backed_up);

    // A fresh connection sees it too, in WAL mode, whole.
    let fresh = f.raw();
    assert_eq!(raw_names(&fresh), backed_up);
    assert_eq!(integrity(&fresh), "ok");
    let mode: String = fresh
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal", "the database stays in WAL mode");
    assert_eq!(pragma(&fresh, "application_id"), APPLICATION_ID as i64);
    drop(fresh);

    // Writes after the restore land on the restored content.
    f.store.create_initiative(&initiative("Later")).unwrap();
    assert!(names(&other).contains(&"Later".to_string()));

    // Once everything is closed, no WAL or shared-memory file is left to bring old pages
    // back, and the file opens with the restored content plus the later write.
    drop(other);
    drop(f.store);
    assert!(!with_suffix(&f.path, "-wal").exists());
    assert!(!with_suffix(&f.path, "-shm").exists());
    let (store, _) = open_at(&f.path, &f.clock).unwrap();
    assert_eq!(
        names(&store),
        sorted(&["In the backup", "Later", &sample_name()])
    );
    assert!(
        !listing(&f.dir.path().join("test-backups"))
            .iter()
            .any(|n| n.starts_with('.')),
        "the staged copy is gone"
    );
}

#[test]
fn a_reader_in_the_middle_of_a_read_keeps_its_snapshot_until_it_ends() {
    let (mut f, backup) = fixture_with_backup();
    f.store
        .create_initiative(&initiative("After the backup"))
        .unwrap();
    let after = names(&f.store);
    let reader = f.raw();
    reader.execute_batch("BEGIN").unwrap();
    assert_eq!(raw_names(&reader), after);

    f.store.restore_from(&backup).unwrap();
    assert_eq!(
        raw_names(&reader),
        after,
        "WAL gives the reader its snapshot until its transaction ends"
    );
    reader.execute_batch("COMMIT").unwrap();
    assert_eq!(
        raw_names(&reader),
        sorted(&["In the backup", &sample_name()])
    );
}

#[test]
fn restoring_an_older_backup_migrates_it() {
    let latest = migrations::latest_version();
    if latest < 2 {
        return;
    }
    let mut f = Fixture::new();
    f.store.create_initiative(&initiative("Current")).unwrap();
    let old = f.dir.path().join("old-release.sqlite");
    {
        // A backup as the previous release wrote it.
        let mut conn = raw(&old);
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        migrations::migrate_to(&mut conn, latest - 1).unwrap();
        conn.execute(
            "INSERT INTO initiatives (id, name, created_at, updated_at)
             VALUES ('old', 'Old data', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z')",
            [],
        )
        .unwrap();
    }
    let before = bytes(&old);
    let report = f.store.restore_from(&old).unwrap();
    assert_eq!(report.from_schema_version, latest - 1);
    assert_eq!(report.schema_version, latest);
    assert_eq!(f.store.schema_version().unwrap(), latest);
    assert_eq!(names(&f.store), ["Old data"]);
    assert!(f.store.check().unwrap().ok());
    assert_eq!(
        bytes(&old),
        before,
        "the backup file itself is not migrated"
    );
    let kinds: Vec<BackupKind> = f
        .store
        .list_backups()
        .unwrap()
        .into_iter()
        .map(|b| b.kind)
        .collect();
    assert_eq!(
        kinds,
        [BackupKind::BeforeRestore],
        "the restored file is migrated in a private copy, so no migration backup is needed"
    );
}

#[test]
fn restoring_a_backup_with_another_page_size_works() {
    let mut f = Fixture::new();
    f.store.create_initiative(&initiative("Current")).unwrap();
    let big_pages = f.dir.path().join("big-pages.sqlite");
    {
        let mut conn = raw(&big_pages);
        conn.execute_batch("PRAGMA page_size = 8192; PRAGMA journal_mode = WAL;")
            .unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        migrations::migrate(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO initiatives (id, name, created_at, updated_at)
             VALUES ('big', 'Big pages', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z')",
            [],
        )
        .unwrap();
        assert_eq!(pragma(&conn, "page_size"), 8192);
    }
    let live_page_size = pragma(&f.raw(), "page_size");
    assert_ne!(live_page_size, 8192);
    f.store.restore_from(&big_pages).unwrap();
    assert_eq!(names(&f.store), ["Big pages"]);
    let fresh = f.raw();
    assert_eq!(pragma(&fresh, "page_size"), live_page_size);
    assert_eq!(integrity(&fresh), "ok");
}

#[test]
fn a_backup_with_its_wal_beside_it_is_restored_with_the_wal_s_data() {
    // A copy of another machine's live database, taken with its -wal (the app running).
    let mut f = Fixture::new();
    let source = TempDir::new().unwrap();
    let live = source.path().join("laptop.sqlite");
    let (mut laptop, _) = open_at(&live, &f.clock).unwrap();
    laptop
        .create_initiative(&initiative("Only in the WAL"))
        .unwrap();
    assert!(file_len(&with_suffix(&live, "-wal")) > 0);
    let copy = f.dir.path().join("copied.sqlite");
    std::fs::copy(&live, &copy).unwrap();
    std::fs::copy(with_suffix(&live, "-wal"), with_suffix(&copy, "-wal")).unwrap();
    drop(laptop);
    let copied_files = listing(f.dir.path());

    f.store.restore_from(&copy).unwrap();
    assert_eq!(names(&f.store), ["Only in the WAL"]);
    let mut now = listing(f.dir.path());
    now.retain(|n| n != "test-backups");
    assert_eq!(
        now, copied_files,
        "no journal is created beside the file restored from"
    );
}

#[test]
fn restore_over_a_damaged_database_keeps_the_damaged_file_as_it_was() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("damaged.sqlite");
    let clock = TestClock::new();
    let backup = dir.path().join("good.sqlite");
    let root = {
        let (mut store, _) = open_at(&path, &clock).unwrap();
        store.load_sample().unwrap();
        store.backup_to(&backup).unwrap();
        raw(&path)
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'observation_values'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    garble_page(&path, root);
    let damaged = bytes(&path);
    let (mut store, _) = open_at(&path, &clock).unwrap();
    assert!(!store.check().unwrap().ok(), "the database is damaged");

    let report = store.restore_from(&backup).unwrap();
    assert!(store.check().unwrap().ok(), "the restore repaired it");
    assert_eq!(names(&store), [sample_name()]);
    let kept = report.before_restore.unwrap();
    assert_eq!(
        bytes(Path::new(&kept.path)),
        damaged,
        "a database too damaged to read through is kept byte for byte"
    );
}

// ---------------------------------------------------------------------------------------
// Automatic backups and the listing

#[test]
fn one_daily_backup_per_day_and_the_newest_seven_are_kept() {
    let mut f = Fixture::new();
    f.store.create_initiative(&initiative("Daily")).unwrap();
    let dir = f.store.backup_dir().unwrap();
    assert_eq!(dir, f.dir.path().join("test-backups"));
    assert!(!dir.exists(), "the folder is made with the first backup");

    let first = f
        .store
        .daily_backup()
        .unwrap()
        .expect("the first of the day");
    assert_eq!(first.kind, BackupKind::Daily);
    assert_eq!(first.file_name, "daily-2026-11-24T090000Z.sqlite");
    assert_eq!(first.created_at, "2026-11-24T09:00:00.000Z");
    assert_eq!(first.size_bytes, file_len(Path::new(&first.path)));
    assert_eq!(raw_names(&raw(Path::new(&first.path))), ["Daily"]);

    f.clock.advance(8 * 3600);
    assert_eq!(
        f.store.daily_backup().unwrap(),
        None,
        "later the same day: no second one"
    );

    for _ in 0..9 {
        f.clock.advance(24 * 3600);
        assert!(f.store.daily_backup().unwrap().is_some());
    }
    let kept: Vec<String> = f
        .store
        .list_backups()
        .unwrap()
        .into_iter()
        .map(|b| b.file_name)
        .collect();
    assert_eq!(kept.len(), KEEP_BACKUPS);
    let expected: Vec<String> = [
        "12-03", "12-02", "12-01", "11-30", "11-29", "11-28", "11-27",
    ]
    .iter()
    .map(|day| format!("daily-2026-{day}T170000Z.sqlite"))
    .collect();
    assert_eq!(kept, expected, "the newest seven days, newest first");
}

/// Writes an initiatives-only Backbone file at schema `version` at `path` (replacing it).
fn older_file(path: &Path, version: i64) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
    let mut conn = raw(path);
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    migrations::migrate_to(&mut conn, version).unwrap();
}

#[test]
fn migration_backups_land_in_the_backups_folder_and_the_newest_seven_are_kept() {
    let latest = migrations::latest_version();
    if latest < 2 {
        return;
    }
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("old.sqlite");
    let clock = TestClock::new();
    let mut made = Vec::new();
    for _ in 0..9 {
        older_file(&path, latest - 1);
        clock.advance(3600);
        let (store, report) = open_at(&path, &clock).unwrap();
        let backup = report.backup.expect("a migration copies the file first");
        assert_eq!(
            backup.parent(),
            Some(dir.path().join("old-backups").as_path())
        );
        made.push(backup.file_name().unwrap().to_string_lossy().into_owned());
        assert_eq!(store.backup_dir(), Some(dir.path().join("old-backups")));
    }
    assert!(
        made[0].starts_with(&format!(
            "before-migration-schema{}-2026-11-24T",
            latest - 1
        )),
        "{}",
        made[0]
    );
    let (store, _) = open_at(&path, &clock).unwrap();
    let kept = store.list_backups().unwrap();
    assert!(kept.iter().all(|b| b.kind == BackupKind::BeforeMigration));
    let kept: Vec<String> = kept.into_iter().map(|b| b.file_name).collect();
    let newest: Vec<String> = made.iter().rev().take(KEEP_BACKUPS).cloned().collect();
    assert_eq!(kept, newest);
    assert_eq!(
        listing(dir.path()),
        [
            "old-backups",
            "old.sqlite",
            "old.sqlite-shm",
            "old.sqlite-wal"
        ],
        "nothing beside the database but its backups folder"
    );
}

#[test]
fn the_listing_has_every_kind_newest_first_and_ignores_other_files() {
    let (mut f, backup) = fixture_with_backup();
    let daily = f.store.daily_backup().unwrap().unwrap();
    f.clock.advance(1);
    let manual = f.store.backup_now().unwrap();
    f.clock.advance(1);
    let restore = f
        .store
        .restore_from(&backup)
        .unwrap()
        .before_restore
        .unwrap();
    // Two manual backups in the same second do not overwrite each other.
    let manual_again = f.store.backup_now().unwrap();
    assert_eq!(manual_again.file_name, "manual-2026-11-24T090002Z.sqlite");
    let manual_third = f.store.backup_now().unwrap();
    assert_eq!(manual_third.file_name, "manual-2026-11-24T090002Z-2.sqlite");

    let dir = f.store.backup_dir().unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    std::fs::write(dir.join("daily-when.sqlite"), "mine").unwrap();
    std::fs::create_dir(dir.join("manual-2026-01-01T000000Z.sqlite")).unwrap();

    let listed: Vec<BackupInfo> = f.store.list_backups().unwrap();
    assert_eq!(
        listed,
        [manual_third, manual_again, restore, manual, daily.clone()]
    );
    assert_eq!(daily.path, dir.join(&daily.file_name).display().to_string());
    for b in &listed {
        assert_eq!(
            b.size_bytes,
            file_len(Path::new(&b.path)),
            "{}",
            b.file_name
        );
    }
}

// ---------------------------------------------------------------------------------------
// CLI

fn cli_db(dir: &TempDir) -> PathBuf {
    let path = dir.path().join("cli.sqlite");
    assert_eq!(cli(&path, &["init"]).0, 0);
    assert_eq!(cli(&path, &["sample"]).0, 0);
    path
}

#[test]
fn cli_backup_writes_a_copy_and_refuses_to_overwrite_without_force() {
    let dir = TempDir::new().unwrap();
    let db = cli_db(&dir);
    let dest = dir.path().join("copy.sqlite");
    let dest_text = dest.display().to_string();
    let (code, out, err) = cli(&db, &["backup", "--out", &dest_text]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&dest_text) && out.contains(&db.display().to_string()),
        "{out}"
    );
    // The sample's file is about 1 MB (just over since schema 4): either unit will do.
    assert!(
        out.contains(" kB)") || out.contains(" MB)"),
        "the size is printed: {out}"
    );
    assert_eq!(integrity(&raw(&dest)), "ok");

    let before = bytes(&dest);
    let (code, out, err) = cli(&db, &["backup", "--out", &dest_text]);
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert!(err.contains(&dest_text), "{err}");
    assert_eq!(bytes(&dest), before);

    let (code, out, err) = cli(&db, &["backup", "--out", &dest_text, "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("replacing"), "{out}");
    let (code, out, _) = cli(&dest, &["check"]);
    assert_eq!(code, 0, "{out}");

    // Without --out: a manual backup in the backups folder, which --list shows.
    let (code, out, err) = cli(&db, &["backup"]);
    assert_eq!(code, 0, "{err}");
    let folder = dir.path().join("cli-backups");
    assert!(out.contains(&folder.display().to_string()), "{out}");
    let (code, out, err) = cli(&db, &["backup", "--list"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 backups") && out.contains("manual"), "{out}");
    assert!(cli_parse_fails(&["backup", "--list", "--out", "x.sqlite"]));
    assert!(cli_parse_fails(&["backup", "--force"]));
}

fn cli_parse_fails(args: &[&str]) -> bool {
    let argv = ["backbone"].iter().chain(args).copied();
    backbone::cli::parse(argv).is_err()
}

#[test]
fn cli_backup_of_a_missing_database_creates_nothing() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("typo.sqlite");
    let dest = dir.path().join("copy.sqlite");
    let (code, _, err) = cli(&db, &["backup", "--out", &dest.display().to_string()]);
    assert_eq!(code, 1);
    assert!(err.contains(&db.display().to_string()), "{err}");
    assert!(listing(dir.path()).is_empty(), "{:?}", listing(dir.path()));
}

#[test]
fn cli_restore_replaces_the_content_and_says_where_the_old_one_went() {
    let dir = TempDir::new().unwrap();
    let db = cli_db(&dir);
    let saved = dir.path().join("saved.sqlite");
    assert_eq!(
        cli(&db, &["backup", "--out", &saved.display().to_string()]).0,
        0
    );
    assert_eq!(cli(&db, &["sample", "--remove"]).0, 0);

    let (code, out, err) = cli(&db, &["restore", "--from", &saved.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Restored") && out.contains(&saved.display().to_string()),
        "{out}"
    );
    assert!(out.contains("before-restore-"), "{out}");
    assert!(out.contains("1 initiatives"), "{out}");
    let (code, out, _) = cli(&db, &["check"]);
    assert_eq!(code, 0);
    assert!(out.contains("1 initiatives"), "the sample is back: {out}");
}

#[test]
fn cli_restore_refuses_a_bad_file_with_exit_1_and_a_message() {
    let dir = TempDir::new().unwrap();
    let db = cli_db(&dir);
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "not a backup").unwrap();
    let before = bytes(&db);
    let (code, out, err) = cli(&db, &["restore", "--from", &notes.display().to_string()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains(&notes.display().to_string())
            && err.contains("not a SQLite database")
            && err.contains("nothing was restored"),
        "{err}"
    );
    assert_eq!(bytes(&db), before, "the database is untouched");
    assert_eq!(
        listing(dir.path()),
        ["cli.sqlite", "notes.txt"],
        "no backups folder or journal is left"
    );

    // Into a database that does not exist yet: refused, and nothing is created.
    let fresh = dir.path().join("fresh.sqlite");
    let (code, _, err) = cli(&fresh, &["restore", "--from", &notes.display().to_string()]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(listing(dir.path()), ["cli.sqlite", "notes.txt"]);
}
