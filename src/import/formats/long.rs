//! Backbone's long format: one row per value (see `crate::export::long` for the columns
//! the export writes and this reads back).

use super::{calendar_from, non_empty, polarity_from, rate_base, unit_from, Batch};
use crate::import::cell::{parse_cell, parse_flag, parse_optional, Cell, NumberStyle};
use crate::import::{ImportOptions, Problem};
use crate::model::CalendarSpec;
use csv::StringRecord;

/// Backbone's long format.
pub struct Long {
    measure: Option<usize>,
    fixed_measure: String,
    period: usize,
    pairs: Vec<(usize, usize)>,
    value: Option<usize>,
    target: Option<usize>,
    target_low: Option<usize>,
    target_high: Option<usize>,
    note: Option<usize>,
    unit: Option<usize>,
    polarity: Option<usize>,
    moe: Option<usize>,
    suppressed: Option<usize>,
    source: Option<usize>,
    calendar: Option<usize>,
    start_month: Option<usize>,
}

impl Long {
    pub(super) fn new(names: &[String], opts: &ImportOptions, base: &str) -> Result<Long, Problem> {
        let find = |n: &[&str]| names.iter().position(|h| n.contains(&h.as_str()));
        let period = find(&["period"])
            .ok_or_else(|| Problem::row(1, "the header has no \"period\" column".to_string()))?;
        let mut pairs = Vec::new();
        for n in 1..=20 {
            let suffix = if n == 1 { String::new() } else { n.to_string() };
            let d = find(&[&format!("dimension{suffix}")]);
            let g = find(&[&format!("group{suffix}")]);
            match (d, g) {
                (Some(d), Some(g)) => pairs.push((d, g)),
                (None, None) => {}
                (Some(_), None) | (None, Some(_)) => {
                    let missing = if d.is_none() { "dimension" } else { "group" };
                    return Err(Problem::row(
                        1,
                        format!(
                            "the header has a {} column without its \"{missing}{}\" column",
                            if d.is_none() { "group" } else { "dimension" },
                            if n == 1 {
                                String::new()
                            } else {
                                format!("_{n}")
                            }
                        ),
                    ));
                }
            }
        }
        let measure = find(&["measure", "measurename", "indicator"]);
        Ok(Long {
            fixed_measure: opts.measure.clone().unwrap_or_else(|| base.to_string()),
            measure,
            period,
            pairs,
            value: find(&["value", "actual", "actualvalue"]),
            target: find(&["target"]),
            target_low: find(&["targetlow"]),
            target_high: find(&["targethigh"]),
            note: find(&["note", "notes", "datanote"]),
            unit: find(&["unit", "units"]),
            polarity: find(&["polarity"]),
            moe: find(&["marginoferror", "moe"]),
            suppressed: find(&["suppressed"]),
            source: find(&["source"]),
            calendar: find(&["calendar"]),
            start_month: find(&["calendarstartmonth", "startmonth"]),
        })
    }

    pub(super) fn map(
        &mut self,
        row: u64,
        r: &StringRecord,
        style: NumberStyle,
        out: &mut Batch,
    ) -> Result<(), Problem> {
        let cell = |i: usize| r.get(i).unwrap_or("");
        let opt = |i: Option<usize>| i.map(cell).unwrap_or("");
        let at = |i: usize, msg: String| Problem::at(row, format!("column {}", i + 1), msg);
        let num = |i: Option<usize>| -> Result<Option<f64>, Problem> {
            match i {
                Some(i) => parse_optional(cell(i), style).map_err(|e| at(i, e)),
                None => Ok(None),
            }
        };
        let item = out.push();
        match self.measure {
            Some(i) => {
                let name = cell(i).trim();
                if name.is_empty() {
                    return Err(at(i, "the measure is blank".into()));
                }
                item.measure.push_str(name);
            }
            None => item.measure.push_str(&self.fixed_measure),
        }
        item.period.push_str(cell(self.period).trim());
        item.period_col = self.period;
        for (n, (d, g)) in self.pairs.iter().enumerate() {
            let (dim, group) = (cell(*d).trim(), cell(*g).trim());
            match (dim.is_empty(), group.is_empty()) {
                (true, true) => {}
                (false, false) => item.groups.push((dim.to_string(), group.to_string())),
                (true, false) => {
                    return Err(at(
                        *d,
                        format!("group \"{group}\" has no dimension (pair {})", n + 1),
                    ))
                }
                (false, true) => {
                    return Err(at(
                        *g,
                        format!("dimension \"{dim}\" has no group (pair {})", n + 1),
                    ))
                }
            }
        }
        if let Some(v) = self.value {
            item.value_col = v;
            item.value = Some(parse_cell(cell(v), style).map_err(|e| at(v, e))?);
        }
        if let Some(s) = self.suppressed {
            if parse_flag(cell(s)).map_err(|e| at(s, e))? {
                if let Some(Cell::Value(_)) = item.value {
                    return Err(at(
                        s,
                        "the value is marked suppressed but has a number; leave one of them blank"
                            .into(),
                    ));
                }
                item.value = Some(Cell::Suppressed);
            }
        }
        item.target = num(self.target)?;
        item.target_low = num(self.target_low)?;
        item.target_high = num(self.target_high)?;
        item.margin_of_error = num(self.moe)?;
        if let (Some(m), Some(i)) = (item.margin_of_error, self.moe) {
            if m < 0.0 {
                return Err(at(i, format!("a margin of error cannot be negative ({m})")));
            }
        }
        if let (Some(lo), Some(hi)) = (item.target_low, item.target_high) {
            if hi < lo {
                return Err(at(
                    self.target_high.unwrap_or(0),
                    format!("the target range's high end ({hi}) is below its low end ({lo})"),
                ));
            }
        }
        item.note = non_empty(opt(self.note));
        item.source = non_empty(opt(self.source));
        if let Some(u) = self.unit {
            let text = cell(u).trim();
            if !text.is_empty() {
                item.hints.unit = Some(unit_from(text).ok_or_else(|| {
                    at(
                        u,
                        format!("\"{text}\" is not a unit (number, percent, currency or rate)"),
                    )
                })?);
                item.hints.rate_per = rate_base(text);
            }
        }
        if let Some(p) = self.polarity {
            let text = cell(p).trim();
            if !text.is_empty() {
                item.hints.polarity = Some(polarity_from(text).ok_or_else(|| {
                    at(
                        p,
                        format!("\"{text}\" is not a polarity (higher, lower or range)"),
                    )
                })?);
            }
        }
        if let Some(c) = self.calendar {
            let text = cell(c).trim();
            if !text.is_empty() {
                let calendar = calendar_from(text).ok_or_else(|| {
                    at(c, format!("\"{text}\" is not a calendar (year, school_year, fiscal_year, half, quarter, month, week or span)"))
                })?;
                let month = match self.start_month.map(cell).map(str::trim) {
                    Some(m) if !m.is_empty() => Some(m.parse::<u8>().map_err(|_| {
                        at(
                            self.start_month.unwrap_or(0),
                            format!("\"{m}\" is not a month number (1-12)"),
                        )
                    })?),
                    _ => None,
                };
                item.hints.calendar = Some(
                    CalendarSpec::new(calendar, month)
                        .map_err(|e| at(self.start_month.unwrap_or(c), e.to_string()))?,
                );
            }
        }
        Ok(())
    }
}
