//! The storage side of imports: one transaction per file, in which measures, periods,
//! dimensions, groups and values are found or created. `crate::import` reads files and
//! decides what each row means; this module only writes.
//!
//! Rules:
//! - Measures are matched by name (case-insensitive) among the initiative's live measures.
//!   A measure the import creates is an indicator under the result "Imported data"
//!   (created when needed; move it in the app), with the file's (or the options') unit,
//!   polarity and calendar.
//! - Dimensions are matched by name, and groups by name or by one of their aliases (the
//!   other labels the user gave them), trimmed and case-insensitively. A label nothing
//!   answers to makes a new group, never a guess at an existing one; groups an import adds
//!   to a dimension that had groups are flagged, so the user can merge them on purpose.
//! - A value that exists is left as it is unless `update` is set: fields the file leaves
//!   blank never clear stored ones, and filling a stored blank is not an update. A
//!   suppression marker never replaces a stored number.
//! - A second row of the same file for the same measure, period and disaggregation is
//!   an error when it says something else, and a warning when it repeats the first.
//! - Values an import creates carry its `import_id` and are logged once, as the import
//!   (see migration 0003); updates are logged row by row.

use super::measures;
use super::observations::period_id;
use super::{dimensions, initiatives, new_id, results, Store};
use crate::error::{Error, Result};
use crate::model::{
    CalendarSpec, InitiativeInput, MeasureInput, MeasureKind, Period, Polarity, ResultInput,
    SectoralHome, Unit,
};
use rusqlite::{params, OptionalExtension, Transaction};
use rustc_hash::FxBuildHasher;
use std::collections::HashMap;

/// The result measures created by imports go under.
pub const IMPORTED_RESULT: &str = "Imported data";
/// The initiative an import creates in a store that has none.
pub const IMPORTED_INITIATIVE: &str = "Imported data";

/// Page cache for an import's transaction (KiB): large enough that the pages of the
/// indexes being filled stay in memory, small enough for the 200 MB budget.
const IMPORT_CACHE_KIB: i64 = 65_536;

/// What an import should do with the store.
#[derive(Debug, Clone, Default)]
pub struct WriterOptions {
    pub initiative: Option<String>,
    pub file_name: String,
    pub format: String,
    pub options_json: String,
    pub update: bool,
    pub unit: Option<Unit>,
    pub polarity: Option<Polarity>,
    pub calendar: Option<CalendarSpec>,
}

/// One incoming value, already parsed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Incoming<'a> {
    pub value: Option<f64>,
    pub suppressed: bool,
    pub target: Option<f64>,
    pub target_low: Option<f64>,
    pub target_high: Option<f64>,
    pub note: Option<&'a str>,
    pub margin_of_error: Option<f64>,
    pub source: Option<&'a str>,
}

/// What the caller needs to report a value's outcome when its chunk is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tag {
    pub row: u64,
    pub column: usize,
    pub suppressed: bool,
    pub has_more: bool,
}

/// Values written together by one multi-row insert: the per-statement cost of SQLite
/// (step, reset, program start) is paid once per chunk instead of once per value.
const CHUNK: usize = 256;
/// Values queued before they are written in key order: a file's rows rarely come in the
/// order of the table's key (measure, disaggregation, period), and writing a window of
/// them sorted turns most inserts into appends to the previous one's page.
const WINDOW: usize = 128 * CHUNK;

/// A value waiting for its chunk.
#[derive(Debug)]
struct Queued {
    key: (i64, i64, i64),
    new: Stored,
    /// The value as the file gave it.
    inc: Stored,
    tag: Tag,
}

impl Stored {
    /// `inc`, owning its text.
    fn of(inc: &Incoming<'_>) -> Stored {
        Stored {
            value: inc.value,
            suppressed: inc.suppressed,
            target: inc.target,
            target_low: inc.target_low,
            target_high: inc.target_high,
            note: inc.note.map(str::to_string),
            margin_of_error: inc.margin_of_error,
            source: inc.source.map(str::to_string),
        }
    }

    fn incoming(&self) -> Incoming<'_> {
        Incoming {
            value: self.value,
            suppressed: self.suppressed,
            target: self.target,
            target_low: self.target_low,
            target_high: self.target_high,
            note: self.note.as_deref(),
            margin_of_error: self.margin_of_error,
            source: self.source.as_deref(),
        }
    }
}

