//! The SQL of exports: an initiative's values in the long order (CSV and XLSX exports),
//! every row of an initiative as generic columns (JSON bundles), and loading a bundle's
//! rows into this database in one transaction.
//!
//! Only reading and writing rows lives here; file formats, their checks and their messages
//! are `crate::export`'s. Bundle rows are read with `SELECT *`, so a column a later
//! migration adds travels in bundles without a change here.

use super::measures::TOTAL;
use super::{new_id, Store};
use crate::error::{Error, Result};
use crate::model::{BundleTableCount, Calendar, Polarity, Unit};
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// The live measures of an initiative whose result or program is live too (the measures
/// the app shows), as `SELECT m.id ...`; `?1` is the initiative.
const LIVE_MEASURES: &str = "FROM measures m
     LEFT JOIN results r ON r.id = m.result_id
     LEFT JOIN programs p ON p.id = m.program_id
     WHERE m.initiative_id = ?1 AND m.deleted_at IS NULL
       AND r.deleted_at IS NULL AND p.deleted_at IS NULL";

/// A measure as the long format repeats it on each of its rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LongMeasure {
    pub id: String,
    pub name: String,
    pub unit: Unit,
    /// The base of a rate ("per 100,000").
    pub rate_per: Option<f64>,
    pub polarity: Polarity,
    pub calendar: Calendar,
    /// Only for school and fiscal years (the calendar's default when not stored).
    pub calendar_start_month: Option<u8>,
}

/// One value (observation) in the long format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LongValue<'a> {
    /// The period's canonical label.
    pub period: String,
    /// (dimension name, group name) of each group of the disaggregation, in dimension
    /// order; empty for the total.
    pub groups: &'a [(String, String)],
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub target_low: Option<f64>,
    pub target_high: Option<f64>,
    pub note: Option<String>,
    pub margin_of_error: Option<f64>,
    pub suppressed: bool,
    pub source: Option<String>,
}

/// A disaggregation as the long format names it.
#[derive(Debug, Default)]
struct Groups {
    /// (dimension rank, group rank) per group, in dimension order: the sort key.
    order: Vec<(i64, i64)>,
    names: Vec<(String, String)>,
}

/// What a long export of an initiative writes, read up front: its measures in display
/// order, the names of its disaggregations, and how many dimension/group pairs the rows
/// need.
#[derive(Debug)]
pub(crate) struct LongPlan {
    initiative_id: String,
    pub measures: Vec<LongMeasure>,
    disaggregations: HashMap<String, Groups>,
    /// The largest number of groups in any exported value's disaggregation, at least 1.
    pub pairs: usize,
}

/// Where a bundle's rows go as they are read.
pub(crate) trait BundleSink {
    /// A table starts; its rows follow, each with a value per column.
    fn table(&mut self, name: &str, columns: &[String]) -> Result<()>;
    fn row(&mut self, values: &[Value]) -> Result<()>;
}

