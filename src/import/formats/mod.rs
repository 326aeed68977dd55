//! The file formats: recognising one from its header, and turning its rows into
//! [`Item`]s (one value of one measure, period and disaggregation).
//!
//! Mapping rules chosen where the sources leave room:
//! - KIDS COUNT: `Location` is a group of a "Location" dimension (kind geography), unless
//!   `--location` picks one location, whose rows become the measure's total series. The
//!   optional column between `Location` and `TimeFrame` (named `Category`, `Race Ethnicity`
//!   ...) holds groups; its "All Students" / "All" / "Total" rows are the total. It mixes
//!   dimensions (the dropout file's `Category` has sexes and races), so each label goes
//!   to the dimension it names ([`dimension_of_label`]): "Female Students" to "Sex",
//!   "Asian Students" to "Race/ethnicity", anything else to a dimension named after the
//!   column. `DataFormat` gives the unit: Percent (fractions, stored ×100), Number,
//!   Currency. A file with several formats makes one measure per format, the first
//!   format seen taking the plain name and the others "<name> (<format>)".
//! - Open SDG: every column between `Year` and `Value` is a dimension, except `Units`,
//!   which gives the unit (several units: one measure per unit, named as above).
//! - Clear Impact: `id` is the Clear Impact measure; the first id takes the measure's
//!   name, others "<name> (id <id>)". Dates pick the period containing them.
//! - DHIS2: the data element is the measure (named as Clear Impact ids are), the org unit
//!   a group of an "Org unit" dimension (or, with `--location`, that org unit's rows are
//!   the total), the category option combo a group of a "Category option combo" dimension
//!   (the `default` combo, `HllvX50cXC0`, is the total). DHIS2 periods (`2024`, `202403`,
//!   `2024Q1`, `2024W5`, `2024S1`, `2024April`, `20240315`) become Backbone periods.
//! - Wide: the first column is the period and every other column a series. Without
//!   `--measure` each series column is a measure named by its header; with `--measure`,
//!   the columns are groups of one dimension (`--dimension`, default "Group") of that
//!   measure, and a column named Total, All or Overall is the total. A `Note` column's
//!   text is the data note of every value on its row.

use super::cell::{fraction_to_percent, parse_cell, parse_optional, Cell, NumberStyle};
use super::{Format, ImportOptions, Problem};
use crate::model::{Calendar, CalendarSpec, Period, Polarity, Unit};
use csv::StringRecord;

mod labels;
mod long;
pub use labels::dimension_of_label;
pub use long::Long;

/// Measure properties a file states.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Hints {
    pub unit: Option<Unit>,
    /// The base of a rate ("per 100,000"), when the file says it.
    pub rate_per: Option<f64>,
    pub polarity: Option<Polarity>,
    pub calendar: Option<CalendarSpec>,
}

/// One value read from a file, before it is matched to the store.
#[derive(Debug, Clone, Default)]
pub struct Item {
    pub measure: String,
    pub hints: Hints,
    pub period: String,
    pub period_col: usize,
    /// (dimension, group) pairs; empty for the total.
    pub groups: Vec<(String, String)>,
    pub value: Option<Cell>,
    pub value_col: usize,
    pub target: Option<f64>,
    pub target_low: Option<f64>,
    pub target_high: Option<f64>,
    pub note: Option<String>,
    pub margin_of_error: Option<f64>,
    pub source: Option<String>,
    /// A row the options leave out (`--location`).
    pub filtered: bool,
}

impl Item {
    fn reset(&mut self) {
        self.measure.clear();
        self.hints = Hints::default();
        self.period.clear();
        self.period_col = 0;
        self.groups.clear();
        self.value = None;
        self.value_col = 0;
        self.target = None;
        self.target_low = None;
        self.target_high = None;
        self.note = None;
        self.margin_of_error = None;
        self.source = None;
        self.filtered = false;
    }

