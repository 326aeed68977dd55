//! The SQLite store: opening a file, migrating it, and reading and writing the model.
//!
//! Owns every SQL statement in the app. One [`Store::open`] sets every PRAGMA (foreign keys,
//! WAL, busy timeout) and the `application_id`, refuses files that are not Backbone
//! databases or are newer than this app, and copies a file into its backups folder before
//! migrating it (`backup` owns every copy: backups, daily copies and restores).
//! Business rules that are not about storage (scorecard figures, charts) live elsewhere and
//! read through this module.
//!
//! Writes that touch several rows run in one transaction, so a failed save leaves the file
//! as it was. Rows are never hard-deleted from the UI: `deleted_at` moves them to the trash.
//! Every change lands in `change_log` through triggers (see the migrations).

mod actions;
pub mod backup;
pub(crate) mod bundle;
mod chart_data;
mod check;
mod comments;
mod community;
mod contributions;
mod dimensions;
mod equity;
mod imports;
mod initiatives;
mod measures;
mod meetings;
pub mod migrations;
mod observations;
mod partners;
mod programs;
mod report;
mod results;
mod sample;
mod sample_voice;
mod sample_work;
mod series;
mod sync;
mod trash;
mod validate;
mod worksheets;

pub use backup::KEEP_BACKUPS;
pub use check::CheckReport;
pub use contributions::ROLE_SEPARATOR;
pub use imports::{
    Counts, Incoming, Outcome, Tag, Writer, WriterOptions, IMPORTED_INITIATIVE, IMPORTED_RESULT,
};
pub use sample::SampleFile;