/// The tables of a bundle, in load order (every table after those it refers to), each
/// with the condition that picks an initiative's rows (`?1` is its id). Periods,
/// disaggregations and their groups are shared between initiatives: the bundle holds those
/// the initiative's rows use.
pub(crate) const BUNDLE_TABLES: [(&str, &str); 33] = [
    ("initiatives", "id = ?1"),
    ("partners", "initiative_id = ?1"),
    ("results", "initiative_id = ?1"),
    ("programs", "initiative_id = ?1"),
    (
        "program_results",
        "program_id IN (SELECT id FROM programs WHERE initiative_id = ?1)",
    ),
    ("partner_roles", "initiative_id = ?1"),
    ("measures", "initiative_id = ?1"),
    ("dimensions", "initiative_id = ?1"),
    (
        "groups",
        "dimension_id IN (SELECT id FROM dimensions WHERE initiative_id = ?1)",
    ),
    (
        "group_aliases",
        "group_id IN (SELECT g.id FROM groups g JOIN dimensions d ON d.id = g.dimension_id
                      WHERE d.initiative_id = ?1)",
    ),
    (
        "periods",
        "id IN (SELECT period_id FROM observations
                WHERE measure_id IN (SELECT id FROM measures WHERE initiative_id = ?1)
                UNION
                SELECT period_id FROM forecasts
                WHERE measure_id IN (SELECT id FROM measures WHERE initiative_id = ?1))",
    ),
    (
        "disaggregations",
        "id IN (SELECT disaggregation_id FROM observations
                WHERE measure_id IN (SELECT id FROM measures WHERE initiative_id = ?1)
                UNION
                SELECT disaggregation_id FROM disaggregation_groups
                WHERE group_id IN (SELECT g.id FROM groups g JOIN dimensions d ON d.id = g.dimension_id
                                   WHERE d.initiative_id = ?1))",
    ),
    (
        "disaggregation_groups",
        "group_id IN (SELECT g.id FROM groups g JOIN dimensions d ON d.id = g.dimension_id
                      WHERE d.initiative_id = ?1)",
    ),
    ("imports", "initiative_id = ?1"),
    (
        "observations",
        "measure_id IN (SELECT id FROM measures WHERE initiative_id = ?1)",
    ),
    (
        "forecasts",
        "measure_id IN (SELECT id FROM measures WHERE initiative_id = ?1)",
    ),
    ("worksheets", "initiative_id = ?1"),
    (
        "worksheet_revisions",
        "worksheet_id IN (SELECT id FROM worksheets WHERE initiative_id = ?1)",
    ),
    ("actions", "initiative_id = ?1"),
    (
        "action_links",
        "action_id IN (SELECT id FROM actions WHERE initiative_id = ?1)",
    ),
    (
        "action_updates",
        "action_id IN (SELECT id FROM actions WHERE initiative_id = ?1)",
    ),
    ("comments", "initiative_id = ?1"),
    ("meetings", "initiative_id = ?1"),
    (
        "meeting_attendees",
        "meeting_id IN (SELECT id FROM meetings WHERE initiative_id = ?1)",
    ),
    (
        "meeting_items",
        "meeting_id IN (SELECT id FROM meetings WHERE initiative_id = ?1)",
    ),
    ("community_events", "initiative_id = ?1"),
    (
        "community_event_groups",
        "event_id IN (SELECT id FROM community_events WHERE initiative_id = ?1)",
    ),
    ("community_themes", "initiative_id = ?1"),
    (
        "community_event_themes",
        "event_id IN (SELECT id FROM community_events WHERE initiative_id = ?1)",
    ),
    (
        "community_quotes",
        "event_id IN (SELECT id FROM community_events WHERE initiative_id = ?1)",
    ),
    (
        "community_links",
        "event_id IN (SELECT id FROM community_events WHERE initiative_id = ?1)",
    ),
    (
        "data_walk_stations",
        "event_id IN (SELECT id FROM community_events WHERE initiative_id = ?1)",
    ),
    (
        "data_walk_reactions",
        "station_id IN (SELECT s.id FROM data_walk_stations s
                        JOIN community_events e ON e.id = s.event_id
                        WHERE e.initiative_id = ?1)",
    ),
];

/// Shared tables: a row is the target's own when the target has one with the same natural
/// key (these columns), and ids that point at it are remapped.
const NATURAL_KEYS: [(&str, &[&str]); 3] = [
    ("periods", &["calendar", "start_month", "label"]),
    ("disaggregations", &["key"]),
    ("disaggregation_groups", &["disaggregation_id", "group_id"]),
];

/// Columns holding the id of a shared table's row: (table, column, shared table).
const SHARED_REFERENCES: [(&str, &str, &str); 4] = [
    (
        "disaggregation_groups",
        "disaggregation_id",
        "disaggregations",
    ),
    ("observations", "period_id", "periods"),
    ("observations", "disaggregation_id", "disaggregations"),
    ("forecasts", "period_id", "periods"),
];

/// A number column (`REAL`, or an integer), or `None`.
fn real(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<f64>> {
    Ok(match r.get_ref(i)? {
        ValueRef::Real(v) => Some(v),
        ValueRef::Integer(v) => Some(v as f64),
        _ => None,
    })
}

/// A stored value as JSON; `None` for binary data, which a bundle cannot carry.
fn json_value(v: ValueRef<'_>) -> Option<Value> {
    Some(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(_) => return None,
    })
}

