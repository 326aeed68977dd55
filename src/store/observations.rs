//! Observations: values, targets and notes per measure, period and disaggregation, and the
//! data-entry grid.

use super::dimensions::{disaggregation, disaggregation_key, find_disaggregation};
use super::measures::{self, spec_of};
use super::{validate, Store};
use crate::error::{Error, Result};
use crate::model::{
    GridRow, Measure, Observation, ObservationEdit, Period, PeriodInfo, Polarity, SaveReport, Unit,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// The most rows one save may carry (a pasted column of a large spreadsheet).
pub const MAX_EDITS: usize = 10_000;
/// The most rows the grid shows (the latest ones).
pub const MAX_GRID_ROWS: usize = 600;
/// How many empty periods the grid offers after the last value.
pub const GRID_AHEAD: i64 = 3;

const SELECT: &str = "SELECT o.id, o.measure_id, p.label, p.start_date,
        (SELECT coalesce(json_group_array(dg.group_id), '[]') FROM disaggregation_groups dg
          WHERE dg.disaggregation_id = o.disaggregation_id),
        o.value, o.target, o.target_low, o.target_high, o.note, o.margin_of_error, o.suppressed,
        o.source, o.entered_by, o.entered_at, o.updated_at
    FROM observations o JOIN periods p ON p.id = o.period_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Observation> {
    let groups: String = r.get(4)?;
    Ok(Observation {
        id: r.get(0)?,
        measure_id: r.get(1)?,
        period: r.get(2)?,
        period_start: r.get(3)?,
        group_ids: serde_json::from_str(&groups).unwrap_or_default(),
        value: r.get(5)?,
        target: r.get(6)?,
        target_low: r.get(7)?,
        target_high: r.get(8)?,
        note: r.get(9)?,
        margin_of_error: r.get(10)?,
        suppressed: r.get(11)?,
        source: r.get(12)?,
        entered_by: r.get(13)?,
        entered_at: r.get(14)?,
        updated_at: r.get(15)?,
    })
}

/// A value's row id, composed from its cell (migration 9): the last 10 hex digits of the
/// measure's, the disaggregation's and the period's ids, laid out like a UUID
/// (`mmmmmmmm-mmdd-8ddd-8ddd-ddpppppppppp`). Two laptops that enter or import a value for
/// the same cell make the same row, and [`by_id`] finds the cell again from the id. The
/// same expression is in the `observations` view; a test checks that both agree.
pub(crate) fn observation_id(measure_id: &str, disaggregation_id: &str, period_id: &str) -> String {
    let (m, d, p) = (measure_id, disaggregation_id, period_id);
    format!(
        "{}-{}{}-8{}-8{}-{}{}",
        tail(m, 10, 8),
        tail(m, 2, 2),
        tail(d, 10, 2),
        tail(d, 8, 3),
        tail(d, 5, 3),
        tail(d, 2, 2),
        tail(p, 10, 10)
    )
}

/// SQLite's `substr(s, -from_end, len)`: `len` characters starting `from_end` from the
/// right, counting positions before the start as empty.
fn tail(s: &str, from_end: usize, len: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let start = chars.len() as i64 - from_end as i64;
    let end = (start + len as i64).clamp(0, chars.len() as i64) as usize;
    let start = start.clamp(0, chars.len() as i64) as usize;
    chars[start..end].iter().collect()
}

/// `SELECT <what> FROM observations o ... WHERE` [`by_id`]`("o.", "?1")`, built once, for
/// code that keeps its queries as `&'static str`.
pub(crate) fn by_id_static(cell: &'static std::sync::OnceLock<String>, head: &str) -> &'static str {
    cell.get_or_init(|| format!("{head} {}", by_id("o.", "?1")))
}

/// SQL that is true of the `observations` row whose id is the SQL expression `id`
/// (`"?1"`, `"c.target_id"`), its columns read through `alias` (`""` or `"o."`). It finds
/// the row's cell from the parts of the id (migration 9, `obs_keys_tail`): `WHERE id = ?`
/// would compute the id of every value.
pub(crate) fn by_id(alias: &str, id: &str) -> String {
    format!(
        "({alias}measure_id = (SELECT k.id FROM obs_keys k WHERE substr(k.id, -10) = substr({id}, 1, 8) || substr({id}, 10, 2))
          AND {alias}disaggregation_id = (SELECT k.id FROM obs_keys k WHERE substr(k.id, -10) = substr({id}, 12, 2) || substr({id}, 16, 3) || substr({id}, 21, 3) || substr({id}, 25, 2))
          AND {alias}period_id = (SELECT k.id FROM obs_keys k WHERE substr(k.id, -10) = substr({id}, 27, 10))
          AND {alias}id = {id})"
    )
}

/// The stored row of a period, created on first use.
pub(crate) fn period_id(conn: &Connection, now: &str, period: &Period) -> Result<String> {
    let spec = period.spec();
    conn.execute(
        "INSERT INTO periods (id, calendar, start_month, label, start_date, end_date, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
         ON CONFLICT (calendar, start_month, label) DO NOTHING",
        params![
            super::derived_id(&[
                "periods",
                spec.calendar.as_str(),
                &spec.start_month.to_string(),
                &period.label()
            ]),
            spec.calendar.as_str(),
            spec.start_month,
            period.label(),
            period.start().to_string(),
            period.end().to_string(),
            now
        ],
    )?;
    Ok(conn.query_row(
        "SELECT id FROM periods WHERE calendar = ?1 AND start_month = ?2 AND label = ?3",
        params![spec.calendar.as_str(), spec.start_month, period.label()],
        |r| r.get(0),
    )?)
}

/// A period as the UI shows it.
pub(crate) fn period_info(p: &Period) -> PeriodInfo {
    PeriodInfo {
        label: p.label(),
        start: p.start().to_string(),
        end: p.end().to_string(),
    }
}

/// What a row holds after an edit.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Values {
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub target_low: Option<f64>,
    pub target_high: Option<f64>,
    pub note: Option<String>,
    pub suppressed: bool,
}

