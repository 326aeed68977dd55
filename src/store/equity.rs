//! Reading disaggregated values for the equity lens. The figures are computed in
//! [`crate::equity`], never here.
//!
//! A group's values are the observations whose disaggregation is that group alone (key
//! without a comma). The initiative's summary reads them with three plain queries (the
//! single-group disaggregations, every period, the non-total values), grouped in memory,
//! like the scorecard (`series.rs`); ids are compared as bytes.

use super::measures::{self, spec_of, TOTAL};
use super::series::{periods, real, text};
use super::Store;
use crate::equity::{
    self, Cell, DimensionData, EquityFigures, EquitySummary, GapSeriesSet, GroupData,
    MeasureDimension,
};
use crate::error::{Error, Result};
use crate::model::{Dimension, Measure, Period};
use crate::scorecard::compare::FnvBuild;
use crate::scorecard::RollupScope;
use rusqlite::params;
use std::collections::HashMap;

/// One value of one group: (dimension index, group index, period, cell).
type Raw = (usize, usize, Period, Cell);

/// Where each live group is: group id → (dimension index, group index).
fn group_slots(dims: &[Dimension]) -> HashMap<Vec<u8>, (usize, usize), FnvBuild> {
    let mut out = HashMap::default();
    for (d, dim) in dims.iter().enumerate() {
        for (g, group) in dim.groups.iter().enumerate() {
            out.insert(group.id.as_bytes().to_vec(), (d, g));
        }
    }
    out
}

/// A measure's values of one dimension, as the figures take them.
fn build(m: &Measure, dim: &Dimension, raws: &[(usize, Period, Cell)]) -> DimensionData {
    // The periods of one measure share its calendar, so first and last day order them
    // (comparing `Period`s themselves formats labels when the days tie: far slower).
    let key = |p: &Period| (p.start(), p.end());
    let mut periods: Vec<((chrono::NaiveDate, chrono::NaiveDate), Period)> =
        raws.iter().map(|r| (key(&r.1), r.1)).collect();
    periods.sort_unstable_by_key(|p| p.0);
    periods.dedup_by_key(|p| p.0);
    let mut used = vec![false; dim.groups.len()];
    for r in raws {
        used[r.0] = true;
    }
    let mut cells = vec![Vec::new(); dim.groups.len()];
    for (g, list) in cells.iter_mut().enumerate() {
        if used[g] {
            *list = vec![Cell::default(); periods.len()];
        }
    }
    for (g, p, c) in raws {
        if let Ok(k) = periods.binary_search_by_key(&key(p), |q| q.0) {
            cells[*g][k] = *c;
        }
    }
    let periods: Vec<Period> = periods.into_iter().map(|p| p.1).collect();
    let spec = spec_of(m).ok();
    DimensionData {
        measure_id: m.id.clone(),
        measure: m.name.clone(),
        unit: m.unit,
        rate_per: m.rate_per,
        polarity: m.polarity,
        dimension_id: dim.id.clone(),
        dimension: dim.name.clone(),
        periods,
        baseline_period: spec.and_then(|s| {
            m.baseline_period
                .as_deref()
                .and_then(|b| Period::parse(s, b).ok())
        }),
        groups: dim
            .groups
            .iter()
            .zip(cells)
            .enumerate()
            .filter(|(g, _)| used[*g])
            .map(|(_, (group, cells))| GroupData {
                id: group.id.clone(),
                name: group.name.clone(),
                is_reference: group.is_reference,
                cells,
            })
            .collect(),
    }
}

