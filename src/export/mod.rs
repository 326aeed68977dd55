//! Exporting an initiative to a file, and loading a JSON bundle back.
//!
//! Owns the export file formats; every row comes from [`crate::store`] (one read snapshot
//! per export, so a file never mixes two states of the database) and every file is written
//! with [`write_atomically`] (a failed export leaves an existing file as it was). No SQL
//! here and no Tauri.
//!
//! What the app and the importer call:
//! - [`export`]`(store, initiative_id, format, path) -> ExportReport`: writes one file in
//!   an [`ExportFormat`]:
//!   - [`ExportFormat::Csv`]: Backbone's long CSV, one row per value (the contract is in
//!     [`long`]; `crate::import` reads it back);
//!   - [`ExportFormat::Xlsx`]: a "Scorecard" sheet, one sheet per measure in the long
//!     columns, and an "About" sheet ([`xlsx`]);
//!   - [`ExportFormat::Json`]: a bundle of every row of the initiative, trash included
//!     ([`bundle`]).
//! - [`import_bundle`]`(store, path, dry_run) -> BundleReport`: loads a bundle into
//!   another database in one transaction.
//! - [`write_atomically`]`(path, |w| ...)`: the atomic file write itself, for other
//!   writers.
//! - [`write_csv`], [`write_xlsx`] and [`write_bundle`] write a format to any
//!   [`std::io::Write`] (no file, no atomicity).
//!
//! Errors: a failing output is [`Error::Io`] naming the file; a bundle that cannot be
//! loaded is `Invalid` (field `file`, or `tables.<table>` for a bad row),
//! [`Error::SchemaTooNew`] for a bundle from a newer Backbone, or `Conflict` when the
//! initiative is already in the database. Messages say what and where.

pub mod atomic;
pub mod bundle;
pub mod long;
pub mod xlsx;

pub use crate::model::{BundleReport, BundleTableCount, ExportFormat, ExportReport, TableCount};
pub use atomic::write_atomically;
pub use bundle::{import_bundle, write_bundle, BUNDLE_FORMAT, BUNDLE_VERSION};
pub use long::write_csv;
pub use xlsx::{write_xlsx, XlsxSummary};

use crate::error::{Error, Result};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// The placeholder path of errors on an output whose file the writer does not know;
/// [`export`] replaces it with the file's path.
const OUTPUT: &str = "<output>";

/// A write error on the output.
pub(crate) fn output_error(source: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from(OUTPUT),
        source,
    }
}

/// Writes the initiative `initiative_id` of `store` to the file `out` in `format`,
/// atomically, and says what it wrote. The initiative must be live. "Now" (the bundle's
/// `exported_at`, the workbook's About sheet) comes from the store's clock.
pub fn export(
    store: &Store,
    initiative_id: &str,
    format: ExportFormat,
    out: &Path,
) -> Result<ExportReport> {
    let initiative = store.get_initiative(initiative_id)?;
    let exported_at = store.now();
    let mut rows = 0;
    let mut sheets = Vec::new();
    let mut tables = Vec::new();
    write_atomically(out, |w| {
        match format {
            ExportFormat::Csv => rows = write_csv(store, initiative_id, w)?,
            ExportFormat::Xlsx => {
                let summary = write_xlsx(store, initiative_id, &exported_at, w)?;
                rows = summary.rows;
                sheets = summary.sheets;
            }
            ExportFormat::Json => {
                tables = write_bundle(store, initiative_id, &exported_at, w)?;
                rows = tables.iter().map(|t| t.rows).sum();
            }
        }
        Ok(())
    })
    .map_err(|e| match e {
        Error::Io { path, source } if path == Path::new(OUTPUT) => Error::Io {
            path: out.to_path_buf(),
            source,
        },
        other => other,
    })?;
    let bytes = std::fs::metadata(out)
        .map_err(|source| Error::Io {
            path: out.to_path_buf(),
            source,
        })?
        .len();
    Ok(ExportReport {
        path: out.display().to_string(),
        format,
        initiative_id: initiative.id,
        initiative_name: initiative.name,
        rows,
        sheets,
        tables,
        bytes,
    })
}
