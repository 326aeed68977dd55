//! The XLSX export: a workbook for people that any of whose measure sheets re-imports.
//!
//! Sheets, in order:
//! - "Scorecard": one row per measure of the scorecard (every value, as of now), with the
//!   columns of `backbone scorecard --format csv` ([`crate::cli::scorecard::FIELDS`]).
//! - One sheet per measure, in display order, with the long columns of [`super::long`]
//!   (the same header on every sheet, so each re-imports alone). Sheet names are the
//!   measure names made valid ([`sheet_names`]).
//! - "About": the initiative, when and by which app version it was exported, and
//!   "Sample: fictional data" for the sample.
//!
//! Numbers are written as numbers, text as text (period labels stay text: `2024` is a
//! label, not a number), header rows in bold and frozen, columns as wide as their content
//! (within bounds).

use super::long::{self, Cell};
use super::output_error;
use crate::cli::scorecard::{row_fields, FIELDS};
use crate::error::{Error, Result};
use crate::model::Initiative;
use crate::store::Store;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::io::Write;

/// The first sheet.
pub const SCORECARD_SHEET: &str = "Scorecard";
/// The last sheet.
pub const ABOUT_SHEET: &str = "About";
/// What the sample says about itself wherever it appears.
pub const SAMPLE_NOTICE: &str = "Sample: fictional data";

/// The most characters (UTF-16 units) Excel allows in a sheet name.
const MAX_SHEET_NAME: usize = 31;
/// The most rows of an Excel sheet, the header included.
const MAX_ROWS: u32 = 1_048_576;
/// Column widths, in characters.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

/// What [`write_xlsx`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsxSummary {
    /// The sheet names, in order.
    pub sheets: Vec<String>,
    /// Value rows over all measure sheets (headers and the scorecard not counted).
    pub rows: u64,
}

