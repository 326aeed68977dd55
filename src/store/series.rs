//! Reading an initiative's total series for the scorecard, and manual forecast values.
//!
//! [`Store::scorecard`] reads everything with seven plain queries (the initiative, its
//! results, programs and measures, every period, the total values and the manual forecasts),
//! groups the rows in memory and hands them to [`crate::scorecard::build`]; no window
//! functions (they were ten times slower), no join per value, no query per measure. The
//! figures themselves are computed in `scorecard`, never here.
//!
//! What made it fast (benches/scorecard.rs: 1,000 measures × 20 periods × 7
//! disaggregations went from 60 ms to under 20 ms):
//! - the total values are one sequential read of the partial covering index
//!   `observations_total_series` (migration 0002), which holds only the live totals: every
//!   initiative's, so a file with several initiatives reads the others' totals too and
//!   drops them (one pass over small index rows beats a seek per measure);
//! - ids are compared as bytes, grouped with a cheap hash, and a row of the same measure
//!   as the one before skips the lookup; periods are parsed once each, not once per value;
//! - `scorecard` formats each period's label once per card ([`crate::scorecard::figures::Labels`])
//!   and sorts points by [`Period::index`] instead of by date.

use super::measures::{self, spec_of};
use super::observations::{period_id, period_info};
use super::Store;
use crate::error::{Error, Result};
use crate::model::{Calendar, CalendarSpec, Measure, Period, Unit};
use crate::scorecard::compare::FnvBuild;
use crate::scorecard::{self, CardInput, ManualForecast, MeasureInfo, Owner, Point, Scorecard};
use rusqlite::types::{Type, ValueRef};
use rusqlite::{params, Connection, Row};
use std::collections::HashMap;