/// What happened to one value.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    /// The stored value differs and `update` is off.
    SkippedExisting,
    /// The file repeats an earlier row of itself with the same content.
    Repeated,
    /// The file has an earlier row for the same key with other content.
    Conflicting(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Stored {
    value: Option<f64>,
    suppressed: bool,
    target: Option<f64>,
    target_low: Option<f64>,
    target_high: Option<f64>,
    note: Option<String>,
    margin_of_error: Option<f64>,
    source: Option<String>,
}

impl Stored {
    /// The row after applying `inc`; `true` when a stored non-blank field would change.
    fn merge(&self, inc: &Incoming<'_>) -> (Stored, bool) {
        let mut new = self.clone();
        let mut overwrites = false;
        fn set<T: PartialEq + Clone>(slot: &mut Option<T>, v: Option<T>, overwrites: &mut bool) {
            if let Some(v) = v {
                if slot.as_ref().is_some_and(|old| *old != v) {
                    *overwrites = true;
                }
                *slot = Some(v);
            }
        }
        if inc.value.is_some() {
            set(&mut new.value, inc.value, &mut overwrites);
            if new.suppressed {
                overwrites = true;
            }
            new.suppressed = false;
        } else if inc.suppressed && new.value.is_none() {
            new.suppressed = true;
        }
        set(&mut new.target, inc.target, &mut overwrites);
        set(&mut new.target_low, inc.target_low, &mut overwrites);
        set(&mut new.target_high, inc.target_high, &mut overwrites);
        set(&mut new.note, inc.note.map(str::to_string), &mut overwrites);
        set(
            &mut new.margin_of_error,
            inc.margin_of_error,
            &mut overwrites,
        );
        set(
            &mut new.source,
            inc.source.map(str::to_string),
            &mut overwrites,
        );
        (new, overwrites)
    }

    fn describe(&self) -> String {
        match (self.value, self.suppressed, self.target) {
            (Some(v), _, _) => format!("value {v}"),
            (None, true, _) => "suppressed".into(),
            (None, false, Some(t)) => format!("target {t}"),
            _ => "a note".into(),
        }
    }
}

/// A measure the import writes to.
#[derive(Debug)]
struct Slot {
    id: String,
    unit: Unit,
    spec: CalendarSpec,
    /// Its number in `obs_keys` (migration 9), once it has one.
    n: Option<i64>,
    /// Period text as written in the file → the period's number in `obs_keys`.
    periods: HashMap<String, i64, FxBuildHasher>,
}

#[derive(Debug)]
struct DimSlot {
    id: String,
    /// Group id by name and by alias ([`dimensions::label_key`]).
    groups: HashMap<String, String>,
    /// The dimension was there before this import.
    existed: bool,
    /// Groups this import created in it, as labelled in the file.
    created: Vec<String>,
}

/// An import in progress: everything it writes is in one transaction.
pub struct Writer<'s> {
    tx: Transaction<'s>,
    /// The text of the insert trigger of `observation_values`, to create again before
    /// commit.
    trigger: String,
    now: String,
    user: String,
    initiative_id: String,
    initiative_name: String,
    initiative_created: bool,
    import_id: String,
    /// This import's number in `obs_keys`: the values it creates point to it.
    import_n: i64,
    opts: WriterOptions,
    by_name: HashMap<String, usize, FxBuildHasher>,
    slots: Vec<Slot>,
    dims: HashMap<String, DimSlot>,
    /// Disaggregation (as [`Writer::disaggregation`] keys it) → its number in `obs_keys`.
    disaggs: HashMap<String, i64, FxBuildHasher>,
    key: String,
    imported_result: Option<String>,
    /// Values waiting for their chunk, in file order, and their cells.
    queue: Vec<Queued>,
    queued: std::collections::HashSet<(i64, i64, i64), FxBuildHasher>,
    /// The chunk inserts (all fields, only the value), made on first use.
    chunk_sql: [Option<String>; 2],
    /// Outcomes of written values, in file order, for the caller to take.
    outcomes: Vec<(Tag, Outcome)>,
    /// Names of the measures this import created, in order.
    pub measures_created: Vec<String>,
    /// What the import decided for the user (a unit it assumed ...).
    pub flags: Vec<String>,
}

/// The numbers an import ends with, stored on its `imports` row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub rows_read: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped_missing: u64,
    pub skipped_suppressed: u64,
    pub skipped_existing: u64,
}

