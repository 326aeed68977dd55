//! JSON bundles: a whole initiative (every row of it, trash included) in one file, and
//! loading such a file into another database.
//!
//! The file:
//! ```json
//! {
//!   "format": "backbone-bundle",
//!   "version": 1,
//!   "schema_version": 3,
//!   "app_version": "0.1.0",
//!   "exported_at": "2026-11-24T09:00:00.000Z",
//!   "initiative_id": "…",
//!   "tables": {
//!     "initiatives": [
//!       {"id": "…", "name": "…", …}
//!     ],
//!     "partners": [],
//!     …
//!   }
//! }
//! ```
//! `tables` holds, in load order, initiatives (the one), partners, results, programs,
//! program_results, partner_roles, measures, dimensions, groups, group_aliases, periods,
//! disaggregations, disaggregation_groups, imports, observations, forecasts, worksheets,
//! worksheet_revisions, actions, action_links, action_updates, comments, meetings,
//! meeting_attendees, meeting_items, community_events, community_event_groups,
//! community_themes, community_event_themes, community_quotes, community_links,
//! data_walk_stations and data_walk_reactions; each row
//! is an object keyed by column name with every column of the table (read with
//! `SELECT *`, so columns added by later migrations come along), one row per line, rows
//! by id. Periods, disaggregations and disaggregation_groups are shared between the
//! initiatives of a database: the bundle holds those the initiative uses.
//!
//! [`import_bundle`] refuses a file of another format or bundle version, a bundle from a
//! newer schema than the database's, and an initiative the database already has; it checks
//! every table and column against the database before writing, reuses the database's own
//! periods (by calendar, start month and label) and disaggregations (by key) and remaps
//! the ids that point at them, and inserts every other row with its id, all in one
//! transaction.

use super::output_error;
use crate::error::{Error, Result};
use crate::model::{BundleReport, TableCount};
use crate::store::bundle::BundleSink;
use crate::store::Store;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// The `format` of a bundle file.
pub const BUNDLE_FORMAT: &str = "backbone-bundle";
/// The bundle version this app writes and reads.
pub const BUNDLE_VERSION: i64 = 1;

/// One row as a JSON object, keys in column order.
struct RowObject<'a> {
    columns: &'a [String],
    values: &'a [Value],
}

impl Serialize for RowObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.columns.len()))?;
        for (column, value) in self.columns.iter().zip(self.values) {
            map.serialize_entry(column, value)?;
        }
        map.end()
    }
}

/// Writes the bundle text as rows arrive.
struct JsonSink<'w> {
    out: &'w mut dyn Write,
    columns: Vec<String>,
    counts: Vec<TableCount>,
}

impl JsonSink<'_> {
    fn text(&mut self, s: &str) -> Result<()> {
        self.out.write_all(s.as_bytes()).map_err(output_error)
    }

    fn json(&mut self, value: &impl Serialize) -> Result<()> {
        serde_json::to_writer(&mut *self.out, value).map_err(json_error)
    }

    /// Closes the open table's array, if any.
    fn close_table(&mut self) -> Result<()> {
        match self.counts.last() {
            Some(c) if c.rows > 0 => self.text("\n    ]"),
            Some(_) => self.text("]"),
            None => Ok(()),
        }
    }
}

impl BundleSink for JsonSink<'_> {
    fn table(&mut self, name: &str, columns: &[String]) -> Result<()> {
        self.close_table()?;
        self.text(if self.counts.is_empty() {
            "\n    "
        } else {
            ",\n    "
        })?;
        self.json(&name)?;
        self.text(": [")?;
        self.columns = columns.to_vec();
        self.counts.push(TableCount {
            table: name.to_string(),
            rows: 0,
        });
        Ok(())
    }

    fn row(&mut self, values: &[Value]) -> Result<()> {
        let first = self.counts.last().is_none_or(|c| c.rows == 0);
        self.text(if first { "\n      " } else { ",\n      " })?;
        let columns = std::mem::take(&mut self.columns);
        let written = self.json(&RowObject {
            columns: &columns,
            values,
        });
        self.columns = columns;
        written?;
        if let Some(c) = self.counts.last_mut() {
            c.rows += 1;
        }
        Ok(())
    }
}

fn json_error(e: serde_json::Error) -> Error {
    match e.io_error_kind() {
        Some(_) => output_error(std::io::Error::from(e)),
        None => Error::Internal(format!("writing the bundle failed: {e}")),
    }
}

