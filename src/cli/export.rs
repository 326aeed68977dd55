//! `backbone export`: writes an initiative to a long CSV, an XLSX workbook or a JSON bundle
//! through [`crate::export::export`], and says what it wrote.

use crate::error::{Error, Result};
use crate::export::{export, ExportFormat, ExportReport};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The formats `--format` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Backbone's long CSV: one row per value, what `backbone import` reads back
    Csv,
    /// A workbook: the scorecard, a sheet per measure (long columns) and an About sheet
    Xlsx,
    /// A bundle of every row of the initiative (trash included), for another database
    Json,
}

impl From<Format> for ExportFormat {
    fn from(f: Format) -> ExportFormat {
        match f {
            Format::Csv => ExportFormat::Csv,
            Format::Xlsx => ExportFormat::Xlsx,
            Format::Json => ExportFormat::Json,
        }
    }
}

/// Arguments of `backbone export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to write (replaced atomically when it exists)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The format [default: from the extension of --out: .csv, .xlsx or .json]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The initiative's id or name (default: the database's only initiative)
    #[arg(long, value_name = "ID|NAME")]
    pub initiative: Option<String>,
}

/// Runs the command on the database at `path` (which must exist).
pub fn run(args: &ExportArgs, path: &Path, out: &mut dyn Write) -> Result<i32> {
    let format = match args.format {
        Some(f) => ExportFormat::from(f),
        None => ExportFormat::from_path(&args.out).ok_or_else(|| {
            Error::invalid(
                "format",
                format!(
                    "Say which format to write with --format csv, xlsx or json ({} has no \
                     .csv, .xlsx or .json extension)",
                    args.out.display()
                ),
            )
        })?,
    };
    let store = super::open_existing(path)?;
    let initiative = store.find_initiative(args.initiative.as_deref())?;
    let report = export(&store, &initiative.id, format, &args.out)?;
    out.write_all(describe(&report).as_bytes())
        .map_err(|source| Error::Io {
            path: PathBuf::from("<stdout>"),
            source,
        })?;
    Ok(0)
}

/// `1234567` → `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// What the command prints about an export.
pub fn describe(r: &ExportReport) -> String {
    let what = match r.format {
        ExportFormat::Csv => format!("{} (long CSV)", plural(r.rows, "row", "rows")),
        ExportFormat::Xlsx => format!(
            "{} (Scorecard, {}, About), {} (XLSX)",
            plural(r.sheets.len() as u64, "sheet", "sheets"),
            plural(
                r.sheets.len().saturating_sub(2) as u64,
                "measure",
                "measures"
            ),
            plural(r.rows, "value row", "value rows"),
        ),
        ExportFormat::Json => format!(
            "{}, {} (JSON bundle)",
            plural(r.tables.len() as u64, "table", "tables"),
            plural(r.rows, "row", "rows"),
        ),
    };
    let mut text = format!(
        "Exported \"{}\" to {}: {what}, {}\n",
        r.initiative_name,
        r.path,
        plural(r.bytes, "byte", "bytes")
    );
    let width = r.tables.iter().map(|t| t.table.len()).max().unwrap_or(0);
    for t in &r.tables {
        text += &format!("  {:width$}  {}\n", t.table, thousands(t.rows));
    }
    text
}