/// The live results or programs of an initiative, in display order.
fn owners(conn: &Connection, table: &str, initiative_id: &str) -> Result<Vec<Owner>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, name FROM {table} WHERE initiative_id = ?1 AND deleted_at IS NULL
         ORDER BY position, created_at"
    ))?;
    let rows = stmt.query_map([initiative_id], |r| {
        Ok(Owner {
            id: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The live measures of an initiative, in their order. Those whose result or program is in
/// the trash are left out later, by `scorecard::build` (which only knows the live ones).
fn measure_infos(conn: &Connection, initiative_id: &str) -> Result<Vec<MeasureInfo>> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, name, result_id, program_id, category, unit, rate_per, polarity,
                calendar, calendar_start_month, baseline_period, headline, data_development
         FROM measures WHERE initiative_id = ?1 AND deleted_at IS NULL
         ORDER BY position, created_at",
    )?;
    let rows = stmt.query_map([initiative_id], |r| {
        let calendar: Calendar = r.get(9)?;
        let start_month: Option<u8> = r.get(10)?;
        Ok(MeasureInfo {
            id: r.get(0)?,
            kind: r.get(1)?,
            name: r.get(2)?,
            result_id: r.get(3)?,
            program_id: r.get(4)?,
            category: r.get(5)?,
            unit: r.get(6)?,
            rate_per: r.get(7)?,
            polarity: r.get(8)?,
            spec: CalendarSpec::new(calendar, start_month).unwrap_or(calendar.into()),
            baseline_period: r.get(11)?,
            headline: r.get(12)?,
            data_development: r.get(13)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every live period, parsed once, by id.
pub(crate) fn periods(conn: &Connection) -> Result<HashMap<Vec<u8>, Period, FnvBuild>> {
    let mut stmt = conn
        .prepare("SELECT id, calendar, start_month, label FROM periods WHERE deleted_at IS NULL")?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::default();
    while let Some(r) = rows.next()? {
        let calendar: Calendar = r.get(1)?;
        let start_month: u8 = r.get(2)?;
        let Ok(spec) = CalendarSpec::new(calendar, Some(start_month)) else {
            continue;
        };
        if let Ok(period) = Period::parse(spec, r.get_ref(3)?.as_str().unwrap_or_default()) {
            out.insert(text(r, 0)?.to_vec(), period);
        }
    }
    Ok(out)
}

/// A text column's bytes, borrowed (ids are compared, never shown: no UTF-8 check).
pub(crate) fn text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r [u8]> {
    r.get_ref(i)?
        .as_bytes()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

/// A number column (`REAL`, stored as an integer when it has no fraction), or `None`.
pub(crate) fn real(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<f64>> {
    Ok(match r.get_ref(i)? {
        ValueRef::Real(v) => Some(v),
        ValueRef::Integer(v) => Some(v as f64),
        _ => None,
    })
}

/// The total series of an initiative's measures, filled row by row.
struct Series<'a> {
    infos: &'a [MeasureInfo],
    slot: HashMap<&'a [u8], usize, FnvBuild>,
    periods: &'a HashMap<Vec<u8>, Period, FnvBuild>,
    /// One list of points per measure, in `infos` order.
    points: Vec<Vec<Point>>,
    /// The measure of the previous row: rows come grouped by measure, so most rows skip
    /// the lookup.
    last: Option<(Vec<u8>, usize)>,
}

impl<'a> Series<'a> {
    fn new(
        infos: &'a [MeasureInfo],
        periods: &'a HashMap<Vec<u8>, Period, FnvBuild>,
    ) -> Series<'a> {
        Series {
            infos,
            slot: infos
                .iter()
                .enumerate()
                .map(|(i, m)| (m.id.as_bytes(), i))
                .collect(),
            periods,
            points: vec![Vec::new(); infos.len()],
            last: None,
        }
    }

    /// The point of `measure` (an id) for `period` (a period row id): a new one when
    /// `fresh` (the rows of one query are unique per measure and period), else the one
    /// already there if any. `None` for an unknown measure or period, or a period of
    /// another calendar than the measure's (its calendar is fixed once it has values: skip
    /// rather than mix x axes).
    fn point(&mut self, measure: &[u8], period: &[u8], fresh: bool) -> Option<&mut Point> {
        let i = match &self.last {
            Some((id, i)) if id == measure => *i,
            _ => {
                let i = *self.slot.get(measure)?;
                self.last = Some((measure.to_vec(), i));
                i
            }
        };
        let p = *self.periods.get(period)?;
        if p.spec() != self.infos[i].spec {
            return None;
        }
        let list = &mut self.points[i];
        match list.iter().position(|q| q.period == p).filter(|_| !fresh) {
            Some(at) => list.get_mut(at),
            None => {
                list.push(Point::new(p));
                list.last_mut()
            }
        }
    }
}

/// The live totals of measures, with a condition on the measures `me` to add.
const TOTALS_SQL: &str = "SELECT o.measure_id, o.period_id, o.value, o.target, o.target_low, o.target_high
     FROM measures me JOIN observations o ON o.measure_id = me.id
            AND o.disaggregation_id = '00000000-0000-0000-0000-000000000000' AND o.deleted_at IS NULL";

impl Store {
    /// The scorecard of an initiative, as of a period label or date (`None`: now, with
    /// every value). See [`crate::scorecard`] for the figures and `scorecard::as_of` for
    /// how the as-of text is read.
    pub fn scorecard(&self, initiative_id: &str, as_of: Option<&str>) -> Result<Scorecard> {
        let initiative = self.get_initiative(initiative_id)?;
        let results = owners(&self.conn, "results", initiative_id)?;
        let programs = owners(&self.conn, "programs", initiative_id)?;
        let infos = measure_infos(&self.conn, initiative_id)?;
        let periods = periods(&self.conn)?;
        let mut series = Series::new(&infos, &periods);

        // Every live total of the initiative's measures, measure by measure: each measure's
        // totals are one range of `observation_values` (its key is measure, disaggregation,
        // period: migration 9), read in one pass over contiguous pages. The total's id is
        // written into the text so that the planner looks its number up once. Rows of
        // trashed measures find no slot and are dropped.
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{TOTALS_SQL} WHERE me.initiative_id = ?1"))?;
        let mut rows = stmt.query([initiative_id])?;
        while let Some(r) = rows.next()? {
            if let Some(p) = series.point(text(r, 0)?, text(r, 1)?, true) {
                p.actual = real(r, 2)?;
                p.target = real(r, 3)?;
                p.target_low = real(r, 4)?;
                p.target_high = real(r, 5)?;
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.measure_id, f.period_id, f.value
             FROM measures m JOIN forecasts f ON f.measure_id = m.id
             WHERE m.initiative_id = ?1 AND m.deleted_at IS NULL AND f.deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([initiative_id])?;
        while let Some(r) = rows.next()? {
            if let Some(p) = series.point(text(r, 0)?, text(r, 1)?, false) {
                p.forecast = real(r, 2)?;
            }
        }

        let points = series.points;
        let measures = infos.into_iter().zip(points).collect();
        scorecard::build(CardInput {
            initiative,
            results,
            programs,
            measures,
            as_of: as_of.map(str::to_string),
            today: self.today(),
            stories_updated: super::worksheets::stories_updated(&self.conn, initiative_id)?,
        })
    }

    /// Sets (or with `None` clears) the manual forecast of a measure's total series for a
    /// period; the scorecard uses it for the period after the latest actual instead of the
    /// fitted line. Percentages must lie in 0-100.
    pub fn set_forecast(
        &mut self,
        measure_id: &str,
        period: &str,
        value: Option<f64>,
    ) -> Result<()> {
        let measure = measures::load(&self.conn, measure_id)?;
        let p = Period::parse(spec_of(&measure)?, period)
            .map_err(|e| Error::invalid("period", e.to_string()))?;
        check_forecast(&measure, &p, value)?;
        let now = self.now();
        let user = self.user.clone();
        let tx = self.conn.transaction()?;
        let pid = period_id(&tx, &now, &p)?;
        match value {
            Some(v) => tx.execute(
                "INSERT INTO forecasts (id, measure_id, period_id, value, entered_by, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                 ON CONFLICT (measure_id, period_id) DO UPDATE SET value = excluded.value,
                     entered_by = excluded.entered_by, updated_at = excluded.updated_at,
                     deleted_at = NULL
                 WHERE (forecasts.value, forecasts.deleted_at) IS NOT (excluded.value, NULL)",
                params![
                    super::derived_id(&["forecasts", measure_id, &pid]),
                    measure_id,
                    pid,
                    v,
                    user,
                    now
                ],
            )?,
            None => tx.execute(
                "UPDATE forecasts SET deleted_at = ?3, updated_at = ?3
                 WHERE measure_id = ?1 AND period_id = ?2 AND deleted_at IS NULL",
                params![measure_id, pid, now],
            )?,
        };
        tx.commit()?;
        Ok(())
    }

    /// The manual forecast values of a measure, by period.
    pub fn list_forecasts(&self, measure_id: &str) -> Result<Vec<ManualForecast>> {
        let measure = measures::load(&self.conn, measure_id)?;
        let spec = spec_of(&measure)?;
        let mut stmt = self.conn.prepare(
            "SELECT p.label, f.value FROM forecasts f JOIN periods p ON p.id = f.period_id
             WHERE f.measure_id = ?1 AND f.deleted_at IS NULL ORDER BY p.start_date",
        )?;
        let rows = stmt.query_map([measure_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (label, value) = row?;
            if let Ok(p) = Period::parse(spec, &label) {
                out.push(ManualForecast {
                    period: period_info(&p),
                    value,
                });
            }
        }
        Ok(out)
    }

    /// `SELECT count(*) FROM observations`: every stored row, in the trash or not (the
    /// benchmark's yardstick).
    pub fn count_observations(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM observations")?
            .query_row([], |r| r.get(0))?)
    }
}

/// A forecast must be a finite number, and a percentage one lie in 0-100.
fn check_forecast(measure: &Measure, period: &Period, value: Option<f64>) -> Result<()> {
    match value {
        Some(v) if !v.is_finite() => Err(Error::invalid(
            "value",
            format!("{period}: a forecast must be a number"),
        )),
        Some(v) if measure.unit == Unit::Percent && !(0.0..=100.0).contains(&v) => {
            Err(Error::invalid(
                "value",
                format!("{period}: {v} is not a percentage between 0 and 100"),
            ))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        EntityKind, InitiativeInput, MeasureInput, MeasureKind, ObservationEdit, Polarity,
        ResultInput, SectoralHome,
    };
    use crate::scorecard::Status;
    use chrono::{TimeZone, Utc};
    use std::sync::Arc;

    fn store() -> Store {
        let clock = Arc::new(|| Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap());
        Store::open_in_memory(clock).unwrap()
    }

    /// An initiative with a result and a yearly indicator per name; returns their ids.
    fn initiative(
        store: &mut Store,
        name: &str,
        measures: &[&str],
    ) -> (String, String, Vec<String>) {
        let input = InitiativeInput {
            name: name.into(),
            shared_result: String::new(),
            geography: String::new(),
            sectoral_home: SectoralHome::Public,
            backbone_org: String::new(),
            equity_statement: String::new(),
        };
        let initiative = store.create_initiative(&input).unwrap().id;
        let result = ResultInput {
            name: "Children thrive".into(),
            description: String::new(),
        };
        let result = store.create_result(&initiative, &result).unwrap().id;
        let ids = measures
            .iter()
            .map(|name| {
                let input = MeasureInput {
                    kind: MeasureKind::Indicator,
                    result_id: Some(result.clone()),
                    program_id: None,
                    category: None,
                    name: name.to_string(),
                    definition: String::new(),
                    unit: Unit::Number,
                    rate_per: None,
                    polarity: Polarity::Higher,
                    calendar: Calendar::Year,
                    calendar_start_month: None,
                    baseline_period: None,
                    data_source: String::new(),
                    headline: false,
                    data_development: false,
                    cumulative: false,
                };
                store.create_measure(&initiative, &input).unwrap().id
            })
            .collect();
        (initiative, result, ids)
    }

    fn edit(period: &str, value: &str, group_ids: &[String]) -> ObservationEdit {
        ObservationEdit {
            period: period.into(),
            group_ids: group_ids.to_vec(),
            value: Some(value.into()),
            ..ObservationEdit::default()
        }
    }

    #[test]
    fn only_live_totals_of_the_initiatives_live_measures_count() {
        let mut s = store();
        let (id, result, m) = initiative(&mut s, "First", &["Kept", "Trashed", "Groups only"]);
        let (_, _, other) = initiative(&mut s, "Second", &["Elsewhere"]);
        let dimension = s.create_dimension(&id, "Race", "race_ethnicity").unwrap();
        let group = s.create_group(&dimension.id, "Group A").unwrap().id;
        s.save_observations(&m[0], &[edit("2023", "1", &[]), edit("2024", "2", &[])])
            .unwrap();
        s.save_observations(&m[1], &[edit("2024", "5", &[])])
            .unwrap();
        s.save_observations(&m[2], &[edit("2024", "7", &[group])])
            .unwrap();
        s.save_observations(&other[0], &[edit("2024", "9", &[])])
            .unwrap();
        s.delete_item(EntityKind::Measure, &m[1]).unwrap();
        let card = s.scorecard(&id, None).unwrap();
        let names: Vec<&str> = card.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["Kept", "Groups only"],
            "trashed and other measures are left out"
        );
        assert_eq!(card.rows[0].figures.actual, Some(2.0));
        assert_eq!(card.rows[0].figures.prior_actual, Some(1.0));
        assert_eq!(
            card.rows[1].figures.status,
            Status::NoData,
            "a group's value is not a total"
        );
        // A value moved to the trash is no longer the latest.
        let clear = ObservationEdit {
            period: "2024".into(),
            value: Some(String::new()),
            ..ObservationEdit::default()
        };
        s.save_observations(&m[0], &[clear]).unwrap();
        assert_eq!(
            s.scorecard(&id, None).unwrap().rows[0].figures.actual,
            Some(1.0)
        );
        // A result in the trash takes its indicators off the card.
        s.delete_item(EntityKind::Result, &result).unwrap();
        assert!(s.scorecard(&id, None).unwrap().rows.is_empty());
        assert_eq!(
            s.count_observations().unwrap(),
            5,
            "count(*) counts every stored row"
        );
    }

    #[test]
    fn the_totals_are_read_as_one_range_per_measure() {
        let s = store();
        assert_eq!(
            crate::store::measures::TOTAL,
            "00000000-0000-0000-0000-000000000000",
            "TOTALS_SQL spells it"
        );
        let plan: Vec<String> = s
            .conn
            .prepare(&format!(
                "EXPLAIN QUERY PLAN {TOTALS_SQL} WHERE me.initiative_id = ?1"
            ))
            .unwrap()
            .query_map(["x"], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|l| l.contains("SEARCH v USING PRIMARY KEY (m=? AND d=?)")),
            "each measure's totals are one range of the values' key: {plan:?}"
        );
        assert!(
            !plan.iter().any(|l| l.starts_with("SCAN")),
            "nothing is read whole: {plan:?}"
        );
    }

    #[test]
    fn manual_forecasts_are_logged_and_checked() {
        let mut s = store();
        let (_, _, m) = initiative(&mut s, "First", &["Count"]);
        let log = |s: &Store| -> Vec<String> {
            s.conn
                .prepare("SELECT op FROM change_log WHERE table_name = 'forecasts' ORDER BY seq")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        s.set_forecast(&m[0], "2025", Some(10.0)).unwrap();
        s.set_forecast(&m[0], "2025", Some(10.0)).unwrap();
        s.set_forecast(&m[0], "2025", None).unwrap();
        s.set_forecast(&m[0], "2025", Some(12.0)).unwrap();
        assert_eq!(
            log(&s),
            ["insert", "delete", "restore"],
            "an unchanged value logs nothing"
        );
        let forecasts = s.list_forecasts(&m[0]).unwrap();
        assert_eq!(
            (forecasts[0].period.label.as_str(), forecasts[0].value),
            ("2025", 12.0)
        );
        let err = s.set_forecast(&m[0], "2025Q1", Some(1.0)).unwrap_err();
        assert!(err.to_string().contains("is not a year"), "{err}");
        assert!(s.set_forecast(&m[0], "2025", Some(f64::NAN)).is_err());
        assert!(s
            .set_forecast("no such measure", "2025", Some(1.0))
            .is_err());
    }
}