    /// Becomes a copy of `o`, reusing this item's strings (items cross to the writer's
    /// thread in chunks that come back to be filled again, so no row allocates).
    pub fn copy_from(&mut self, o: &Item) {
        self.measure.clone_from(&o.measure);
        self.hints = o.hints;
        self.period.clone_from(&o.period);
        self.period_col = o.period_col;
        self.groups.truncate(o.groups.len());
        for (i, (d, g)) in o.groups.iter().enumerate() {
            match self.groups.get_mut(i) {
                Some((sd, sg)) => {
                    sd.clone_from(d);
                    sg.clone_from(g);
                }
                None => self.groups.push((d.clone(), g.clone())),
            }
        }
        self.value = o.value;
        self.value_col = o.value_col;
        self.target = o.target;
        self.target_low = o.target_low;
        self.target_high = o.target_high;
        self.note.clone_from(&o.note);
        self.margin_of_error = o.margin_of_error;
        self.source.clone_from(&o.source);
        self.filtered = o.filtered;
    }
}

/// The items of one row (a wide row holds several).
#[derive(Debug, Default)]
pub struct Batch {
    items: Vec<Item>,
    len: usize,
}

impl Batch {
    pub fn clear(&mut self) {
        self.len = 0;
    }

    fn push(&mut self) -> &mut Item {
        if self.len == self.items.len() {
            self.items.push(Item::default());
        }
        let item = &mut self.items[self.len];
        item.reset();
        self.len += 1;
        item
    }

    pub fn items(&self) -> &[Item] {
        &self.items[..self.len]
    }
}

/// A header name made comparable: lowercase, without spaces, `_`, `-` or a byte-order mark.
pub fn norm(name: &str) -> String {
    name.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Recognises the format from the header (and the first data row). The string says why,
/// for the summary.
pub fn detect(header: &StringRecord, first: Option<&StringRecord>) -> Option<(Format, String)> {
    let names: Vec<String> = header.iter().map(norm).collect();
    let has = |n: &str| names.iter().any(|h| h == n);
    let listed = || {
        header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}'))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if has("actualvaluedate") && has("actualvalue") {
        return Some((Format::ClearImpact, format!("the header is {}", listed())));
    }
    if has("dataelement") && has("period") && has("orgunit") {
        return Some((Format::Dhis2, format!("the header is {}", listed())));
    }
    if has("period") && (has("value") || has("target")) {
        return Some((Format::Long, format!("the header has {}", listed())));
    }
    if has("location") && has("timeframe") && has("dataformat") && has("data") {
        return Some((Format::KidsCount, format!("the header is {}", listed())));
    }
    if names.len() >= 2 && names[0] == "year" && names.last().is_some_and(|n| n == "value") {
        return Some((Format::OpenSdg, format!("the header is {}", listed())));
    }
    if looks_like_dhis2_row(header) {
        return Some((
            Format::Dhis2,
            "the rows are DHIS2 data values (data element, period, org unit, ...)".into(),
        ));
    }
    let period_header = matches!(
        names.first().map(String::as_str),
        Some(
            "year"
                | "period"
                | "date"
                | "time"
                | "timeframe"
                | "schoolyear"
                | "fiscalyear"
                | "quarter"
                | "month"
                | "week"
        )
    );
    let period_first = first
        .and_then(|r| r.get(0))
        .is_some_and(|p| infer_calendar(p).is_some());
    if names.len() >= 2 && (period_header || period_first) {
        return Some((
            Format::Wide,
            format!(
                "the first column ({}) holds periods and the others series",
                header.get(0).unwrap_or("").trim_start_matches('\u{feff}')
            ),
        ));
    }
    None
}

fn looks_like_dhis2_row(r: &StringRecord) -> bool {
    let uid = |s: &str| {
        s.len() == 11
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric())
    };
    r.len() >= 6 && r.get(0).is_some_and(uid) && r.get(1).and_then(dhis2_period).is_some()
}

