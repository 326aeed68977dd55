//! Importing values from the files Backbone staff have: Backbone's long CSV, KIDS COUNT
//! and Open SDG downloads, Clear Impact and DHIS2 exports, wide spreadsheets, as CSV or
//! XLSX, and JSON bundles of whole initiatives (see [`crate::export`]).
//!
//! An import reads the file once, streaming, and writes everything in one transaction:
//! every row lands or none does. Problems are collected with their row and column (up to
//! [`MAX_LISTED`] are listed; all are counted) and any problem refuses the whole file. A
//! dry run (the UI's preview) does all the work and rolls it back, so what it reports is
//! exactly what the import would do. Progress is reported every [`PROGRESS_EVERY`] rows
//! and the caller may cancel (everything is rolled back).
//!
//! Reading cells: [`cell`]; recognising formats and mapping rows: [`formats`]; reading
//! files: [`source`]; writing: [`crate::store::Writer`].

pub mod cell;
pub mod formats;
pub mod source;

use crate::error::{Error, Result};
use crate::model::{BundleReport, Calendar, CalendarSpec, Polarity, Unit};
use crate::store::{Counts, Incoming, Outcome, Store, Tag, WriterOptions};
use cell::Cell;
use formats::{infer_calendar, Batch, Item, Mapper};
use serde::{Deserialize, Serialize};
use source::{CsvRows, Kind, Rows, SheetRows};
use std::path::Path;
use ts_rs::TS;

/// The most problems listed in a summary (all are counted).
pub const MAX_LISTED: usize = 100;
/// Rows between progress reports.
pub const PROGRESS_EVERY: u64 = 4096;

/// The file formats an import reads.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Recognise the format from the file.
    #[default]
    Auto,
    Long,
    #[value(alias = "kids_count", alias = "kidscount")]
    KidsCount,
    #[value(alias = "open_sdg", alias = "opensdg")]
    OpenSdg,
    #[value(alias = "clear_impact", alias = "clearimpact")]
    ClearImpact,
    Dhis2,
    Wide,
    #[value(alias = "json")]
    Bundle,
}

impl Format {
    /// The stored and JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Long => "long",
            Format::KidsCount => "kids_count",
            Format::OpenSdg => "open_sdg",
            Format::ClearImpact => "clear_impact",
            Format::Dhis2 => "dhis2",
            Format::Wide => "wide",
            Format::Bundle => "bundle",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Format::Auto => "automatic",
            Format::Long => "Backbone long format",
            Format::KidsCount => "KIDS COUNT",
            Format::OpenSdg => "Open SDG",
            Format::ClearImpact => "Clear Impact",
            Format::Dhis2 => "DHIS2 data value set",
            Format::Wide => "wide table",
            Format::Bundle => "Backbone JSON bundle",
        }
    }
}

/// What to import and how.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ImportOptions {
    /// Initiative id or name (created when no initiative has that name); `None`: the only
    /// initiative that is not the sample, or a new "Imported data" one.
    pub initiative: Option<String>,
    pub format: Format,
    /// The measure's name (for files that hold one measure); default: from the file name.
    pub measure: Option<String>,
    /// KIDS COUNT / DHIS2: import only this location (org unit), as the total series.
    pub location: Option<String>,
    /// Unit of measures the import creates.
    pub unit: Option<Unit>,
    /// Polarity of measures the import creates.
    pub polarity: Option<Polarity>,
    /// Calendar of measures the import creates (default: inferred from the periods).
    pub calendar: Option<Calendar>,
    /// Wide files with `measure`: the dimension the columns are groups of.
    pub dimension: Option<String>,
    /// XLSX: the sheet to read (default: the first).
    pub sheet: Option<String>,
    /// Replace values that already exist with the file's.
    pub update: bool,
    /// Do everything, then roll it back (a preview).
    pub dry_run: bool,
}

/// A problem, located. `row` is the line of the file (1 is the header; the sheet's row
/// for XLSX); `column` the header's name for the column when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    #[ts(type = "number | null")]
    pub row: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn row(row: u64, message: String) -> Problem {
        Problem {
            row: Some(row),
            column: None,
            message,
        }
    }

    pub fn at(row: u64, column: String, message: String) -> Problem {
        Problem {
            row: Some(row),
            column: Some(column),
            message,
        }
    }

    /// A problem with the whole file.
    pub fn file(message: String) -> Problem {
        Problem {
            row: None,
            column: None,
            message,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.row, &self.column) {
            (Some(r), Some(c)) => write!(f, "row {r}, {c}: {}", self.message),
            (Some(r), None) => write!(f, "row {r}: {}", self.message),
            _ => write!(f, "{}", self.message),
        }
    }
}