/// Writes the JSON bundle of an initiative (see the module docs) to `out`, from one
/// snapshot of the database, row by row. `exported_at` is recorded as given. Returns the
/// rows of each table.
pub fn write_bundle(
    store: &Store,
    initiative_id: &str,
    exported_at: &str,
    out: &mut dyn Write,
) -> Result<Vec<TableCount>> {
    store.in_snapshot(|| {
        let head = [
            ("format", Value::from(BUNDLE_FORMAT)),
            ("version", Value::from(BUNDLE_VERSION)),
            ("schema_version", Value::from(store.schema_version()?)),
            ("app_version", Value::from(env!("CARGO_PKG_VERSION"))),
            ("exported_at", Value::from(exported_at)),
            ("initiative_id", Value::from(initiative_id)),
        ];
        let mut sink = JsonSink {
            out,
            columns: Vec::new(),
            counts: Vec::new(),
        };
        sink.text("{")?;
        for (key, value) in &head {
            sink.text("\n  ")?;
            sink.json(key)?;
            sink.text(": ")?;
            sink.json(value)?;
            sink.text(",")?;
        }
        sink.text("\n  \"tables\": {")?;
        store.read_bundle(initiative_id, &mut sink)?;
        sink.close_table()?;
        sink.text("\n  }\n}\n")?;
        Ok(sink.counts)
    })
}

/// Loads the bundle at `path` into `store` in one transaction; with `dry_run` everything
/// runs (every check, every insert) and is then rolled back. See the module docs for what
/// is refused and how shared rows are matched. The importer calls this for `.json` files.
pub fn import_bundle(store: &mut Store, path: &Path, dry_run: bool) -> Result<BundleReport> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    load_bundle_bytes(store, path, &bytes, dry_run)
}

/// [`import_bundle`] on the file's bytes; `path` names the file in messages.
pub fn load_bundle_bytes(
    store: &mut Store,
    path: &Path,
    bytes: &[u8],
    dry_run: bool,
) -> Result<BundleReport> {
    let shown = path.display();
    let refuse =
        |why: String| Error::invalid("file", format!("{shown}: {why}; nothing was imported"));
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        refuse(format!(
            "this is not a Backbone bundle (not valid JSON: {e})"
        ))
    })?;
    let Value::Object(mut top) = value else {
        return Err(refuse(
            "this is not a Backbone bundle (not a JSON object)".into(),
        ));
    };
    match top.get("format").and_then(Value::as_str) {
        Some(BUNDLE_FORMAT) => {}
        Some(other) => {
            return Err(refuse(format!(
                "this is not a Backbone bundle (its format is \"{other}\", not \"{BUNDLE_FORMAT}\")"
            )))
        }
        None => {
            return Err(refuse(format!(
                "this is not a Backbone bundle (it has no \"format\": \"{BUNDLE_FORMAT}\")"
            )))
        }
    }
    match top.get("version").and_then(Value::as_i64) {
        Some(BUNDLE_VERSION) => {}
        Some(v) if v > BUNDLE_VERSION => {
            return Err(refuse(format!(
                "it is a bundle of version {v}, and this app reads version {BUNDLE_VERSION}: \
                 update Backbone to import it"
            )))
        }
        _ => {
            return Err(refuse(format!(
                "its bundle version {} is not one this app reads (version {BUNDLE_VERSION})",
                top.get("version")
                    .map(Value::to_string)
                    .unwrap_or_else(|| "(none)".into())
            )))
        }
    }
    let schema_version = top
        .get("schema_version")
        .and_then(Value::as_i64)
        .ok_or_else(|| refuse("it has no schema_version".into()))?;
    let known = store.schema_version()?;
    if schema_version > known {
        return Err(Error::SchemaTooNew {
            path: path.to_path_buf(),
            found: schema_version,
            known,
        });
    }
    let initiative_id = top
        .get("initiative_id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| refuse("it names no initiative_id".into()))?
        .to_string();
    let Some(Value::Object(tables)) = top.remove("tables") else {
        return Err(refuse("it has no \"tables\" object".into()));
    };
    let mut rows_by_table: HashMap<String, Vec<Map<String, Value>>> = HashMap::new();
    for (table, rows) in tables {
        let Value::Array(rows) = rows else {
            return Err(refuse(format!(
                "its table \"{table}\" is not a list of rows"
            )));
        };
        let mut objects = Vec::with_capacity(rows.len());
        for (n, row) in rows.into_iter().enumerate() {
            let Value::Object(row) = row else {
                return Err(refuse(format!(
                    "row {} of its table \"{table}\" is not an object of columns",
                    n + 1
                )));
            };
            objects.push(row);
        }
        rows_by_table.insert(table, objects);
    }
    let (initiative_name, tables) = store.load_bundle(&initiative_id, &rows_by_table, dry_run)?;
    Ok(BundleReport {
        initiative_id,
        initiative_name,
        schema_version,
        dry_run,
        tables,
    })
}