impl Values {
    fn is_empty(&self) -> bool {
        *self == Values::default()
    }
}

/// Applies one grid edit to what the row held, checking every rule. `label` is the
/// period's label for messages; `row` the 1-based edit number for the field name.
fn apply_edit(
    measure: &Measure,
    label: &str,
    row: usize,
    old: &Values,
    edit: &ObservationEdit,
) -> Result<Values> {
    let cell = |column: &str| format!("row {row} {column}");
    let number = |column: &str, text: &Option<String>, old: Option<f64>| -> Result<Option<f64>> {
        let Some(text) = text else { return Ok(old) };
        let place = format!("{label} {}", column.replace('_', " "));
        let v = validate::number(&place, text)
            .map_err(|e| Error::invalid(cell(column), e.to_string()))?;
        if let Some(v) = v {
            if measure.unit == Unit::Percent && !(0.0..=100.0).contains(&v) {
                return Err(Error::invalid(
                    cell(column),
                    format!("{place}: {v} is not a percentage between 0 and 100"),
                ));
            }
        }
        Ok(v)
    };
    let mut new = Values {
        value: number("value", &edit.value, old.value)?,
        target: number("target", &edit.target, old.target)?,
        target_low: number("target_low", &edit.target_low, old.target_low)?,
        target_high: number("target_high", &edit.target_high, old.target_high)?,
        note: match &edit.note {
            None => old.note.clone(),
            Some(text) => Some(validate::text(&cell("note"), text)?).filter(|t| !t.is_empty()),
        },
        suppressed: edit.suppressed.unwrap_or(old.suppressed),
    };
    let typed_value = edit.value.as_deref().is_some_and(|t| !t.trim().is_empty());
    match edit.suppressed {
        Some(true) if typed_value => {
            return Err(Error::invalid(
                cell("value"),
                format!(
                "{label}: a suppressed value has no number; clear the value or untick suppressed"
            ),
            ))
        }
        // Marking a value suppressed replaces the number the source withheld.
        Some(true) => new.value = None,
        // Typing a number into a suppressed cell un-suppresses it.
        None if typed_value => new.suppressed = false,
        _ => {}
    }
    if let (Some(low), Some(high)) = (new.target_low, new.target_high) {
        if low > high {
            return Err(Error::invalid(
                cell("target_low"),
                format!(
                    "{label}: the target range's low bound {low} is above its high bound {high}"
                ),
            ));
        }
    }
    if measure.polarity != Polarity::Range {
        new.target_low = None;
        new.target_high = None;
    }
    Ok(new)
}