impl Store {
    /// A measure's values by group, per dimension (in the dimensions' order; only
    /// dimensions with values).
    fn measure_equity_data(&self, measure_id: &str) -> Result<(Measure, Vec<DimensionData>)> {
        let m = measures::load(&self.conn, measure_id)?;
        let spec = spec_of(&m)?;
        let dims = self.list_dimensions(&m.initiative_id)?;
        let slots = group_slots(&dims);
        let all_periods = periods(&self.conn)?;
        let mut stmt = self.conn.prepare(
            "SELECT dg.group_id, o.period_id, o.value, o.suppressed, o.margin_of_error
             FROM observations o
             JOIN disaggregations d ON d.id = o.disaggregation_id
             JOIN disaggregation_groups dg ON dg.disaggregation_id = d.id
             WHERE o.measure_id = ?1 AND o.deleted_at IS NULL AND o.disaggregation_id <> ?2
               AND instr(d.key, ',') = 0",
        )?;
        let mut rows = stmt.query(params![measure_id, TOTAL])?;
        let mut per_dim: Vec<Vec<(usize, Period, Cell)>> = vec![Vec::new(); dims.len()];
        while let Some(r) = rows.next()? {
            let Some(&(d, g)) = slots.get(text(r, 0)?) else {
                continue;
            };
            let Some(&p) = all_periods.get(text(r, 1)?) else {
                continue;
            };
            if p.spec() != spec {
                continue;
            }
            per_dim[d].push((
                g,
                p,
                Cell {
                    value: real(r, 2)?,
                    suppressed: r.get(3)?,
                    margin_of_error: real(r, 4)?,
                },
            ));
        }
        let data = dims
            .iter()
            .zip(per_dim)
            .filter(|(_, raws)| !raws.is_empty())
            .map(|(dim, raws)| build(&m, dim, &raws))
            .collect();
        Ok((m, data))
    }

    /// The dimensions a measure has values for, with how many groups have values.
    pub fn measure_dimensions(&self, measure_id: &str) -> Result<Vec<MeasureDimension>> {
        let (_, data) = self.measure_equity_data(measure_id)?;
        Ok(data
            .into_iter()
            .map(|d| MeasureDimension {
                id: d.dimension_id,
                name: d.dimension,
                groups: d.groups.len() as u32,
            })
            .collect())
    }