/// A file that cannot be read at all.
#[derive(Debug)]
pub enum SourceError {
    Io(std::path::PathBuf, std::io::Error),
    File(String),
}

impl SourceError {
    pub fn io(path: &Path, e: std::io::Error) -> SourceError {
        SourceError::Io(path.to_path_buf(), e)
    }
    pub fn file(message: impl Into<String>) -> SourceError {
        SourceError::File(message.into())
    }
    fn problem(self) -> Problem {
        match self {
            SourceError::Io(path, e) => Problem::file(format!("{}: {e}", path.display())),
            SourceError::File(m) => Problem::file(m),
        }
    }
}

/// What an import did (or, dry run, would do). `errors` not empty: nothing was written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportSummary {
    pub file: String,
    /// The format read (`long`, `kids_count`, `open_sdg`, `clear_impact`, `dhis2`, `wide`,
    /// `bundle`; empty when it could not be told).
    pub format: String,
    /// The format's name and why it was chosen.
    pub format_note: String,
    pub initiative_id: Option<String>,
    pub initiative_name: Option<String>,
    /// The import creates the initiative.
    pub initiative_created: bool,
    /// Data rows read (the header not counted).
    #[ts(type = "number")]
    pub rows_read: u64,
    /// Values stored where there were none.
    #[ts(type = "number")]
    pub created: u64,
    /// Stored values replaced (with `update`).
    #[ts(type = "number")]
    pub updated: u64,
    /// Rows that match what is stored.
    #[ts(type = "number")]
    pub unchanged: u64,
    /// Blank or "not available" values.
    #[ts(type = "number")]
    pub skipped_missing: u64,
    /// Values the source suppressed (kept as suppression markers where nothing is stored).
    #[ts(type = "number")]
    pub skipped_suppressed: u64,
    /// Values that differ from stored ones, left alone because `update` is off.
    #[ts(type = "number")]
    pub skipped_existing: u64,
    /// Rows of other locations (`location`).
    #[ts(type = "number")]
    pub skipped_filtered: u64,
    /// Rows that repeat an earlier row of the file.
    #[ts(type = "number")]
    pub repeated: u64,
    pub measures_created: Vec<String>,
    /// Problems that refuse the file (the first [`MAX_LISTED`]).
    pub errors: Vec<Problem>,
    #[ts(type = "number")]
    pub error_count: u64,
    /// Things worth knowing that do not refuse the file (the first [`MAX_LISTED`]).
    pub warnings: Vec<Problem>,
    /// Choices the import made that the user should check (a unit it assumed ...).
    pub flags: Vec<String>,
    pub dry_run: bool,
    /// The values are in the database.
    pub imported: bool,
    pub import_id: Option<String>,
    /// For bundles: what was loaded per table.
    pub bundle: Option<BundleReport>,
}

impl ImportSummary {
    fn error(&mut self, p: Problem) {
        self.error_count += 1;
        if self.errors.len() < MAX_LISTED {
            self.errors.push(p);
        }
    }

    fn warn(&mut self, p: Problem) {
        if self.warnings.len() < MAX_LISTED {
            self.warnings.push(p);
        }
    }
}

/// Progress of a running import.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Progress {
    #[ts(type = "number")]
    pub rows_read: u64,
    /// Work done and to do, in bytes for CSV and rows for XLSX.
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// The measure name a file gives when the options give none: its name without the
/// extension, dashes and underscores as spaces, first letter capitalised.
pub fn name_from_file(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let spaced: String = stem
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let spaced = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Imported measure".into(),
    }
}