/// Valid, distinct sheet names for `names`, in order, none equal to one of `reserved`.
///
/// The rule, deterministic so that the same measures always give the same sheets: the
/// characters Excel refuses (`[ ] : * ? / \` and control characters) become `_`, runs of
/// spaces become one, leading and trailing spaces and apostrophes go; an empty result
/// becomes "Measure"; the name is cut to 31 UTF-16 units. A name equal to an earlier one,
/// to a reserved one or to Excel's reserved "History" (ignoring case, as Excel does) gets
/// " (2)", " (3)", ... with its stem cut to make room.
pub fn sheet_names(names: &[&str], reserved: &[&str]) -> Vec<String> {
    let mut taken: Vec<String> = reserved
        .iter()
        .map(|r| r.to_lowercase())
        .chain(["history".to_string()])
        .collect();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let cleaned: String = name
            .chars()
            .map(|c| {
                if "[]:*?/\\".contains(c) || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let cleaned = tidy(&cleaned.split_whitespace().collect::<Vec<_>>().join(" "));
        let stem = if cleaned.is_empty() {
            "Measure".to_string()
        } else {
            cleaned
        };
        let mut candidate = cut(&stem, MAX_SHEET_NAME);
        let mut n = 2;
        while taken.contains(&candidate.to_lowercase()) {
            let suffix = format!(" ({n})");
            candidate = format!("{}{suffix}", cut(&stem, MAX_SHEET_NAME - suffix.len()));
            n += 1;
        }
        taken.push(candidate.to_lowercase());
        out.push(candidate);
    }
    out
}

/// Without leading or trailing spaces and apostrophes.
fn tidy(name: &str) -> String {
    name.trim_matches(|c: char| c == ' ' || c == '\'')
        .to_string()
}

/// The longest prefix of `name` of at most `max` UTF-16 units, without trailing spaces or
/// apostrophes.
fn cut(name: &str, max: usize) -> String {
    let mut units = 0;
    let mut out = String::new();
    for c in name.chars() {
        units += c.len_utf16();
        if units > max {
            break;
        }
        out.push(c);
    }
    tidy(&out)
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Internal(format!("writing the workbook failed: {e}"))
}

/// Tracks the widest cell of each column of a sheet.
struct Widths(Vec<usize>);

impl Widths {
    fn new(header: &[impl AsRef<str>]) -> Widths {
        Widths(header.iter().map(|h| h.as_ref().chars().count()).collect())
    }

    fn see(&mut self, col: usize, text: &str) {
        // A cell's widest line: a note may hold line breaks.
        let width = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        if let Some(w) = self.0.get_mut(col) {
            *w = (*w).max(width);
        }
    }

    fn apply(&self, sheet: &mut Worksheet) -> Result<()> {
        for (col, width) in self.0.iter().enumerate() {
            let width = (*width + 2).clamp(MIN_WIDTH, MAX_WIDTH);
            sheet
                .set_column_width(col as u16, width as f64)
                .map_err(xlsx_error)?;
        }
        Ok(())
    }
}

/// Writes a bold header row, frozen, and returns the width tracker.
fn header(sheet: &mut Worksheet, columns: &[impl AsRef<str>], bold: &Format) -> Result<Widths> {
    for (col, name) in columns.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, name.as_ref(), bold)
            .map_err(xlsx_error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    Ok(Widths::new(columns))
}

/// Writes the workbook of an initiative (see the module docs) to `out`, from one snapshot
/// of the database. `exported_at` (RFC 3339) goes on the About sheet and into the file's
/// properties.
pub fn write_xlsx(
    store: &Store,
    initiative_id: &str,
    exported_at: &str,
    out: &mut dyn Write,
) -> Result<XlsxSummary> {
    let (mut workbook, summary) = store.in_snapshot(|| {
        let initiative = store.get_initiative(initiative_id)?;
        let card = store.scorecard(initiative_id, None)?;
        let plan = store.long_plan(initiative_id)?;
        let bold = Format::new().set_bold();
        let mut workbook = Workbook::new();
        workbook.set_properties(&properties(&initiative, exported_at)?);
        let measure_names: Vec<&str> = plan.measures.iter().map(|m| m.name.as_str()).collect();
        let names = sheet_names(&measure_names, &[SCORECARD_SHEET, ABOUT_SHEET]);
        let mut sheets = vec![SCORECARD_SHEET.to_string()];

        // The scorecard.
        let sheet = workbook.add_worksheet();
        sheet.set_name(SCORECARD_SHEET).map_err(xlsx_error)?;
        if initiative.is_sample {
            sheet.set_header(format!("&C{SAMPLE_NOTICE}"));
        }
        let mut widths = header(sheet, &FIELDS, &bold)?;
        for (i, row) in card.rows.iter().enumerate() {
            let r = i as u32 + 1;
            for (col, value) in row_fields(row)?.iter().enumerate() {
                let c = col as u16;
                match value {
                    serde_json::Value::Null => {}
                    serde_json::Value::Number(n) => {
                        let n = n.as_f64().unwrap_or_default();
                        sheet.write_number(r, c, n).map_err(xlsx_error)?;
                        widths.see(col, &n.to_string());
                    }
                    serde_json::Value::Bool(b) => {
                        sheet.write_boolean(r, c, *b).map_err(xlsx_error)?;
                        widths.see(col, "FALSE");
                    }
                    serde_json::Value::String(s) => {
                        sheet.write_string(r, c, s).map_err(xlsx_error)?;
                        widths.see(col, s);
                    }
                    other => {
                        let s = other.to_string();
                        sheet.write_string(r, c, &s).map_err(xlsx_error)?;
                        widths.see(col, &s);
                    }
                }
            }
        }
        widths.apply(sheet)?;

        // One sheet per measure, in the long columns.
        let columns = long::header(plan.pairs);
        let mut rows = 0;
        for (measure, name) in plan.measures.iter().zip(&names) {
            let sheet = workbook.add_worksheet();
            sheet.set_name(name).map_err(xlsx_error)?;
            if initiative.is_sample {
                sheet.set_header(format!("&C{SAMPLE_NOTICE}"));
            }
            let mut widths = header(sheet, &columns, &bold)?;
            let mut r: u32 = 0;
            rows += store.for_each_long_value(&plan, measure, |value| {
                r += 1;
                if r >= MAX_ROWS {
                    return Err(Error::invalid_input(format!(
                        "The measure \"{}\" has more values than an Excel sheet holds \
                         ({}); export it as CSV instead",
                        measure.name,
                        MAX_ROWS - 1
                    )));
                }
                for (col, cell) in long::cells(measure, value, plan.pairs).iter().enumerate() {
                    let c = col as u16;
                    match cell {
                        Cell::Empty => {}
                        Cell::Number(n) => {
                            sheet.write_number(r, c, *n).map_err(xlsx_error)?;
                            widths.see(col, &n.to_string());
                        }
                        Cell::Text(t) => {
                            sheet.write_string(r, c, t.as_ref()).map_err(xlsx_error)?;
                            widths.see(col, t);
                        }
                    }
                }
                Ok(())
            })?;
            widths.apply(sheet)?;
            sheets.push(name.clone());
        }

        // About.
        let sheet = workbook.add_worksheet();
        sheet.set_name(ABOUT_SHEET).map_err(xlsx_error)?;
        let mut widths = Widths(vec![0, 0]);
        for (i, (label, text)) in about_lines(&initiative, exported_at).iter().enumerate() {
            let r = i as u32;
            sheet
                .write_string_with_format(r, 0, *label, &bold)
                .map_err(xlsx_error)?;
            sheet.write_string(r, 1, text).map_err(xlsx_error)?;
            widths.see(0, label);
            widths.see(1, text);
        }
        widths.apply(sheet)?;
        sheets.push(ABOUT_SHEET.to_string());
        Ok((workbook, XlsxSummary { sheets, rows }))
    })?;
    let bytes = workbook.save_to_buffer().map_err(xlsx_error)?;
    out.write_all(&bytes).map_err(output_error)?;
    Ok(summary)
}

/// The About sheet's (label, text) lines.
fn about_lines(initiative: &Initiative, exported_at: &str) -> Vec<(&'static str, String)> {
    let mut lines = Vec::new();
    if initiative.is_sample {
        lines.push(("Sample", SAMPLE_NOTICE.to_string()));
    }
    lines.extend([
        ("Initiative", initiative.name.clone()),
        ("Initiative id", initiative.id.clone()),
        ("Shared result", initiative.shared_result.clone()),
        ("Geography", initiative.geography.clone()),
        ("Backbone organisation", initiative.backbone_org.clone()),
        ("Exported at", exported_at.to_string()),
        (
            "Exported by",
            format!("Backbone {}", env!("CARGO_PKG_VERSION")),
        ),
        (
            "Sheets",
            format!(
                "\"{SCORECARD_SHEET}\" has one row per measure (figures as of the export); \
                 each measure's sheet has one row per value in Backbone's long format, \
                 which `backbone import` reads back"
            ),
        ),
        (
            "Values",
            "Percentages are on a 0-100 scale; a blank value is missing (not zero); \
             suppressed = yes means the source withheld the value"
                .to_string(),
        ),
    ]);
    lines
}

/// The workbook's document properties, with the export time as its creation time.
fn properties(initiative: &Initiative, exported_at: &str) -> Result<DocProperties> {
    let mut props = DocProperties::new()
        .set_title(format!("{}: scorecard and values", initiative.name))
        .set_comment(format!(
            "Exported by Backbone {} at {exported_at}",
            env!("CARGO_PKG_VERSION")
        ));
    if initiative.is_sample {
        props = props.set_subject(SAMPLE_NOTICE);
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(exported_at) {
        use chrono::{Datelike, Timelike};
        let t = t.with_timezone(&chrono::Utc);
        let when = ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)
            .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, t.second()))
            .map_err(xlsx_error)?;
        props = props.set_creation_datetime(&when);
    }
    Ok(props)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(s: &str) -> usize {
        s.encode_utf16().count()
    }

    #[test]
    fn sheet_names_are_valid_distinct_and_deterministic() {
        let long = "Tutored students reading on grade level";
        let numbered = format!("{long} (number)");
        let input = [
            "Graduation rate",
            "GRADUATION RATE",
            long,
            &numbered,
            "a/b: c*d?[e]\\f",
            "'quoted'",
            "   ",
            "scorecard",
            "History",
            "Ünïcödé ✓ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 values per county",
        ];
        let names = sheet_names(&input, &[SCORECARD_SHEET, ABOUT_SHEET]);
        assert_eq!(
            names[..9],
            [
                "Graduation rate",
                "GRADUATION RATE (2)",
                "Tutored students reading on gra",
                "Tutored students reading on (2)",
                "a_b_ c_d__e__f",
                "quoted",
                "Measure",
                "scorecard (2)",
                "History (2)",
            ]
        );
        let mut seen = std::collections::HashSet::new();
        for name in &names {
            assert!(units(name) <= 31, "{name} is too long");
            assert!(
                !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
                "{name}"
            );
            assert!(!name.starts_with('\'') && !name.ends_with('\''), "{name}");
            assert!(seen.insert(name.to_lowercase()), "{name} twice");
            rust_xlsxwriter::utility::check_sheet_name(name).unwrap();
        }
        assert_eq!(
            sheet_names(&input, &[SCORECARD_SHEET, ABOUT_SHEET]),
            names,
            "the same input gives the same names"
        );
    }
}
