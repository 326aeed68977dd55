//! Forward-only embedded migrations tracked by `PRAGMA user_version`.
//!
//! Migration N is `MIGRATIONS[N - 1]`; once landed a migration is never edited, only
//! followed by a new one. Each runs in its own transaction together with the
//! `user_version` bump, so a failure leaves the file at the previous version.

use crate::error::{Error, Result};
use rusqlite::Connection;

/// The migrations, in order: (name, SQL).
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial", include_str!("migrations/0001_initial.sql")),
    (
        "0002_scorecard",
        include_str!("migrations/0002_scorecard.sql"),
    ),
    ("0003_imports", include_str!("migrations/0003_imports.sql")),
    (
        "0004_group_aliases",
        include_str!("migrations/0004_group_aliases.sql"),
    ),
    (
        "0005_turn_the_curve",
        include_str!("migrations/0005_turn_the_curve.sql"),
    ),
    (
        "0006_meetings_community",
        include_str!("migrations/0006_meetings_community.sql"),
    ),
    ("0007_sync", include_str!("migrations/0007_sync.sql")),
    (
        "0008_sync_lazy",
        include_str!("migrations/0008_sync_lazy.sql"),
    ),
    (
        "0009_compact_values",
        include_str!("migrations/0009_compact_values.sql"),
    ),
];

/// The schema version this app writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The file's schema version.
pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies every migration the file has not had.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, latest_version())
}

/// Applies migrations up to and including `target` (tests step through them one by one).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    apply(conn, MIGRATIONS, target)
}

/// Applies the migrations of `list` up to `target` that the file has not had.
pub(crate) fn apply(conn: &mut Connection, list: &[(&str, &str)], target: i64) -> Result<()> {
    let current = schema_version(conn)?;
    for (index, (name, sql)) in list.iter().enumerate() {
        let version = index as i64 + 1;
        if version <= current || version > target {
            continue;
        }
        let tx = conn.transaction()?;
        if *name == "0009_compact_values" {
            // Values get new ids: changes kept lazily in received files (migration 8)
            // name the old ones, so they are logged first, where the ids are rewritten.
            super::sync::materialize_all(&tx, "observations")
                .map_err(|e| Error::Internal(format!("migration {name} failed: {e}")))?;
        }
        tx.execute_batch(sql)
            .map_err(|e| Error::Internal(format!("migration {name} failed: {e}")))?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}
