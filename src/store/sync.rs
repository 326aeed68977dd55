//! Field sync: the change log travels between laptops in change files and every copy
//! converges on the same rows (migration 7 describes the tables; `crate::sync` the clock
//! and the file).
//!
//! **Stamping.** Local changes reach the change log through triggers, without a clock.
//! Before any exchange, [`stamp`] gives every unstamped entry, in order, its hybrid
//! logical clock timestamp, this replica's id, its author and what this store had seen
//! from the others at that moment (its context). Values created by an import are logged
//! once, as the import (migration 3); stamping expands them into one entry per value.
//!
//! **Merging.** A received change is stored in the change log as it came, then every row
//! it touched is rebuilt from the row's whole history ([`Rebuild`]). A new row whose only
//! change is its insert is written straight from the file instead, and the change kept
//! lazily (`sync_lazy`, migration 8: a pointer into the stored file, which exports read)
//! until the row's history is needed ([`materialize`]). Per field, the writes
//! that no other write of that field happened after (the heads: a write happened after
//! another when it was made by the same replica later, or by a replica whose context had
//! seen it) compete, and the newest by (hlc, origin) wins. When two heads hold different
//! values the loser is kept in `sync_conflicts` until a person resolves it or a later
//! write, made knowing both, replaces them. `deleted_at` is a field like the others, with
//! one rule more: an edit of any other field says "this row is alive", so a delete loses
//! to a newer concurrent edit and wins over older ones. A purge (a row emptied from the
//! trash) removes the row unless an insert is newer. Bookkeeping fields (`updated_at`,
//! `created_at`, who entered a value and when) follow the newest write but are never
//! conflicts. Because the outcome depends only on the set of changes, not on the order
//! they came in, every copy that has the same changes holds the same rows.
//!
//! **Exchanging.** Each replica keeps a version vector (`sync_vv`: the newest change it
//! has from each origin) and learns the others' from their files (`sync_peers`). An
//! export for a known replica holds only what that replica has not reported having.

use super::bundle::BUNDLE_TABLES;
use super::migrations::latest_version;
use super::{derived_id, Store};
use crate::error::{Error, Result};
use crate::export::atomic::write_atomically;
use crate::model::sync::{
    Conflict, ConflictSide, FolderSyncSummary, Keep, SyncEvent, SyncExportSummary,
    SyncImportSummary, SyncPeer, SyncRefusal, SyncStatus,
};
use crate::sync::file::{self, Payload, VersionVector, WireChange};
use crate::sync::hlc::Hlc;
use rusqlite::types::{ToSqlOutput, Value as Sql, ValueRef};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

const REPLICA_ID: &str = "replica_id";
const HLC_STATE: &str = "sync_hlc";
const FOLDER: &str = "sync_folder";
const EXPORTED_SEQ: &str = "sync_exported_seq";

/// Fields that follow the newest write but never make a conflict.
const BOOKKEEPING: &[&str] = &[
    "updated_at",
    "created_at",
    "entered_by",
    "entered_at",
    "updated_by",
];

/// Fields shown side by side as long text in a conflict.
const LONG_FIELDS: &[&str] = &[
    "how_doing",
    "story",
    "action_plan",
    "description",
    "notes",
    "decisions",
    "factors",
    "ideas",
    "content",
    "text",
    "summary",
];

/// The total series' disaggregation (migration 1): in every store.
const TOTAL: &str = "00000000-0000-0000-0000-000000000000";

/// The page cache while a change file is applied (KiB).
const SYNC_CACHE_KIB: i64 = 262_144;

const OPS: &[&str] = &["insert", "update", "delete", "restore", "purge"];

/// The tables that travel: every table of the model (the bundle's), not settings.
fn synced(table: &str) -> bool {
    BUNDLE_TABLES.iter().any(|(t, _)| *t == table)
}

/// One change-log entry as the merge sees it.
#[derive(Debug, Clone)]
struct Entry {
    op: String,
    hlc: String,
    origin: String,
    ctx: Option<i64>,
    author: Option<String>,
    at: String,
    /// The fields it wrote, with their values.
    fields: Map<String, Value>,
    /// The conflicts a resolution closes.
    resolves: Vec<String>,
}

impl Entry {
    fn key(&self) -> (&str, &str) {
        (&self.hlc, &self.origin)
    }

    /// The entry says the row is alive: it edits a field that is not bookkeeping.
    fn asserts_alive(&self) -> bool {
        self.op == "update"
            && self
                .fields
                .keys()
                .any(|k| k != "deleted_at" && !BOOKKEEPING.contains(&k.as_str()))
    }
}

/// The fields an entry wrote: every key of `new` when `old` is absent (an insert, a
/// received change), else the keys whose values differ. An insert writes only the fields
/// it gives a value (a new row's empty fields compete with nothing, and files stay
/// small). The id is the row's, not a field. Keys starting with `_` are notes (a
/// resolution's `_resolves`), not fields.
fn written(op: &str, old: Option<&str>, new: Option<&str>) -> (Map<String, Value>, Vec<String>) {
    if op == "purge" {
        return (Map::new(), Vec::new());
    }
    let new: Map<String, Value> = new
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    let old: Option<Map<String, Value>> = old.and_then(|s| serde_json::from_str(s).ok());
    let mut fields = Map::new();
    let mut resolves = Vec::new();
    for (k, v) in new {
        if k == "_resolves" {
            if let Value::Array(ids) = &v {
                resolves = ids
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect();
            }
            continue;
        }
        if k.starts_with('_') || k == "id" || (op == "insert" && v.is_null()) {
            continue;
        }
        match &old {
            Some(o) if o.get(&k).is_some_and(|ov| same(ov, &v)) => {}
            _ => {
                fields.insert(k, v);
            }
        }
    }
    (fields, resolves)
}

/// Two stored values are the same (numbers compared as numbers: 1 and 1.0 are equal).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn to_sql(v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(*b as i64),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

fn from_sql(v: Sql) -> Value {
    match v {
        Sql::Null => Value::Null,
        Sql::Integer(i) => Value::from(i),
        Sql::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        Sql::Text(s) => Value::String(s),
        Sql::Blob(b) => Value::String(String::from_utf8_lossy(&b).into_owned()),
    }
}

/// Appends `v` as JSON to `out`.
fn write_json<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    serde_json::to_writer(out, v).expect("a value always serialises");
}

fn millis(at: &str) -> Option<u64> {
    chrono::DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|t| t.timestamp_millis().max(0) as u64)
}

fn get_setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// This store's version vector (the newest change it has from each origin).
fn load_vv(conn: &Connection) -> Result<VersionVector> {
    let mut stmt = conn.prepare_cached("SELECT origin, hlc FROM sync_vv")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn raise_vv(conn: &Connection, origin: &str, hlc: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_vv (origin, hlc) VALUES (?1, ?2)
         ON CONFLICT (origin) DO UPDATE SET hlc = max(hlc, excluded.hlc)",
    )?
    .execute([origin, hlc])?;
    Ok(())
}

/// The id of a context (a version vector), stored once.
fn intern(conn: &Connection, vv: &VersionVector) -> Result<i64> {
    let json = serde_json::to_string(vv).expect("a version vector serialises");
    conn.prepare_cached("INSERT INTO sync_contexts (vv) VALUES (?1) ON CONFLICT (vv) DO NOTHING")?
        .execute([&json])?;
    Ok(conn
        .prepare_cached("SELECT id FROM sync_contexts WHERE vv = ?1")?
        .query_row([&json], |r| r.get(0))?)
}

/// Stamps every local change not stamped yet (see the module docs); returns how many.
fn stamp(conn: &Connection, me: &str, author: Option<&str>) -> Result<u64> {
    let pending: Vec<(i64, String, String, String, String)> = conn
        .prepare_cached(
            "SELECT seq, table_name, row_id, op, changed_at FROM change_log
             WHERE hlc IS NULL ORDER BY seq",
        )?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if pending.is_empty() {
        return Ok(0);
    }
    let mut clock = get_setting(conn, HLC_STATE)?
        .and_then(|s| Hlc::parse(&s))
        .unwrap_or_default();
    let mut vv = load_vv(conn)?;
    vv.remove(me);
    let ctx = intern(conn, &vv)?;
    let mut newest = String::new();
    for (seq, table, row, op, at) in &pending {
        clock = clock.tick(millis(at).unwrap_or(clock.ms));
        let hlc = clock.to_string();
        conn.prepare_cached(
            "UPDATE change_log SET hlc = ?2, origin = ?3, ctx = ?4, author = ?5 WHERE seq = ?1",
        )?
        .execute(params![seq, hlc, me, ctx, author])?;
        if table == "imports" && op == "insert" {
            if let Some(last) = expand_import(conn, row, &hlc, me, ctx, author)? {
                newest = newest.max(last);
            }
        }
        newest = newest.max(hlc);
    }
    super::Store::set_setting(conn, HLC_STATE, &clock.to_string())?;
    raise_vv(conn, me, &newest)?;
    // A local edit of a field in conflict was made knowing both sides: it replaces them.
    let mut rebuild = Rebuild::new(
        conn,
        pending.last().map(|p| p.4.clone()).unwrap_or_default(),
    )?;
    if rebuild.any_open {
        rebuild.write = false;
        let mut done = HashSet::new();
        for (_, table, row, _, _) in &pending {
            let open: bool = conn
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM sync_conflicts
                                    WHERE table_name = ?1 AND row_id = ?2 AND status = 'open')",
                )?
                .query_row([table, row], |r| r.get(0))?;
            if open && done.insert((table, row)) {
                rebuild.row(table, row)?;
            }
        }
    }
    Ok(pending.len() as u64)
}