/// A DHIS2 period as a Backbone label and calendar.
pub fn dhis2_period(p: &str) -> Option<(String, CalendarSpec)> {
    let p = p.trim();
    let year: i32 = p.get(..4)?.parse().ok()?;
    let rest = &p[4..];
    let spec = |c: Calendar| CalendarSpec::from(c);
    let num = |s: &str| s.parse::<u32>().ok();
    if rest.is_empty() {
        return Some((year.to_string(), spec(Calendar::Year)));
    }
    if rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()) {
        let m = num(rest)?;
        return (1..=12)
            .contains(&m)
            .then(|| (format!("{year}-{m:02}"), spec(Calendar::Month)));
    }
    if rest.len() == 4 && rest.bytes().all(|b| b.is_ascii_digit()) {
        return Some((
            format!("{year}-{}-{}", &rest[..2], &rest[2..]),
            spec(Calendar::Month),
        ));
    }
    if let Some(q) = rest.strip_prefix('Q') {
        let q = num(q)?;
        return (1..=4)
            .contains(&q)
            .then(|| (format!("{year}Q{q}"), spec(Calendar::Quarter)));
    }
    if let Some(s) = rest.strip_prefix('S') {
        let s = num(s)?;
        return (1..=2)
            .contains(&s)
            .then(|| (format!("{year}H{s}"), spec(Calendar::Half)));
    }
    if let Some(w) = rest.strip_prefix('W') {
        let w = num(w)?;
        return (1..=53)
            .contains(&w)
            .then(|| (format!("{year}W{w:02}"), spec(Calendar::Week)));
    }
    let fiscal = match rest.to_ascii_lowercase().as_str() {
        "april" => 4,
        "july" => 7,
        "oct" => 10,
        "nov" => 11,
        _ => return None,
    };
    let spec = CalendarSpec::new(Calendar::FiscalYear, Some(fiscal)).ok()?;
    Some((format!("FY{}", year + 1), spec))
}

/// The calendar a period label belongs to, for a measure the import creates. `2010-11`
/// reads as a school year when its second number follows the first (as in KIDS COUNT
/// files), else as a month; a date, as a year.
pub fn infer_calendar(text: &str) -> Option<CalendarSpec> {
    let ok = |c: Calendar| {
        Period::parse(c.into(), text)
            .ok()
            .map(|_| CalendarSpec::from(c))
    };
    let t = text.trim();
    if let Some(spec) = ok(Calendar::Year) {
        return Some(spec);
    }
    if let Some((a, b)) = t.split_once(['-', '/']) {
        let (a, b) = (a.trim(), b.trim());
        if a.len() == 4 && (b.len() == 2 || b.len() == 4) {
            let (ya, yb) = (a.parse::<i32>().ok()?, b.parse::<i32>().ok()?);
            let follows = if b.len() == 2 {
                yb == (ya + 1) % 100
            } else {
                yb == ya + 1
            };
            if follows {
                if let Some(spec) = ok(Calendar::SchoolYear) {
                    return Some(spec);
                }
            }
        }
    }
    for c in [
        Calendar::Span,
        Calendar::FiscalYear,
        Calendar::Half,
        Calendar::Quarter,
        Calendar::Week,
        Calendar::Month,
        Calendar::SchoolYear,
        Calendar::Year,
    ] {
        if let Some(spec) = ok(c) {
            return Some(spec);
        }
    }
    None
}

/// The base of a rate named like "Rate per 100,000" or "per 1000 residents".
pub fn rate_base(text: &str) -> Option<f64> {
    let lower = text.to_lowercase();
    let after = &lower[lower.find("per")? + 3..];
    let digits: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    digits.parse::<f64>().ok().filter(|v| *v > 0.0)
}

/// A unit as files name it.
pub fn unit_from(text: &str) -> Option<Unit> {
    let t = norm(text);
    Some(match t.as_str() {
        "number" | "count" | "total" | "numeric" | "n" | "persons" | "people" => Unit::Number,
        "percent" | "percentage" | "%" | "pct" | "proportion" => Unit::Percent,
        "currency" | "dollars" | "usd" | "$" | "eur" | "money" => Unit::Currency,
        _ if t.starts_with("rate") || t.starts_with("per") => Unit::Rate,
        _ => return None,
    })
}

fn polarity_from(text: &str) -> Option<Polarity> {
    Some(match norm(text).as_str() {
        "higher" | "higherisbetter" | "up" | "increase" => Polarity::Higher,
        "lower" | "lowerisbetter" | "down" | "decrease" => Polarity::Lower,
        "range" | "inrange" => Polarity::Range,
        _ => return None,
    })
}