/// Imports `path` into `store`. `progress` is called every [`PROGRESS_EVERY`] rows and
/// returns `false` to cancel (then the result is [`Error::Cancelled`] and nothing is
/// written). Problems with the file are in the summary (`errors`), not in `Err`, which is
/// kept for failures of the store itself and cancellation.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<ImportSummary> {
    let mut summary = ImportSummary {
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| path.display().to_string()),
        dry_run: opts.dry_run,
        ..ImportSummary::default()
    };
    let (kind, size) = match source::sniff(path) {
        Ok(k) => k,
        Err(e) => {
            summary.error(e.problem());
            return Ok(summary);
        }
    };
    if kind == Kind::Json || opts.format == Format::Bundle {
        return import_bundle(store, path, opts, summary);
    }
    let rows: Result<Box<dyn Rows>, SourceError> = match kind {
        Kind::Xlsx => SheetRows::open(path, opts.sheet.as_deref()).map(|s| {
            let b: Box<dyn Rows> = Box::new(s);
            b
        }),
        _ if opts.sheet.is_some() => Err(SourceError::file(
            "a sheet can only be chosen in an XLSX workbook; this is a CSV file",
        )),
        _ => CsvRows::open(path).map(|c| {
            let b: Box<dyn Rows> = Box::new(c);
            b
        }),
    };
    let mut rows = match rows {
        Ok(r) => r,
        Err(e) => {
            summary.error(e.problem());
            return Ok(summary);
        }
    };
    let total = match kind {
        Kind::Xlsx => 0,
        _ => size,
    };
    let result = run(store, path, opts, rows.as_mut(), total, progress, summary);
    // The writer is finished or dropped (rolled back) by now, whatever happened.
    store.end_import()?;
    result
}

fn import_bundle(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    mut summary: ImportSummary,
) -> Result<ImportSummary> {
    summary.format = Format::Bundle.as_str().into();
    summary.format_note = format!("{} (the file is JSON)", Format::Bundle.label());
    match crate::export::import_bundle(store, path, opts.dry_run) {
        Ok(report) => {
            summary.initiative_id = Some(report.initiative_id.clone());
            summary.initiative_name = Some(report.initiative_name.clone());
            summary.initiative_created = true;
            summary.created = report
                .tables
                .iter()
                .find(|t| t.table == "observations")
                .map(|t| t.inserted)
                .unwrap_or(0);
            summary.rows_read = report.tables.iter().map(|t| t.rows).sum();
            summary.imported = !opts.dry_run;
            summary.bundle = Some(report);
        }
        Err(Error::Invalid { message, .. }) | Err(Error::Conflict(message)) => {
            summary.error(Problem::file(message));
        }
        // A bundle from a newer Backbone is a problem with the file, not with the store.
        Err(e @ Error::SchemaTooNew { .. }) => summary.error(Problem::file(e.to_string())),
        Err(e) => return Err(e),
    }
    Ok(summary)
}

