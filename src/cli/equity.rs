//! `backbone equity`: a measure's disparity figures for one dimension and period (DOMAIN.md
//! "Equity lens"): each group's value, rate difference, rate ratio and gap trend against the
//! reference group, the maximal rate ratio and difference and the index of disparity.

use super::chart::find_measure;
use super::scorecard::with_unit;
use crate::equity::{EquityFigures, GapTrend};
use crate::error::Error;
use crate::model::Unit;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How `backbone equity` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The figures, unrounded, `null` where undefined (with the reasons in `why`)
    Json,
    /// A table for people
    Table,
}

/// Arguments of `backbone equity`.
#[derive(Debug, Clone, Args)]
pub struct EquityArgs {
    /// The measure's id or name
    #[arg(long, value_name = "ID|NAME")]
    pub measure: String,
    /// The dimension's name or id (default: the measure's first dimension with values)
    #[arg(long, value_name = "NAME")]
    pub dimension: Option<String>,
    /// The period (default: the latest with values for two groups)
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// json or table
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `backbone equity` on the database at `path`.
pub fn run(args: &EquityArgs, path: &Path, out: &mut dyn Write) -> Result<i32, Error> {
    let store = super::open_existing(path)?;
    let measure = find_measure(&store, &args.measure)?;
    let figures = store.equity(
        &measure.id,
        args.dimension.as_deref(),
        args.period.as_deref(),
    )?;
    let text = match args.format {
        Format::Json => {
            serde_json::to_string_pretty(&figures).map_err(|e| Error::Internal(e.to_string()))?
        }
        Format::Table => {
            let others: Vec<String> = store
                .measure_dimensions(&measure.id)?
                .into_iter()
                .filter(|d| d.id != figures.dimension_id)
                .map(|d| d.name)
                .collect();
            table(&figures, &others)
        }
    };
    writeln!(out, "{}", text.trim_end()).map_err(|source| Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
    })?;
    Ok(0)
}

fn difference(v: f64, unit: Unit, rate_per: Option<f64>) -> String {
    let sign = if v > 0.0 { "+" } else { "" };
    match unit {
        Unit::Percent => format!("{sign}{v:.1} pts"),
        _ => format!("{sign}{}", with_unit(v, unit, rate_per)),
    }
}

fn trend_word(t: Option<GapTrend>) -> &'static str {
    match t {
        Some(GapTrend::Closing) => "closing",
        Some(GapTrend::Widening) => "widening",
        Some(GapTrend::Unchanged) => "unchanged",
        None => "-",
    }
}

/// The figures as a table for people (values rounded for reading; JSON has them exact).
pub fn table(f: &EquityFigures, other_dimensions: &[String]) -> String {
    let mut s = format!(
        "{} by {}, {}\n",
        f.measure,
        f.dimension,
        f.period.as_deref().unwrap_or("no period with values")
    );
    match (&f.reference_group, f.reference_chosen) {
        (Some(r), true) => s += &format!("Reference group: {r} (chosen)\n"),
        (Some(r), false) => {
            s += &format!("Reference group: {r} (the most favourable value this period)\n")
        }
        (None, _) => {
            s += &format!(
                "No reference group: {}\n",
                f.why.get("reference_group").map_or("", String::as_str)
            )
        }
    }
    let rows: Vec<[String; 5]> = f
        .groups
        .iter()
        .map(|g| {
            let value = match (g.value, g.suppressed) {
                (Some(v), _) => {
                    let mut t = with_unit(v, f.unit, f.rate_per);
                    if let Some(m) = g.margin_of_error {
                        t += &format!(" ± {m:.1}");
                    }
                    t
                }
                (None, true) => "suppressed".into(),
                (None, false) => "-".into(),
            };
            let name = if g.is_reference {
                format!("{} (reference)", g.group)
            } else {
                g.group.clone()
            };
            [
                name,
                value,
                g.rate_difference
                    .map_or("-".into(), |d| difference(d, f.unit, f.rate_per)),
                g.rate_ratio.map_or("-".into(), |r| format!("{r:.2}")),
                trend_word(g.gap_trend).into(),
            ]
        })
        .collect();
    let header = ["Group", "Value", "Difference", "Ratio", "Gap"];
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: [&str; 5]| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i] - c.chars().count();
            if i == 0 || i == 4 {
                l += &format!("{c}{}  ", " ".repeat(pad));
            } else {
                l += &format!("{}{c}  ", " ".repeat(pad));
            }
        }
        l.trim_end().to_string() + "\n"
    };
    s += "\n";
    s += &line(header);
    for r in &rows {
        s += &line([&r[0], &r[1], &r[2], &r[3], &r[4]]);
    }
    s += "\n";
    let figure = |name: &str, v: Option<f64>, text: &dyn Fn(f64) -> String, field: &str| match v {
        Some(v) => format!("{name}: {}\n", text(v)),
        None => format!(
            "{name}: n/a ({})\n",
            f.why.get(field).map_or("undefined", String::as_str)
        ),
    };
    s += &figure(
        "Maximal rate ratio",
        f.max_rate_ratio,
        &|v| format!("{v:.2}"),
        "max_rate_ratio",
    );
    s += &figure(
        "Maximal rate difference",
        f.max_rate_difference,
        &|v| {
            difference(v, f.unit, f.rate_per)
                .trim_start_matches('+')
                .to_string()
        },
        "max_rate_difference",
    );
    s += &figure(
        "Index of disparity",
        f.index_of_disparity,
        &|v| format!("{v:.1}"),
        "index_of_disparity",
    );
    if !f.excluded_suppressed.is_empty() {
        s += &format!(
            "Excluded (suppressed by the source): {}\n",
            f.excluded_suppressed.join(", ")
        );
    }
    if !other_dimensions.is_empty() {
        s += &format!(
            "Also by: {} (use --dimension)\n",
            other_dimensions.join(", ")
        );
    }
    s
}
