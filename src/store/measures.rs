//! Indicators and performance measures.

use super::{initiatives, new_id, require_in_initiative, require_live, validate, Store};
use crate::error::{Error, Result};
use crate::model::{CalendarSpec, Measure, MeasureInput, MeasureKind, MeasureStat, Period, Unit};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// The id of the empty disaggregation: the total.
pub(crate) const TOTAL: &str = "00000000-0000-0000-0000-000000000000";

const COLUMNS: &str =
    "id, initiative_id, kind, result_id, program_id, category, name, definition, \
    unit, rate_per, polarity, calendar, calendar_start_month, baseline_period, data_source, \
    headline, data_development, cumulative, position, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Measure> {
    Ok(Measure {
        id: r.get(0)?,
        initiative_id: r.get(1)?,
        kind: r.get(2)?,
        result_id: r.get(3)?,
        program_id: r.get(4)?,
        category: r.get(5)?,
        name: r.get(6)?,
        definition: r.get(7)?,
        unit: r.get(8)?,
        rate_per: r.get(9)?,
        polarity: r.get(10)?,
        calendar: r.get(11)?,
        calendar_start_month: r.get(12)?,
        baseline_period: r.get(13)?,
        data_source: r.get(14)?,
        headline: r.get(15)?,
        data_development: r.get(16)?,
        cumulative: r.get(17)?,
        position: r.get(18)?,
        created_at: r.get(19)?,
        updated_at: r.get(20)?,
    })
}

/// A measure input that passed every rule, normalised for storage.
struct Checked {
    input: MeasureInput,
}

fn check(conn: &Connection, initiative_id: &str, input: &MeasureInput) -> Result<Checked> {
    let mut m = input.clone();
    m.name = validate::name("name", "measure", &input.name)?;
    m.definition = validate::text("definition", &input.definition)?;
    m.data_source = validate::text("data_source", &input.data_source)?;
    match m.kind {
        MeasureKind::Indicator => {
            let result_id = m
                .result_id
                .clone()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| {
                    Error::invalid("result_id", "Choose the result this indicator quantifies")
                })?;
            require_in_initiative(
                conn,
                "results",
                "result",
                &result_id,
                initiative_id,
                "result_id",
            )?;
            m.program_id = None;
            m.category = None;
        }
        MeasureKind::Performance => {
            let program_id = m
                .program_id
                .clone()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| {
                    Error::invalid("program_id", "Choose the program this measure belongs to")
                })?;
            require_in_initiative(
                conn,
                "programs",
                "program",
                &program_id,
                initiative_id,
                "program_id",
            )?;
            if m.category.is_none() {
                return Err(Error::invalid(
                    "category",
                    "Choose the measure's RBA category: how much, how well, or better off",
                ));
            }
            m.result_id = None;
        }
    }
    if m.unit == Unit::Rate {
        match m.rate_per {
            Some(n) if n.is_finite() && n > 0.0 => {}
            _ => return Err(Error::invalid(
                "rate_per",
                "A rate needs its base, a number above zero (for example 1000 for \"per 1,000\")",
            )),
        }
    } else {
        m.rate_per = None;
    }
    let spec = CalendarSpec::new(m.calendar, m.calendar_start_month)
        .map_err(|e| Error::invalid("calendar_start_month", e.to_string()))?;
    m.calendar_start_month = match m.calendar {
        crate::model::Calendar::SchoolYear | crate::model::Calendar::FiscalYear => {
            Some(spec.start_month)
        }
        _ => None,
    };
    m.baseline_period = match m.baseline_period.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            Period::parse(spec, text)
                .map_err(|e| Error::invalid("baseline_period", e.to_string()))?
                .label(),
        ),
    };
    Ok(Checked { input: m })
}

/// The calendar of a measure, as stored.
pub(crate) fn spec_of(m: &Measure) -> Result<CalendarSpec> {
    CalendarSpec::new(m.calendar, m.calendar_start_month)
        .map_err(|e| Error::Internal(format!("measure {} has a bad calendar: {e}", m.id)))
}

pub(crate) fn insert(
    conn: &Connection,
    now: &str,
    initiative_id: &str,
    input: &MeasureInput,
) -> Result<String> {
    initiatives::require(conn, initiative_id)?;
    let m = check(conn, initiative_id, input)?.input;
    let id = new_id();
    conn.execute(
        "INSERT INTO measures (id, initiative_id, kind, result_id, program_id, category, name,
             definition, unit, rate_per, polarity, calendar, calendar_start_month, baseline_period,
             data_source, headline, data_development, cumulative, position, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 (SELECT coalesce(max(position), 0) + 1 FROM measures WHERE initiative_id = ?2),
                 ?19, ?19)",
        params![
            id,
            initiative_id,
            m.kind,
            m.result_id,
            m.program_id,
            m.category,
            m.name,
            m.definition,
            m.unit,
            m.rate_per,
            m.polarity,
            m.calendar.as_str(),
            m.calendar_start_month,
            m.baseline_period,
            m.data_source,
            m.headline,
            m.data_development,
            m.cumulative,
            now
        ],
    )?;
    Ok(id)
}