impl Store {
    /// Starts an import: resolves (or, inside the transaction, creates) the initiative and
    /// records the import. Nothing is visible to others until [`Writer::finish`] commits.
    pub fn begin_import(&mut self, opts: WriterOptions) -> Result<Writer<'_>> {
        let now = self.now();
        let user = self.user.clone();
        let sample = self.sample_initiative_id()?;
        let existing = self.list_initiatives()?;
        self.conn
            .pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        // Each chunk of values is written inside a savepoint (see `Writer::flush`): its
        // journal stays in memory.
        self.conn.pragma_update(None, "temp_store", "memory")?;
        // Room for the chunk inserts next to every statement an import prepares.
        self.conn.set_prepared_statement_cache_capacity(64);
        // Every reference an import writes comes from a row it has just read or written
        // in its own transaction, so SQLite's foreign key checks (four index lookups per
        // value) are switched off for it; `end_import` switches them back on whatever
        // happened. The pragma only takes effect outside a transaction.
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let tx = self.conn.transaction()?;
        // Values created by an import are logged once, as the import (migration 0003).
        // The insert trigger, even when its WHEN clause is false, doubles the cost of an
        // insert (measured: 14 µs of 29 per value), so it is dropped inside the import's
        // transaction and created again from its own text before the commit: other
        // connections never see the schema without it, and a rollback or a crash brings
        // it back.
        let trigger: String = tx.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'observation_values_log_insert'",
            [],
            |r| r.get(0),
        )?;
        tx.execute_batch("DROP TRIGGER observation_values_log_insert")?;
        let (initiative_id, initiative_name, created) = match opts.initiative.as_deref() {
            Some(key) => {
                let key = key.trim();
                let found: Vec<_> = existing
                    .iter()
                    .filter(|i| i.id == key || i.name.eq_ignore_ascii_case(key))
                    .collect();
                match found.as_slice() {
                    [one] => (one.id.clone(), one.name.clone(), false),
                    [] => (create_initiative(&tx, &now, key)?, key.to_string(), true),
                    _ => {
                        return Err(Error::invalid(
                            "initiative",
                            format!(
                                "Several initiatives are named \"{key}\"; give its id:\n{}",
                                listing(&existing)
                            ),
                        ))
                    }
                }
            }
            None => {
                let real: Vec<_> = existing
                    .iter()
                    .filter(|i| Some(&i.id) != sample.as_ref())
                    .collect();
                match real.as_slice() {
                    [one] => (one.id.clone(), one.name.clone(), false),
                    [] => (
                        create_initiative(&tx, &now, IMPORTED_INITIATIVE)?,
                        IMPORTED_INITIATIVE.to_string(),
                        true,
                    ),
                    _ => {
                        return Err(Error::invalid(
                            "initiative",
                            format!(
                            "The database has {} initiatives; choose one with --initiative:\n{}",
                            real.len(),
                            listing(&existing)
                        ),
                        ))
                    }
                }
            }
        };
        let import_id = new_id();
        tx.execute(
            "INSERT INTO imports (id, initiative_id, file_name, format, options, imported_by,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![
                import_id,
                initiative_id,
                opts.file_name,
                opts.format,
                opts.options_json,
                user,
                now
            ],
        )?;
        // The values this import creates store no times or author: NULL means the
        // import's (migration 9).
        tx.execute(
            "INSERT INTO obs_keys (id, at, author) VALUES (?1, ?2, ?3)",
            params![import_id, now, user],
        )?;
        let import_n = tx.last_insert_rowid();
        let mut by_name: HashMap<String, usize, FxBuildHasher> = HashMap::default();
        let mut slots = Vec::new();
        for m in measures::list(&tx, &initiative_id)? {
            let spec = measures::spec_of(&m)?;
            by_name.entry(m.name.to_lowercase()).or_insert(slots.len());
            slots.push(Slot {
                id: m.id,
                unit: m.unit,
                spec,
                n: None,
                periods: HashMap::default(),
            });
        }
        let dims = load_dimensions(&tx, &initiative_id)?;
        Ok(Writer {
            tx,
            trigger,
            now,
            user,
            initiative_id,
            initiative_name,
            initiative_created: created,
            import_id,
            import_n,
            opts,
            by_name,
            slots,
            dims,
            disaggs: HashMap::default(),
            key: String::new(),
            imported_result: None,
            queue: Vec::with_capacity(WINDOW),
            queued: Default::default(),
            chunk_sql: [None, None],
            outcomes: Vec::new(),
            measures_created: Vec::new(),
            flags: Vec::new(),
        })
    }
}

