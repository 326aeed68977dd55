//! Backbone's long format: one row per value, the columns the importer reads back.
//!
//! The contract (the importer in `crate::import` relies on it):
//! - UTF-8 without a byte-order mark, `\n` line ends, RFC 4180 quoting (a cell is quoted
//!   only when it holds a comma, a quote or a line break; quotes inside are doubled).
//! - Header: `measure,period,dimension,group[,dimension_2,group_2,...],value,target,
//!   target_low,target_high,note,margin_of_error,suppressed,source,unit,polarity,calendar,
//!   calendar_start_month`. There are as many dimension/group pairs as the largest number
//!   of groups in any exported value's disaggregation, at least one; both cells are blank
//!   for the total, and a combined disaggregation (race × geography) fills its pairs in
//!   dimension position order.
//! - One row per live value (observation) of the initiative's live measures (those the app
//!   shows), including target-only rows (value blank) and suppressed ones (value blank,
//!   `suppressed` = `yes`; otherwise `suppressed` is blank). Missing fields are blank.
//! - Numbers are printed with Rust's `{}` for `f64`: the shortest text that reads back as
//!   the same number (`72.4`, `12`, `-0`). Percentages are on the stored 0-100 scale.
//! - `measure` is the measure's name, `period` the period's canonical label; `unit`
//!   (`rate per 100000` for a rate, so its base travels with it),
//!   `polarity`, `calendar` (the stored calendar name) and `calendar_start_month` (school
//!   and fiscal years only) repeat the measure's properties on each of its rows.
//! - Rows come by measure in display order, then by period start, then the total first,
//!   then disaggregations by dimension position and group position.
//!
//! The same columns make each measure sheet of the XLSX export ([`super::xlsx`]).
//!
//! What the file does not carry: the display order of dimensions and groups (their
//! positions). An import creates them in the order they first appear, so the values come
//! back identical but a group first seen in a later period may be listed in another
//! order; the JSON bundle keeps every column, positions included.

use super::output_error;
use crate::error::Result;
use crate::model::Unit;
use crate::store::bundle::{LongMeasure, LongValue};
use crate::store::Store;
use std::borrow::Cow;
use std::io::Write;

/// The columns before the dimension/group pairs.
const LEADING: [&str; 2] = ["measure", "period"];
/// The columns after the dimension/group pairs.
const TRAILING: [&str; 12] = [
    "value",
    "target",
    "target_low",
    "target_high",
    "note",
    "margin_of_error",
    "suppressed",
    "source",
    "unit",
    "polarity",
    "calendar",
    "calendar_start_month",
];

/// The header of a long file with `pairs` dimension/group pairs (at least one is written).
pub fn header(pairs: usize) -> Vec<String> {
    let mut columns: Vec<String> = LEADING.iter().map(|c| c.to_string()).collect();
    for n in 1..=pairs.max(1) {
        if n == 1 {
            columns.extend(["dimension".to_string(), "group".to_string()]);
        } else {
            columns.extend([format!("dimension_{n}"), format!("group_{n}")]);
        }
    }
    columns.extend(TRAILING.iter().map(|c| c.to_string()));
    columns
}

/// One cell of a long row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    Number(f64),
}

impl Cell<'_> {
    /// The cell as the CSV prints it.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(t) => Cow::Borrowed(t),
            Cell::Number(n) => Cow::Owned(n.to_string()),
        }
    }
}

fn text(s: &str) -> Cell<'_> {
    Cell::Text(Cow::Borrowed(s))
}

fn number(v: Option<f64>) -> Cell<'static> {
    v.map_or(Cell::Empty, Cell::Number)
}

fn optional(s: &Option<String>) -> Cell<'_> {
    match s {
        Some(s) if !s.is_empty() => text(s),
        _ => Cell::Empty,
    }
}