/// A JSON value as stored; `None` for arrays and objects.
fn sql_value(v: &Value) -> Option<SqlValue> {
    Some(match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64()?),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        Value::Array(_) | Value::Object(_) => return None,
    })
}

/// The columns of one of the app's tables, in order.
fn table_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let rows = stmt.query_map([table], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Store {
    /// Runs `f` inside one read transaction, so that every query it makes sees the same
    /// snapshot of the file even while another connection writes. `f` must only read.
    /// Inside a transaction already (a snapshot within a snapshot), `f` just runs in it.
    pub(crate) fn in_snapshot<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return f();
        }
        let tx = self.conn.unchecked_transaction()?;
        let out = f()?;
        tx.commit()?;
        Ok(out)
    }

    /// Reads what a long export of the initiative writes before any row of it.
    pub(crate) fn long_plan(&self, initiative_id: &str) -> Result<LongPlan> {
        super::initiatives::require(&self.conn, initiative_id)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT m.id, m.name, m.unit, m.polarity, m.calendar, m.calendar_start_month, m.rate_per
             {LIVE_MEASURES} ORDER BY m.position, m.created_at, m.id"
        ))?;
        let measures = stmt
            .query_map([initiative_id], |r| {
                let calendar: Calendar = r.get(4)?;
                let start: Option<u8> = r.get(5)?;
                Ok(LongMeasure {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    unit: r.get(2)?,
                    rate_per: r.get(6)?,
                    polarity: r.get(3)?,
                    calendar,
                    calendar_start_month: calendar
                        .has_start_month()
                        .then(|| start.unwrap_or(calendar.default_start_month())),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        // Dimensions and groups ranked by their display order (position, then age).
        let mut stmt = self.conn.prepare(
            "WITH d AS (SELECT id, name,
                               row_number() OVER (ORDER BY position, created_at, id) AS rank
                        FROM dimensions WHERE initiative_id = ?1),
                  g AS (SELECT g.id, g.dimension_id, g.name,
                               row_number() OVER (PARTITION BY g.dimension_id
                                                  ORDER BY g.position, g.created_at, g.id) AS rank
                        FROM groups g JOIN d ON d.id = g.dimension_id)
             SELECT dg.disaggregation_id, d.rank, g.rank, d.name, g.name
             FROM disaggregation_groups dg JOIN g ON g.id = dg.group_id JOIN d ON d.id = g.dimension_id
             WHERE dg.deleted_at IS NULL
             ORDER BY dg.disaggregation_id, d.rank",
        )?;
        let mut disaggregations: HashMap<String, Groups> = HashMap::new();
        let mut rows = stmt.query([initiative_id])?;
        while let Some(r) = rows.next()? {
            let groups = disaggregations.entry(r.get(0)?).or_default();
            groups.order.push((r.get(1)?, r.get(2)?));
            groups.names.push((r.get(3)?, r.get(4)?));
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT DISTINCT o.disaggregation_id FROM observations o
             WHERE o.deleted_at IS NULL AND o.measure_id IN (SELECT m.id {LIVE_MEASURES})"
        ))?;
        let used: Vec<String> = stmt
            .query_map([initiative_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let pairs = used
            .iter()
            .filter_map(|id| disaggregations.get(id))
            .map(|g| g.names.len())
            .max()
            .unwrap_or(0)
            .max(1);
        Ok(LongPlan {
            initiative_id: initiative_id.to_string(),
            measures,
            disaggregations,
            pairs,
        })
    }

    /// Calls `f` with every live value of `measure` (one of `plan`'s), in the long order:
    /// by period start, then the total, then disaggregations by dimension position and
    /// group position. Returns how many values it gave.
    pub(crate) fn for_each_long_value(
        &self,
        plan: &LongPlan,
        measure: &LongMeasure,
        mut f: impl FnMut(&LongValue<'_>) -> Result<()>,
    ) -> Result<u64> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.label, o.disaggregation_id, o.value, o.target, o.target_low,
                    o.target_high, o.note, o.margin_of_error, o.suppressed, o.source
             FROM observations o JOIN periods p ON p.id = o.period_id
             WHERE o.measure_id = ?1 AND o.deleted_at IS NULL
             ORDER BY p.start_date, p.end_date, p.label, p.id",
        )?;
        let none = Groups::default();
        // The values of one period, sorted by disaggregation before they go out.
        let mut period: Vec<(&Groups, String, LongValue<'_>)> = Vec::new();
        let mut period_id = String::new();
        let mut count = 0;
        let mut flush = |period: &mut Vec<(&Groups, String, LongValue<'_>)>| -> Result<()> {
            period.sort_by(|a, b| a.0.order.cmp(&b.0.order).then_with(|| a.1.cmp(&b.1)));
            for (_, _, value) in period.drain(..) {
                f(&value)?;
                count += 1;
            }
            Ok(())
        };
        let mut rows = stmt.query([&measure.id])?;
        while let Some(r) = rows.next()? {
            let pid: String = r.get(0)?;
            if pid != period_id {
                flush(&mut period)?;
                period_id = pid;
            }
            let disaggregation: String = r.get(2)?;
            let groups = if disaggregation == TOTAL {
                &none
            } else {
                plan.disaggregations.get(&disaggregation).ok_or_else(|| {
                    Error::Internal(format!(
                        "a value of measure \"{}\" ({}) names disaggregation {disaggregation}, \
                         which has no groups of initiative {}",
                        measure.name, measure.id, plan.initiative_id
                    ))
                })?
            };
            let value = LongValue {
                period: r.get(1)?,
                groups: &groups.names,
                value: real(r, 3)?,
                target: real(r, 4)?,
                target_low: real(r, 5)?,
                target_high: real(r, 6)?,
                note: r.get(7)?,
                margin_of_error: real(r, 8)?,
                suppressed: r.get(9)?,
                source: r.get(10)?,
            };
            period.push((groups, disaggregation, value));
        }
        flush(&mut period)?;
        Ok(count)
    }

    /// Reads every row of the initiative's bundle tables ([`BUNDLE_TABLES`], trash
    /// included) with all their columns, table by table in load order, rows by id.
    pub(crate) fn read_bundle(&self, initiative_id: &str, sink: &mut dyn BundleSink) -> Result<()> {
        let exists: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM initiatives WHERE id = ?1)",
            [initiative_id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(Error::NotFound {
                what: "initiative",
                id: initiative_id.to_string(),
            });
        }
        for (table, condition) in BUNDLE_TABLES {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT * FROM {table} WHERE {condition} ORDER BY id"
            ))?;
            let columns: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
            sink.table(table, &columns)?;
            let mut rows = stmt.query([initiative_id])?;
            let mut values = Vec::with_capacity(columns.len());
            while let Some(r) = rows.next()? {
                values.clear();
                for (i, column) in columns.iter().enumerate() {
                    values.push(json_value(r.get_ref(i)?).ok_or_else(|| {
                        Error::Internal(format!(
                            "column {column} of table {table} holds binary data, which a bundle cannot carry"
                        ))
                    })?);
                }
                sink.row(&values)?;
            }
        }
        Ok(())
    }

    /// Loads a bundle's rows (`tables`: table name → rows, each a JSON object keyed by
    /// column) for `initiative_id` in one transaction, rolled back when `dry_run`. Every
    /// table and column is checked against this database before anything is written.
    /// Shared rows (periods, disaggregations and their groups) the database already has
    /// under the same natural key are reused and the ids pointing at them remapped; every
    /// other row keeps its id. Returns the initiative's name and what happened per table.
    pub(crate) fn load_bundle(
        &mut self,
        initiative_id: &str,
        tables: &HashMap<String, Vec<Map<String, Value>>>,
        dry_run: bool,
    ) -> Result<(String, Vec<BundleTableCount>)> {
        let known: HashSet<&str> = BUNDLE_TABLES.iter().map(|(t, _)| *t).collect();
        let mut unknown: Vec<&String> = tables
            .keys()
            .filter(|t| !known.contains(t.as_str()))
            .collect();
        unknown.sort();
        if let Some(table) = unknown.first() {
            return Err(Error::invalid(
                "tables",
                format!(
                    "The bundle has a table \"{table}\" this database does not have; \
                     nothing was imported"
                ),
            ));
        }
        for (table, _) in BUNDLE_TABLES {
            let Some(rows) = tables.get(table) else {
                continue;
            };
            let columns = table_columns(&self.conn, table)?;
            for (n, row) in rows.iter().enumerate() {
                let place = || {
                    let id = row.get("id").and_then(Value::as_str).unwrap_or("?");
                    format!("row {} (id {id}) of table {table}", n + 1)
                };
                if let Some(column) = row.keys().find(|c| !columns.contains(c)) {
                    return Err(Error::invalid(
                        format!("tables.{table}"),
                        format!(
                            "The bundle's {} has a column \"{column}\" that table {table} of \
                             this database does not have; nothing was imported",
                            place()
                        ),
                    ));
                }
                if !row.get("id").is_some_and(Value::is_string) {
                    return Err(Error::invalid(
                        format!("tables.{table}"),
                        format!("The bundle's {} has no text id", place()),
                    ));
                }
                if let Some((column, value)) = row.iter().find(|(c, v)| {
                    sql_value(v).is_none()
                        || (*c == "initiative_id" && v.as_str() != Some(initiative_id))
                }) {
                    let message = if column == "initiative_id" {
                        format!(
                            "The bundle's {} belongs to initiative {value}, not to the bundle's \
                             initiative {initiative_id}",
                            place()
                        )
                    } else {
                        format!(
                            "The bundle's {} holds {value} in column {column}; a column holds \
                             text, a number or null",
                            place()
                        )
                    };
                    return Err(Error::invalid(format!("tables.{table}"), message));
                }
            }
        }
        let initiative = tables
            .get("initiatives")
            .map(Vec::as_slice)
            .unwrap_or_default();
        let name = match initiative {
            [one] if one.get("id").and_then(Value::as_str) == Some(initiative_id) => one
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            _ => {
                return Err(Error::invalid(
                    "tables.initiatives",
                    format!(
                        "The bundle's initiatives table must hold exactly the bundle's \
                         initiative {initiative_id}"
                    ),
                ))
            }
        };
        let existing: Option<(String, bool, bool)> = self
            .conn
            .query_row(
                "SELECT name, deleted_at IS NOT NULL, is_sample FROM initiatives WHERE id = ?1",
                [initiative_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((existing, trashed, sample)) = existing {
            let where_ = if trashed { " (in the trash)" } else { "" };
            let how = if sample {
                "remove the sample first (\"Remove sample\", or `backbone sample --remove`)"
            } else {
                "delete it for good first (in the trash its rows keep their ids, so moving it \
                 there is not enough), or import the bundle into another database"
            };
            return Err(Error::Conflict(format!(
                "The initiative \"{existing}\" ({initiative_id}) is already in this \
                 database{where_}, so the bundle of \"{name}\" cannot be imported again: {how}. \
                 Nothing was imported"
            )));
        }

        let tx = self.conn.transaction()?;
        // Bundle id → this database's id, per shared table, where they differ.
        let mut remap: HashMap<&str, HashMap<String, String>> = HashMap::new();
        let mut counts = Vec::new();
        for (table, _) in BUNDLE_TABLES {
            let rows = tables.get(table).map(Vec::as_slice).unwrap_or_default();
            let natural = NATURAL_KEYS.iter().find(|(t, _)| *t == table).map(|k| k.1);
            let mut count = BundleTableCount {
                table: table.to_string(),
                rows: rows.len() as u64,
                inserted: 0,
                reused: 0,
            };
            for row in rows {
                let mut row = row.clone();
                for (_, column, shared) in SHARED_REFERENCES.iter().filter(|r| r.0 == table) {
                    let mapped = row
                        .get(*column)
                        .and_then(Value::as_str)
                        .and_then(|id| remap.get(shared)?.get(id));
                    if let Some(mapped) = mapped {
                        row.insert(column.to_string(), Value::String(mapped.clone()));
                    }
                }
                let id = row
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let context = |e: rusqlite::Error| {
                    Error::invalid(
                        format!("tables.{table}"),
                        format!(
                            "The bundle's {table} row {id} cannot be loaded: {e}; nothing was imported"
                        ),
                    )
                };
                if let Some(key) = natural {
                    let found = find_by_key(&tx, table, key, &row).map_err(context)?;
                    if let Some(own) = found {
                        if own != id {
                            remap.entry(table).or_default().insert(id.clone(), own);
                        }
                        count.reused += 1;
                        continue;
                    }
                    // A new shared row whose id this database uses for another one.
                    let taken: bool = tx
                        .query_row(
                            &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
                            [&id],
                            |r| r.get(0),
                        )
                        .map_err(context)?;
                    if taken {
                        let fresh = new_id();
                        row.insert("id".into(), Value::String(fresh.clone()));
                        remap.entry(table).or_default().insert(id.clone(), fresh);
                    }
                }
                insert_row(&tx, table, &row).map_err(context)?;
                count.inserted += 1;
            }
            counts.push(count);
        }
        if !dry_run {
            tx.commit()?;
        }
        Ok((name, counts))
    }
}

/// The id of the row of `table` whose `key` columns equal the row's, if any.
fn find_by_key(
    conn: &Connection,
    table: &str,
    key: &[&str],
    row: &Map<String, Value>,
) -> rusqlite::Result<Option<String>> {
    let condition = key
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} IS ?{}", quote(c), i + 1))
        .collect::<Vec<_>>()
        .join(" AND ");
    let values: Vec<SqlValue> = key
        .iter()
        .map(|c| row.get(*c).and_then(sql_value).unwrap_or(SqlValue::Null))
        .collect();
    conn.prepare_cached(&format!("SELECT id FROM {table} WHERE {condition}"))?
        .query_row(rusqlite::params_from_iter(values), |r| r.get(0))
        .optional()
}

