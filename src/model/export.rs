//! Exports and bundles: which file an export writes, and what an export or a bundle import
//! did (the app shows these reports; `crate::export` makes them).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Backbone's long CSV: one row per value, the format the importer reads back.
    Csv,
    /// A workbook: a "Scorecard" sheet, one sheet per measure in the long columns, and an
    /// "About" sheet.
    Xlsx,
    /// A JSON bundle of every row of the initiative (trash included), for moving an
    /// initiative to another database.
    Json,
}

impl ExportFormat {
    /// Every format, in the order a picker should list them.
    pub const ALL: [ExportFormat; 3] = [ExportFormat::Csv, ExportFormat::Xlsx, ExportFormat::Json];

    /// The file extension, without the dot: `csv`, `xlsx`, `json`.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Json => "json",
        }
    }

    /// The format a file name's extension names (case-insensitive), if any.
    pub fn from_path(path: &std::path::Path) -> Option<ExportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        ExportFormat::ALL.into_iter().find(|f| f.extension() == ext)
    }
}

/// How many rows of one table a bundle export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TableCount {
    pub table: String,
    pub rows: u64,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExportReport {
    /// The file written.
    pub path: String,
    pub format: ExportFormat,
    pub initiative_id: String,
    pub initiative_name: String,
    /// Data rows written, headers not counted: values (CSV, and the measure sheets of an
    /// XLSX) or table rows (JSON).
    pub rows: u64,
    /// XLSX: the sheets, in order. Empty for other formats.
    pub sheets: Vec<String>,
    /// JSON: the rows of each table, in the bundle's order. Empty for other formats.
    pub tables: Vec<TableCount>,
    /// The size of the file written.
    pub bytes: u64,
}

/// What loading a bundle did to one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BundleTableCount {
    pub table: String,
    /// Rows the bundle holds for this table.
    pub rows: u64,
    /// Rows added to the database.
    pub inserted: u64,
    /// Rows of the shared tables (periods, disaggregations and their groups) the database
    /// already had under the same natural key, used instead of a copy.
    pub reused: u64,
}

/// What loading a bundle did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BundleReport {
    pub initiative_id: String,
    pub initiative_name: String,
    /// The schema version of the database that wrote the bundle.
    pub schema_version: i64,
    /// Nothing was kept: the load ran and was rolled back.
    pub dry_run: bool,
    /// One entry per table, in the order they were loaded.
    pub tables: Vec<BundleTableCount>,
}
