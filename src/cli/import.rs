//! `backbone import FILE`: values from a CSV or XLSX file (or an initiative from a JSON
//! bundle) into the database, all or nothing. Exit 0 when imported (or a clean dry run),
//! 1 when refused (nothing written); clap exits 2 on usage errors.

use crate::error::{Error, Result};
use crate::import::{import_file, Format, ImportOptions, ImportSummary};
use crate::model::{Calendar, Polarity, Unit};
use crate::store::Store;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `backbone import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV or XLSX file (or JSON bundle) to import
    pub file: PathBuf,
    /// The initiative (id or name) to import into; created when none has that name.
    /// Default: the only initiative (the sample aside), or a new "Imported data" one
    #[arg(long, value_name = "ID|NAME")]
    pub initiative: Option<String>,
    /// The file's format (auto: recognise it from the header)
    #[arg(long, value_enum, default_value_t = Format::Auto)]
    pub format: Format,
    /// The measure's name, for files of one measure (default: from the file name)
    #[arg(long, value_name = "NAME")]
    pub measure: Option<String>,
    /// KIDS COUNT or DHIS2: import only this location (org unit), as the total series
    #[arg(long, value_name = "NAME")]
    pub location: Option<String>,
    /// The unit of measures the import creates: number, percent, currency or rate
    #[arg(long, value_name = "U", value_parser = parse_unit)]
    pub unit: Option<Unit>,
    /// Whether higher or lower is better, for measures the import creates
    #[arg(long, value_name = "higher|lower|range", value_parser = parse_polarity)]
    pub polarity: Option<Polarity>,
    /// The calendar of measures the import creates (default: from the periods): year,
    /// school_year, fiscal_year, half, quarter, month, week or span
    #[arg(long, value_name = "CALENDAR", value_parser = parse_calendar)]
    pub calendar: Option<Calendar>,
    /// Wide files with --measure: the dimension whose groups the columns are
    #[arg(long, value_name = "NAME")]
    pub dimension: Option<String>,
    /// XLSX: the sheet to read (default: the first)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Replace values that are already stored with the file's
    #[arg(long)]
    pub update: bool,
    /// Check everything and report what would happen, writing nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print the summary as JSON
    #[arg(long)]
    pub json: bool,
}

fn parse_unit(s: &str) -> std::result::Result<Unit, String> {
    Unit::parse(s.trim())
        .ok_or_else(|| format!("\"{s}\" is not a unit: number, percent, currency or rate"))
}

fn parse_polarity(s: &str) -> std::result::Result<Polarity, String> {
    Polarity::parse(s.trim())
        .ok_or_else(|| format!("\"{s}\" is not a polarity: higher, lower or range"))
}

fn parse_calendar(s: &str) -> std::result::Result<Calendar, String> {
    Calendar::parse(s.trim()).ok_or_else(|| {
        format!("\"{s}\" is not a calendar: year, school_year, fiscal_year, half, quarter, month, week or span")
    })
}

impl ImportArgs {
    /// The options these arguments say.
    pub fn options(&self) -> ImportOptions {
        ImportOptions {
            initiative: self.initiative.clone(),
            format: self.format,
            measure: self.measure.clone(),
            location: self.location.clone(),
            unit: self.unit,
            polarity: self.polarity,
            calendar: self.calendar,
            dimension: self.dimension.clone(),
            sheet: self.sheet.clone(),
            update: self.update,
            dry_run: self.dry_run,
        }
    }
}

/// Runs `backbone import`.
pub fn run(args: &ImportArgs, db: &Path, out: &mut dyn Write) -> Result<i32> {
    let mut store = Store::open(db)?;
    let summary = import_file(&mut store, &args.file, &args.options(), &mut |_| true)?;
    let io = |source| Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
    };
    if args.json {
        let text =
            serde_json::to_string_pretty(&summary).map_err(|e| Error::Internal(e.to_string()))?;
        writeln!(out, "{text}").map_err(io)?;
    } else {
        write!(out, "{}", describe(&summary)).map_err(io)?;
    }
    Ok(if summary.errors.is_empty() { 0 } else { 1 })
}

/// The summary for people.
pub fn describe(s: &ImportSummary) -> String {
    let mut t = String::new();
    let line = |t: &mut String, l: String| {
        t.push_str(&l);
        t.push('\n');
    };
    line(&mut t, format!("File: {}", s.file));
    if !s.format_note.is_empty() {
        line(&mut t, format!("Format: {}", s.format_note));
    }
    if let Some(name) = &s.initiative_name {
        line(
            &mut t,
            format!(
                "Initiative: {name}{}",
                if s.initiative_created { " (new)" } else { "" }
            ),
        );
    }
    line(
        &mut t,
        format!(
            "Rows read: {}; values created: {}, updated: {}, unchanged: {}; skipped: {} missing, {} suppressed, {} already stored with another value{}{}",
            s.rows_read,
            s.created,
            s.updated,
            s.unchanged,
            s.skipped_missing,
            s.skipped_suppressed,
            s.skipped_existing,
            if s.skipped_filtered > 0 { format!(", {} of other locations", s.skipped_filtered) } else { String::new() },
            if s.repeated > 0 { format!(", {} repeated rows", s.repeated) } else { String::new() },
        ),
    );
    if s.skipped_existing > 0 {
        line(
            &mut t,
            "  (run again with --update to replace stored values with the file's)".into(),
        );
    }
    if !s.measures_created.is_empty() {
        line(
            &mut t,
            format!("Measures created: {}", s.measures_created.join("; ")),
        );
    }
    for f in &s.flags {
        line(&mut t, format!("Check: {f}"));
    }
    if !s.flags.is_empty() {
        line(
            &mut t,
            "  (--unit and --polarity set them for the measures an import creates)".into(),
        );
    }
    for w in &s.warnings {
        line(&mut t, format!("Warning: {w}"));
    }
    for e in &s.errors {
        line(&mut t, format!("Problem: {e}"));
    }
    if s.error_count > s.errors.len() as u64 {
        line(
            &mut t,
            format!(
                "... and {} more problems",
                s.error_count - s.errors.len() as u64
            ),
        );
    }
    line(
        &mut t,
        if !s.errors.is_empty() {
            format!(
                "Refused: {} problem{}; nothing was written",
                s.error_count,
                if s.error_count == 1 { "" } else { "s" }
            )
        } else if s.dry_run {
            "Dry run: nothing was written".into()
        } else {
            "Imported".into()
        },
    );
    t
}