fn run(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    rows: &mut dyn Rows,
    total: u64,
    progress: &mut dyn FnMut(Progress) -> bool,
    mut summary: ImportSummary,
) -> Result<ImportSummary> {
    let header = match rows.next_row() {
        Ok(Some((_, h))) => h.clone(),
        Ok(None) => {
            summary.error(Problem::file("the file has no rows".into()));
            return Ok(summary);
        }
        Err(p) => {
            summary.error(p);
            return Ok(summary);
        }
    };
    let header_names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let first = match rows.next_row() {
        Ok(r) => r.map(|(n, rec)| (n, rec.clone())),
        Err(mut p) => {
            name_column(&mut p, &header_names);
            summary.error(p);
            return Ok(summary);
        }
    };
    let format = match opts.format {
        Format::Auto => match formats::detect(&header, first.as_ref().map(|(_, r)| r)) {
            Some((f, why)) => {
                summary.format_note = format!("{} ({why})", f.label());
                f
            }
            None => {
                summary.error(Problem::row(
                    1,
                    format!(
                        "the header ({}) matches no format Backbone reads: long (measure, period, value ...), KIDS COUNT (Location, TimeFrame, DataFormat, Data), Open SDG (Year, ..., Value), Clear Impact (id, actual_value_date, target_value, actual_value, comment), DHIS2 or wide (a period column, then one column per series); choose one with --format",
                        cell::shorten(&header.iter().collect::<Vec<_>>().join(", "))
                    ),
                ));
                return Ok(summary);
            }
        },
        f => {
            summary.format_note = format!("{} (chosen)", f.label());
            f
        }
    };
    summary.format = format.as_str().into();
    let base = opts.measure.clone().unwrap_or_else(|| name_from_file(path));
    let (mut mapper, head) = match Mapper::new(format, &header, opts, &base) {
        Ok(m) => m,
        Err(p) => {
            summary.error(p);
            return Ok(summary);
        }
    };
    let locate = |p: &mut Problem| {
        if !head.is_data {
            name_column(p, &head.names);
        }
    };
    let width = header.len();
    let style = rows.style();
    let mut writer = match store.begin_import(WriterOptions {
        initiative: opts.initiative.clone(),
        file_name: summary.file.clone(),
        format: format.as_str().into(),
        options_json: serde_json::to_string(opts).unwrap_or_else(|_| "{}".into()),
        update: opts.update,
        unit: opts.unit,
        polarity: opts.polarity,
        calendar: match opts.calendar {
            Some(c) => Some(
                CalendarSpec::new(c, None)
                    .map_err(|e| Error::invalid("calendar", e.to_string()))?,
            ),
            None => None,
        },
    }) {
        Ok(w) => w,
        Err(Error::Invalid { message, field }) => {
            summary.error(Problem {
                row: None,
                column: field,
                message,
            });
            return Ok(summary);
        }
        Err(e) => return Err(e),
    };
    {
        let (id, name, created) = writer.initiative();
        summary.initiative_id = Some(id.to_string());
        summary.initiative_name = Some(name.to_string());
        summary.initiative_created = created;
    }
    summary.import_id = Some(writer.import_id().to_string());
    let mut counts = Counts::default();
    let mut batch = Batch::default();
    let header_as_data = head.is_data.then(|| (1u64, header.clone()));
    for (n, record) in header_as_data.into_iter().chain(first) {
        counts.rows_read += 1;
        process(
            &mut writer,
            &mut mapper,
            n,
            &record,
            width,
            style,
            &mut batch,
            &mut counts,
            &mut summary,
            &locate,
        )?;
    }
    // The rest of the file is read and mapped on a second thread while this one writes
    // (a parse of the benchmark's million rows costs about as much as writing them):
    // rows go over in chunks, through a bounded channel, so memory stays bounded.
    // Chunks come back once written, to be filled again.
    let (to_writer, from_reader) = std::sync::mpsc::sync_channel::<Chunk>(72);
    let (to_reader, written) = std::sync::mpsc::channel::<Chunk>();
    let reading = &mut *rows;
    let cancelled = std::thread::scope(|scope| -> Result<bool> {
        scope.spawn(move || read_chunks(reading, &mut mapper, width, style, to_writer, written));
        let mut next_report = PROGRESS_EVERY;
        for mut chunk in from_reader {
            for (n, read) in chunk.rows.drain(..) {
                match read {
                    Read::Items(range) => {
                        counts.rows_read += 1;
                        let items = &chunk.items[range];
                        write_items(&mut writer, n, items, &mut counts, &mut summary, &locate)?;
                    }
                    Read::Unmapped(mut p) => {
                        counts.rows_read += 1;
                        locate(&mut p);
                        summary.error(p);
                    }
                    Read::Unread(mut p) => {
                        locate(&mut p);
                        summary.error(p);
                    }
                }
            }
            let done = chunk.bytes_read;
            // The reader may be gone (at the end): the chunk is then dropped here.
            let _ = to_reader.send(chunk);
            if counts.rows_read >= next_report {
                next_report = counts.rows_read + PROGRESS_EVERY;
                let report = Progress {
                    rows_read: counts.rows_read,
                    done,
                    total,
                };
                if !progress(report) {
                    // Dropping the channel's end stops the reader.
                    return Ok(true);
                }
            }
        }
        Ok(false)
    })?;
    if cancelled {
        writer.finish(counts, false)?;
        return Err(Error::Cancelled);
    }
    if counts.rows_read == 0 && summary.errors.is_empty() {
        summary.error(Problem::file(
            "the file has a header but no rows of data".into(),
        ));
    }
    progress(Progress {
        rows_read: counts.rows_read,
        done: rows.bytes_read(),
        total,
    });
    writer.flush()?;
    record_outcomes(&mut writer, &mut counts, &mut summary, &locate);
    summary.measures_created = std::mem::take(&mut writer.measures_created);
    summary.flags = writer.take_flags();
    let commit = summary.errors.is_empty() && !opts.dry_run;
    writer.finish(counts, commit)?;
    summary.rows_read = counts.rows_read;
    summary.created = counts.created;
    summary.updated = counts.updated;
    summary.unchanged = counts.unchanged;
    summary.skipped_missing = counts.skipped_missing;
    summary.skipped_suppressed = counts.skipped_suppressed;
    summary.skipped_existing = counts.skipped_existing;
    summary.imported = commit;
    if !commit {
        summary.import_id = None;
    }
    Ok(summary)
}

