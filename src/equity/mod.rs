//! The equity lens: disparity figures between the groups of a dimension, gaps as series of
//! their own, and the roll-up of gaps closing (DOMAIN.md "Equity lens").
//!
//! Pure, like [`crate::scorecard`]: [`figures::at`], [`figures::gap_series`] and
//! [`figures::summary_row`] take a [`DimensionData`] (one measure's values for the groups
//! of one dimension) and return figures; `store::equity` reads the rows. Undefined
//! figures are `None` (JSON `null`) with a reason in `why`, keyed by the field's name;
//! never NaN or infinity. Everything is computed from the stored, unrounded values.
//!
//! Choices made where DOMAIN.md is silent (each pinned by a test in `tests.rs`):
//! - **Which values**: a group's series is the measure's values disaggregated by that group
//!   alone (a combined disaggregation such as race × geography is not one group's value).
//!   Groups in the trash are left out; so are groups with no value of the measure at all.
//! - **Reference**: the dimension's chosen reference group; when it has no value for the
//!   period, there is no reference and no figure, with the reason (never a silent switch
//!   to another group). With none chosen, the group with the most favourable value in the
//!   period by polarity (ties: the first in display order). A target-range measure has no
//!   most favourable direction: it needs a chosen reference.
//! - **Ratios**: only for rates (units `percent` and `rate`); counts and currency get rate
//!   differences only, and no index of disparity (it is relative to the reference's rate).
//!   A target-range measure gets no ratios (no direction to orient them by).
//! - **Maximal rate ratio and difference** are taken over the groups other than the
//!   reference, so a maximal ratio below 1 says every group fares better than the chosen
//!   reference. With no other group with a value they are undefined.
//! - **Suppressed** values are excluded (the group is listed with `suppressed` and no
//!   figures); the number of groups in the index of disparity counts only groups with a
//!   value.
//! - **Gap trend**: |RD| in the period against |RD| in the previous period with values for
//!   both the group and the same reference group; equal within 1e-9 of the larger is
//!   *unchanged*.
//! - **Gaps as series**: a group's gap series is |RD| to one reference for every period with
//!   both values: the chosen reference, else the default reference of the latest period
//!   with data. Its figures are the scorecard's ([`crate::scorecard::figures`]) with
//!   lower is better, so "the gap has closed 3 periods in a row" is its trend.
//! - **Baseline** of a measure's equity summary: its chosen baseline period when two groups
//!   have values there, else the first period where two groups have values.

pub mod figures;
#[cfg(test)]
mod tests;

use crate::model::{Period, Polarity, Unit};
use crate::scorecard::{Figures, RollupScope, Share};
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

pub use figures::{at, gap_series, latest_period, summary_row};

/// One group's value in one period, as stored.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cell {
    pub value: Option<f64>,
    pub suppressed: bool,
    pub margin_of_error: Option<f64>,
}

/// One group of the dimension, with its value in every period of [`DimensionData::periods`].
#[derive(Debug, Clone, PartialEq)]
pub struct GroupData {
    pub id: String,
    pub name: String,
    /// The dimension's chosen reference group.
    pub is_reference: bool,
    /// One cell per period, in the order of [`DimensionData::periods`].
    pub cells: Vec<Cell>,
}

/// A measure's values for the groups of one dimension: the input of the figures.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionData {
    pub measure_id: String,
    pub measure: String,
    pub unit: Unit,
    /// N of a rate per N.
    pub rate_per: Option<f64>,
    pub polarity: Polarity,
    pub dimension_id: String,
    pub dimension: String,
    /// The periods in calendar order (only periods where some group has a cell).
    pub periods: Vec<Period>,
    /// The measure's chosen baseline period, if any.
    pub baseline_period: Option<Period>,
    /// The groups, in display order.
    pub groups: Vec<GroupData>,
}

/// How a gap moved since the previous period with values for both groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GapTrend {
    Closing,
    Widening,
    Unchanged,
}

/// One group's figures in one period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GroupFigures {
    /// The group's name.
    pub group: String,
    pub group_id: String,
    pub is_reference: bool,
    /// The stored value; `None` when missing or suppressed.
    pub value: Option<f64>,
    pub suppressed: bool,
    pub margin_of_error: Option<f64>,
    /// RD = R_g - R_ref.
    pub rate_difference: Option<f64>,
    /// RR oriented so that above 1 means the group is worse off than the reference.
    pub rate_ratio: Option<f64>,
    pub gap_trend: Option<GapTrend>,
    /// The period the gap trend compares with, and the rate difference then.
    pub previous_period: Option<String>,
    pub previous_rate_difference: Option<f64>,
    /// Why each `null` figure is undefined, by field name.
    pub why: BTreeMap<String, String>,
}