/// The initiative's live dimensions by name, each with its groups by name and by alias
/// (keys as [`dimensions::label_key`] makes them).
fn load_dimensions(tx: &Transaction<'_>, initiative_id: &str) -> Result<HashMap<String, DimSlot>> {
    let mut dims: HashMap<String, DimSlot> = HashMap::new();
    let mut stmt = tx.prepare(
        "SELECT d.id, d.name, g.id, g.name FROM dimensions d
         LEFT JOIN groups g ON g.dimension_id = d.id AND g.deleted_at IS NULL
         WHERE d.initiative_id = ?1 AND d.deleted_at IS NULL
         ORDER BY d.position, d.created_at, g.position, g.created_at",
    )?;
    let mut rows = stmt.query([initiative_id])?;
    while let Some(r) = rows.next()? {
        let (did, dname): (String, String) = (r.get(0)?, r.get(1)?);
        let slot = dims
            .entry(dimensions::label_key(&dname))
            .or_insert_with(|| DimSlot {
                id: did.clone(),
                groups: HashMap::new(),
                existed: true,
                created: Vec::new(),
            });
        if slot.id == did {
            if let (Some(gid), Some(gname)) = (
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ) {
                slot.groups
                    .entry(dimensions::label_key(&gname))
                    .or_insert(gid);
            }
        }
    }
    // Aliases after names: a name wins should an old file have both.
    let mut stmt = tx.prepare(
        "SELECT d.id, d.name, g.id, a.alias FROM group_aliases a
           JOIN groups g ON g.id = a.group_id JOIN dimensions d ON d.id = g.dimension_id
          WHERE d.initiative_id = ?1 AND d.deleted_at IS NULL AND g.deleted_at IS NULL
            AND a.deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([initiative_id])?;
    while let Some(r) = rows.next()? {
        let (did, dname, gid, alias): (String, String, String, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        if let Some(slot) = dims.get_mut(&dimensions::label_key(&dname)) {
            if slot.id == did {
                slot.groups
                    .entry(dimensions::label_key(&alias))
                    .or_insert(gid);
            }
        }
    }
    Ok(dims)
}

/// The number of row `id` (a measure, period or disaggregation) in `obs_keys`, given on
/// first use (migration 9).
fn key_of(tx: &Transaction<'_>, id: &str) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO obs_keys (id) SELECT ?1 WHERE NOT EXISTS (SELECT 1 FROM obs_keys WHERE id = ?1)",
    )?
    .execute([id])?;
    Ok(tx
        .prepare_cached("SELECT n FROM obs_keys WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

fn listing(all: &[crate::model::Initiative]) -> String {
    all.iter()
        .map(|i| format!("  {}  {}", i.id, i.name))
        .collect::<Vec<_>>()
        .join("\n")
}

fn create_initiative(tx: &Transaction<'_>, now: &str, name: &str) -> Result<String> {
    initiatives::insert(
        tx,
        now,
        &InitiativeInput {
            name: name.to_string(),
            shared_result: String::new(),
            geography: String::new(),
            sectoral_home: SectoralHome::Other,
            backbone_org: String::new(),
            equity_statement: String::new(),
        },
        false,
    )
}

impl Writer<'_> {
    /// The initiative written to: id, name, and whether this import creates it.
    pub fn initiative(&self) -> (&str, &str, bool) {
        (
            &self.initiative_id,
            &self.initiative_name,
            self.initiative_created,
        )
    }

    /// This import's id.
    pub fn import_id(&self) -> &str {
        &self.import_id
    }

    /// What the import decided for the user, to tell them: the measure flags, then the
    /// groups it added to dimensions that had groups already (a label that is another
    /// name of an existing group is a new group until the user merges it).
    pub fn take_flags(&mut self) -> Vec<String> {
        let mut flags = std::mem::take(&mut self.flags);
        let mut dims: Vec<(&String, &DimSlot)> = self
            .dims
            .iter()
            .filter(|(_, d)| d.existed && !d.created.is_empty())
            .collect();
        dims.sort_by(|a, b| a.0.cmp(b.0));
        for (_, d) in dims {
            let name: String = self
                .tx
                .query_row("SELECT name FROM dimensions WHERE id = ?1", [&d.id], |r| {
                    r.get(0)
                })
                .unwrap_or_default();
            let n = d.created.len();
            let mut listed = d
                .created
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if n > 10 {
                listed.push_str(&format!(" and {} more", n - 10));
            }
            flags.push(format!(
                "dimension \"{name}\": {n} new group{} ({listed}); if one is another name of a group you have, merge it into that group on the Groups screen, and later files that say it land there",
                if n == 1 { "" } else { "s" }
            ));
        }
        flags
    }

    /// The measure named `name` (created with `hints` and a calendar inferred from
    /// `first_period` when it does not exist). `Err` is a message for the row.
    #[allow(clippy::too_many_arguments)]
    pub fn measure(
        &mut self,
        name: &str,
        unit: Option<Unit>,
        rate_per: Option<f64>,
        polarity: Option<Polarity>,
        calendar: Option<CalendarSpec>,
        first_period: &str,
        infer: impl Fn(&str) -> Option<CalendarSpec>,
    ) -> Result<usize, String> {
        if let Some(i) = self.by_name.get(name) {
            return Ok(*i);
        }
        let lower = name.to_lowercase();
        if let Some(i) = self.by_name.get(&lower).copied() {
            self.by_name.insert(name.to_string(), i);
            return Ok(i);
        }
        let spec = match self.opts.calendar.or(calendar) {
            Some(spec) => spec,
            None => infer(first_period).ok_or_else(|| {
                format!("\"{first_period}\" is not a period Backbone knows (2024, 2023-24, FY2024, 2024Q1, 2024-03, 2024W05, 2015-2019 or a date)")
            })?,
        };
        let unit = match self.opts.unit.or(unit) {
            Some(Unit::Rate) if rate_per.is_none() => {
                self.flags.push(format!(
                    "measure \"{name}\": the file says it is a rate but not per how many (per 1,000? per 100,000?); created as a number: make it a rate with its base in the measure's settings"
                ));
                Unit::Number
            }
            Some(u) => u,
            None => {
                self.flags.push(format!(
                    "measure \"{name}\": the file does not say its unit; created as a number: choose its unit if it is not one"
                ));
                Unit::Number
            }
        };
        let polarity = match self.opts.polarity.or(polarity) {
            Some(p) => p,
            None => {
                self.flags.push(format!(
                    "measure \"{name}\": the file does not say whether higher or lower is better; created as higher is better: choose its polarity if lower is better"
                ));
                Polarity::Higher
            }
        };
        let result_id = self.imported_result().map_err(|e| e.to_string())?;
        let input = MeasureInput {
            kind: MeasureKind::Indicator,
            result_id: Some(result_id),
            program_id: None,
            category: None,
            name: name.to_string(),
            definition: String::new(),
            unit,
            rate_per: if unit == Unit::Rate { rate_per } else { None },
            polarity,
            calendar: spec.calendar,
            calendar_start_month: spec.calendar.has_start_month().then_some(spec.start_month),
            baseline_period: None,
            data_source: self.opts.file_name.clone(),
            headline: false,
            data_development: false,
            cumulative: false,
        };
        let id = measures::insert(&self.tx, &self.now, &self.initiative_id, &input)
            .map_err(|e| e.to_string())?;
        self.measures_created.push(name.to_string());
        let index = self.slots.len();
        self.slots.push(Slot {
            id,
            unit,
            spec,
            n: None,
            periods: HashMap::default(),
        });
        self.by_name.insert(lower, index);
        self.by_name.insert(name.to_string(), index);
        Ok(index)
    }

    fn imported_result(&mut self) -> Result<String> {
        if let Some(id) = &self.imported_result {
            return Ok(id.clone());
        }
        let found: Option<String> = self
            .tx
            .query_row(
                "SELECT id FROM results WHERE initiative_id = ?1 AND deleted_at IS NULL
                   AND lower(name) = lower(?2) ORDER BY position LIMIT 1",
                params![self.initiative_id, IMPORTED_RESULT],
                |r| r.get(0),
            )
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => results::insert(
                &self.tx,
                &self.now,
                &self.initiative_id,
                &ResultInput {
                    name: IMPORTED_RESULT.into(),
                    description:
                        "Indicators created by importing files; move them to the result they serve."
                            .into(),
                },
            )?,
        };
        self.imported_result = Some(id.clone());
        Ok(id)
    }

    /// The unit of measure `slot`.
    pub fn unit(&self, slot: usize) -> Unit {
        self.slots[slot].unit
    }

    /// The period `text` of measure `slot` (created on first use). `Err`: why the text is
    /// not a period of the measure's calendar.
    pub fn period(&mut self, slot: usize, text: &str) -> Result<i64, String> {
        if let Some(n) = self.slots[slot].periods.get(text) {
            return Ok(*n);
        }
        let period = Period::parse(self.slots[slot].spec, text).map_err(|e| e.to_string())?;
        let id = period_id(&self.tx, &self.now, &period).map_err(|e| e.to_string())?;
        let n = key_of(&self.tx, &id).map_err(|e| e.to_string())?;
        self.slots[slot].periods.insert(text.to_string(), n);
        Ok(n)
    }

    /// The disaggregation of `groups` ((dimension, group) pairs; empty: the total),
    /// creating dimensions, groups and the combination on first use.
    pub fn disaggregation(&mut self, groups: &[(String, String)]) -> Result<i64, String> {
        if groups.is_empty() {
            if let Some(n) = self.disaggs.get("") {
                return Ok(*n);
            }
            let n = key_of(&self.tx, TOTAL).map_err(|e| e.to_string())?;
            self.disaggs.insert(String::new(), n);
            return Ok(n);
        }
        self.key.clear();
        for (d, g) in groups {
            self.key.push_str(d);
            self.key.push('\u{1f}');
            self.key.push_str(g);
            self.key.push('\u{1e}');
        }
        if let Some(n) = self.disaggs.get(&self.key) {
            return Ok(*n);
        }
        let mut ids = Vec::with_capacity(groups.len());
        let mut seen = Vec::new();
        for (dim, group) in groups {
            let dlower = dimensions::label_key(dim);
            if seen.contains(&dlower) {
                return Err(format!(
                    "dimension \"{dim}\" appears twice; a value has one group per dimension"
                ));
            }
            seen.push(dlower.clone());
            if !self.dims.contains_key(&dlower) {
                let kind = dimension_kind(dim);
                let id = dimensions::insert_dimension(
                    &self.tx,
                    &self.now,
                    &self.initiative_id,
                    dim,
                    kind,
                )
                .map_err(|e| e.to_string())?;
                self.dims.insert(
                    dlower.clone(),
                    DimSlot {
                        id,
                        groups: HashMap::new(),
                        existed: false,
                        created: Vec::new(),
                    },
                );
            }
            let slot = self.dims.get_mut(&dlower).ok_or("dimension vanished")?;
            let glower = dimensions::label_key(group);
            let gid = match slot.groups.get(&glower) {
                Some(id) => id.clone(),
                None => {
                    // A label no group answers to is a new group, never a guess at an
                    // existing one; the user merges groups on purpose.
                    let id = dimensions::insert_group(&self.tx, &self.now, &slot.id, group)
                        .map_err(|e| e.to_string())?;
                    slot.groups.insert(glower, id.clone());
                    slot.created.push(group.trim().to_string());
                    id
                }
            };
            ids.push(gid);
        }
        let id = dimensions::disaggregation(&self.tx, &self.now, &self.initiative_id, &ids)
            .map_err(|e| e.to_string())?;
        let n = key_of(&self.tx, &id).map_err(|e| e.to_string())?;
        self.disaggs.insert(self.key.clone(), n);
        Ok(n)
    }

    /// Queues one value of measure `slot` for period `p` and disaggregation `d` (numbers
    /// from [`Writer::period`] and [`Writer::disaggregation`]); values are written by
    /// chunks, and their outcomes are then in [`Writer::take_outcomes`], tagged with
    /// `tag`. [`Writer::flush`] writes what is queued.
    pub fn put(&mut self, slot: usize, p: i64, d: i64, inc: &Incoming<'_>, tag: Tag) -> Result<()> {
        let m = match self.slots[slot].n {
            Some(n) => n,
            None => {
                let n = key_of(&self.tx, &self.slots[slot].id)?;
                self.slots[slot].n = Some(n);
                n
            }
        };
        let key = (m, d, p);
        // A cell twice in one window: the first must be written before the second is
        // compared with it.
        if !self.queued.insert(key) {
            self.flush()?;
            self.queued.insert(key);
        }
        let (new, _) = Stored::default().merge(inc);
        self.queue.push(Queued {
            key,
            new,
            inc: Stored::of(inc),
            tag,
        });
        if self.queue.len() == WINDOW {
            self.flush()?;
        }
        Ok(())
    }

    /// The outcomes of the values written so far (since the last call), in file order.
    pub fn take_outcomes(&mut self) -> std::vec::Drain<'_, (Tag, Outcome)> {
        self.outcomes.drain(..)
    }

    /// Writes the queued values, in key order (their cells are all different). Each full
    /// chunk of new cells is one insert inside a savepoint; when a cell of it exists
    /// already, the savepoint is rolled back and the chunk's values are written one by
    /// one, as the last partial chunk is. Outcomes are given in file order.
    pub fn flush(&mut self) -> Result<()> {
        let queue = std::mem::take(&mut self.queue);
        // Sorted by reference: a queued value is too big to move around.
        let mut order: Vec<&Queued> = queue.iter().collect();
        order.sort_unstable_by_key(|q| q.key);
        let first = self.outcomes.len();
        for chunk in order.chunks(CHUNK) {
            if chunk.len() == CHUNK && self.insert_chunk(chunk)? {
                self.outcomes
                    .extend(chunk.iter().map(|q| (q.tag, Outcome::Created)));
            } else {
                for q in chunk {
                    let (m, d, p) = q.key;
                    let outcome = self.put_one(m, d, p, &q.new, &q.inc.incoming())?;
                    self.outcomes.push((q.tag, outcome));
                }
            }
        }
        drop(order);
        self.outcomes[first..].sort_by_key(|(tag, _)| tag.row);
        self.queue = queue;
        self.queue.clear();
        self.queued.clear();
        Ok(())
    }

    /// Inserts a whole chunk of new cells; `false` (and nothing written) when one exists.
    fn insert_chunk(&mut self, queue: &[&Queued]) -> Result<bool> {
        let lean = queue.iter().all(|q| {
            q.new.target.is_none()
                && q.new.target_low.is_none()
                && q.new.target_high.is_none()
                && q.new.note.is_none()
                && q.new.margin_of_error.is_none()
                && q.new.source.is_none()
        });
        let (columns, width) = if lean {
            ("m, d, p, value, suppressed, import", 6)
        } else {
            (
                "m, d, p, value, suppressed, import, target, target_low, target_high, note,
                 margin_of_error, source",
                12,
            )
        };
        let sql = self.chunk_sql[lean as usize].get_or_insert_with(|| {
            let rows: Vec<String> = (0..CHUNK)
                .map(|r| {
                    let marks: Vec<String> =
                        (1..=width).map(|c| format!("?{}", r * width + c)).collect();
                    format!("({})", marks.join(", "))
                })
                .collect();
            format!(
                "INSERT INTO observation_values ({columns}) VALUES {} ON CONFLICT DO NOTHING",
                rows.join(", ")
            )
        });
        let order = queue.iter();
        let mut values: Vec<rusqlite::types::Value> = Vec::with_capacity(queue.len() * width);
        use rusqlite::types::Value as V;
        let real = |v: Option<f64>| v.map_or(V::Null, V::Real);
        let text = |v: &Option<String>| v.clone().map_or(V::Null, V::Text);
        for q in order {
            let (m, d, p) = q.key;
            values.extend([
                V::Integer(m),
                V::Integer(d),
                V::Integer(p),
                real(q.new.value),
                V::Integer(q.new.suppressed as i64),
                V::Integer(self.import_n),
            ]);
            if !lean {
                values.extend([
                    real(q.new.target),
                    real(q.new.target_low),
                    real(q.new.target_high),
                    text(&q.new.note),
                    real(q.new.margin_of_error),
                    text(&q.new.source),
                ]);
            }
        }
        self.tx.prepare_cached("SAVEPOINT chunk")?.execute([])?;
        let inserted = self
            .tx
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(values))?;
        if inserted == queue.len() {
            self.tx.prepare_cached("RELEASE chunk")?.execute([])?;
            Ok(true)
        } else {
            self.tx.prepare_cached("ROLLBACK TO chunk")?.execute([])?;
            self.tx.prepare_cached("RELEASE chunk")?.execute([])?;
            Ok(false)
        }
    }

    /// Writes one value (the rules in the module's docs): `new` is `inc` over nothing.
    fn put_one(
        &mut self,
        m: i64,
        d: i64,
        p: i64,
        new: &Stored,
        inc: &Incoming<'_>,
    ) -> Result<Outcome> {
        // A new value stores no times or author (NULL: the import's, migration 9) and is
        // logged as the import (the insert trigger is off until `finish`).
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO observation_values (m, d, p, value, target, target_low, target_high,
                     note, margin_of_error, suppressed, source, import)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                m,
                d,
                p,
                new.value,
                new.target,
                new.target_low,
                new.target_high,
                new.note,
                new.margin_of_error,
                new.suppressed,
                new.source,
                self.import_n
            ])?;
        if inserted == 1 {
            return Ok(Outcome::Created);
        }
        let (live, import, old): (bool, Option<i64>, Stored) = self
            .tx
            .prepare_cached(
                "SELECT deleted_at IS NULL, import, value, suppressed, target, target_low,
                     target_high, note, margin_of_error, source
                 FROM observation_values WHERE m = ?1 AND d = ?2 AND p = ?3",
            )?
            .query_row(params![m, d, p], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    Stored {
                        value: r.get(2)?,
                        suppressed: r.get(3)?,
                        target: r.get(4)?,
                        target_low: r.get(5)?,
                        target_high: r.get(6)?,
                        note: r.get(7)?,
                        margin_of_error: r.get(8)?,
                        source: r.get(9)?,
                    },
                ))
            })?;
        let base = if live { old.clone() } else { Stored::default() };
        let (merged, overwrites) = base.merge(inc);
        let outcome = if live && import == Some(self.import_n) {
            if merged == old {
                return Ok(Outcome::Repeated);
            }
            return Ok(Outcome::Conflicting(format!(
                "an earlier row of this file has {} for the same measure, period and group",
                old.describe()
            )));
        } else if !live {
            Outcome::Created
        } else if merged == old {
            return Ok(Outcome::Unchanged);
        } else if overwrites && !self.opts.update {
            return Ok(Outcome::SkippedExisting);
        } else {
            Outcome::Updated
        };
        let value_changed = merged.value != base.value || merged.suppressed != base.suppressed;
        // The row's times and author become its own (what an earlier import gave it, or
        // this import's), since it now points to this import. Logged row by row.
        self.tx
            .prepare_cached(
                "UPDATE observation_values SET value = ?4, suppressed = ?5, target = ?6,
                     target_low = ?7, target_high = ?8, note = ?9, margin_of_error = ?10,
                     source = ?11, deleted_at = NULL, import = ?12,
                     entered_by = CASE WHEN ?13 THEN ?14
                         ELSE coalesce(entered_by, (SELECT author FROM obs_keys WHERE n = import)) END,
                     entered_at = CASE WHEN ?13 THEN ?15
                         ELSE coalesce(entered_at, (SELECT at FROM obs_keys WHERE n = import)) END,
                     created_at = coalesce(created_at, (SELECT at FROM obs_keys WHERE n = import)),
                     updated_at = ?15
                 WHERE m = ?1 AND d = ?2 AND p = ?3",
            )?
            .execute(params![
                m,
                d,
                p,
                merged.value,
                merged.suppressed,
                merged.target,
                merged.target_low,
                merged.target_high,
                merged.note,
                merged.margin_of_error,
                merged.source,
                self.import_n,
                value_changed,
                self.user,
                self.now
            ])?;
        Ok(outcome)
    }

    /// Records the counts and commits (`commit`) or rolls everything back.
    pub fn finish(self, counts: Counts, commit: bool) -> Result<()> {
        self.tx.execute(
            "UPDATE imports SET rows_read = ?2, created = ?3, updated = ?4, unchanged = ?5,
                 skipped_missing = ?6, skipped_suppressed = ?7, skipped_existing = ?8
             WHERE id = ?1",
            params![
                self.import_id,
                counts.rows_read as i64,
                counts.created as i64,
                counts.updated as i64,
                counts.unchanged as i64,
                counts.skipped_missing as i64,
                counts.skipped_suppressed as i64,
                counts.skipped_existing as i64
            ],
        )?;
        self.tx.execute_batch(&self.trigger)?;
        if commit {
            self.tx.commit()?;
        } else {
            self.tx.rollback()?;
        }
        Ok(())
    }
}

