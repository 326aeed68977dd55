//! `backbone scorecard`: the RBA scorecard of an initiative as JSON (the whole
//! [`Scorecard`], unrounded), CSV (the row fields, one line per measure) or a table
//! for people (aligned columns, arrows, units, status words).
//!
//! Only presentation lives here; every figure comes from [`Store::scorecard`].

use crate::error::Error;
use crate::model::Unit;
use crate::scorecard::{Direction, Scorecard, ScorecardRow, Share, Status};
use crate::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How `backbone scorecard` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object: initiative, as_of, rows, rollups (numbers unrounded)
    Json,
    /// A header and one line per measure (numbers unrounded)
    Csv,
    /// Aligned columns for people
    Table,
}

/// The row fields every output carries, in order (issue 3's contract).
pub const FIELDS: [&str; 21] = [
    "kind",
    "id",
    "name",
    "result",
    "program",
    "category",
    "polarity",
    "period",
    "actual",
    "prior_actual",
    "target",
    "next_target",
    "baseline",
    "baseline_change_pct",
    "variance_from_target_pct",
    "progress_to_target_pct",
    "trend_direction",
    "trend_count",
    "trend_good",
    "status",
    "forecast_next",
];

/// Runs the command on the database at `path` (which must exist).
pub fn run(
    path: &Path,
    initiative: Option<&str>,
    as_of: Option<&str>,
    format: Format,
    out: &mut dyn Write,
) -> Result<i32, Error> {
    print(&super::open_existing(path)?, initiative, as_of, format, out)
}

/// Prints the scorecard of `initiative` (id or name; `None`: the only one) in `store`.
pub fn print(
    store: &Store,
    initiative: Option<&str>,
    as_of: Option<&str>,
    format: Format,
    out: &mut dyn Write,
) -> Result<i32, Error> {
    let initiative = store.find_initiative(initiative)?;
    let card = store.scorecard(&initiative.id, as_of)?;
    let text = render(&card, format)?;
    out.write_all(text.as_bytes()).map_err(|source| Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
    })?;
    Ok(0)
}

/// The scorecard in `format`, ending with a newline.
pub fn render(card: &Scorecard, format: Format) -> Result<String, Error> {
    match format {
        Format::Json => serde_json::to_string_pretty(card)
            .map(|s| s + "\n")
            .map_err(|e| Error::Internal(e.to_string())),
        Format::Csv => csv(card),
        Format::Table => Ok(table(card)),
    }
}