    /// A measure's values for one dimension (`None`: its first dimension with values).
    pub fn dimension_data(
        &self,
        measure_id: &str,
        dimension: Option<&str>,
    ) -> Result<DimensionData> {
        let (m, data) = self.measure_equity_data(measure_id)?;
        let names = || {
            data.iter()
                .map(|d| format!("\"{}\"", d.dimension))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match dimension.map(str::trim) {
            None => data.into_iter().next().ok_or_else(|| {
                Error::invalid(
                    "dimension",
                    format!(
                        "\"{}\" has no values by group: import or enter disaggregated data first",
                        m.name
                    ),
                )
            }),
            Some(key) => {
                let found = data
                    .iter()
                    .position(|d| d.dimension_id == key || d.dimension.eq_ignore_ascii_case(key));
                match found {
                    Some(i) => Ok(data.into_iter().nth(i).expect("found above")),
                    None if data.is_empty() => Err(Error::invalid(
                        "dimension",
                        format!("\"{}\" has no values by group", m.name),
                    )),
                    None => Err(Error::invalid(
                        "dimension",
                        format!(
                            "\"{}\" has no values by \"{key}\"; it has values by {}",
                            m.name,
                            names()
                        ),
                    )),
                }
            }
        }
    }

    /// The equity figures of a measure for a dimension (id or name; `None`: its first with
    /// values) and a period (a label on the measure's calendar; `None`: the latest with
    /// data).
    pub fn equity(
        &self,
        measure_id: &str,
        dimension: Option<&str>,
        period: Option<&str>,
    ) -> Result<EquityFigures> {
        let data = self.dimension_data(measure_id, dimension)?;
        let label = match period.map(str::trim).filter(|p| !p.is_empty()) {
            None => None,
            Some(text) => {
                let m = measures::load(&self.conn, measure_id)?;
                let p = Period::parse(spec_of(&m)?, text)
                    .map_err(|e| Error::invalid("period", e.to_string()))?;
                Some(p.label())
            }
        };
        Ok(equity::at(&data, label.as_deref()))
    }

    /// The gap series of a measure for a dimension (see [`Store::equity`]).
    pub fn gap_series(&self, measure_id: &str, dimension: Option<&str>) -> Result<GapSeriesSet> {
        Ok(equity::gap_series(
            &self.dimension_data(measure_id, dimension)?,
        ))
    }

    /// Every measure of an initiative with values for two groups of a dimension, and the
    /// share of gaps closing per result, program and for the initiative.
    pub fn equity_summary(&self, initiative_id: &str) -> Result<EquitySummary> {
        let initiative = self.get_initiative(initiative_id)?;
        let measures = self.list_measures(initiative_id)?;
        let dims = self.list_dimensions(initiative_id)?;
        let slots = group_slots(&dims);
        let all_periods = periods(&self.conn)?;
        let mut single: HashMap<Vec<u8>, (usize, usize), FnvBuild> = HashMap::default();
        {
            let mut stmt = self.conn.prepare(
                "SELECT d.id, dg.group_id FROM disaggregations d
                 JOIN disaggregation_groups dg ON dg.disaggregation_id = d.id
                 WHERE d.key <> '' AND instr(d.key, ',') = 0",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                if let Some(slot) = slots.get(text(r, 1)?) {
                    single.insert(text(r, 0)?.to_vec(), *slot);
                }
            }
        }
        let by_id: HashMap<&[u8], usize, FnvBuild> = measures
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.as_bytes(), i))
            .collect();
        let specs: Vec<_> = measures.iter().map(|m| spec_of(m).ok()).collect();
        let mut raws: Vec<Vec<Raw>> = vec![Vec::new(); measures.len()];
        {
            // Stored values are read as they are stored (migration 9), their references
            // numbers in `obs_keys`: each number is resolved once, not once per value.
            let (mut m_of, mut g_of, mut p_of) = (Vec::new(), Vec::new(), Vec::new());
            let mut stmt = self.conn.prepare("SELECT n, id FROM obs_keys")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let n = r.get::<_, i64>(0)? as usize;
                let id = text(r, 1)?;
                if n >= m_of.len() {
                    m_of.resize(n + 1, None);
                    g_of.resize(n + 1, None);
                    p_of.resize(n + 1, None);
                }
                m_of[n] = by_id.get(id).copied();
                g_of[n] = single.get(id).copied();
                p_of[n] = all_periods.get(id).copied();
            }
            let mut stmt = self.conn.prepare(
                "SELECT m, d, p, value, suppressed, margin_of_error
                 FROM observation_values WHERE deleted_at IS NULL",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let Some(i) = at(&m_of, r.get(0)?) else {
                    continue;
                };
                let Some((d, g)) = at(&g_of, r.get(1)?) else {
                    continue;
                };
                let Some(p) = at(&p_of, r.get(2)?) else {
                    continue;
                };
                if Some(p.spec()) != specs[i] {
                    continue;
                }
                raws[i].push((
                    d,
                    g,
                    p,
                    Cell {
                        value: real(r, 3)?,
                        suppressed: r.get(4)?,
                        margin_of_error: real(r, 5)?,
                    },
                ));
            }
        }
        let mut rows = Vec::new();
        let mut per_dim: Vec<Vec<(usize, Period, Cell)>> = vec![Vec::new(); dims.len()];
        for (m, mut list) in measures.iter().zip(raws) {
            if list.is_empty() {
                continue;
            }
            list.sort_unstable_by_key(|r| r.0);
            for v in per_dim.iter_mut() {
                v.clear();
            }
            for (d, g, p, c) in list {
                per_dim[d].push((g, p, c));
            }
            for (dim, raws) in dims.iter().zip(&per_dim) {
                if raws.is_empty() {
                    continue;
                }
                let data = build(m, dim, raws);
                if let Some(row) =
                    equity::summary_row(&data, m.result_id.clone(), m.program_id.clone())
                {
                    rows.push(row);
                }
            }
        }
        let scoped = |f: &dyn Fn(&equity::EquitySummaryRow) -> bool| {
            rows.iter().filter(|r| f(r)).collect::<Vec<_>>()
        };
        let results = self
            .list_results(initiative_id)?
            .iter()
            .map(|r| {
                let mine = scoped(&|row| row.result_id.as_deref() == Some(r.id.as_str()));
                equity::figures::rollup(RollupScope::Result, &r.id, &r.name, &mine)
            })
            .collect();
        let programs = self
            .list_programs(initiative_id)?
            .iter()
            .map(|p| {
                let mine = scoped(&|row| row.program_id.as_deref() == Some(p.id.as_str()));
                equity::figures::rollup(RollupScope::Program, &p.id, &p.name, &mine)
            })
            .collect();
        let all: Vec<_> = rows.iter().collect();
        let initiative_rollup = equity::figures::rollup(
            RollupScope::Initiative,
            &initiative.id,
            &initiative.name,
            &all,
        );
        Ok(EquitySummary {
            initiative_id: initiative.id,
            rows,
            initiative: initiative_rollup,
            results,
            programs,
        })
    }
}

/// Entry `n` of a table indexed by `obs_keys` numbers.
fn at<T: Copy>(v: &[Option<T>], n: i64) -> Option<T> {
    usize::try_from(n)
        .ok()
        .and_then(|n| v.get(n))
        .copied()
        .flatten()
}