impl Store {
    /// Undoes what [`Store::begin_import`] set on the connection (foreign key checks off,
    /// a larger page cache); call it after the writer is finished or dropped, whatever
    /// happened.
    pub fn end_import(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "foreign_keys", true)?;
        self.conn
            .pragma_update(None, "cache_size", -super::CACHE_KIB)?;
        self.conn.pragma_update(None, "temp_store", "default")?;
        self.conn.set_prepared_statement_cache_capacity(16);
        Ok(())
    }
}

/// The total series' disaggregation (migration 0001).
const TOTAL: &str = "00000000-0000-0000-0000-000000000000";

/// A dimension kind guessed from its name (the equity lens uses it).
fn dimension_kind(name: &str) -> &'static str {
    let n = name.to_lowercase();
    if n.contains("race") || n.contains("ethnic") {
        "race_ethnicity"
    } else if n.contains("location")
        || n.contains("geo")
        || n.contains("county")
        || n.contains("district")
        || n.contains("neighborhood")
        || n.contains("org unit")
        || n.contains("zip")
        || n.contains("region")
    {
        "geography"
    } else if n.contains("sex") || n.contains("gender") {
        "sex_gender"
    } else if n.contains("age") {
        "age_band"
    } else if n.contains("income") || n.contains("poverty") {
        "income_band"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_never_clears_and_flags_overwrites() {
        let old = Stored {
            value: Some(1.0),
            target: Some(2.0),
            note: Some("n".into()),
            ..Stored::default()
        };
        let (new, over) = old.merge(&Incoming {
            target: Some(2.0),
            ..Incoming::default()
        });
        assert_eq!(new, old);
        assert!(!over);
        let (new, over) = old.merge(&Incoming {
            value: Some(3.0),
            ..Incoming::default()
        });
        assert_eq!(new.value, Some(3.0));
        assert_eq!(new.note.as_deref(), Some("n"));
        assert!(over);
        let (new, over) = old.merge(&Incoming {
            suppressed: true,
            ..Incoming::default()
        });
        assert_eq!(new, old, "a suppression marker never replaces a number");
        assert!(!over);
        let filled = Stored::default().merge(&Incoming {
            margin_of_error: Some(0.5),
            ..Incoming::default()
        });
        assert_eq!(filled.0.margin_of_error, Some(0.5));
        assert!(!filled.1);
    }

    #[test]
    fn dimension_kinds_from_names() {
        assert_eq!(dimension_kind("Race Ethnicity"), "race_ethnicity");
        assert_eq!(dimension_kind("race_ethnicity"), "race_ethnicity");
        assert_eq!(dimension_kind("Location"), "geography");
        assert_eq!(dimension_kind("sex"), "sex_gender");
        assert_eq!(dimension_kind("age"), "age_band");
        assert_eq!(dimension_kind("Disability Status"), "other");
    }
}