/// Replaces a problem's "column N" by "<header name> (column N)".
fn name_column(p: &mut Problem, names: &[String]) {
    let n = p
        .column
        .as_deref()
        .and_then(|c| c.strip_prefix("column "))
        .and_then(|n| n.parse::<usize>().ok());
    if let Some(n) = n {
        let named = n
            .checked_sub(1)
            .and_then(|i| names.get(i))
            .filter(|h| !h.is_empty());
        if let Some(h) = named {
            p.column = Some(format!("{h} (column {n})"));
        }
    }
}

/// Rows read on the reader's thread, for the writer.
#[derive(Default)]
struct Chunk {
    /// The items of the rows; only the first `used` are this chunk's (the rest are
    /// allocations kept for reuse).
    items: Vec<Item>,
    used: usize,
    rows: Vec<(u64, Read)>,
    /// Bytes of the file read when the chunk was sent (progress).
    bytes_read: u64,
}

/// One row as the reader found it.
enum Read {
    /// The row's values: a range of the chunk's items.
    Items(std::ops::Range<usize>),
    /// A row the format cannot map (counted as read).
    Unmapped(Problem),
    /// A row that could not be read.
    Unread(Problem),
}

/// Rows per chunk sent to the writer.
const READ_CHUNK: usize = 512;