fn calendar_from(text: &str) -> Option<Calendar> {
    let t = norm(text);
    Calendar::ALL
        .into_iter()
        .find(|c| norm(c.as_str()) == t || norm(c.label()) == t)
}

/// Turns rows of one format into items.
pub enum Mapper {
    Long(Long),
    KidsCount(KidsCount),
    OpenSdg(OpenSdg),
    ClearImpact(ClearImpact),
    Dhis2(Dhis2),
    Wide(Wide),
}

/// What the header row is.
pub struct Header {
    pub names: Vec<String>,
    /// The first row is data, not a header (DHIS2 files without one).
    pub is_data: bool,
}

impl Mapper {
    /// Builds the mapper for `format` from the header; refuses a header the format cannot
    /// use (a missing column), naming it.
    pub fn new(
        format: Format,
        header: &StringRecord,
        opts: &ImportOptions,
        base_name: &str,
    ) -> Result<(Mapper, Header), Problem> {
        let names: Vec<String> = header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        let normed: Vec<String> = names.iter().map(|n| norm(n)).collect();
        let find = |n: &str| normed.iter().position(|h| h == n);
        let need = |n: &str, shown: &str| {
            find(n).ok_or_else(|| {
                Problem::row(
                    1,
                    format!("the header has no \"{shown}\" column ({})", format.label()),
                )
            })
        };
        let base = base_name.to_string();
        let mut is_data = false;
        let mapper = match format {
            Format::Long => Mapper::Long(Long::new(&normed, opts, &base)?),
            Format::KidsCount => {
                let location = need("location", "Location")?;
                let timeframe = need("timeframe", "TimeFrame")?;
                let category =
                    (timeframe > location + 1).then(|| (location + 1, names[location + 1].clone()));
                Mapper::KidsCount(KidsCount {
                    location,
                    category,
                    timeframe,
                    format: need("dataformat", "DataFormat")?,
                    data: need("data", "Data")?,
                    only: opts.location.clone(),
                    base,
                    first_format: None,
                })
            }
            Format::OpenSdg => {
                let value = need("value", "Value")?;
                let year = need("year", "Year")?;
                let units = find("units").or_else(|| find("unit"));
                let dims = (0..names.len())
                    .filter(|i| *i != value && *i != year && Some(*i) != units)
                    .map(|i| (i, names[i].clone()))
                    .collect();
                Mapper::OpenSdg(OpenSdg {
                    year,
                    value,
                    units,
                    dims,
                    base,
                    first_unit: None,
                })
            }
            Format::ClearImpact => Mapper::ClearImpact(ClearImpact {
                id: need("id", "id")?,
                date: need("actualvaluedate", "actual_value_date")?,
                target: find("targetvalue"),
                actual: need("actualvalue", "actual_value")?,
                comment: find("comment"),
                base,
                first_id: None,
            }),
            Format::Dhis2 => {
                is_data = !(find("dataelement").is_some() && find("period").is_some());
                if header.len() < 6 {
                    return Err(Problem::row(
                        1,
                        format!(
                            "{} columns; a DHIS2 data value set has at least 6 (data element, period, org unit, category option combo, attribute option combo, value)",
                            header.len()
                        ),
                    ));
                }
                Mapper::Dhis2(Dhis2 {
                    only: opts.location.clone(),
                    comment: if is_data { Some(8) } else { find("comment") },
                    base,
                    first_element: None,
                })
            }
            Format::Wide => {
                let note = find("note").or_else(|| find("notes"));
                let series: Vec<(usize, String)> = (1..names.len())
                    .filter(|i| Some(*i) != note)
                    .map(|i| (i, names[i].clone()))
                    .collect();
                if let Some((i, _)) = series.iter().find(|(_, n)| n.is_empty()) {
                    return Err(Problem::at(
                        1,
                        format!("column {}", i + 1),
                        "a series column has no name in the header".to_string(),
                    ));
                }
                Mapper::Wide(Wide {
                    note,
                    series,
                    measure: opts.measure.clone(),
                    dimension: opts.dimension.clone().unwrap_or_else(|| "Group".into()),
                })
            }
            Format::Auto | Format::Bundle => {
                return Err(Problem::row(
                    1,
                    "no format to read the rows with".to_string(),
                ))
            }
        };
        Ok((mapper, Header { names, is_data }))
    }