pub(crate) fn load(conn: &Connection, id: &str) -> Result<Measure> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM measures WHERE id = ?1 AND deleted_at IS NULL"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "measure",
        id: id.to_string(),
    })
}

/// An initiative's live measures whose result or program is live, in their order.
pub(crate) fn list(conn: &Connection, initiative_id: &str) -> Result<Vec<Measure>> {
    initiatives::require(conn, initiative_id)?;
    let cols = COLUMNS
        .split(", ")
        .map(|c| format!("m.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare(&format!(
        "SELECT {cols} FROM measures m
         LEFT JOIN results r ON r.id = m.result_id
         LEFT JOIN programs p ON p.id = m.program_id
         WHERE m.initiative_id = ?1 AND m.deleted_at IS NULL
           AND r.deleted_at IS NULL AND p.deleted_at IS NULL
         ORDER BY m.position, m.created_at"
    ))?;
    let rows = stmt.query_map([initiative_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// An initiative's live measures whose result or program is live, in their order.
    pub fn list_measures(&self, initiative_id: &str) -> Result<Vec<Measure>> {
        list(&self.conn, initiative_id)
    }

    /// One live measure.
    pub fn get_measure(&self, id: &str) -> Result<Measure> {
        load(&self.conn, id)
    }

    /// Adds an indicator or performance measure.
    pub fn create_measure(&mut self, initiative_id: &str, input: &MeasureInput) -> Result<Measure> {
        let id = insert(&self.conn, &self.now(), initiative_id, input)?;
        self.get_measure(&id)
    }

    /// Edits a measure. Its calendar cannot change once it has values on it (even values in
    /// the trash, which would come back on the old calendar's periods).
    pub fn update_measure(&mut self, id: &str, input: &MeasureInput) -> Result<Measure> {
        require_live(&self.conn, "measures", "measure", id)?;
        let current = load(&self.conn, id)?;
        let m = check(&self.conn, &current.initiative_id, input)?.input;
        let calendar_changed = m.calendar != current.calendar
            || m.calendar_start_month != current.calendar_start_month;
        if calendar_changed {
            let has_values: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM observations WHERE measure_id = ?1)",
                [id],
                |r| r.get(0),
            )?;
            if has_values {
                return Err(Error::invalid(
                    "calendar",
                    "This measure already has values on its calendar, so the calendar can't change; create a new measure instead",
                ));
            }
        }
        self.conn.execute(
            "UPDATE measures SET kind = ?2, result_id = ?3, program_id = ?4, category = ?5,
                 name = ?6, definition = ?7, unit = ?8, rate_per = ?9, polarity = ?10,
                 calendar = ?11, calendar_start_month = ?12, baseline_period = ?13,
                 data_source = ?14, headline = ?15, data_development = ?16, cumulative = ?17,
                 updated_at = ?18
             WHERE id = ?1 AND (kind, result_id, program_id, category, name, definition, unit,
                 rate_per, polarity, calendar, calendar_start_month, baseline_period, data_source,
                 headline, data_development, cumulative)
                 IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                id,
                m.kind,
                m.result_id,
                m.program_id,
                m.category,
                m.name,
                m.definition,
                m.unit,
                m.rate_per,
                m.polarity,
                m.calendar.as_str(),
                m.calendar_start_month,
                m.baseline_period,
                m.data_source,
                m.headline,
                m.data_development,
                m.cumulative,
                self.now()
            ],
        )?;
        self.get_measure(id)
    }

    /// For each live measure of an initiative: how many total actuals it has, and the
    /// latest one.
    pub fn measure_stats(&self, initiative_id: &str) -> Result<Vec<MeasureStat>> {
        initiatives::require(&self.conn, initiative_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT m.id,
                    (SELECT count(*) FROM observations o
                      WHERE o.measure_id = m.id AND o.disaggregation_id = ?2
                        AND o.deleted_at IS NULL AND o.value IS NOT NULL),
                    latest.label, latest.value
             FROM measures m
             LEFT JOIN (
                 SELECT o.measure_id, p.label, o.value,
                        row_number() OVER (PARTITION BY o.measure_id ORDER BY p.start_date DESC) AS rn
                 FROM observations o JOIN periods p ON p.id = o.period_id
                 JOIN measures mm ON mm.id = o.measure_id
                 WHERE mm.initiative_id = ?1 AND o.disaggregation_id = ?2
                   AND o.deleted_at IS NULL AND o.value IS NOT NULL
             ) latest ON latest.measure_id = m.id AND latest.rn = 1
             WHERE m.initiative_id = ?1 AND m.deleted_at IS NULL
             ORDER BY m.position",
        )?;
        let rows = stmt.query_map(params![initiative_id, TOTAL], |r| {
            Ok(MeasureStat {
                measure_id: r.get(0)?,
                value_count: r.get(1)?,
                latest_period: r.get(2)?,
                latest_value: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