/// The cells of one value's row, in [`header`]`(pairs)` order.
pub(crate) fn cells<'a>(m: &'a LongMeasure, v: &'a LongValue<'a>, pairs: usize) -> Vec<Cell<'a>> {
    let mut cells = Vec::with_capacity(LEADING.len() + 2 * pairs + TRAILING.len());
    cells.push(text(&m.name));
    cells.push(text(&v.period));
    for n in 0..pairs.max(1) {
        match v.groups.get(n) {
            Some((dimension, group)) => cells.extend([text(dimension), text(group)]),
            None => cells.extend([Cell::Empty, Cell::Empty]),
        }
    }
    cells.extend([
        number(v.value),
        number(v.target),
        number(v.target_low),
        number(v.target_high),
        optional(&v.note),
        number(v.margin_of_error),
        if v.suppressed {
            text("yes")
        } else {
            Cell::Empty
        },
        optional(&v.source),
        match (m.unit, m.rate_per) {
            (Unit::Rate, Some(per)) => Cell::Text(format!("rate per {per}").into()),
            (unit, _) => text(unit.as_str()),
        },
        text(m.polarity.as_str()),
        text(m.calendar.as_str()),
        number(m.calendar_start_month.map(f64::from)),
    ]);
    cells
}

/// Writes the long CSV of an initiative to `out`, row by row (nothing is held but the
/// values of one period of one measure), from one snapshot of the database. Returns the
/// number of rows written, the header not counted.
pub fn write_csv(store: &Store, initiative_id: &str, out: &mut dyn Write) -> Result<u64> {
    store.in_snapshot(|| {
        let plan = store.long_plan(initiative_id)?;
        let mut writer = csv::WriterBuilder::new().from_writer(out);
        writer.write_record(header(plan.pairs)).map_err(csv_error)?;
        let mut rows = 0;
        for measure in &plan.measures {
            rows += store.for_each_long_value(&plan, measure, |value| {
                for cell in cells(measure, value, plan.pairs) {
                    writer
                        .write_field(cell.text().as_bytes())
                        .map_err(csv_error)?;
                }
                writer.write_record(None::<&[u8]>).map_err(csv_error)
            })?;
        }
        writer.flush().map_err(output_error)?;
        Ok(rows)
    })
}

fn csv_error(e: csv::Error) -> crate::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => output_error(e),
        other => crate::Error::Internal(format!("writing the CSV failed: {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Calendar, Polarity, Unit};

    #[test]
    fn the_header_has_at_least_one_pair_and_numbers_the_others() {
        let h = header(0).join(",");
        assert_eq!(
            h,
            "measure,period,dimension,group,value,target,target_low,target_high,note,\
             margin_of_error,suppressed,source,unit,polarity,calendar,calendar_start_month"
        );
        assert_eq!(header(1).join(","), h);
        let h3 = header(3);
        assert_eq!(
            &h3[2..8],
            [
                "dimension",
                "group",
                "dimension_2",
                "group_2",
                "dimension_3",
                "group_3"
            ]
        );
        assert_eq!(h3.len(), h.split(',').count() + 4);
    }

    #[test]
    fn cells_print_numbers_with_rusts_shortest_round_trip_form() {
        let m = LongMeasure {
            id: "m".into(),
            name: "Rate, \"adjusted\"".into(),
            unit: Unit::Percent,
            rate_per: None,
            polarity: Polarity::Lower,
            calendar: Calendar::SchoolYear,
            calendar_start_month: Some(8),
        };
        let groups = [("Race".to_string(), "Black".to_string())];
        let v = LongValue {
            period: "2023-24".into(),
            groups: &groups,
            value: Some(72.4),
            target: Some(80.0),
            target_low: None,
            target_high: None,
            note: Some(String::new()),
            margin_of_error: Some(-0.0),
            suppressed: false,
            source: Some("State".into()),
        };
        let texts: Vec<String> = cells(&m, &v, 2)
            .iter()
            .map(|c| c.text().into_owned())
            .collect();
        assert_eq!(
            texts,
            [
                "Rate, \"adjusted\"",
                "2023-24",
                "Race",
                "Black",
                "",
                "",
                "72.4",
                "80",
                "",
                "",
                "",
                "-0",
                "",
                "State",
                "percent",
                "lower",
                "school_year",
                "8"
            ]
        );
        assert_eq!(Cell::Number(0.1 + 0.2).text(), "0.30000000000000004");
    }
}