    /// Maps one data row. A row whose length differs from the header's is refused.
    pub fn map(
        &mut self,
        row: u64,
        r: &StringRecord,
        width: usize,
        style: NumberStyle,
        out: &mut Batch,
    ) -> Result<(), Problem> {
        out.clear();
        let loose = matches!(self, Mapper::Dhis2(_) | Mapper::Wide(_));
        if r.len() < width || (!loose && r.len() > width) {
            if r.len() == 1 && r.get(0).is_some_and(|c| c.trim().is_empty()) {
                return Ok(()); // a blank line
            }
            return Err(Problem::row(
                row,
                format!(
                    "{} columns where the header has {width}{}",
                    r.len(),
                    if r.len() < width {
                        " (a cut-off row?)"
                    } else {
                        " (an unquoted comma?)"
                    }
                ),
            ));
        }
        let cell = |i: usize| r.get(i).unwrap_or("");
        let at = |i: usize, msg: String| Problem::at(row, format!("column {}", i + 1), msg);
        match self {
            Mapper::Long(m) => m.map(row, r, style, out),
            Mapper::KidsCount(m) => {
                let item = out.push();
                let location = cell(m.location).trim();
                if let Some(only) = &m.only {
                    if !location.eq_ignore_ascii_case(only.trim()) {
                        item.filtered = true;
                        return Ok(());
                    }
                } else {
                    item.groups.push(("Location".into(), location.to_string()));
                }
                if let Some((i, dim)) = &m.category {
                    let group = cell(*i).trim();
                    if !is_total_label(group) {
                        let dim = labels::dimension_of_label(group).unwrap_or(dim);
                        item.groups.push((dim.to_string(), group.to_string()));
                    }
                }
                let format = cell(m.format).trim();
                let unit = unit_from(format);
                let first = m.first_format.get_or_insert_with(|| format.to_string());
                item.measure = if first.eq_ignore_ascii_case(format) {
                    m.base.clone()
                } else {
                    format!("{} ({})", m.base, format.to_lowercase())
                };
                item.hints.unit = Some(unit.unwrap_or(Unit::Number));
                item.period.push_str(cell(m.timeframe).trim());
                item.period_col = m.timeframe;
                item.value_col = m.data;
                let raw = cell(m.data);
                let value = parse_cell(raw, style).map_err(|e| at(m.data, e))?;
                item.value = Some(match value {
                    Cell::Value(v) if unit == Some(Unit::Percent) && !raw.contains('%') => {
                        Cell::Value(fraction_to_percent(v))
                    }
                    other => other,
                });
                Ok(())
            }
            Mapper::OpenSdg(m) => {
                let item = out.push();
                for (i, dim) in &m.dims {
                    let group = cell(*i).trim();
                    if !group.is_empty() {
                        item.groups.push((dim.clone(), group.to_string()));
                    }
                }
                item.measure = m.base.clone();
                if let Some(u) = m.units {
                    let units = cell(u).trim();
                    let first = m.first_unit.get_or_insert_with(|| units.to_string());
                    if !first.eq_ignore_ascii_case(units) {
                        item.measure = format!("{} ({units})", m.base);
                    }
                    item.hints.unit = unit_from(units);
                    item.hints.rate_per = rate_base(units);
                }
                item.period.push_str(cell(m.year).trim());
                item.period_col = m.year;
                item.value_col = m.value;
                item.value = Some(parse_cell(cell(m.value), style).map_err(|e| at(m.value, e))?);
                Ok(())
            }
            Mapper::ClearImpact(m) => {
                let item = out.push();
                let id = cell(m.id).trim();
                let first = m.first_id.get_or_insert_with(|| id.to_string());
                item.measure = if first == id {
                    m.base.clone()
                } else {
                    format!("{} (id {id})", m.base)
                };
                item.period.push_str(cell(m.date).trim());
                item.period_col = m.date;
                item.value_col = m.actual;
                item.value = Some(parse_cell(cell(m.actual), style).map_err(|e| at(m.actual, e))?);
                if let Some(t) = m.target {
                    item.target = parse_optional(cell(t), style).map_err(|e| at(t, e))?;
                }
                if let Some(c) = m.comment {
                    item.note = non_empty(cell(c));
                }
                Ok(())
            }
            Mapper::Dhis2(m) => {
                let item = out.push();
                let element = cell(0).trim();
                let org_unit = cell(2).trim();
                if let Some(only) = &m.only {
                    if !org_unit.eq_ignore_ascii_case(only.trim()) {
                        item.filtered = true;
                        return Ok(());
                    }
                } else {
                    item.groups.push(("Org unit".into(), org_unit.to_string()));
                }
                for (i, dim) in [(3, "Category option combo"), (4, "Attribute option combo")] {
                    let combo = cell(i).trim();
                    if !(combo.is_empty() || combo == "HllvX50cXC0" || is_total_label(combo)) {
                        item.groups.push((dim.to_string(), combo.to_string()));
                    }
                }
                let first = m.first_element.get_or_insert_with(|| element.to_string());
                item.measure = if first == element {
                    m.base.clone()
                } else {
                    format!("{} ({element})", m.base)
                };
                let (label, spec) = dhis2_period(cell(1)).ok_or_else(|| {
                    at(1, format!("\"{}\" is not a DHIS2 period (2024, 202403, 2024Q1, 2024W5, 2024S1, 2024April, 20240315)", cell(1).trim()))
                })?;
                item.period = label;
                item.hints.calendar = Some(spec);
                item.period_col = 1;
                item.value_col = 5;
                item.value = Some(parse_cell(cell(5), style).map_err(|e| at(5, e))?);
                if let Some(c) = m.comment {
                    item.note = non_empty(cell(c));
                }
                Ok(())
            }
            Mapper::Wide(m) => {
                let period = cell(0).trim();
                let note = m.note.and_then(|n| non_empty(cell(n)));
                for (i, name) in &m.series {
                    let item = out.push();
                    match &m.measure {
                        Some(measure) => {
                            item.measure.push_str(measure);
                            if !is_total_label(name) {
                                item.groups.push((m.dimension.clone(), name.clone()));
                            }
                        }
                        None => item.measure.push_str(name),
                    }
                    item.period.push_str(period);
                    item.period_col = 0;
                    item.value_col = *i;
                    item.value = Some(parse_cell(cell(*i), style).map_err(|e| at(*i, e))?);
                    item.note = note.clone();
                }
                Ok(())
            }
        }
    }
}