/// Inserts a bundle row (columns already checked) as it is.
fn insert_row(conn: &Connection, table: &str, row: &Map<String, Value>) -> rusqlite::Result<()> {
    let columns: Vec<String> = row.keys().map(|c| quote(c)).collect();
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    let values: Vec<SqlValue> = row
        .values()
        .map(|v| sql_value(v).unwrap_or(SqlValue::Null))
        .collect();
    conn.prepare_cached(&format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        marks.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_sql_values_round_trip() {
        for v in [
            SqlValue::Null,
            SqlValue::Integer(-3),
            SqlValue::Real(72.4),
            SqlValue::Real(12.0),
            SqlValue::Text("a \"b\", c".into()),
        ] {
            let json = json_value(ValueRef::from(&v)).unwrap();
            let text = serde_json::to_string(&json).unwrap();
            let back: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(sql_value(&back), Some(v.clone()), "{text}");
        }
        assert_eq!(json_value(ValueRef::Blob(b"x")), None);
        assert_eq!(sql_value(&serde_json::json!([1])), None);
    }

    #[test]
    fn snapshots_nest_and_end() {
        let store = Store::open_in_memory(crate::store::system_clock()).unwrap();
        let n = store
            .in_snapshot(|| store.in_snapshot(|| Ok(1)))
            .expect("a snapshot inside a snapshot runs in the outer one");
        assert_eq!(n, 1);
        assert!(store.conn.is_autocommit(), "the read transaction ended");
        let err = store
            .in_snapshot(|| -> Result<()> { Err(Error::invalid_input("stop")) })
            .unwrap_err();
        assert!(err.to_string().contains("stop"));
        assert!(store.conn.is_autocommit(), "a failed read ends it too");
    }

    #[test]
    fn every_table_of_the_schema_that_holds_an_initiatives_rows_is_in_bundles() {
        let store = Store::open_in_memory(crate::store::system_clock()).unwrap();
        let tables: Vec<String> = store
            .conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let bundled: HashSet<&str> = BUNDLE_TABLES.iter().map(|t| t.0).collect();
        // The change log, the settings and sync's bookkeeping (migration 7) belong to the
        // database, not to an initiative; values are bundled through their view, not as
        // stored (`observation_values` and its local numbers `obs_keys`, migration 9).
        let missing: Vec<&String> = tables
            .iter()
            .filter(|t| {
                !bundled.contains(t.as_str())
                    && *t != "change_log"
                    && *t != "settings"
                    && *t != "obs_keys"
                    && *t != "observation_values"
                    && !t.starts_with("sync_")
            })
            .collect();
        assert!(
            missing.is_empty(),
            "tables a bundle leaves out (add them to BUNDLE_TABLES): {missing:?}"
        );
    }
}