/// Reads and maps the rest of `rows`, sending them in chunks until the end, a fatal read
/// error, more than 10,000 problems, or the writer's end of the channel is gone.
fn read_chunks(
    rows: &mut dyn Rows,
    mapper: &mut Mapper,
    width: usize,
    style: cell::NumberStyle,
    to_writer: std::sync::mpsc::SyncSender<Chunk>,
    written: std::sync::mpsc::Receiver<Chunk>,
) {
    let mut batch = Batch::default();
    let mut problems = 0usize;
    let fresh = |written: &std::sync::mpsc::Receiver<Chunk>| {
        let mut c = written.try_recv().unwrap_or_default();
        c.used = 0;
        c.rows.clear();
        c
    };
    let mut chunk = fresh(&written);
    loop {
        let mut done = false;
        match rows.next_row() {
            Ok(Some((n, record))) => match mapper.map(n, record, width, style, &mut batch) {
                Ok(()) => {
                    let start = chunk.used;
                    for item in batch.items() {
                        if chunk.used == chunk.items.len() {
                            chunk.items.push(Item::default());
                        }
                        chunk.items[chunk.used].copy_from(item);
                        chunk.used += 1;
                    }
                    chunk.rows.push((n, Read::Items(start..chunk.used)));
                }
                Err(p) => {
                    problems += 1;
                    chunk.rows.push((n, Read::Unmapped(p)));
                }
            },
            Ok(None) => done = true,
            Err(p) => {
                // A row in another encoding is skipped and reading goes on, to list every
                // such row; a row too long or a broken file ends the reading.
                done = p.message.starts_with("a row longer than")
                    || p.message.starts_with("the file could not be read");
                problems += 1;
                chunk.rows.push((p.row.unwrap_or(0), Read::Unread(p)));
            }
        }
        done |= problems > 10_000;
        if chunk.rows.len() == READ_CHUNK || done {
            let mut full = std::mem::replace(&mut chunk, fresh(&written));
            full.bytes_read = rows.bytes_read();
            if to_writer.send(full).is_err() || done {
                return;
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn process(
    writer: &mut crate::store::Writer<'_>,
    mapper: &mut Mapper,
    row: u64,
    record: &csv::StringRecord,
    width: usize,
    style: cell::NumberStyle,
    batch: &mut Batch,
    counts: &mut Counts,
    summary: &mut ImportSummary,
    locate: &dyn Fn(&mut Problem),
) -> Result<()> {
    if let Err(mut p) = mapper.map(row, record, width, style, batch) {
        locate(&mut p);
        summary.error(p);
        return Ok(());
    }
    write_items(writer, row, batch.items(), counts, summary, locate)
}

/// Writes the values of row `row` (queued: see [`crate::store::Writer::put`]) and counts
/// the outcomes of those written so far.
fn write_items(
    writer: &mut crate::store::Writer<'_>,
    row: u64,
    items: &[Item],
    counts: &mut Counts,
    summary: &mut ImportSummary,
    locate: &dyn Fn(&mut Problem),
) -> Result<()> {
    for item in items {
        if item.filtered {
            summary.skipped_filtered += 1;
            continue;
        }
        let (value, suppressed) = match item.value {
            Some(Cell::Value(v)) => (Some(v), false),
            Some(Cell::Suppressed) => (None, true),
            Some(Cell::Missing) | None => (None, false),
        };
        let has_more = item.target.is_some()
            || item.target_low.is_some()
            || item.target_high.is_some()
            || item.note.is_some()
            || item.margin_of_error.is_some();
        if value.is_none() && !suppressed && !has_more {
            counts.skipped_missing += 1;
            continue;
        }
        let at = |col: usize, message: String| {
            let mut p = Problem::at(row, format!("column {}", col + 1), message);
            locate(&mut p);
            p
        };
        if item.period.is_empty() {
            summary.error(at(item.period_col, "the period is blank".into()));
            continue;
        }
        let slot = match writer.measure(
            &item.measure,
            item.hints.unit,
            item.hints.rate_per,
            item.hints.polarity,
            item.hints.calendar,
            &item.period,
            infer_calendar,
        ) {
            Ok(s) => s,
            Err(m) => {
                summary.error(at(
                    item.period_col,
                    format!("measure \"{}\": {m}", item.measure),
                ));
                continue;
            }
        };
        if writer.unit(slot) == Unit::Percent {
            // The same rule as the data-entry grid (store::observations).
            let out_of_range = [value, item.target, item.target_low, item.target_high]
                .into_iter()
                .flatten()
                .find(|v| !(0.0..=100.0).contains(v));
            if let Some(v) = out_of_range {
                summary.error(at(
                    item.value_col,
                    format!(
                        "{v} is not a percentage between 0 and 100 (measure \"{}\" is in percent)",
                        item.measure
                    ),
                ));
                continue;
            }
        }
        let period = match writer.period(slot, &item.period) {
            Ok(p) => p,
            Err(m) => {
                summary.error(at(item.period_col, m));
                continue;
            }
        };
        let disaggregation = match writer.disaggregation(&item.groups) {
            Ok(d) => d,
            Err(m) => {
                summary.error(Problem::row(row, m));
                continue;
            }
        };
        let incoming = Incoming {
            value,
            suppressed,
            target: item.target,
            target_low: item.target_low,
            target_high: item.target_high,
            note: item.note.as_deref(),
            margin_of_error: item.margin_of_error,
            source: item.source.as_deref(),
        };
        let tag = Tag {
            row,
            column: item.value_col,
            suppressed,
            has_more,
        };
        writer.put(slot, period, disaggregation, &incoming, tag)?;
    }
    record_outcomes(writer, counts, summary, locate);
    Ok(())
}

/// Counts (and reports) the outcomes of the values the writer has written since the last
/// call.
fn record_outcomes(
    writer: &mut crate::store::Writer<'_>,
    counts: &mut Counts,
    summary: &mut ImportSummary,
    locate: &dyn Fn(&mut Problem),
) {
    for (tag, outcome) in writer.take_outcomes() {
        let at = |message: String| {
            let mut p = Problem::at(tag.row, format!("column {}", tag.column + 1), message);
            locate(&mut p);
            p
        };
        if tag.suppressed && !tag.has_more {
            counts.skipped_suppressed += 1;
            if let Outcome::Conflicting(m) = outcome {
                summary.error(at(m));
            }
            continue;
        }
        if tag.suppressed {
            counts.skipped_suppressed += 1;
        }
        match outcome {
            Outcome::Created => counts.created += 1,
            Outcome::Updated => counts.updated += 1,
            Outcome::Unchanged => counts.unchanged += 1,
            Outcome::SkippedExisting => counts.skipped_existing += 1,
            Outcome::Repeated => {
                summary.repeated += 1;
                summary.warn(at(
                    "repeats an earlier row of this file (same measure, period, group and value); used once".into(),
                ));
            }
            Outcome::Conflicting(m) => summary.error(at(m)),
        }
    }
}