fn is_total_label(label: &str) -> bool {
    matches!(
        norm(label).as_str(),
        "allstudents" | "all" | "total" | "overall" | "allraces" | "allpersons" | "totalpopulation"
    )
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// KIDS COUNT data center files.
pub struct KidsCount {
    location: usize,
    category: Option<(usize, String)>,
    timeframe: usize,
    format: usize,
    data: usize,
    only: Option<String>,
    base: String,
    first_format: Option<String>,
}

/// Open SDG data files.
pub struct OpenSdg {
    year: usize,
    value: usize,
    units: Option<usize>,
    dims: Vec<(usize, String)>,
    base: String,
    first_unit: Option<String>,
}

/// Clear Impact's import CSV.
pub struct ClearImpact {
    id: usize,
    date: usize,
    target: Option<usize>,
    actual: usize,
    comment: Option<usize>,
    base: String,
    first_id: Option<String>,
}

/// DHIS2 data value sets (CSV).
pub struct Dhis2 {
    only: Option<String>,
    comment: Option<usize>,
    base: String,
    first_element: Option<String>,
}

/// One row per period, one column per series.
pub struct Wide {
    note: Option<usize>,
    series: Vec<(usize, String)>,
    measure: Option<String>,
    dimension: String,
}

#[cfg(test)]
mod tests;
