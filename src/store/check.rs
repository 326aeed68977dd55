//! `backbone check`: is the file whole?

use super::{migrations, Store, APPLICATION_ID};
use crate::error::Result;
use rusqlite::Connection;
use serde::Serialize;

/// The outcome of an integrity check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    pub path: String,
    pub schema_version: i64,
    pub latest_schema_version: i64,
    pub application_id_ok: bool,
    /// Problems SQLite's `integrity_check` found (empty: none).
    pub integrity_errors: Vec<String>,
    /// Rows whose foreign keys point nowhere, as "table row N -> parent".
    pub foreign_key_errors: Vec<String>,
    pub initiatives: i64,
    pub observations: i64,
}

impl CheckReport {
    /// True when nothing is wrong.
    pub fn ok(&self) -> bool {
        self.application_id_ok
            && self.integrity_errors.is_empty()
            && self.foreign_key_errors.is_empty()
            && self.schema_version == self.latest_schema_version
    }
}

/// The rows of a PRAGMA as lines; an error part-way becomes the last line.
fn collect_lines(
    conn: &rusqlite::Connection,
    sql: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<String>,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut stmt = match conn.prepare(sql) {
        Ok(stmt) => stmt,
        Err(e) => return vec![e.to_string()],
    };
    match stmt.query_map([], f) {
        Ok(rows) => {
            for row in rows {
                match row {
                    Ok(line) => lines.push(line),
                    Err(e) => {
                        lines.push(e.to_string());
                        break;
                    }
                }
            }
        }
        Err(e) => lines.push(e.to_string()),
    }
    lines
}

/// Values pointing to rows that do not exist, as `PRAGMA foreign_key_check` would list
/// them if values were a table: they are a view over `observation_values` (migration 9),
/// whose references are numbers in `obs_keys`, and a number whose row is gone dangles.
/// Empty for a file from before migration 9 (the pragma covers its table).
pub(crate) fn dangling_values(conn: &Connection) -> Vec<String> {
    let compact: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'obs_keys')",
            [],
            |r| r.get(0),
        )
        .unwrap_or(false);
    if !compact {
        return Vec::new();
    }
    collect_lines(
        conn,
        "SELECT (SELECT o.id FROM observations o
                      WHERE o.measure_id = k.id OR o.period_id = k.id
                         OR o.disaggregation_id = k.id OR o.import_id = k.id LIMIT 1),
                    CASE WHEN EXISTS (SELECT 1 FROM observation_values WHERE m = k.n) THEN 'measures'
                         WHEN EXISTS (SELECT 1 FROM observation_values WHERE d = k.n) THEN 'disaggregations'
                         WHEN EXISTS (SELECT 1 FROM observation_values WHERE p = k.n) THEN 'periods'
                         WHEN EXISTS (SELECT 1 FROM observation_values WHERE import = k.n) THEN 'imports'
                    END AS parent
               FROM obs_keys k
              WHERE NOT EXISTS (SELECT 1 FROM measures WHERE id = k.id)
                AND NOT EXISTS (SELECT 1 FROM periods WHERE id = k.id)
                AND NOT EXISTS (SELECT 1 FROM disaggregations WHERE id = k.id)
                AND NOT EXISTS (SELECT 1 FROM imports WHERE id = k.id)
                AND parent IS NOT NULL",
        |r| {
            Ok(format!(
                "observations row {} -> {}",
                r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                r.get::<_, String>(1)?
            ))
        },
    )
}

impl Store {
    /// Runs SQLite's integrity and foreign-key checks.
    pub fn check(&self) -> Result<CheckReport> {
        // On a damaged file SQLite reports some problems and then fails: keep what it said,
        // and the failure, so the report names the damage instead of giving up.
        let integrity_errors = collect_lines(&self.conn, "PRAGMA integrity_check", |r| r.get(0))
            .into_iter()
            .filter(|line| line != "ok")
            .collect();
        let foreign_key_errors = collect_lines(&self.conn, "PRAGMA foreign_key_check", |r| {
            Ok(format!(
                "{} row {} -> {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(-1),
                r.get::<_, String>(2)?
            ))
        });
        let mut foreign_key_errors = foreign_key_errors;
        foreign_key_errors.extend(dangling_values(&self.conn));
        let app_id: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        // Counts are best effort: a damaged table reads as -1.
        let count = |table: &str| -> Result<i64> {
            Ok(self
                .conn
                .query_row(
                    &format!("SELECT count(*) FROM {table} WHERE deleted_at IS NULL"),
                    [],
                    |r| r.get(0),
                )
                .unwrap_or(-1))
        };
        Ok(CheckReport {
            path: self.path.display().to_string(),
            schema_version: self.schema_version()?,
            latest_schema_version: migrations::latest_version(),
            application_id_ok: app_id == APPLICATION_ID,
            integrity_errors,
            foreign_key_errors,
            initiatives: count("initiatives")?,
            observations: count("observations")?,
        })
    }
}