use crate::error::{Error, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// `PRAGMA application_id` of a Backbone database ("BBNE").
pub const APPLICATION_ID: i32 = 0x4242_4E45;

/// A source of "now". Business logic never calls the system clock directly.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

/// An open Backbone database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    clock: Clock,
    user: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// What [`Store::open`] did to the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReport {
    /// The file did not exist (or was empty) and was created.
    pub created: bool,
    /// Schema version before opening.
    pub from_version: i64,
    /// The copy taken before migrating, if a migration ran on existing data (in the
    /// backups folder, see [`Store::backup_dir`]).
    pub backup: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` with the system clock.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with_clock(path, system_clock()).map(|(store, _)| store)
    }

    /// Opens the database at `path`, taking "now" from `clock`.
    pub fn open_with_clock(path: &Path, clock: Clock) -> Result<(Store, OpenReport)> {
        Store::open_with_migrations(path, clock, migrations::MIGRATIONS)
    }

    /// Opens the database at `path` as if `list` were the app's migrations (tests use it
    /// to check what happens when a newer app opens an older file).
    pub fn open_with_migrations(
        path: &Path,
        clock: Clock,
        list: &[(&str, &str)],
    ) -> Result<(Store, OpenReport)> {
        let created = check_file(path)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| not_backbone(path, e))?;
        Store::from_connection(conn, path.to_path_buf(), clock, created, list)
    }

    /// An in-memory store (tests, benchmarks), through the same setup as a file.
    pub fn open_in_memory(clock: Clock) -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        Store::from_connection(
            conn,
            PathBuf::from(":memory:"),
            clock,
            true,
            migrations::MIGRATIONS,
        )
        .map(|(s, _)| s)
    }

    fn from_connection(
        conn: Connection,
        path: PathBuf,
        clock: Clock,
        created: bool,
        list: &[(&str, &str)],
    ) -> Result<(Store, OpenReport)> {
        configure(&conn, &path)?;
        // The first reads of the file: a bad one means it is not a database at all.
        let read = |sql: &str| -> Result<i64> {
            conn.query_row(sql, [], |r| r.get(0))
                .map_err(|e| not_backbone(&path, e))
        };
        let from_version = read("PRAGMA user_version")?;
        let app_id = read("PRAGMA application_id")? as i32;
        let has_tables =
            read("SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table')")? != 0;
        if app_id != APPLICATION_ID && (app_id != 0 || has_tables) {
            return Err(Error::NotBackbone {
                path,
                reason: if app_id == 0 {
                    "it is a SQLite database of another application".into()
                } else {
                    format!("it belongs to another application (application_id {app_id:#x})")
                },
            });
        }
        let latest = list.len() as i64;
        if from_version > latest {
            return Err(Error::SchemaTooNew {
                path,
                found: from_version,
                known: latest,
            });
        }
        // Only now that the file is known to be ours (and not too new) may it change:
        // switching journal mode rewrites the header of someone else's file.
        use_wal(&conn, &path)?;
        let mut backup = None;
        if from_version > 0 && from_version < latest && path != Path::new(":memory:") {
            backup = Some(backup::before_migration(
                &conn,
                &path,
                clock(),
                from_version,
            )?);
        }
        if app_id == 0 {
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        let mut conn = conn;
        migrations::apply(&mut conn, list, latest)?;
        let user = std::env::var("BACKBONE_USER")
            .or_else(|_| std::env::var("USER"))
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".into());
        let mut store = Store {
            conn,
            path,
            clock,
            user,
        };
        if latest > 0 {
            if let Some(name) = store.author_name()? {
                store.user = name;
            }
        }
        Ok((
            store,
            OpenReport {
                created: created || from_version == 0,
                from_version,
                backup,
            },
        ))
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        migrations::schema_version(&self.conn)
    }

    /// The name recorded as `entered_by` on values.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// Sets the name recorded as `entered_by`.
    pub fn set_user(&mut self, user: impl Into<String>) {
        self.user = user.into();
    }

    /// The name the user gave in Settings, if any. Once given it is the author of their
    /// comments, worksheet revisions and status updates and the `entered_by` of their
    /// values (before that: `BACKBONE_USER`, or the system's user name).
    pub fn author_name(&self) -> Result<Option<String>> {
        Ok(self
            .setting(AUTHOR_NAME)?
            .filter(|name| !name.trim().is_empty()))
    }

    /// Sets the user's name (trimmed, at most 100 characters); a blank name clears it.
    pub fn set_author_name(&mut self, name: &str) -> Result<Option<String>> {
        let name = name.trim();
        if name.chars().count() > 100 {
            return Err(Error::invalid(
                "name",
                "your name is longer than 100 characters",
            ));
        }
        if name.is_empty() {
            self.conn
                .execute("DELETE FROM settings WHERE key = ?1", [AUTHOR_NAME])?;
        } else {
            Store::set_setting(&self.conn, AUTHOR_NAME, name)?;
            self.user = name.to_string();
        }
        self.author_name()
    }

    /// The current time as stored (RFC 3339, milliseconds, UTC).
    pub(crate) fn now(&self) -> String {
        timestamp((self.clock)())
    }

    /// The clock's date (for "the period containing today").
    pub(crate) fn today(&self) -> chrono::NaiveDate {
        (self.clock)().date_naive()
    }

    pub(crate) fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub(crate) fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

/// A new row id.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A row id derived from what identifies the row (a period's calendar and label, a
/// value's measure, group and period): two laptops that create "the same" row give it the
/// same id, so sync merges them instead of colliding on a unique key. Shaped like a UUID
/// (version 8: the first 16 bytes of the SHA-256 of the parts).
pub(crate) fn derived_id(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0x1f]);
    }
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(b).to_string()
}

/// The stored form of a time.
pub(crate) fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Checks that `path` can be a database file; returns whether it is new (absent or empty).
fn check_file(path: &Path) -> Result<bool> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(Error::NotBackbone {
            path: path.to_path_buf(),
            reason: "it is a folder; give the path of a database file inside it".into(),
        }),
        Ok(meta) if meta.len() == 0 => Ok(true),
        Ok(_) => {
            use std::io::Read;
            let mut header = [0u8; 16];
            let mut file = std::fs::File::open(path).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
            let n = file.read(&mut header).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
            if n < 16 || &header != b"SQLite format 3\0" {
                return Err(Error::NotBackbone {
                    path: path.to_path_buf(),
                    reason: "it is not a SQLite database (wrong file header)".into(),
                });
            }
            Ok(false)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(source) => Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn configure(conn: &Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(|e| not_backbone(path, e))?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(|e| not_backbone(path, e))?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)
        .map_err(|e| not_backbone(path, e))?;
    Ok(())
}

/// The page cache of a connection (KiB). SQLite's default (2 MB) holds a few thousand
/// values, so every scorecard or equity summary of a large initiative read all its pages
/// from the operating system again; 64 MB keeps the equity benchmark's 140,000 values
/// (about 40 MB of pages) in memory, and its summary went from about 100 ms to 80 ms.
pub(crate) const CACHE_KIB: i64 = 65_536;

/// The setting holding the user's name (see [`Store::author_name`]).
const AUTHOR_NAME: &str = "author_name";

/// Switches a file to WAL (persistent: it is written into the file's header), so only
/// after the file is known to be a Backbone database this app can write.
fn use_wal(conn: &Connection, path: &Path) -> Result<()> {
    if path != Path::new(":memory:") {
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| not_backbone(path, e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Internal(format!(
                "could not switch {} to WAL (journal mode {mode})",
                path.display()
            )));
        }
    }
    Ok(())
}

fn not_backbone(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotBackbone {
            path: path.to_path_buf(),
            reason: "it is not a SQLite database".into(),
        },
        _ => Error::Database(e),
    }
}

fn copy_consistent(conn: &Connection, dest: &Path) -> Result<()> {
    let dest_text = dest
        .to_str()
        .ok_or_else(|| Error::invalid("path", "the backup path must be valid UTF-8"))?;
    conn.execute("VACUUM INTO ?1", [dest_text])?;
    Ok(())
}

/// Fails with `NotFound` unless row `id` of `table` exists and is not in the trash.
/// `table` is always one of the app's own table names, never user input.
pub(crate) fn require_live(
    conn: &Connection,
    table: &str,
    what: &'static str,
    id: &str,
) -> Result<()> {
    let live: bool = conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1 AND deleted_at IS NULL)"),
        [id],
        |r| r.get(0),
    )?;
    if live {
        Ok(())
    } else {
        Err(Error::NotFound {
            what,
            id: id.to_string(),
        })
    }
}

/// Fails unless row `id` of `table` is live and belongs to `initiative_id`; `field` names
/// the form field that chose it.
pub(crate) fn require_in_initiative(
    conn: &Connection,
    table: &str,
    what: &'static str,
    id: &str,
    initiative_id: &str,
    field: &str,
) -> Result<()> {
    let owner: Option<String> = conn
        .query_row(
            &format!("SELECT initiative_id FROM {table} WHERE id = ?1 AND deleted_at IS NULL"),
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match owner {
        Some(owner) if owner == initiative_id => Ok(()),
        Some(_) => Err(Error::invalid(
            field,
            format!("That {what} belongs to another initiative"),
        )),
        None => Err(Error::invalid(
            field,
            format!("No {what} with id {id} exists"),
        )),
    }
}

impl rusqlite::types::ToSql for crate::model::Calendar {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl rusqlite::types::FromSql for crate::model::Calendar {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let text = value.as_str()?;
        crate::model::Calendar::parse(text).ok_or_else(|| {
            rusqlite::types::FromSqlError::Other(format!("unknown calendar {text:?}").into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn clock() -> Clock {
        Arc::new(|| Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap())
    }

    #[test]
    fn a_newer_app_copies_the_file_aside_before_migrating_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.backbone");
        let v1 = &migrations::MIGRATIONS[..1];
        {
            let (mut store, report) = Store::open_with_migrations(&path, clock(), v1).unwrap();
            assert!(report.created && report.backup.is_none());
            // Only schema-1 tables: today's sample needs later ones (group aliases).
            store
                .create_initiative(&crate::model::InitiativeInput {
                    name: "Old data".into(),
                    shared_result: String::new(),
                    geography: String::new(),
                    sectoral_home: crate::model::SectoralHome::Other,
                    backbone_org: String::new(),
                    equity_statement: String::new(),
                })
                .unwrap();
        }
        let v2: Vec<(&str, &str)> = v1
            .iter()
            .copied()
            .chain([(
                "0002_test",
                "CREATE TABLE extra (id TEXT PRIMARY KEY NOT NULL) STRICT;",
            )])
            .collect();
        let (store, report) = Store::open_with_migrations(&path, clock(), &v2).unwrap();
        assert_eq!(report.from_version, 1);
        assert_eq!(store.schema_version().unwrap(), 2);
        let backup = report
            .backup
            .expect("a copy is taken before migrating existing data");
        assert!(backup.exists(), "{} was not written", backup.display());
        // The copy is the file as it was: schema 1, with its initiative in it.
        let (old, _) = Store::open_with_migrations(&backup, clock(), v1).unwrap();
        assert_eq!(old.schema_version().unwrap(), 1);
        assert_eq!(old.list_initiatives().unwrap().len(), 1);
        // Opening it again at the same version takes no second copy.
        drop(store);
        let (_, again) = Store::open_with_migrations(&path, clock(), &v2).unwrap();
        assert!(again.backup.is_none());
    }

    #[test]
    fn a_file_newer_than_the_app_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.backbone");
        let v2: Vec<(&str, &str)> = migrations::MIGRATIONS
            .iter()
            .copied()
            .chain([(
                "0002_test",
                "CREATE TABLE extra (id TEXT PRIMARY KEY NOT NULL) STRICT;",
            )])
            .collect();
        drop(Store::open_with_migrations(&path, clock(), &v2).unwrap());
        let before = std::fs::read(&path).unwrap();
        let err = Store::open_with_migrations(&path, clock(), migrations::MIGRATIONS).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::SchemaTooNew, "{err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "a refused file must not change"
        );
    }
}
