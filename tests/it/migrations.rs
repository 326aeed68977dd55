//! Every migration, validated on its own, and no needless copies of current files.

use crate::support::*;
use backbone::store::migrations::{self, migrate_to, MIGRATIONS};
use tempfile::TempDir;

/// Tables that are not model rows (no id/created/updated/deleted columns expected):
/// settings, the change log, sync's bookkeeping of this copy (migrations 7 and 8) and the
/// stored form of values behind the `observations` view (migration 9).
const NOT_MODEL: [&str; 13] = [
    "settings",
    "change_log",
    "sqlite_sequence",
    "sync_contexts",
    "sync_vv",
    "sync_peers",
    "sync_log",
    "sync_conflicts",
    "sync_pending",
    "sync_batches",
    "sync_lazy",
    "obs_keys",
    "observation_values",
];

fn tables(conn: &rusqlite::Connection) -> Vec<String> {
    conn.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn columns(conn: &rusqlite::Connection, table: &str) -> Vec<String> {
    conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// `(type, name, sql)` of every schema object, sorted.
fn schema(conn: &rusqlite::Connection) -> Vec<(String, String, Option<String>)> {
    conn.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn each_migration_leaves_a_whole_file_with_model_columns() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("steps.sqlite");
    let mut conn = raw(&path);
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    assert_eq!(migrations::schema_version(&conn).unwrap(), 0);
    assert!(!MIGRATIONS.is_empty());

    for version in 1..=migrations::latest_version() {
        let name = MIGRATIONS[version as usize - 1].0;
        migrate_to(&mut conn, version).unwrap();
        assert_eq!(
            migrations::schema_version(&conn).unwrap(),
            version,
            "{name} must bump user_version to {version}"
        );
        let integrity: Vec<String> = conn
            .prepare("PRAGMA integrity_check")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(integrity, ["ok"], "after {name}");
        let dangling = conn
            .prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .count();
        assert_eq!(dangling, 0, "rows with dangling foreign keys after {name}");

        let model_tables: Vec<String> = tables(&conn)
            .into_iter()
            .filter(|t| !NOT_MODEL.contains(&t.as_str()))
            .collect();
        assert!(!model_tables.is_empty(), "after {name}");
        for table in model_tables {
            let cols = columns(&conn, &table);
            for needed in ["id", "created_at", "updated_at", "deleted_at"] {
                assert!(
                    cols.iter().any(|c| c == needed),
                    "{table} lacks {needed} after {name}: every model row needs a stable id, \
                     timestamps and a trash marker"
                );
            }
        }
    }
}

#[test]
fn migrating_again_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let mut conn = raw(&dir.path().join("again.sqlite"));
    migrations::migrate(&mut conn).unwrap();
    let before = schema(&conn);
    // Re-running would fail on CREATE TABLE if a migration were applied twice.
    migrations::migrate(&mut conn).unwrap();
    migrate_to(&mut conn, migrations::latest_version()).unwrap();
    assert_eq!(schema(&conn), before);
    assert_eq!(
        migrations::schema_version(&conn).unwrap(),
        migrations::latest_version()
    );
}

#[test]
fn stepping_through_migrations_gives_the_schema_open_creates() {
    let dir = TempDir::new().unwrap();
    let stepped_path = dir.path().join("stepped.sqlite");
    let mut stepped = raw(&stepped_path);
    for version in 1..=migrations::latest_version() {
        migrate_to(&mut stepped, version).unwrap();
    }
    let opened = Fixture::new();
    assert_eq!(
        schema(&stepped),
        schema(&opened.raw()),
        "open() must run exactly the migrations, nothing else"
    );
}

#[test]
fn opening_a_current_file_makes_no_backup() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("current.backbone");
    let clock = TestClock::new();
    {
        let (mut store, _) = open_at(&path, &clock).unwrap();
        store.create_initiative(&initiative("Data")).unwrap();
    }
    let before = listing(dir.path());
    let (store, report) = open_at(&path, &clock).unwrap();
    assert_eq!(
        report.backup, None,
        "nothing was migrated, so nothing was copied"
    );
    drop(store);
    let after = listing(dir.path());
    assert_eq!(after, before);
    assert!(
        !after.iter().any(|n| n.ends_with("-backups")),
        "no backups folder: {after:?}"
    );
}