/// Logs the values an import created as one insert each (hlc: the import's, suffixed).
fn expand_import(
    conn: &Connection,
    import_id: &str,
    hlc: &str,
    me: &str,
    ctx: i64,
    author: Option<&str>,
) -> Result<Option<String>> {
    let cols = columns(conn, "observations")?;
    let object = cols
        .iter()
        .map(|c| format!("'{c}', {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let n = conn.execute(
        &format!(
            "INSERT INTO change_log (table_name, row_id, op, new_values, changed_at, hlc, origin,
                 ctx, author, id)
             SELECT 'observations', id, 'insert', json_object({object}), updated_at, h, ?2, ?3, ?4,
                    h || '@' || ?2
             FROM (SELECT *, ?1 || '.' || printf('%08x', row_number() OVER (ORDER BY id)) AS h
                   FROM observations WHERE import_id = ?5)"
        ),
        params![hlc, me, ctx, author, import_id],
    )?;
    Ok((n > 0).then(|| format!("{hlc}.{n:08x}")))
}

/// A table's columns, in order.
fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let cols = stmt.query_map([table], |r| r.get(0))?;
    Ok(cols.collect::<rusqlite::Result<_>>()?)
}

/// Rebuilds rows from their history.
struct Rebuild<'a> {
    conn: &'a Connection,
    now: String,
    contexts: HashMap<i64, VersionVector>,
    columns: HashMap<String, std::rc::Rc<[String]>>,
    /// Whether any conflict may be open (skips a query per row when none is).
    any_open: bool,
    /// Rows are written (an import); otherwise only their conflicts are brought up to
    /// date (after local edits: the row already holds them).
    write: bool,
    /// Files whose changes were kept lazily: a row's are logged before it is rebuilt.
    batches: Batches,
}

/// What rebuilding one row did.
#[derive(Default)]
struct Rebuilt {
    changed: bool,
    conflicts_new: u64,
}

impl<'a> Rebuild<'a> {
    fn new(conn: &'a Connection, now: String) -> Result<Rebuild<'a>> {
        let any_open = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sync_conflicts WHERE status = 'open')",
            [],
            |r| r.get(0),
        )?;
        Ok(Rebuild {
            conn,
            now,
            contexts: HashMap::new(),
            columns: HashMap::new(),
            any_open,
            write: true,
            batches: Batches::default(),
        })
    }

    fn context(&mut self, id: Option<i64>) -> Result<Option<&VersionVector>> {
        let Some(id) = id else { return Ok(None) };
        if !self.contexts.contains_key(&id) {
            let json: String = self
                .conn
                .prepare_cached("SELECT vv FROM sync_contexts WHERE id = ?1")?
                .query_row([id], |r| r.get(0))?;
            let vv = serde_json::from_str(&json).unwrap_or_default();
            self.contexts.insert(id, vv);
        }
        Ok(self.contexts.get(&id))
    }

    /// `a` happened before `b`: the same replica made `b` later, or `b`'s replica had
    /// seen `a` when it made `b`.
    fn before(&mut self, a: &Entry, b: &Entry) -> Result<bool> {
        if a.origin == b.origin {
            return Ok(a.hlc < b.hlc);
        }
        Ok(self
            .context(b.ctx)?
            .and_then(|vv| vv.get(&a.origin))
            .is_some_and(|seen| seen.as_str() >= a.hlc.as_str()))
    }

    fn history(&mut self, table: &str, row: &str) -> Result<Vec<Entry>> {
        materialize(self.conn, &mut self.batches, table, row)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT op, old_values, new_values, hlc, origin, ctx, author, changed_at
             FROM change_log WHERE table_name = ?1 AND row_id = ?2 AND hlc IS NOT NULL",
        )?;
        let rows = stmt.query_map([table, row], |r| {
            let op: String = r.get(0)?;
            let old: Option<String> = r.get(1)?;
            let new: Option<String> = r.get(2)?;
            let (fields, resolves) = written(&op, old.as_deref(), new.as_deref());
            Ok(Entry {
                op,
                hlc: r.get(3)?,
                origin: r.get(4)?,
                ctx: r.get(5)?,
                author: r.get(6)?,
                at: r.get(7)?,
                fields,
                resolves,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn columns(&mut self, table: &str) -> Result<std::rc::Rc<[String]>> {
        if !self.columns.contains_key(table) {
            let cols = columns(self.conn, table)?;
            self.columns.insert(table.to_string(), cols.into());
        }
        Ok(self.columns[table].clone())
    }

    fn current(&mut self, table: &str, row: &str) -> Result<Option<Map<String, Value>>> {
        let cols = self.columns(table)?;
        let sql = format!("SELECT * FROM \"{table}\" WHERE {}", id_is(table));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt
            .query_row([row], |r| {
                let mut m = Map::new();
                for (i, c) in cols.iter().enumerate() {
                    m.insert(c.clone(), from_sql(r.get::<_, Sql>(i)?));
                }
                Ok(m)
            })
            .optional()?)
    }

    /// The heads of one field among `writes` (indexes into `entries`) and the winner.
    fn heads(&mut self, entries: &[Entry], writes: &[usize]) -> Result<Vec<usize>> {
        let mut heads = Vec::new();
        for &i in writes {
            let mut superseded = false;
            for &j in writes {
                if i != j && self.before(&entries[i], &entries[j])? {
                    superseded = true;
                    break;
                }
            }
            if !superseded {
                heads.push(i);
            }
        }
        Ok(heads)
    }

    /// Rebuilds one row from its history and records its conflicts.
    fn row(&mut self, table: &str, row: &str) -> Result<Rebuilt> {
        let entries = self.history(table, row)?;
        let mut done = Rebuilt::default();
        let current = self.current(table, row)?;
        // Does the row exist? The newest insert or purge says.
        let life = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.op == "insert" || e.op == "purge")
            .max_by(|a, b| a.1.key().cmp(&b.1.key()))
            .map(|(i, _)| i);
        let born = match life {
            Some(i) if entries[i].op == "purge" => {
                if current.is_some() && self.write {
                    self.conn
                        .prepare_cached(&format!("DELETE FROM \"{table}\" WHERE {}", id_is(table)))?
                        .execute([row])?;
                    done.changed = true;
                }
                self.close_conflicts(table, row, &HashSet::new(), &entries)?;
                return Ok(done);
            }
            Some(i) => Some(i),
            None if current.is_none() => return Ok(done),
            None => None,
        };
        // Writes made before the row's latest insert belong to an earlier life.
        let mut live = Vec::new();
        for i in 0..entries.len() {
            if entries[i].op == "purge" {
                continue;
            }
            if let Some(b) = born {
                if i != b && self.before(&entries[i], &entries[b])? {
                    continue;
                }
            }
            live.push(i);
        }
        let cols = self.columns(table)?;
        let mut desired = Map::new();
        let mut conflicts = Vec::new();
        for col in cols.iter().filter(|c| *c != "id") {
            let writes: Vec<usize> = live
                .iter()
                .copied()
                .filter(|&i| {
                    entries[i].fields.contains_key(col)
                        || (col == "deleted_at" && entries[i].asserts_alive())
                })
                .collect();
            if writes.is_empty() {
                if let Some(v) = current.as_ref().and_then(|c| c.get(col)) {
                    desired.insert(col.clone(), v.clone());
                }
                continue;
            }
            let heads = self.heads(&entries, &writes)?;
            let winner = *heads
                .iter()
                .max_by(|&&a, &&b| entries[a].key().cmp(&entries[b].key()))
                .expect("a field with writes has a head");
            let value_of = |i: usize| entries[i].fields.get(col).cloned().unwrap_or(Value::Null);
            let value = value_of(winner);
            if !BOOKKEEPING.contains(&col.as_str()) {
                for &h in heads.iter().filter(|&&h| h != winner) {
                    if !same(&value_of(h), &value) {
                        conflicts.push((col.clone(), winner, h));
                    }
                }
            }
            desired.insert(col.clone(), value);
        }
        match &current {
            _ if !self.write => {}
            Some(cur) => {
                let diff: Vec<(&String, &Value)> = desired
                    .iter()
                    .filter(|(k, v)| !cur.get(*k).is_some_and(|c| same(c, v)))
                    .collect();
                if !diff.is_empty() {
                    let sets = diff
                        .iter()
                        .enumerate()
                        .map(|(i, (k, _))| format!("\"{k}\" = ?{}", i + 2))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let mut values = vec![Sql::Text(row.to_string())];
                    values.extend(diff.iter().map(|(_, v)| to_sql(v)));
                    self.conn
                        .prepare_cached(&format!(
                            "UPDATE \"{table}\" SET {sets} WHERE {}",
                            id_is(table)
                        ))?
                        .execute(rusqlite::params_from_iter(values))?;
                    done.changed = true;
                }
            }
            None => {
                insert_row(self.conn, table, row, &desired)?;
                done.changed = true;
            }
        }
        let mut open = HashSet::new();
        for (field, w, l) in conflicts {
            let id = conflict_id(table, row, &field, &entries[l]);
            open.insert(id.clone());
            let winner = &entries[w];
            let loser = &entries[l];
            let value = |e: &Entry| {
                e.fields
                    .get(&field)
                    .cloned()
                    .unwrap_or(Value::Null)
                    .to_string()
            };
            let status: Option<String> = self
                .conn
                .prepare_cached("SELECT status FROM sync_conflicts WHERE id = ?1")?
                .query_row([&id], |r| r.get(0))
                .optional()?;
            match status.as_deref() {
                None => {
                    self.conn
                        .prepare_cached(
                            "INSERT INTO sync_conflicts (id, table_name, row_id, field,
                                 winner_hlc, winner_origin, winner_value, winner_author,
                                 winner_at, loser_hlc, loser_origin, loser_value, loser_author,
                                 loser_at, detected_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
                                     ?14, ?15)",
                        )?
                        .execute(params![
                            id,
                            table,
                            row,
                            field,
                            winner.hlc,
                            winner.origin,
                            value(winner),
                            winner.author,
                            winner.at,
                            loser.hlc,
                            loser.origin,
                            value(loser),
                            loser.author,
                            loser.at,
                            self.now
                        ])?;
                    done.conflicts_new += 1;
                    self.any_open = true;
                }
                // Known and open: the winner may have moved on (a newer concurrent
                // write). Closed as superseded: the losing write agreed with a winner for
                // a while, and disagrees with the newer one; it is open again. (A
                // resolution is made knowing the loser, which then never competes again.)
                Some(status @ ("open" | "superseded")) => {
                    self.conn
                        .prepare_cached(
                            "UPDATE sync_conflicts SET status = 'open', closed_at = NULL,
                                 closed_by = NULL, winner_hlc = ?2, winner_origin = ?3,
                                 winner_value = ?4, winner_author = ?5, winner_at = ?6,
                                 detected_at = CASE WHEN status = 'open' THEN detected_at
                                                    ELSE ?7 END
                             WHERE id = ?1",
                        )?
                        .execute(params![
                            id,
                            winner.hlc,
                            winner.origin,
                            value(winner),
                            winner.author,
                            winner.at,
                            self.now
                        ])?;
                    if status == "superseded" {
                        done.conflicts_new += 1;
                        self.any_open = true;
                    }
                }
                Some(_) => {}
            }
        }
        self.close_conflicts(table, row, &open, &entries)?;
        Ok(done)
    }

    /// Closes the row's open conflicts that are no longer heads: `resolved` when a
    /// resolution names them, `superseded` otherwise.
    fn close_conflicts(
        &mut self,
        table: &str,
        row: &str,
        open: &HashSet<String>,
        entries: &[Entry],
    ) -> Result<()> {
        if !self.any_open {
            return Ok(());
        }
        let stale: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM sync_conflicts
                 WHERE table_name = ?1 AND row_id = ?2 AND status = 'open'",
            )?
            .query_map([table, row], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?
            .into_iter()
            .filter(|id| !open.contains(id))
            .collect();
        for id in stale {
            let by = entries.iter().find(|e| e.resolves.contains(&id));
            let (status, who) = match by {
                Some(e) => ("resolved", e.author.clone()),
                None => ("superseded", None),
            };
            self.conn
                .prepare_cached(
                    "UPDATE sync_conflicts SET status = ?2, closed_at = ?3, closed_by = ?4
                     WHERE id = ?1",
                )?
                .execute(params![id, status, self.now, who])?;
        }
        Ok(())
    }
}

