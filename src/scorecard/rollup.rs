//! Roll-ups for a result (its indicators), a program (its performance measures) and the
//! initiative (every measure): DOMAIN.md's four shares, each saying what it counts.
//!
//! What each share counts (numerator of denominator):
//! - `trending_well`: measures whose trend is good or flat, of those with a trend (at least
//!   two actuals). A range measure whose trend is neutral for another reason (as far from
//!   the range as before) is not trending well.
//! - `better_than_baseline`: measures whose A_t is better than B by their polarity or equal
//!   to it (within 1e-9), of those with both. A range measure is better when A_t is no
//!   farther from the current target range than B; without a current range it is not
//!   counted at all.
//! - `current_data`: measures with an actual for their latest expected period or a later
//!   one (see [`super::as_of`]), of all the measures in scope.
//! - `story_updated`: measures whose Turn the Curve worksheet was saved at or after their
//!   latest value was entered, of those with an actual (within the as-of cut-off).

use super::compare::{same, Range};
use super::figures::{Direction, Figures};
use crate::model::Polarity;
use serde::Serialize;
use ts_rs::TS;

/// What a roll-up covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RollupScope {
    Initiative,
    Result,
    Program,
}

/// One share: `numerator` of `denominator` measures, and what they are.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Share {
    pub numerator: Option<u32>,
    pub denominator: Option<u32>,
    /// numerator / denominator × 100; `None` with no denominator.
    pub pct: Option<f64>,
    /// What the numerator counts ("trending the right way or unchanged").
    pub counts: String,
    /// What the denominator counts ("indicators with at least two actuals").
    pub out_of: String,
    /// The sentence to show: "3 of 5 indicators with at least two actuals are trending
    /// the right way or unchanged".
    pub label: String,
    /// Why `pct` is `None`.
    pub why: Option<String>,
}

/// The shares of one scope.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Rollup {
    pub scope: RollupScope,
    /// The result's or program's id (the initiative's for the initiative).
    pub id: String,
    pub name: String,
    /// How many measures the scope holds.
    pub measures: u32,
    pub trending_well: Share,
    pub better_than_baseline: Share,
    pub current_data: Share,
    pub story_updated: Share,
}

/// The roll-ups of a scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Rollups {
    pub initiative: Rollup,
    pub results: Vec<Rollup>,
    pub programs: Vec<Rollup>,
}

/// The figures of one measure, its polarity, and whether its worksheet was saved since its
/// latest value was entered: what a roll-up reads.
pub type Entry<'a> = (Polarity, &'a Figures, bool);

pub(crate) fn share(hits: u32, of: u32, noun: &str, counts: &str, out_of: &str) -> Share {
    let out_of = format!("{noun}{out_of}");
    let pct = (of > 0).then(|| f64::from(hits) / f64::from(of) * 100.0);
    let verb = if hits == 1 { "is" } else { "are" };
    Share {
        numerator: Some(hits),
        denominator: Some(of),
        pct,
        label: format!("{hits} of {of} {out_of} {verb} {counts}"),
        why: (of == 0).then(|| format!("no {out_of}")),
        counts: counts.to_string(),
        out_of,
    }
}

/// Whether A_t is better than B or unchanged; `None` when it cannot be said.
pub fn better_or_unchanged(polarity: Polarity, f: &Figures) -> Option<bool> {
    let (a, b) = (f.actual?, f.baseline?);
    match polarity {
        Polarity::Higher => Some(a > b || same(a, b)),
        Polarity::Lower => Some(a < b || same(a, b)),
        Polarity::Range => {
            let range = Range::from_parts(f.target, f.target_low, f.target_high)?;
            let (now, then) = (range.distance(a), range.distance(b));
            Some(now < then || same(now, then))
        }
    }
}

/// The roll-up of `entries` (the measures in scope). `noun` names them in labels
/// ("indicators", "measures").
pub fn rollup(scope: RollupScope, id: &str, name: &str, noun: &str, entries: &[Entry]) -> Rollup {
    let with_trend: Vec<&Figures> = entries
        .iter()
        .map(|e| e.1)
        .filter(|f| f.trend_direction != Direction::None)
        .collect();
    let well = with_trend
        .iter()
        .filter(|f| f.trend_direction == Direction::Flat || f.trend_good == Some(true))
        .count() as u32;
    let baseline: Vec<bool> = entries
        .iter()
        .filter_map(|(p, f, _)| better_or_unchanged(*p, f))
        .collect();
    let better = baseline.iter().filter(|b| **b).count() as u32;
    let current = entries.iter().filter(|e| e.1.current_data).count() as u32;
    let total = entries.len() as u32;
    let with_data: Vec<bool> = entries
        .iter()
        .filter(|e| e.1.actual.is_some())
        .map(|e| e.2)
        .collect();
    let stories = with_data.iter().filter(|s| **s).count() as u32;
    Rollup {
        scope,
        id: id.to_string(),
        name: name.to_string(),
        measures: total,
        trending_well: share(
            well,
            with_trend.len() as u32,
            noun,
            "trending the right way or unchanged",
            " with at least two actuals",
        ),
        better_than_baseline: share(
            better,
            baseline.len() as u32,
            noun,
            "better than their baseline or unchanged",
            " with an actual and a baseline",
        ),
        current_data: share(
            current,
            total,
            noun,
            "up to date (an actual for the latest expected period)",
            "",
        ),
        story_updated: share(
            stories,
            with_data.len() as u32,
            noun,
            "covered by a story updated since their latest value",
            " with data",
        ),
    }
}