/// The equity figures of a measure, a dimension and a period (the CLI's `equity --format
/// json`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EquityFigures {
    /// The measure's name.
    pub measure: String,
    pub measure_id: String,
    /// The dimension's name.
    pub dimension: String,
    pub dimension_id: String,
    pub unit: Unit,
    /// N of a rate per N.
    pub rate_per: Option<f64>,
    pub polarity: Polarity,
    /// The period's label; `None` when no group has a value in any period.
    pub period: Option<String>,
    /// The reference group's name.
    pub reference_group: Option<String>,
    pub reference_group_id: Option<String>,
    /// Whether the reference is the dimension's chosen one (else the most favourable).
    pub reference_chosen: bool,
    pub groups: Vec<GroupFigures>,
    pub max_rate_ratio: Option<f64>,
    pub max_rate_difference: Option<f64>,
    pub index_of_disparity: Option<f64>,
    /// Whether rate ratios apply to this measure (rates, not counts).
    pub ratios_apply: bool,
    /// Every period with a value of some group, in calendar order (for a period picker).
    pub periods: Vec<String>,
    /// Names of groups whose value for the period is suppressed (excluded).
    pub excluded_suppressed: Vec<String>,
    /// Why each `null` figure is undefined, by field name.
    pub why: BTreeMap<String, String>,
}

/// One period of a gap series.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GapPoint {
    pub period: String,
    pub value: f64,
    pub reference_value: f64,
    pub rate_difference: f64,
    pub rate_ratio: Option<f64>,
}

/// The gap between a group and the reference over every period with both values, with the
/// same trend and baseline figures as any measure (of |RD|, lower is better).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GapSeries {
    pub group: String,
    pub group_id: String,
    pub reference_group: String,
    pub reference_group_id: String,
    pub points: Vec<GapPoint>,
    pub figures: Figures,
    /// "The gap has closed 3 periods in a row."
    pub sentence: String,
}

/// The gap series of a measure and a dimension.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GapSeriesSet {
    pub measure_id: String,
    pub dimension_id: String,
    pub dimension: String,
    /// `None` when there is no reference (see `why`).
    pub reference_group: Option<String>,
    pub series: Vec<GapSeries>,
    pub why: Option<String>,
}

/// The largest gap of a measure now.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LargestGap {
    pub group: String,
    pub group_id: String,
    pub rate_difference: f64,
    pub rate_ratio: Option<f64>,
    pub gap_trend: Option<GapTrend>,
}

/// One line of an initiative's equity summary: a measure and one of its dimensions.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EquitySummaryRow {
    pub measure_id: String,
    pub measure: String,
    pub result_id: Option<String>,
    pub program_id: Option<String>,
    pub unit: Unit,
    pub polarity: Polarity,
    pub dimension_id: String,
    pub dimension: String,
    /// How many groups have a value in the measure at all.
    pub groups: u32,
    /// The latest period where two groups have values.
    pub period: Option<String>,
    pub reference_group: Option<String>,
    pub max_rate_ratio: Option<f64>,
    pub max_rate_difference: Option<f64>,
    pub index_of_disparity: Option<f64>,
    pub baseline_period: Option<String>,
    pub baseline_max_rate_ratio: Option<f64>,
    pub baseline_max_rate_difference: Option<f64>,
    pub largest_gap: Option<LargestGap>,
    pub gaps_closing: u32,
    pub gaps_widening: u32,
    pub gaps_unchanged: u32,
    /// Gaps with no trend (no earlier period with both values).
    pub gaps_without_trend: u32,
    pub why: BTreeMap<String, String>,
}

/// The share of gaps closing in one scope.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GapRollup {
    pub scope: RollupScope,
    pub id: String,
    pub name: String,
    pub gaps_closing: Share,
    pub gaps_widening: Share,
}

/// Every measure of an initiative with disaggregated data, and the roll-ups.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EquitySummary {
    pub initiative_id: String,
    pub rows: Vec<EquitySummaryRow>,
    pub initiative: GapRollup,
    pub results: Vec<GapRollup>,
    pub programs: Vec<GapRollup>,
}

/// A dimension a measure has values for, for a picker.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MeasureDimension {
    pub id: String,
    pub name: String,
    /// How many groups have a value.
    pub groups: u32,
}