/// A conflict's id: the same on every laptop.
fn conflict_id(table: &str, row: &str, field: &str, loser: &Entry) -> String {
    derived_id(&["conflict", table, row, field, &loser.hlc, &loser.origin])
}

/// Drops the change-log triggers (returning their SQL to create them again): changes
/// received are logged as they came, not as the rows they rewrite.
fn drop_log_triggers(conn: &Connection) -> Result<Vec<String>> {
    let triggers: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'trigger' AND sql LIKE '%INSERT INTO change_log%'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
}

fn bad_file(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::invalid("file", format!("{}: {message}", path.display()))
}

impl Store {
    /// This store's replica id, made on first use.
    pub fn replica_id(&mut self) -> Result<String> {
        if let Some(id) = self.setting(REPLICA_ID)? {
            return Ok(id);
        }
        let id = super::new_id();
        Store::set_setting(&self.conn, REPLICA_ID, &id)?;
        Ok(id)
    }

    /// Writes the changes `for_replica` has not reported having (every change when it is
    /// `None` or unknown) to `out`, atomically.
    pub fn sync_export(
        &mut self,
        for_replica: Option<&str>,
        out: &Path,
    ) -> Result<SyncExportSummary> {
        let me = self.replica_id()?;
        let name = self.author_name()?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        stamp(&tx, &me, name.as_deref())?;
        let base: VersionVector = match for_replica {
            Some(r) => tx
                .query_row(
                    "SELECT seen FROM sync_peers WHERE replica_id = ?1",
                    [r],
                    |r| r.get::<_, String>(0),
                )
                .optional()?
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or_default(),
            None => VersionVector::new(),
        };
        let payload = payload(&tx, &me, name, &now, for_replica, base)?;
        let bytes = file::encode(&payload);
        write_atomically(out, |w| {
            w.write_all(&bytes).map_err(|source| Error::Io {
                path: out.to_path_buf(),
                source,
            })
        })?;
        let changes = payload.changes.len() as u64;
        tx.execute(
            "INSERT INTO sync_log (kind, at, file, peer_id, peer_name, changes)
             VALUES ('export', ?1, ?2, ?3,
                     (SELECT name FROM sync_peers WHERE replica_id = ?3), ?4)",
            params![now, out.display().to_string(), for_replica, changes as i64],
        )?;
        let last: i64 = tx.query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| {
            r.get(0)
        })?;
        Store::set_setting(&tx, EXPORTED_SEQ, &last.to_string())?;
        tx.commit()?;
        Ok(SyncExportSummary {
            file: out.display().to_string(),
            for_replica: for_replica.map(str::to_string),
            changes,
            bytes: bytes.len() as u64,
        })
    }

    /// Applies a change file in one transaction (see the module docs). A file this store
    /// wrote is ignored; a damaged, truncated or newer file is refused whole.
    pub fn sync_import(&mut self, path: &Path) -> Result<SyncImportSummary> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let payload = file::decode(&bytes).map_err(|e| bad_file(path, e))?;
        check_payload(path, &payload)?;
        let me = self.replica_id()?;
        let name = self.author_name()?;
        let now = self.now();
        let shown = path.display().to_string();
        let summary = SyncImportSummary {
            file: shown.clone(),
            from_replica: payload.sender.clone(),
            from_name: payload.sender_name.clone(),
            own_file: payload.sender == me,
            applied: 0,
            skipped_seen: 0,
            conflicts_new: 0,
            rows_changed: 0,
        };
        if summary.own_file {
            self.conn.execute(
                "INSERT INTO sync_log (kind, at, file, peer_id, peer_name, changes)
                 VALUES ('ignored', ?1, ?2, ?3, ?4, ?5)",
                params![
                    now,
                    shown,
                    payload.sender,
                    payload.sender_name,
                    payload.changes.len() as i64
                ],
            )?;
            return Ok(summary);
        }
        self.conn.set_prepared_statement_cache_capacity(256);
        // A large exchange rewrites many index pages: a page cache that holds them avoids
        // spilling the same pages again and again (set back afterwards).
        self.conn
            .pragma_update(None, "cache_size", -SYNC_CACHE_KIB)?;
        let applied =
            self.apply_payload(path, &bytes, &payload, &me, name.as_deref(), &now, summary);
        self.conn
            .pragma_update(None, "cache_size", -super::CACHE_KIB)?;
        applied
    }

    /// [`Store::sync_import`] once the file is read and checked.
    #[allow(clippy::too_many_arguments)]
    fn apply_payload(
        &mut self,
        path: &Path,
        bytes: &[u8],
        payload: &Payload,
        me: &str,
        name: Option<&str>,
        now: &str,
        mut summary: SyncImportSummary,
    ) -> Result<SyncImportSummary> {
        let shown = path.display().to_string();
        let now = now.to_string();
        let tx = self.conn.transaction()?;
        stamp(&tx, me, name)?;
        let triggers = drop_log_triggers(&tx)?;
        let ctx_ids = payload
            .contexts
            .iter()
            .map(|vv| intern(&tx, vv))
            .collect::<Result<Vec<i64>>>()?;
        // Each row to write, with its first change in this file.
        let mut touched: Vec<(String, String, Option<usize>)> = Vec::new();
        let mut is_new = vec![false; payload.changes.len()];
        // The changes new to this store, by row: a row whose only history is one insert
        // from this file is written directly.
        let mut incoming: HashMap<(u32, &str), Vec<usize>> =
            HashMap::with_capacity(payload.changes.len());
        let mut newest: HashMap<&str, &str> = HashMap::new();
        // A change newer than anything stored from its origin is new without a lookup.
        let mut stored: HashMap<&str, String> = HashMap::new();
        let lazy_newest: HashMap<String, String> = tx
            .prepare("SELECT origin, max(hlc) FROM sync_lazy GROUP BY origin")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for o in &payload.origins {
            let max: Option<String> = tx
                .prepare_cached("SELECT max(hlc) FROM change_log WHERE origin = ?1")?
                .query_row([o], |r| r.get(0))?;
            let max = max.unwrap_or_default();
            let lazy = lazy_newest.get(o).cloned().unwrap_or_default();
            stored.insert(o.as_str(), max.max(lazy));
        }
        let first_seq: i64 = tx.query_row(
            "SELECT coalesce(max(seq), 0) + 1 FROM change_log",
            [],
            |r| r.get(0),
        )?;
        for (n, c) in payload.changes.iter().enumerate() {
            let origin = payload.origins[c.4 as usize].as_str();
            if origin == me {
                summary.skipped_seen += 1;
                continue;
            }
            let known: bool = c.3.as_str() <= stored[origin].as_str()
                && tx
                    .prepare_cached(
                        "SELECT EXISTS (SELECT 1 FROM change_log WHERE origin = ?1 AND hlc = ?2)
                             OR EXISTS (SELECT 1 FROM sync_lazy
                                        WHERE table_name = ?3 AND row_id = ?4
                                          AND origin = ?1 AND hlc = ?2)",
                    )?
                    .query_row(
                        [origin, c.3.as_str(), &payload.tables[c.0 as usize], &c.1],
                        |r| r.get(0),
                    )?;
            if known {
                summary.skipped_seen += 1;
                continue;
            }
            let table = payload.tables[c.0 as usize].as_str();
            summary.applied += 1;
            let e = newest.entry(origin).or_insert("");
            if c.3.as_str() > *e {
                *e = c.3.as_str();
            }
            let mine = incoming.entry((c.0, c.1.as_str())).or_default();
            if mine.is_empty() {
                touched.push((table.to_string(), c.1.clone(), Some(n)));
            }
            mine.push(n);
            is_new[n] = true;
        }
        // A row whose only history is one insert from this file is written straight from
        // it and its change kept lazily (migration 8); every other new change is logged.
        let mut fresh = Fresh::new(&tx, payload, bytes, incoming, first_seq)?;
        let mut json: Vec<u8> = Vec::new();
        // The changes written straight (the only change of their row).
        let mut straight = vec![false; payload.changes.len()];
        for (n, c) in payload.changes.iter().enumerate() {
            if !is_new[n] {
                continue;
            }
            if fresh.eligible(c.0, &c.1)? {
                straight[n] = true;
            } else {
                log_change(&tx, payload, c, ctx_ids[c.5 as usize], &mut json)?;
            }
        }
        // Rows that could not be written before are tried again.
        let pending: Vec<(String, String)> = tx
            .prepare("SELECT table_name, row_id FROM sync_pending")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let had_pending = !pending.is_empty();
        if had_pending {
            let listed: HashSet<(String, String)> = touched
                .iter()
                .map(|(t, r, _)| (t.clone(), r.clone()))
                .collect();
            for (t, r) in pending {
                if !listed.contains(&(t.clone(), r.clone())) {
                    touched.push((t, r, None));
                }
            }
        }
        // Parents before children (the bundle's load order), then in the order received;
        // a row that still cannot be written (its parent failed first) is tried again
        // while that makes progress, and otherwise kept for the next import.
        let order = |t: &str| BUNDLE_TABLES.iter().position(|(b, _)| *b == t);
        touched.sort_by_cached_key(|(t, _, _)| order(t));
        let mut rebuild = Rebuild::new(&tx, now.clone())?;
        let mut failed: Vec<(String, String, Option<usize>, String)> = Vec::new();
        let mut todo = touched;
        loop {
            let before = todo.len();
            for (table, row, first) in todo {
                let result = match first {
                    Some(n) if straight[n] => match fresh.write_new(n, &ctx_ids) {
                        Ok(()) => Ok(Rebuilt {
                            changed: true,
                            conflicts_new: 0,
                        }),
                        Err(e) => {
                            // Logged now: tried again, it is rebuilt from its history.
                            straight[n] = false;
                            Err(e)
                        }
                    },
                    _ => rebuild.row(&table, &row),
                };
                match result {
                    Ok(done) => {
                        summary.rows_changed += done.changed as u64;
                        summary.conflicts_new += done.conflicts_new;
                    }
                    Err(Error::Database(e)) => failed.push((table, row, first, e.to_string())),
                    Err(e) => return Err(e),
                }
            }
            if failed.is_empty() || failed.len() == before {
                break;
            }
            todo = failed.drain(..).map(|(t, r, n, _)| (t, r, n)).collect();
        }
        if had_pending {
            tx.execute("DELETE FROM sync_pending", [])?;
        }
        for (table, row, _, message) in &failed {
            tx.prepare_cached(
                "INSERT INTO sync_pending (table_name, row_id, message) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO UPDATE SET message = excluded.message",
            )?
            .execute([table, row, message])?;
        }
        drop(rebuild);
        drop(fresh);
        // A file none of whose changes is kept lazily any more is not kept either.
        tx.execute(
            "DELETE FROM sync_batches WHERE id NOT IN (SELECT batch FROM sync_lazy)",
            [],
        )?;
        // The version vector moves on for an origin only when the file continues what
        // this store has (its base is not ahead of ours): no gaps are ever claimed.
        let ours = load_vv(&tx)?;
        let mut clock = get_setting(&tx, HLC_STATE)?
            .and_then(|s| Hlc::parse(&s))
            .unwrap_or_default();
        for (origin, hlc) in &newest {
            let have = ours.get(*origin).map(String::as_str).unwrap_or("");
            let assumed = payload.base.get(*origin).map(String::as_str).unwrap_or("");
            if assumed <= have {
                raise_vv(&tx, origin, hlc)?;
            }
            if let Some(h) = Hlc::parse(hlc) {
                clock = clock.observe(h);
            }
        }
        Store::set_setting(&tx, HLC_STATE, &clock.to_string())?;
        tx.execute(
            "INSERT INTO sync_peers (replica_id, name, seen, changes_received, last_import_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (replica_id) DO UPDATE SET name = coalesce(excluded.name, name),
                 seen = excluded.seen, changes_received = changes_received + excluded.changes_received,
                 last_import_at = excluded.last_import_at",
            params![
                payload.sender,
                payload.sender_name,
                serde_json::to_string(&payload.version_vector).expect("serialises"),
                summary.applied as i64,
                now
            ],
        )?;
        tx.execute(
            "INSERT INTO sync_log (kind, at, file, peer_id, peer_name, changes, applied, conflicts_new)
             VALUES ('import', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                now,
                shown,
                payload.sender,
                payload.sender_name,
                payload.changes.len() as i64,
                summary.applied as i64,
                summary.conflicts_new as i64
            ],
        )?;
        for sql in &triggers {
            tx.execute_batch(sql)?;
        }
        tx.commit()?;
        Ok(summary)
    }

    /// The conflicts (open ones only, or all), newest first.
    pub fn sync_conflicts(&mut self, open_only: bool) -> Result<Vec<Conflict>> {
        let me = self.replica_id()?;
        self.stamp_now(&me)?;
        let names = self.replica_names(&me)?;
        let ids: Vec<String> = self
            .conn
            .prepare(
                "SELECT id FROM sync_conflicts WHERE (?1 = 0 OR status = 'open')
                 ORDER BY detected_at DESC, table_name, row_id, field",
            )?
            .query_map([open_only as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.iter()
            .map(|id| self.conflict_with(id, &me, &names))
            .collect()
    }

    /// Stamps local changes now (they may close conflicts they replaced).
    fn stamp_now(&mut self, me: &str) -> Result<()> {
        let author = self.author_name()?;
        let tx = self.conn.transaction()?;
        stamp(&tx, me, author.as_deref())?;
        tx.commit()?;
        Ok(())
    }

    /// One conflict.
    pub fn sync_conflict(&mut self, id: &str) -> Result<Conflict> {
        let me = self.replica_id()?;
        self.stamp_now(&me)?;
        let names = self.replica_names(&me)?;
        self.conflict_with(id, &me, &names)
    }

    fn replica_names(&self, me: &str) -> Result<HashMap<String, String>> {
        let mut names: HashMap<String, String> = self
            .conn
            .prepare("SELECT replica_id, name FROM sync_peers WHERE name IS NOT NULL")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some(n) = self.author_name()? {
            names.insert(me.to_string(), n);
        }
        Ok(names)
    }

    fn conflict_with(
        &self,
        id: &str,
        me: &str,
        names: &HashMap<String, String>,
    ) -> Result<Conflict> {
        type Side = (
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let row = self
            .conn
            .query_row(
                "SELECT status, table_name, row_id, field, winner_origin, winner_value,
                     winner_author, winner_at, loser_origin, loser_value, loser_author, loser_at,
                     detected_at, closed_at, closed_by, winner_hlc, loser_hlc
                 FROM sync_conflicts WHERE id = ?1",
                [id],
                |r| {
                    let w: Side = (r.get(4)?, r.get(15)?, r.get(5)?, r.get(6)?, r.get(7)?);
                    let l: Side = (r.get(8)?, r.get(16)?, r.get(9)?, r.get(10)?, r.get(11)?);
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        w,
                        l,
                        r.get::<_, String>(12)?,
                        r.get::<_, Option<String>>(13)?,
                        r.get::<_, Option<String>>(14)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "conflict",
                id: id.to_string(),
            })?;
        let (status, table, row_id, field, w, l, detected_at, closed_at, closed_by) = row;
        let side = |s: &Side, applied: bool| ConflictSide {
            value: s
                .2
                .as_deref()
                .and_then(|v| serde_json::from_str(v).ok())
                .unwrap_or(Value::Null),
            replica_id: s.0.clone(),
            replica_name: names.get(&s.0).cloned(),
            author: s.3.clone(),
            at: s.4.clone().unwrap_or_default(),
            applied,
            local: s.0 == me,
        };
        let winner = side(&w, true);
        let loser = side(&l, false);
        let (mine, theirs) = if loser.local && !winner.local {
            (loser, winner)
        } else {
            (winner, loser)
        };
        let long_text = LONG_FIELDS.contains(&field.as_str())
            || [&mine.value, &theirs.value].iter().any(|v| {
                v.as_str()
                    .is_some_and(|s| s.len() > 120 || s.contains('\n'))
            });
        let (what, initiative_id) = describe(&self.conn, &table, &row_id)?;
        Ok(Conflict {
            id: id.to_string(),
            status,
            field_label: field_label(&field),
            table,
            row_id,
            field,
            what,
            initiative_id,
            long_text,
            mine,
            theirs,
            detected_at,
            closed_at,
            closed_by,
        })
    }

    /// Resolves an open conflict: writes the kept value as a new change made knowing both
    /// sides, so it wins on every laptop and closes the conflict there too.
    pub fn sync_resolve(&mut self, id: &str, keep: &Keep) -> Result<Conflict> {
        let conflict = self.sync_conflict(id)?;
        if conflict.status != "open" {
            return Err(Error::Conflict(format!(
                "this conflict is already {}",
                conflict.status
            )));
        }
        let me = self.replica_id()?;
        let author = self.author_name()?;
        let now = self.now();
        let (table, row, field) = (&conflict.table, &conflict.row_id, &conflict.field);
        let value = match keep {
            Keep::Mine => conflict.mine.value.clone(),
            Keep::Theirs => conflict.theirs.value.clone(),
            Keep::Value(text) => typed_value(&self.conn, table, field, text)?,
        };
        let tx = self.conn.transaction()?;
        stamp(&tx, &me, author.as_deref())?;
        let exists: bool = tx.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM \"{table}\" WHERE {})",
                id_is(table)
            ),
            [row],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(Error::Conflict(format!(
                "{} no longer exists; nothing to resolve",
                conflict.what
            )));
        }
        let cols = columns(&tx, table)?;
        let stamped = cols.iter().any(|c| c == "updated_at") && field != "updated_at";
        let before: i64 =
            tx.query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| {
                r.get(0)
            })?;
        let sql = if stamped {
            format!(
                "UPDATE \"{table}\" SET \"{field}\" = ?2, updated_at = ?3 WHERE {}",
                id_is(table)
            )
        } else {
            format!(
                "UPDATE \"{table}\" SET \"{field}\" = ?2 WHERE {}",
                id_is(table)
            )
        };
        let mut values = vec![Sql::Text(row.clone()), to_sql(&value)];
        if stamped {
            values.push(Sql::Text(now.clone()));
        }
        tx.execute(&sql, rusqlite::params_from_iter(values))
            .map_err(|e| Error::invalid("value", format!("that value cannot be kept: {e}")))?;
        // The resolution is one entry that writes the field (even when its value did
        // not change) and names the conflicts it closes.
        let others: Vec<String> = tx
            .prepare(
                "SELECT id FROM sync_conflicts
                 WHERE table_name = ?1 AND row_id = ?2 AND field = ?3 AND status = 'open'",
            )?
            .query_map([table, row, field], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut fields = Map::new();
        fields.insert(field.clone(), value);
        if stamped {
            fields.insert("updated_at".into(), Value::String(now.clone()));
        }
        fields.insert("_resolves".into(), Value::from(others.clone()));
        tx.execute(
            "DELETE FROM change_log WHERE seq > ?1 AND table_name = ?2 AND row_id = ?3",
            params![before, table, row],
        )?;
        tx.execute(
            "INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
             VALUES (?1, ?2, 'update', ?3, ?4)",
            params![table, row, Value::Object(fields).to_string(), now],
        )?;
        stamp(&tx, &me, author.as_deref())?;
        for other in &others {
            tx.execute(
                "UPDATE sync_conflicts SET status = 'resolved', closed_at = ?2, closed_by = ?3
                 WHERE id = ?1",
                params![other, now, author],
            )?;
        }
        tx.commit()?;
        self.sync_conflict(id)
    }

    /// The sync folder chosen in the app, if any.
    pub fn sync_folder(&self) -> Result<Option<PathBuf>> {
        Ok(self.setting(FOLDER)?.map(PathBuf::from))
    }

    /// Chooses (or with `None` forgets) the sync folder.
    pub fn set_sync_folder(&mut self, folder: Option<&Path>) -> Result<()> {
        match folder {
            Some(f) => {
                if !f.is_dir() {
                    return Err(Error::invalid(
                        "folder",
                        format!("{} is not a folder", f.display()),
                    ));
                }
                Store::set_setting(&self.conn, FOLDER, &f.display().to_string())
            }
            None => {
                self.conn
                    .execute("DELETE FROM settings WHERE key = ?1", [FOLDER])?;
                Ok(())
            }
        }
    }

    /// One pass over a sync folder: reads every other replica's file there (a file that
    /// cannot be read is listed, not applied), then writes this store's own file
    /// (`<replica id>.bbsync`: no two laptops write the same file) with every change a
    /// replica whose file is there may lack.
    pub fn sync_with_folder(&mut self, folder: &Path) -> Result<FolderSyncSummary> {
        let me = self.replica_id()?;
        let entries = std::fs::read_dir(folder).map_err(|source| Error::Io {
            path: folder.to_path_buf(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == file::EXTENSION))
            .filter(|p| p.file_stem().is_none_or(|s| s.to_string_lossy() != me))
            .collect();
        files.sort();
        let mut imported = Vec::new();
        let mut refused = Vec::new();
        let mut senders = Vec::new();
        for f in &files {
            match self.sync_import(f) {
                Ok(s) => {
                    if !s.own_file {
                        senders.push(s.from_replica.clone());
                    }
                    imported.push(s);
                }
                Err(e @ (Error::Invalid { .. } | Error::Io { .. })) => refused.push(SyncRefusal {
                    file: f.display().to_string(),
                    message: e.to_string(),
                }),
                Err(e) => return Err(e),
            }
        }
        // The file serves every replica that writes here: the changes after what the
        // least advanced of them reported (everything when a file could not be read).
        let mut base: Option<VersionVector> = None;
        if refused.is_empty() {
            for s in &senders {
                let seen: VersionVector = self
                    .conn
                    .query_row(
                        "SELECT seen FROM sync_peers WHERE replica_id = ?1",
                        [s],
                        |r| r.get::<_, String>(0),
                    )
                    .optional()?
                    .and_then(|j| serde_json::from_str(&j).ok())
                    .unwrap_or_default();
                base = Some(match base {
                    None => seen,
                    Some(b) => b
                        .into_iter()
                        .filter_map(|(o, h)| {
                            seen.get(&o)
                                .map(|h2| (o, if *h2 < h { h2.clone() } else { h }))
                        })
                        .collect(),
                });
            }
        }
        let out = folder.join(format!("{me}.{}", file::EXTENSION));
        let written = self.sync_export_since(base.unwrap_or_default(), &out)?;
        Ok(FolderSyncSummary {
            folder: folder.display().to_string(),
            written,
            imported,
            refused,
        })
    }

    /// [`Store::sync_with_folder`] on the folder chosen in the app.
    pub fn sync_folder_now(&mut self) -> Result<FolderSyncSummary> {
        let folder = self
            .sync_folder()?
            .ok_or_else(|| Error::invalid("folder", "choose a sync folder first"))?;
        self.sync_with_folder(&folder)
    }

    fn sync_export_since(&mut self, base: VersionVector, out: &Path) -> Result<SyncExportSummary> {
        let me = self.replica_id()?;
        let name = self.author_name()?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        stamp(&tx, &me, name.as_deref())?;
        let payload = payload(&tx, &me, name, &now, None, base)?;
        let bytes = file::encode(&payload);
        write_atomically(out, |w| {
            w.write_all(&bytes).map_err(|source| Error::Io {
                path: out.to_path_buf(),
                source,
            })
        })?;
        let changes = payload.changes.len() as u64;
        tx.execute(
            "INSERT INTO sync_log (kind, at, file, changes) VALUES ('export', ?1, ?2, ?3)",
            params![now, out.display().to_string(), changes as i64],
        )?;
        let last: i64 = tx.query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| {
            r.get(0)
        })?;
        Store::set_setting(&tx, EXPORTED_SEQ, &last.to_string())?;
        tx.commit()?;
        Ok(SyncExportSummary {
            file: out.display().to_string(),
            for_replica: None,
            changes,
            bytes: bytes.len() as u64,
        })
    }

    /// Who this store is in sync, its folder, peers, latest exchanges and open conflicts.
    pub fn sync_status(&mut self) -> Result<SyncStatus> {
        let replica_id = self.replica_id()?;
        self.stamp_now(&replica_id)?;
        let exported: i64 = self
            .setting(EXPORTED_SEQ)?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let unsent: i64 = self.conn.query_row(
            "SELECT count(*) FROM change_log WHERE seq > ?1 AND (origin IS NULL OR origin = ?2)",
            params![exported, replica_id],
            |r| r.get(0),
        )?;
        let open: i64 = self.conn.query_row(
            "SELECT count(*) FROM sync_conflicts WHERE status = 'open'",
            [],
            |r| r.get(0),
        )?;
        let peers = self
            .conn
            .prepare(
                "SELECT replica_id, name, last_import_at, changes_received FROM sync_peers
                 ORDER BY last_import_at DESC",
            )?
            .query_map([], |r| {
                Ok(SyncPeer {
                    replica_id: r.get(0)?,
                    name: r.get(1)?,
                    last_import_at: r.get(2)?,
                    changes_received: r.get::<_, i64>(3)? as u64,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let history = self
            .conn
            .prepare(
                "SELECT kind, at, file, peer_id, peer_name, changes, applied, conflicts_new
                 FROM sync_log ORDER BY id DESC LIMIT 50",
            )?
            .query_map([], |r| {
                Ok(SyncEvent {
                    kind: r.get(0)?,
                    at: r.get(1)?,
                    file: r.get(2)?,
                    peer_id: r.get(3)?,
                    peer_name: r.get(4)?,
                    changes: r.get::<_, i64>(5)? as u64,
                    applied: r.get::<_, i64>(6)? as u64,
                    conflicts_new: r.get::<_, i64>(7)? as u64,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(SyncStatus {
            replica_id,
            replica_name: self.author_name()?,
            folder: self.setting(FOLDER)?,
            unsent_changes: unsent as u64,
            open_conflicts: open as u64,
            peers,
            history,
        })
    }
}

/// Rows whose whole history is one insert in the file being applied: written straight from
/// the change, which is kept lazily (`sync_lazy`, migration 8) instead of logged.
struct Fresh<'p> {
    conn: &'p Connection,
    payload: &'p Payload,
    /// The file's bytes (kept as the batch the lazy changes point into).
    bytes: &'p [u8],
    /// The changes new to this store, by (table index, row).
    incoming: HashMap<(u32, &'p str), Vec<usize>>,
    /// The rows this store had history for before the file (when listing them all is
    /// cheaper than asking row by row); otherwise each row is asked about.
    older: Option<HashSet<(String, String)>>,
    first_seq: i64,
    /// Whether each row is written straight from its change (decided once per row, by
    /// the row's first change in the file).
    eligible: HashMap<usize, bool>,
    columns: HashMap<&'p str, HashSet<String>>,
    /// Inserts by table and fields, prepared once per file; the last one used, with its
    /// table and fields.
    statements: Vec<rusqlite::Statement<'p>>,
    prepared: HashMap<(&'p str, String), usize>,
    last: Option<(u32, Vec<&'p str>, usize)>,
    /// This file in `sync_batches`, once a change points into it.
    batch: Option<i64>,
    /// Values are written straight into `observation_values` (migration 9): the numbers
    /// of the rows they refer to, by id, checked to exist once per file.
    keys: HashMap<&'p str, i64>,
}

impl<'p> Fresh<'p> {
    fn new(
        conn: &'p Connection,
        payload: &'p Payload,
        bytes: &'p [u8],
        incoming: HashMap<(u32, &'p str), Vec<usize>>,
        first_seq: i64,
    ) -> Result<Fresh<'p>> {
        let lazy: i64 = conn.query_row("SELECT count(*) FROM sync_lazy", [], |r| r.get(0))?;
        // A store whose history is small next to the file lists its rows once: a lookup
        // per row costs more than reading them all.
        let older = if ((first_seq + lazy) as usize) < 8 * incoming.len() + 1024 {
            let mut stmt = conn.prepare(
                "SELECT DISTINCT table_name, row_id FROM change_log WHERE seq < ?1
                 UNION SELECT table_name, row_id FROM sync_lazy",
            )?;
            let rows = stmt.query_map([first_seq], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Some(rows.collect::<rusqlite::Result<_>>()?)
        } else {
            None
        };
        Ok(Fresh {
            conn,
            payload,
            bytes,
            incoming,
            older,
            first_seq,
            eligible: HashMap::new(),
            columns: HashMap::new(),
            statements: Vec::new(),
            prepared: HashMap::new(),
            last: None,
            batch: None,
            keys: HashMap::new(),
        })
    }

    /// The row's only history is one insert from this file.
    fn eligible(&mut self, t: u32, row: &str) -> Result<bool> {
        let p = self.payload;
        let Some(list) = self.incoming.get(&(t, row)) else {
            return Ok(false);
        };
        let key = list[0];
        if let Some(&known) = self.eligible.get(&key) {
            return Ok(known);
        }
        let table = p.tables[t as usize].as_str();
        let ok = match list.as_slice() {
            [only] if p.changes[*only].2 == "insert" => !match &self.older {
                Some(rows) => rows.contains(&(table.to_string(), row.to_string())),
                None => self
                    .conn
                    .prepare_cached(
                        "SELECT EXISTS (SELECT 1 FROM change_log
                                        WHERE table_name = ?1 AND row_id = ?2 AND seq < ?3)
                             OR EXISTS (SELECT 1 FROM sync_lazy
                                        WHERE table_name = ?1 AND row_id = ?2)",
                    )?
                    .query_row(params![table, row, self.first_seq], |r| r.get(0))?,
            },
            _ => false,
        };
        self.eligible.insert(key, ok);
        Ok(ok)
    }

    /// Writes the row change `n` (its row's only change, an insert) creates, and keeps
    /// the change lazily. A row that cannot be written (its parent is missing) has its
    /// change logged instead, to be rebuilt from it when tried again.
    fn write_new(&mut self, n: usize, ctx_ids: &[i64]) -> Result<()> {
        let p = self.payload;
        let c = &p.changes[n];
        if let Err(e) = self.write(c) {
            log_change(self.conn, p, c, ctx_ids[c.5 as usize], &mut Vec::new())?;
            return Err(e);
        }
        let batch = match self.batch {
            Some(b) => b,
            None => {
                self.conn
                    .execute("INSERT INTO sync_batches (bytes) VALUES (?1)", [self.bytes])?;
                let b = self.conn.last_insert_rowid();
                self.batch = Some(b);
                b
            }
        };
        self.conn
            .prepare_cached(
                "INSERT INTO sync_lazy (table_name, row_id, origin, hlc, batch, pos)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                p.tables[c.0 as usize],
                c.1,
                p.origins[c.4 as usize],
                c.3,
                batch,
                n as i64
            ])?;
        Ok(())
    }

    /// Inserts the row as change `c` gives it.
    fn write(&mut self, c: &'p WireChange) -> Result<()> {
        let p = self.payload;
        let written = |(k, v): &(&'p String, &'p Value)| k.as_str() != "id" && !v.is_null();
        // Changes to one table mostly write the same fields: the last statement serves
        // again when they match its (already checked) names.
        let stmt = match &self.last {
            Some((t, names, i))
                if *t == c.0 && {
                    let mut expected = names.iter();
                    c.8.iter()
                        .filter(written)
                        .all(|(k, _)| expected.next().is_some_and(|n| *n == k.as_str()))
                        && expected.next().is_none()
                } =>
            {
                *i
            }
            _ => self.statement(c)?,
        };
        let value = p.tables[c.0 as usize] == "observations";
        let mut values: Vec<ToSqlOutput<'p>> = Vec::with_capacity(c.8.len() + 1);
        if !value {
            values.push(ToSqlOutput::from(c.1.as_str()));
        }
        let names = self
            .last
            .as_ref()
            .expect("a statement was chosen")
            .1
            .clone();
        for (k, v) in c.8.iter().filter(written) {
            if !names.contains(&k.as_str()) {
                continue;
            }
            if value && k.ends_with("_id") {
                let id = match v {
                    Value::Number(n) => n.as_u64().and_then(|i| p.ids.get(i as usize)),
                    _ => None,
                };
                let Some(id) = id else {
                    return Err(Error::Internal(format!("value {}: {k} is not an id", c.1)));
                };
                let n = self.key(k, id)?;
                values.push(ToSqlOutput::Owned(Sql::Integer(n)));
                continue;
            }
            values.push(match v {
                Value::String(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
                Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                    (Some(i), _) if k.ends_with("_id") => {
                        ToSqlOutput::Borrowed(ValueRef::Text(p.ids[i as usize].as_bytes()))
                    }
                    (_, Some(i)) => ToSqlOutput::Owned(Sql::Integer(i)),
                    _ => ToSqlOutput::Owned(Sql::Real(n.as_f64().unwrap_or(0.0))),
                },
                other => ToSqlOutput::Owned(to_sql(other)),
            });
        }
        self.statements[stmt].execute(rusqlite::params_from_iter(values))?;
        Ok(())
    }

    /// The number in `obs_keys` of row `id`, which value field `field` refers to, given
    /// on first use; an error when the row is not here (as the foreign key was).
    fn key(&mut self, field: &str, id: &'p str) -> Result<i64> {
        if let Some(&n) = self.keys.get(id) {
            return Ok(n);
        }
        let parent = match field {
            "measure_id" => "measures",
            "period_id" => "periods",
            "disaggregation_id" => "disaggregations",
            "import_id" => "imports",
            _ => return Err(Error::Internal(format!("a value has no field {field}"))),
        };
        let here: bool = self.conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM {parent} WHERE id = ?1)"),
            [id],
            |r| r.get(0),
        )?;
        if !here {
            return Err(Error::Internal(format!(
                "FOREIGN KEY constraint failed: {parent} {id} is not here"
            )));
        }
        if parent == "imports" {
            self.conn.execute(
                "INSERT INTO obs_keys (id, at, author) SELECT id, created_at, imported_by
                   FROM imports WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM obs_keys WHERE id = ?1)",
                [id],
            )?;
        } else {
            self.conn.execute(
                "INSERT INTO obs_keys (id) SELECT ?1 WHERE NOT EXISTS (SELECT 1 FROM obs_keys WHERE id = ?1)",
                [id],
            )?;
        }
        let n: i64 = self
            .conn
            .query_row("SELECT n FROM obs_keys WHERE id = ?1", [id], |r| r.get(0))?;
        self.keys.insert(id, n);
        Ok(n)
    }

    /// The insert for change `c`'s table and fields (only the table's own columns: a
    /// name from a file never reaches SQL unchecked), prepared once per file; it becomes
    /// the last statement.
    fn statement(&mut self, c: &'p WireChange) -> Result<usize> {
        let table: &'p str = self.payload.tables[c.0 as usize].as_str();
        if !self.columns.contains_key(table) {
            let cols = columns(self.conn, table)?.into_iter().collect();
            self.columns.insert(table, cols);
        }
        let cols = &self.columns[table];
        let names: Vec<&'p str> =
            c.8.iter()
                .filter(|(k, v)| k.as_str() != "id" && !v.is_null() && cols.contains(k.as_str()))
                .map(|(k, _)| k.as_str())
                .collect();
        let key = (table, names.join(","));
        let i = match self.prepared.get(&key) {
            Some(&i) => i,
            None => {
                let sql = if table == "observations" {
                    // Straight into the stored values (migration 9), references as numbers.
                    let list: Vec<&str> = names
                        .iter()
                        .map(|n| match *n {
                            "measure_id" => "m",
                            "disaggregation_id" => "d",
                            "period_id" => "p",
                            "import_id" => "import",
                            other => other,
                        })
                        .collect();
                    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
                    format!(
                        "INSERT INTO observation_values (\"{}\") VALUES ({})",
                        list.join("\", \""),
                        marks.join(", ")
                    )
                } else {
                    let list: String = names.iter().map(|n| format!(", \"{n}\"")).collect();
                    let marks: String = (2..=names.len() + 1).map(|i| format!(", ?{i}")).collect();
                    format!("INSERT INTO \"{table}\" (id{list}) VALUES (?1{marks})")
                };
                self.statements.push(self.conn.prepare(&sql)?);
                self.prepared.insert(key, self.statements.len() - 1);
                self.statements.len() - 1
            }
        };
        self.last = Some((c.0, names, i));
        Ok(i)
    }
}

/// Logs received change `c` of `payload` in `change_log` as it came (`ctx`: its context's
/// id in `sync_contexts`; `json`: a buffer to reuse).
fn log_change(
    conn: &Connection,
    payload: &Payload,
    c: &WireChange,
    ctx: i64,
    json: &mut Vec<u8>,
) -> Result<()> {
    json.clear();
    change_json(payload, c, json);
    conn.prepare_cached(
        "INSERT INTO change_log (table_name, row_id, op, new_values, changed_at, hlc,
             origin, ctx, author, id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?6 || '@' || ?7)",
    )?
    .execute(params![
        payload.tables[c.0 as usize],
        c.1,
        c.2,
        std::str::from_utf8(json).expect("serde_json writes UTF-8"),
        c.7,
        c.3,
        payload.origins[c.4 as usize],
        ctx,
        c.6.map(|i| payload.authors[i as usize].as_str())
    ])?;
    Ok(())
}

/// The fields change `c` wrote as a JSON object, references spelled out (the
/// `new_values` of its change-log entry).
fn change_json(payload: &Payload, c: &WireChange, json: &mut Vec<u8>) {
    json.push(b'{');
    for (i, (k, v)) in c.8.iter().enumerate() {
        if i > 0 {
            json.push(b',');
        }
        write_json(json, k);
        json.push(b':');
        match v.as_u64() {
            Some(i) if k.ends_with("_id") => write_json(json, &payload.ids[i as usize]),
            _ => write_json(json, v),
        }
    }
    json.push(b'}');
}

/// The change files lazily kept changes point into, read once each.
#[derive(Default)]
struct Batches {
    read: HashMap<i64, std::rc::Rc<Payload>>,
}

impl Batches {
    fn get(&mut self, conn: &Connection, id: i64) -> Result<std::rc::Rc<Payload>> {
        if let Some(p) = self.read.get(&id) {
            return Ok(p.clone());
        }
        let bytes: Vec<u8> = conn
            .prepare_cached("SELECT bytes FROM sync_batches WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        let payload = file::decode(&bytes)
            .map_err(|e| Error::Internal(format!("a kept change file cannot be read: {e}")))?;
        let payload = std::rc::Rc::new(payload);
        self.read.insert(id, payload.clone());
        Ok(payload)
    }
}

/// Change `pos` of a kept file.
fn kept_change(payload: &Payload, pos: i64) -> Result<&WireChange> {
    payload
        .changes
        .get(pos as usize)
        .ok_or_else(|| Error::Internal(format!("kept change {pos} is not in its file")))
}

/// Moves the lazily kept changes of a row into `change_log` (see migration 8), so its
/// whole history is there.
fn materialize(conn: &Connection, batches: &mut Batches, table: &str, row: &str) -> Result<()> {
    let kept: Vec<(i64, i64)> = conn
        .prepare_cached("SELECT batch, pos FROM sync_lazy WHERE table_name = ?1 AND row_id = ?2")?
        .query_map([table, row], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if kept.is_empty() {
        return Ok(());
    }
    let mut json = Vec::new();
    for (batch, pos) in kept {
        let payload = batches.get(conn, batch)?;
        let c = kept_change(&payload, pos)?;
        let ctx = intern(conn, &payload.contexts[c.5 as usize])?;
        log_change(conn, &payload, c, ctx, &mut json)?;
    }
    conn.prepare_cached("DELETE FROM sync_lazy WHERE table_name = ?1 AND row_id = ?2")?
        .execute([table, row])?;
    Ok(())
}

/// The SQL that finds row `?1` of `table` (values are found by their cell: migration 9).
fn id_is(table: &str) -> String {
    if table == "observations" {
        super::observations::by_id("", "?1")
    } else {
        "id = ?1".to_string()
    }
}

/// Moves every lazily kept change of `table` into `change_log` (before migration 9 gives
/// values new ids).
pub(crate) fn materialize_all(conn: &Connection, table: &str) -> Result<()> {
    let has_lazy: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'sync_lazy')",
        [],
        |r| r.get(0),
    )?;
    if !has_lazy {
        return Ok(());
    }
    let rows: Vec<String> = conn
        .prepare("SELECT row_id FROM sync_lazy WHERE table_name = ?1")?
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut batches = Batches::default();
    for row in rows {
        materialize(conn, &mut batches, table, &row)?;
    }
    Ok(())
}

/// Inserts a row with `fields` (and `id`).
fn insert_row(
    conn: &Connection,
    table: &str,
    row: &str,
    fields: &Map<String, Value>,
) -> Result<()> {
    let list = fields
        .keys()
        .map(|k| format!(", \"{k}\""))
        .collect::<String>();
    let marks = (0..=fields.len())
        .map(|i| format!("?{}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let mut values = vec![Sql::Text(row.to_string())];
    values.extend(fields.values().map(to_sql));
    conn.prepare_cached(&format!(
        "INSERT INTO \"{table}\" (id{list}) VALUES ({marks})"
    ))?
    .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

/// Refuses a payload that is not consistent (indexes out of range, unknown tables or
/// operations, malformed stamps) or that comes from a newer schema.
fn check_payload(path: &Path, p: &Payload) -> Result<()> {
    if p.schema > latest_version() {
        return Err(bad_file(
            path,
            format!(
                "it was written by a newer version of Backbone (schema {}; this app knows up to {}): update Backbone to import it",
                p.schema,
                latest_version()
            ),
        ));
    }
    if let Some(t) = p.tables.iter().find(|t| !synced(t)) {
        return Err(bad_file(path, format!("it names an unknown table \"{t}\"")));
    }
    for (n, c) in p.changes.iter().enumerate() {
        let ok = (c.0 as usize) < p.tables.len()
            && (c.4 as usize) < p.origins.len()
            && (c.5 as usize) < p.contexts.len()
            && c.6.is_none_or(|a| (a as usize) < p.authors.len())
            && OPS.contains(&c.2.as_str())
            && Hlc::parse(&c.3).is_some()
            && !c.1.is_empty()
            && c.8.iter().all(|(k, v)| {
                !k.ends_with("_id") || v.as_u64().is_none_or(|i| (i as usize) < p.ids.len())
            });
        if !ok {
            return Err(bad_file(
                path,
                format!(
                    "change {} of {} is malformed; nothing was applied",
                    n + 1,
                    p.changes.len()
                ),
            ));
        }
    }
    Ok(())
}

/// Builds the payload of the changes after `base`.
fn payload(
    conn: &Connection,
    me: &str,
    name: Option<String>,
    now: &str,
    for_replica: Option<&str>,
    base: VersionVector,
) -> Result<Payload> {
    let vv = load_vv(conn)?;
    struct Row {
        table: String,
        row: String,
        op: String,
        old: Option<String>,
        new: Option<String>,
        at: String,
        hlc: String,
        origin: String,
        ctx: Option<i64>,
        author: Option<String>,
    }
    // The sample initiative stays on each laptop: its rows never travel (periods and the
    // total series are shared with real data and do).
    let mut sample_rows: HashSet<(String, String)> = HashSet::new();
    let samples: Vec<String> = conn
        .prepare("SELECT id FROM initiatives WHERE is_sample = 1")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for sample in &samples {
        for (table, clause) in BUNDLE_TABLES {
            if table == "periods" {
                continue;
            }
            let mut stmt = conn.prepare(&format!("SELECT id FROM \"{table}\" WHERE {clause}"))?;
            for id in stmt.query_map([sample], |r| r.get::<_, String>(0))? {
                let id = id?;
                if id != TOTAL {
                    sample_rows.insert((table.to_string(), id));
                }
            }
        }
    }
    let mut rows = Vec::new();
    let mut batches = Batches::default();
    let mut contexts_of: HashMap<(i64, u32), i64> = HashMap::new();
    for origin in vv.keys() {
        let since = base.get(origin).map(String::as_str).unwrap_or("");
        let mut stmt = conn.prepare_cached(
            "SELECT table_name, row_id, op, old_values, new_values, changed_at, hlc, ctx, author
             FROM change_log WHERE origin = ?1 AND hlc > ?2",
        )?;
        let found = stmt.query_map([origin.as_str(), since], |r| {
            Ok(Row {
                table: r.get(0)?,
                row: r.get(1)?,
                op: r.get(2)?,
                old: r.get(3)?,
                new: r.get(4)?,
                at: r.get(5)?,
                hlc: r.get(6)?,
                origin: origin.clone(),
                ctx: r.get(7)?,
                author: r.get(8)?,
            })
        })?;
        for r in found {
            let r = r?;
            if sample_rows.is_empty() || !sample_rows.contains(&(r.table.clone(), r.row.clone())) {
                rows.push(r);
            }
        }
        // Changes kept lazily (migration 8) travel as if they were logged.
        let kept: Vec<(i64, i64)> = conn
            .prepare_cached("SELECT batch, pos FROM sync_lazy WHERE origin = ?1 AND hlc > ?2")?
            .query_map([origin.as_str(), since], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut json = Vec::new();
        for (batch, pos) in kept {
            let p = batches.get(conn, batch)?;
            let c = kept_change(&p, pos)?;
            json.clear();
            change_json(&p, c, &mut json);
            let ctx = match contexts_of.get(&(batch, c.5)) {
                Some(&id) => id,
                None => {
                    let id = intern(conn, &p.contexts[c.5 as usize])?;
                    contexts_of.insert((batch, c.5), id);
                    id
                }
            };
            rows.push(Row {
                table: p.tables[c.0 as usize].clone(),
                row: c.1.clone(),
                op: c.2.clone(),
                old: None,
                new: Some(String::from_utf8(json.clone()).expect("serde_json writes UTF-8")),
                at: c.7.clone(),
                hlc: c.3.clone(),
                origin: origin.clone(),
                ctx: Some(ctx),
                author: c.6.map(|i| p.authors[i as usize].clone()),
            });
        }
    }
    rows.sort_by(|a, b| (&a.hlc, &a.origin).cmp(&(&b.hlc, &b.origin)));
    let mut tables: Vec<String> = Vec::new();
    let mut origins: Vec<String> = Vec::new();
    let mut authors: Vec<String> = Vec::new();
    let mut contexts: Vec<VersionVector> = Vec::new();
    let mut ctx_index: HashMap<Option<i64>, u32> = HashMap::new();
    fn index(list: &mut Vec<String>, v: &str) -> u32 {
        match list.iter().position(|x| x == v) {
            Some(i) => i as u32,
            None => {
                list.push(v.to_string());
                (list.len() - 1) as u32
            }
        }
    }
    let mut changes = Vec::with_capacity(rows.len());
    let mut ids: Vec<String> = Vec::new();
    let mut id_index: HashMap<String, usize> = HashMap::new();
    for r in rows {
        let ctx = match ctx_index.get(&r.ctx) {
            Some(&i) => i,
            None => {
                let vv = match r.ctx {
                    Some(id) => conn
                        .prepare_cached("SELECT vv FROM sync_contexts WHERE id = ?1")?
                        .query_row([id], |x| x.get::<_, String>(0))
                        .optional()?
                        .and_then(|j| serde_json::from_str(&j).ok())
                        .unwrap_or_default(),
                    None => VersionVector::new(),
                };
                contexts.push(vv);
                let i = (contexts.len() - 1) as u32;
                ctx_index.insert(r.ctx, i);
                i
            }
        };
        let mut fields = written(&r.op, r.old.as_deref(), r.new.as_deref()).0;
        // A resolution travels with the conflicts it closes.
        if r.old.is_none() {
            if let Some(res) = r
                .new
                .as_deref()
                .and_then(|n| serde_json::from_str::<Map<String, Value>>(n).ok())
                .and_then(|m| m.get("_resolves").cloned())
            {
                fields.insert("_resolves".into(), res);
            }
        }
        // References (`…_id` fields) repeat: each travels once, in `ids`.
        for (k, v) in fields.iter_mut() {
            if k.ends_with("_id") {
                if let Value::String(text) = v {
                    let i = match id_index.get(text.as_str()) {
                        Some(&i) => i,
                        None => {
                            ids.push(text.clone());
                            id_index.insert(text.clone(), ids.len() - 1);
                            ids.len() - 1
                        }
                    };
                    *v = Value::from(i);
                }
            }
        }
        changes.push(WireChange(
            index(&mut tables, &r.table),
            r.row,
            r.op,
            r.hlc,
            index(&mut origins, &r.origin),
            ctx,
            r.author.as_deref().map(|a| index(&mut authors, a)),
            r.at,
            fields,
        ));
    }
    Ok(Payload {
        schema: latest_version(),
        sender: me.to_string(),
        sender_name: name,
        created_at: now.to_string(),
        for_replica: for_replica.map(str::to_string),
        version_vector: vv,
        base,
        tables,
        origins,
        authors,
        contexts,
        ids,
        changes,
    })
}

/// The value a person typed, as the field's column stores it.
fn typed_value(conn: &Connection, table: &str, field: &str, text: &str) -> Result<Value> {
    let (kind, notnull): (String, bool) = conn
        .query_row(
            "SELECT type, \"notnull\" FROM pragma_table_info(?1) WHERE name = ?2",
            [table, field],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::invalid("field", format!("{table} has no field {field}")))?;
    let t = text.trim();
    if t.is_empty() && !notnull {
        return Ok(Value::Null);
    }
    match kind.to_ascii_uppercase().as_str() {
        "REAL" => t
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| Error::invalid("value", format!("\"{text}\" is not a number"))),
        "INTEGER" => t
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| Error::invalid("value", format!("\"{text}\" is not a whole number"))),
        _ => Ok(Value::String(text.to_string())),
    }
}

fn field_label(field: &str) -> String {
    match field {
        "how_doing" => "how we are doing".into(),
        "action_plan" => "action plan".into(),
        "deleted_at" => "in the trash".into(),
        "due_date" => "due date".into(),
        "start_date" => "start date".into(),
        "margin_of_error" => "margin of error".into(),
        other => other.replace('_', " "),
    }
}

/// The row in words, and its initiative when it can be told.
fn describe(conn: &Connection, table: &str, row: &str) -> Result<(String, Option<String>)> {
    let kind = match table {
        "initiatives" => "Initiative",
        "partners" => "Partner",
        "results" => "Result",
        "programs" => "Program",
        "measures" => "Measure",
        "observations" => "Value",
        "worksheets" => "Worksheet",
        "actions" => "Action",
        "comments" => "Comment",
        "meetings" => "Meeting",
        "community_events" => "Community event",
        "community_themes" => "Theme",
        "dimensions" => "Dimension",
        "groups" => "Group",
        other => return Ok((format!("{} {row}", other.replace('_', " ")), None)),
    };
    if table == "observations" {
        let found: Option<(String, String, String)> = conn
            .query_row(
                &format!(
                    "SELECT m.name, p.label, m.initiative_id FROM observations o
                     JOIN measures m ON m.id = o.measure_id JOIN periods p ON p.id = o.period_id
                     WHERE {}",
                    super::observations::by_id("o.", "?1")
                ),
                [row],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        return Ok(match found {
            Some((m, p, i)) => (format!("Value of “{m}” for {p}"), Some(i)),
            None => ("A value".to_string(), None),
        });
    }
    if table == "worksheets" {
        let found: Option<(String, String)> = conn
            .query_row(
                "SELECT m.name, w.initiative_id FROM worksheets w JOIN measures m ON m.id = w.measure_id
                 WHERE w.id = ?1",
                [row],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        return Ok(match found {
            Some((m, i)) => (format!("Worksheet of “{m}”"), Some(i)),
            None => ("A worksheet".to_string(), None),
        });
    }
    let cols = columns(conn, table)?;
    let label = ["name", "title", "text", "body"]
        .iter()
        .find(|c| cols.iter().any(|x| x == *c));
    let initiative = cols.iter().any(|c| c == "initiative_id");
    let name: Option<String> = match label {
        Some(c) => conn
            .query_row(
                &format!("SELECT \"{c}\" FROM \"{table}\" WHERE {}", id_is(table)),
                [row],
                |r| r.get(0),
            )
            .optional()?,
        None => None,
    };
    let initiative_id: Option<String> = if table == "initiatives" {
        Some(row.to_string())
    } else if initiative {
        conn.query_row(
            &format!(
                "SELECT initiative_id FROM \"{table}\" WHERE {}",
                id_is(table)
            ),
            [row],
            |r| r.get(0),
        )
        .optional()?
    } else {
        None
    };
    let what = match name {
        Some(n) => {
            let short: String = n.chars().take(60).collect();
            format!("{kind} “{short}”")
        }
        None => kind.to_string(),
    };
    Ok((what, initiative_id))
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod exchange_tests;