impl Store {
    /// Every live observation of a measure (all disaggregations), by period then groups.
    pub fn list_observations(&self, measure_id: &str) -> Result<Vec<Observation>> {
        measures::load(&self.conn, measure_id)?;
        let mut stmt = self.conn.prepare(&format!(
            "{SELECT} WHERE o.measure_id = ?1 AND o.deleted_at IS NULL
             ORDER BY p.start_date, o.disaggregation_id"
        ))?;
        let rows = stmt.query_map([measure_id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The data-entry grid of a measure for one disaggregation: every period from the first
    /// stored row to [`GRID_AHEAD`] periods past the last, each with its observation; or the
    /// recent periods when there is none yet.
    pub fn measure_grid(&self, measure_id: &str, group_ids: &[String]) -> Result<Vec<GridRow>> {
        let measure = measures::load(&self.conn, measure_id)?;
        let spec = spec_of(&measure)?;
        // Reading never writes: a disaggregation never stored has no values yet.
        let key = disaggregation_key(&self.conn, &measure.initiative_id, group_ids)?;
        let disagg = find_disaggregation(&self.conn, &key)?.unwrap_or_default();
        let mut stmt = self.conn.prepare(&format!(
            "{SELECT} WHERE o.measure_id = ?1 AND o.disaggregation_id = ?2 AND o.deleted_at IS NULL
             ORDER BY p.start_date"
        ))?;
        let observations: Vec<Observation> = stmt
            .query_map(params![measure_id, disagg], from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let parsed: Vec<(Period, Observation)> = observations
            .into_iter()
            .filter_map(|o| Period::parse(spec, &o.period).ok().map(|p| (p, o)))
            .collect();
        let (first, last) = match (parsed.first(), parsed.last()) {
            (Some((first, _)), Some((last, _))) => (*first, last.step(GRID_AHEAD)),
            _ => match Period::containing(spec, self.today()) {
                Some(now) => (now.step(-4), now.step(1)),
                None => return Ok(Vec::new()),
            },
        };
        let mut periods = Vec::new();
        let mut p = last;
        while p >= first && periods.len() < MAX_GRID_ROWS {
            periods.push(p);
            p = p.prev();
        }
        periods.reverse();
        Ok(periods
            .into_iter()
            .map(|period| GridRow {
                observation: parsed
                    .iter()
                    .find(|(q, _)| *q == period)
                    .map(|(_, o)| o.clone()),
                period: period_info(&period),
            })
            .collect())
    }

    /// The `count` periods after `period` on a measure's calendar.
    pub fn periods_after(
        &self,
        measure_id: &str,
        period: &str,
        count: u32,
    ) -> Result<Vec<PeriodInfo>> {
        let measure = measures::load(&self.conn, measure_id)?;
        let p = Period::parse(spec_of(&measure)?, period)
            .map_err(|e| Error::invalid("period", e.to_string()))?;
        if count > MAX_EDITS as u32 {
            return Err(Error::invalid(
                "count",
                format!("Ask for at most {MAX_EDITS} periods"),
            ));
        }
        Ok((1..=i64::from(count))
            .map(|n| period_info(&p.step(n)))
            .collect())
    }

    /// Saves grid edits in one transaction: either every row is valid and saved, or the
    /// first bad cell is reported (period and column) and nothing changes.
    pub fn save_observations(
        &mut self,
        measure_id: &str,
        edits: &[ObservationEdit],
    ) -> Result<SaveReport> {
        if edits.len() > MAX_EDITS {
            return Err(Error::invalid_input(format!(
                "{} rows at once is more than the {MAX_EDITS} a save can take; split the paste",
                edits.len()
            )));
        }
        let measure = measures::load(&self.conn, measure_id)?;
        let spec = spec_of(&measure)?;
        let now = self.now();
        let user = self.user.clone();
        let tx = self.conn.transaction()?;
        let mut saved = 0;
        for (index, edit) in edits.iter().enumerate() {
            let row = index + 1;
            let period = Period::parse(spec, &edit.period)
                .map_err(|e| Error::invalid(format!("row {row} period"), e.to_string()))?;
            let label = period.label();
            let pid = period_id(&tx, &now, &period)?;
            let did = disaggregation(&tx, &now, &measure.initiative_id, &edit.group_ids).map_err(
                |e| Error::invalid(format!("row {row} group_ids"), format!("{label}: {e}")),
            )?;
            let existing: Option<(String, bool, Values)> = tx
                .query_row(
                    "SELECT id, deleted_at IS NOT NULL, value, target, target_low, target_high, note, suppressed
                     FROM observations WHERE measure_id = ?1 AND disaggregation_id = ?2 AND period_id = ?3",
                    params![measure_id, did, pid],
                    |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            Values {
                                value: r.get(2)?,
                                target: r.get(3)?,
                                target_low: r.get(4)?,
                                target_high: r.get(5)?,
                                note: r.get(6)?,
                                suppressed: r.get(7)?,
                            },
                        ))
                    },
                )
                .optional()?;
            let old = match &existing {
                Some((_, false, values)) => values.clone(),
                _ => Values::default(),
            };
            let new = apply_edit(&measure, &label, row, &old, edit)?;
            if new == old {
                continue;
            }
            saved += 1;
            let value_changed = new.value != old.value || new.suppressed != old.suppressed;
            match existing {
                Some((id, _, _)) if new.is_empty() => {
                    tx.execute(
                        &format!(
                            "UPDATE observations SET deleted_at = ?2, updated_at = ?2 WHERE {}",
                            by_id("", "?1")
                        ),
                        params![id, now],
                    )?;
                }
                Some((id, _, _)) => {
                    tx.execute(
                        &format!(
                            "UPDATE observations SET value = ?2, target = ?3, target_low = ?4,
                                 target_high = ?5, note = ?6, suppressed = ?7, deleted_at = NULL,
                                 entered_by = CASE WHEN ?8 THEN ?9 ELSE entered_by END,
                                 entered_at = CASE WHEN ?8 THEN ?10 ELSE entered_at END,
                                 updated_at = ?10
                             WHERE {}",
                            by_id("", "?1")
                        ),
                        params![
                            id,
                            new.value,
                            new.target,
                            new.target_low,
                            new.target_high,
                            new.note,
                            new.suppressed,
                            value_changed,
                            user,
                            now
                        ],
                    )?;
                }
                None => {
                    tx.execute(
                        "INSERT INTO observations (id, measure_id, period_id, disaggregation_id, value,
                             target, target_low, target_high, note, suppressed, entered_by, entered_at,
                             created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?12)",
                        params![
                            observation_id(measure_id, &did, &pid),
                            measure_id,
                            pid,
                            did,
                            new.value,
                            new.target,
                            new.target_low,
                            new.target_high,
                            new.note,
                            new.suppressed,
                            user,
                            now
                        ],
                    )?;
                }
            }
        }
        tx.commit()?;
        let group_ids = edits
            .first()
            .map(|e| e.group_ids.clone())
            .unwrap_or_default();
        Ok(SaveReport {
            saved,
            rows: self.measure_grid(measure_id, &group_ids)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_and_rust_compose_the_same_id_and_by_id_finds_the_value() {
        let mut s = Store::open_in_memory(super::super::system_clock()).unwrap();
        s.load_sample().unwrap();
        let ids: Vec<(String, String, String, String)> = s
            .conn
            .prepare("SELECT id, measure_id, disaggregation_id, period_id FROM observations")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(ids.len() > 100);
        for (id, m, d, p) in &ids {
            assert_eq!(id, &observation_id(m, d, p));
            let found: String = s
                .conn
                .query_row(
                    &format!(
                        "SELECT measure_id FROM observations WHERE {}",
                        by_id("", "?1")
                    ),
                    [id],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(&found, m);
        }
        // Short ids (not UUIDs) compose as SQLite's substr does.
        assert_eq!(tail("abc", 10, 8), "a");
        assert_eq!(tail("abc", 10, 10), "abc");
        assert_eq!(tail("abcdefghijk", 10, 8), "bcdefghi");
    }
}