#[test]
fn opening_an_older_file_copies_it_aside_before_migrating() {
    let latest = migrations::latest_version();
    if latest < 2 {
        // With a single schema there is no older Backbone file to open.
        return;
    }
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("old.backbone");
    {
        // A file as the previous release left it.
        let mut conn = raw(&path);
        conn.pragma_update(None, "application_id", backbone::store::APPLICATION_ID)
            .unwrap();
        migrate_to(&mut conn, latest - 1).unwrap();
        conn.execute(
            "INSERT INTO initiatives (id, name, created_at, updated_at)
             VALUES ('old', 'Old data', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z')",
            [],
        )
        .unwrap();
    }
    let clock = TestClock::new();
    let (store, report) = open_at(&path, &clock).unwrap();
    assert_eq!(report.from_version, latest - 1);
    assert!(!report.created);
    let backup = report
        .backup
        .expect("a migration on existing data copies the file first");
    assert_eq!(
        backup.parent(),
        Some(dir.path().join("old-backups").as_path()),
        "in the database's backups folder"
    );
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        name,
        format!(
            "before-migration-schema{}-2026-11-24T090000Z.sqlite",
            latest - 1
        ),
        "the name says why, which schema and when"
    );
    assert_eq!(store.schema_version().unwrap(), latest);
    assert_eq!(store.get_initiative("old").unwrap().name, "Old data");
    drop(store);

    let copy = raw(&backup);
    assert_eq!(
        migrations::schema_version(&copy).unwrap(),
        latest - 1,
        "the copy is the file as it was, for the previous release to open"
    );
    assert_eq!(count(&copy, "initiatives"), 1);
    drop(copy);

    let (_, again) = open_at(&path, &clock).unwrap();
    assert_eq!(again.backup, None, "migrated once, copied once");
}

/// The cell (measure, period and disaggregation ids) of the one commented value.
fn commented_cell(conn: &rusqlite::Connection) -> String {
    conn.query_row(
        "SELECT o.measure_id || o.period_id || o.disaggregation_id FROM comments c
           JOIN observations o ON o.id = c.target_id WHERE c.target_kind = 'observation'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// A schema-8 file (the sample, one CSV import and a comment on a value, made by the app
/// of that schema): migration 9 keeps every value as it was, gives each the id its cell
/// composes, and the change log and the comment follow the new ids.
#[test]
fn values_keep_their_content_and_references_follow_their_new_ids() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("schema8.sqlite");
    let packed = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/it/fixtures/schema8-sample.sqlite.zlib"),
    )
    .unwrap();
    std::fs::write(
        &path,
        miniz_oxide::inflate::decompress_to_vec_zlib(&packed).unwrap(),
    )
    .unwrap();
    let cells = |conn: &rusqlite::Connection| -> Vec<String> {
        conn.prepare(
            "SELECT measure_id, period_id, disaggregation_id, quote(value), quote(target),
                    quote(note), quote(suppressed), quote(source), quote(entered_by), entered_at, created_at,
                    updated_at, quote(deleted_at), quote(import_id)
               FROM observations ORDER BY 1, 2, 3",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((0..14)
                .map(|i| r.get::<_, Option<String>>(i).map(|v| v.unwrap_or_default()))
                .collect::<rusqlite::Result<Vec<_>>>()?
                .join("|"))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    let (before, log_before, commented) = {
        let conn = raw(&path);
        assert_eq!(migrations::schema_version(&conn).unwrap(), 8);
        let commented = commented_cell(&conn);
        let log: i64 = conn
            .query_row(
                "SELECT count(*) FROM change_log WHERE table_name = 'observations'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (cells(&conn), log, commented)
    };
    assert!(before.len() > 400, "the fixture holds the sample's values");

    let store = backbone::Store::open(&path).unwrap();
    let report = store.check().unwrap();
    assert!(report.ok(), "{report:?}");
    drop(store);
    let conn = raw(&path);
    assert_eq!(migrations::schema_version(&conn).unwrap(), 9);
    assert_eq!(cells(&conn), before, "every value as it was");
    let stale: i64 = conn
        .query_row(
            "SELECT count(*) FROM change_log l
              WHERE l.table_name = 'observations'
                AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.id = l.row_id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 0, "every logged change names a value by its new id");
    let log_after: i64 = conn
        .query_row(
            "SELECT count(*) FROM change_log WHERE table_name = 'observations'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        log_after, log_before,
        "the migration logs nothing of its own"
    );
    let followed = commented_cell(&conn);
    assert_eq!(followed, commented, "the comment is on the same value");
}
