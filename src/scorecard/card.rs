//! Assembling a [`Scorecard`] from an initiative's measures and their series, already read
//! into memory (by `store::series`, or by hand in tests).
//!
//! Row order: each result's indicators (results and measures in their stored order), then
//! each program's performance measures grouped by RBA category (how much, how well, better
//! off), in stored order within a category. Measures whose result or program is not among
//! the given ones are left out.

use super::as_of::{self, AsOf, Cutoff};
use super::figures::{figures_with, Labels, Point, Rules};
use super::rollup::{rollup, Entry, RollupScope, Rollups};
use super::{RowKind, Scorecard, ScorecardRow};
use crate::error::Result;
use crate::model::{
    Calendar, CalendarSpec, Initiative, MeasureKind, Period, Polarity, RbaCategory, Unit,
};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// A result or program: what rows are grouped under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub id: String,
    pub name: String,
}

/// What the scorecard needs to know about a measure.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureInfo {
    pub id: String,
    pub kind: MeasureKind,
    pub name: String,
    pub result_id: Option<String>,
    pub program_id: Option<String>,
    pub category: Option<RbaCategory>,
    pub unit: Unit,
    pub rate_per: Option<f64>,
    pub polarity: Polarity,
    pub spec: CalendarSpec,
    /// The chosen baseline period's label, as stored.
    pub baseline_period: Option<String>,
    pub headline: bool,
    pub data_development: bool,
}

/// Everything a scorecard is computed from.
#[derive(Debug, Clone)]
pub struct CardInput {
    pub initiative: Initiative,
    /// In display order.
    pub results: Vec<Owner>,
    /// In display order.
    pub programs: Vec<Owner>,
    /// In display order, each with its total series (any order, any periods).
    pub measures: Vec<(MeasureInfo, Vec<Point>)>,
    /// The `--as-of` text, if any.
    pub as_of: Option<String>,
    /// The clock's date.
    pub today: NaiveDate,
    /// The measures whose worksheet was saved at or after their latest value was entered.
    pub stories_updated: HashSet<String>,
}

/// The start month most of `measures` on `calendar` use, else the calendar's default.
fn usual_start_month(measures: &[(MeasureInfo, Vec<Point>)], calendar: Calendar) -> u8 {
    let mut counts: HashMap<u8, usize> = HashMap::new();
    for (m, _) in measures.iter().filter(|(m, _)| m.spec.calendar == calendar) {
        *counts.entry(m.spec.start_month).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(month, n)| (n, std::cmp::Reverse(month)))
        .map(|(month, _)| month)
        .unwrap_or_else(|| calendar.default_start_month())
}

/// The scorecard. Fails only when the as-of text is not a period or a date.
pub fn build(input: CardInput) -> Result<Scorecard> {
    let cutoff: Option<Cutoff> = input
        .as_of
        .as_deref()
        .map(|text| as_of::parse(text, |c| usual_start_month(&input.measures, c)))
        .transpose()?;
    let last_day = cutoff.map(|c| c.last_day);
    let reference = as_of::reference_day(last_day, input.today);
    let tolerance_pct = input.initiative.status_tolerance_pct;

    let result_index: HashMap<&str, usize> = index(&input.results);
    let program_index: HashMap<&str, usize> = index(&input.programs);
    // (group, category, position) sorts rows; results come before programs.
    let mut keyed: Vec<((usize, usize, usize), ScorecardRow)> = Vec::new();
    let mut labels = Labels::default();
    for (position, (m, points)) in input.measures.into_iter().enumerate() {
        let owner = match m.kind {
            MeasureKind::Indicator => m
                .result_id
                .as_deref()
                .and_then(|id| result_index.get(id))
                .map(|&i| (i, 0, &input.results[i])),
            MeasureKind::Performance => m
                .program_id
                .as_deref()
                .and_then(|id| program_index.get(id))
                .map(|&i| {
                    let category = m.category.map_or(0, |c| c as usize + 1);
                    (input.results.len() + i, category, &input.programs[i])
                }),
        };
        let Some((group, category, owner)) = owner else {
            continue;
        };
        let sample = points.first().map(|p| p.period);
        let rules = Rules {
            polarity: m.polarity,
            unit: m.unit,
            baseline_period: m
                .baseline_period
                .as_deref()
                .and_then(|label| Period::parse(m.spec, label).ok()),
            tolerance_pct,
            cutoff: last_day,
            expected: as_of::latest_expected(m.spec, reference, sample),
        };
        let figures = figures_with(&rules, &points, &mut labels);
        let indicator = m.kind == MeasureKind::Indicator;
        let row = ScorecardRow {
            kind: if indicator {
                RowKind::Indicator
            } else {
                RowKind::Measure
            },
            id: m.id,
            name: m.name,
            result: indicator.then(|| owner.name.clone()),
            program: (!indicator).then(|| owner.name.clone()),
            category: m.category,
            polarity: m.polarity,
            figures,
            result_id: m.result_id,
            program_id: m.program_id,
            unit: m.unit,
            rate_per: m.rate_per,
            calendar: m.spec.calendar,
            headline: m.headline,
            data_development: m.data_development,
        };
        keyed.push(((group, category, position), row));
    }
    // Sort the keys, not the (large) rows.
    let mut order: Vec<usize> = (0..keyed.len()).collect();
    order.sort_by_key(|&i| keyed[i].0);
    let mut slots: Vec<Option<ScorecardRow>> = keyed.into_iter().map(|(_, r)| Some(r)).collect();
    let rows: Vec<ScorecardRow> = order.iter().filter_map(|&i| slots[i].take()).collect();

    let entries = |keep: &dyn Fn(&ScorecardRow) -> bool| -> Vec<Entry> {
        rows.iter()
            .filter(|r| keep(r))
            .map(|r| {
                let story = input.stories_updated.contains(&r.id);
                (r.polarity, &r.figures, story)
            })
            .collect()
    };
    let results = input
        .results
        .iter()
        .map(|o| {
            let e = entries(&|r| {
                r.kind == RowKind::Indicator && r.result_id.as_deref() == Some(o.id.as_str())
            });
            rollup(RollupScope::Result, &o.id, &o.name, "indicators", &e)
        })
        .collect();
    let programs = input
        .programs
        .iter()
        .map(|o| {
            let e = entries(&|r| {
                r.kind == RowKind::Measure && r.program_id.as_deref() == Some(o.id.as_str())
            });
            rollup(RollupScope::Program, &o.id, &o.name, "measures", &e)
        })
        .collect();
    let initiative = rollup(
        RollupScope::Initiative,
        &input.initiative.id,
        &input.initiative.name,
        "measures",
        &entries(&|_| true),
    );
    Ok(Scorecard {
        as_of: AsOf::new(cutoff.as_ref(), input.today),
        initiative: input.initiative,
        rows,
        rollups: Rollups {
            initiative,
            results,
            programs,
        },
    })
}

fn index(owners: &[Owner]) -> HashMap<&str, usize> {
    owners
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect()
}