/// A CSV cell, quoted when it holds a comma, quote, line break or edge space.
pub fn csv_cell(text: &str) -> String {
    let needs =
        text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ');
    if needs {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The [`FIELDS`] of one row, in order, as JSON values (null, text, number or boolean,
/// numbers unrounded): the CSV output prints them, the XLSX export writes them into cells.
pub fn row_fields(row: &ScorecardRow) -> Result<Vec<serde_json::Value>, Error> {
    let mut value = serde_json::to_value(row).map_err(|e| Error::Internal(e.to_string()))?;
    let object = value
        .as_object_mut()
        .ok_or_else(|| Error::Internal("a scorecard row is not a JSON object".into()))?;
    Ok(FIELDS
        .iter()
        .map(|f| object.remove(*f).unwrap_or_default())
        .collect())
}

fn csv(card: &Scorecard) -> Result<String, Error> {
    let mut text = FIELDS.join(",") + "\n";
    for row in &card.rows {
        let cells: Vec<String> = row_fields(row)?
            .iter()
            .map(|v| match v {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => csv_cell(s),
                other => csv_cell(&other.to_string()),
            })
            .collect();
        text += &cells.join(",");
        text.push('\n');
    }
    Ok(text)
}

/// `1234567` → `1,234,567` (the integer part of a decimal text).
fn thousands(digits: &str) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits),
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// A number with `decimals` places (trailing zeros trimmed when `trim`) and separators.
fn number(v: f64, decimals: usize, trim: bool) -> String {
    let text = format!("{:.*}", decimals, v);
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = if trim {
        frac.trim_end_matches('0')
    } else {
        frac
    };
    let int = if int == "-0" && frac.is_empty() {
        "0"
    } else {
        int
    };
    if frac.is_empty() {
        thousands(int)
    } else {
        format!("{}.{frac}", thousands(int))
    }
}

/// A value with its unit, for people: `72.4%`, `$1,234`, `12.3 per 1,000`, `1,234`, `4.5`.
pub fn with_unit(v: f64, unit: Unit, rate_per: Option<f64>) -> String {
    match unit {
        Unit::Percent => format!("{}%", number(v, 1, false)),
        Unit::Currency => {
            let decimals = if v.fract() == 0.0 || v.abs() >= 1000.0 {
                0
            } else {
                2
            };
            let text = number(v.abs(), decimals, false);
            if v < 0.0 {
                format!("-${text}")
            } else {
                format!("${text}")
            }
        }
        Unit::Rate => {
            let per = rate_per.map(|n| number(n, 2, true)).unwrap_or_default();
            format!("{} per {per}", number(v, 1, false))
        }
        Unit::Number => number(v, 1, true),
    }
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Met => "met",
        Status::Close => "close",
        Status::OffTrack => "off track",
        Status::NoTarget => "no target",
        Status::NoData => "no data",
    }
}

fn trend_cell(row: &ScorecardRow) -> String {
    let f = &row.figures;
    let arrow = match f.trend_direction {
        Direction::Up => "↑",
        Direction::Down => "↓",
        Direction::Flat => "→",
        Direction::None => return "–".into(),
    };
    let judgement = match f.trend_good {
        Some(true) => " good",
        Some(false) => " bad",
        None => "",
    };
    format!("{arrow} {}{judgement}", f.trend_count)
}

fn target_cell(row: &ScorecardRow) -> String {
    let f = &row.figures;
    let show = |v: f64| with_unit(v, row.unit, row.rate_per);
    match (f.target, f.target_low, f.target_high) {
        (Some(t), _, _) => show(t),
        (None, Some(low), Some(high)) => format!("{}–{}", show(low), show(high)),
        (None, Some(low), None) => format!("≥ {}", show(low)),
        (None, None, Some(high)) => format!("≤ {}", show(high)),
        (None, None, None) => "–".into(),
    }
}

/// One line of the table: a heading or a row of cells.
enum Line {
    Heading(String),
    Cells(Vec<String>),
}

const HEADERS: [&str; 8] = [
    "Measure",
    "Period",
    "Actual",
    "Target",
    "Trend",
    "vs baseline",
    "Status",
    "Forecast",
];
/// Which columns are right-aligned (numbers).
const RIGHT: [bool; 8] = [false, false, true, true, false, true, false, true];

fn table(card: &Scorecard) -> String {
    let mut out = format!("{}\n", card.initiative.name);
    if card.initiative.is_sample {
        out += "Sample: fictional data\n";
    }
    match (&card.as_of.label, &card.as_of.cutoff) {
        (Some(label), Some(cutoff)) => {
            out +=
                &format!("As of {label}: actuals of periods starting after {cutoff} are ignored\n")
        }
        _ => out += &format!("As of {} (every value)\n", card.as_of.reference_date),
    }
    let mut lines = vec![Line::Cells(HEADERS.map(String::from).to_vec())];
    let mut group: Option<String> = None;
    let mut category = None;
    for row in &card.rows {
        let heading = match (&row.result, &row.program) {
            (Some(r), _) => format!("Result: {r}"),
            (_, Some(p)) => format!("Program: {p}"),
            _ => String::new(),
        };
        if group.as_ref() != Some(&heading) {
            lines.push(Line::Heading(heading.clone()));
            group = Some(heading);
            category = None;
        }
        if row.category.is_some() && row.category != category {
            category = row.category;
            let question = row.category.map(|c| c.question()).unwrap_or_default();
            lines.push(Line::Heading(format!("  {question}")));
        }
        let f = &row.figures;
        let show = |v: Option<f64>| {
            v.map(|v| with_unit(v, row.unit, row.rate_per))
                .unwrap_or_else(|| "–".into())
        };
        let indent = if row.category.is_some() { "    " } else { "  " };
        let star = if row.headline { "★ " } else { "" };
        lines.push(Line::Cells(vec![
            format!("{indent}{star}{}", row.name),
            f.period.clone().unwrap_or_else(|| "–".into()),
            show(f.actual),
            target_cell(row),
            trend_cell(row),
            f.baseline_change_pct
                .map(|p| format!("{}{}%", if p > 0.0 { "+" } else { "" }, number(p, 1, false)))
                .unwrap_or_else(|| "n/a".into()),
            status_word(f.status).into(),
            show(f.forecast_next),
        ]));
    }
    let width = |i: usize| {
        lines
            .iter()
            .filter_map(|l| match l {
                Line::Cells(c) => Some(c[i].chars().count()),
                Line::Heading(_) => None,
            })
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..HEADERS.len()).map(width).collect();
    for line in &lines {
        match line {
            Line::Heading(h) => out += &format!("{h}\n"),
            Line::Cells(cells) => {
                let padded: Vec<String> = cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let pad = " ".repeat(widths[i] - c.chars().count());
                        if RIGHT[i] {
                            format!("{pad}{c}")
                        } else {
                            format!("{c}{pad}")
                        }
                    })
                    .collect();
                out += padded.join("  ").trim_end();
                out.push('\n');
            }
        }
    }
    out += "\nRoll-ups\n";
    let rollups = &card.rollups;
    for r in std::iter::once(&rollups.initiative)
        .chain(&rollups.results)
        .chain(&rollups.programs)
    {
        out += &format!("  {}\n", r.name);
        for share in [
            &r.trending_well,
            &r.better_than_baseline,
            &r.current_data,
            &r.story_updated,
        ] {
            out += &format!("    {}\n", share_line(share));
        }
    }
    out
}

fn share_line(s: &Share) -> String {
    match s.pct {
        Some(p) => format!("{} ({}%)", s.label, number(p, 0, false)),
        None => s.label.clone(),
    }
}

#[cfg(test)]
mod tests;
