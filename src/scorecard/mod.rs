//! The RBA scorecard: figures for each measure and the roll-ups, exactly as DOMAIN.md
//! ("Scorecard figures") defines them.
//!
//! This module owns the rules, as pure functions over in-memory series, so every rule is
//! unit-tested without SQLite: [`figures`] (one measure), [`rollup`] (results, programs, the
//! initiative), [`as_of`] (the `--as-of` cut-off and the latest expected period),
//! [`forecast`] (the least-squares line) and [`card`] (assembling a [`Scorecard`]). It owns
//! no SQL: `store::series` reads the rows with a few indexed queries and calls [`card::build`].
//! Undefined figures are `None` (JSON `null`) with a reason in the row's `why` map, keyed by
//! the field's name; never NaN or infinity, never an error for a shape of data.
//!
//! Choices made where DOMAIN.md is silent (each pinned by a test in `tests.rs`):
//! - **Baseline**: the actual of the measure's chosen baseline period; with none chosen, the
//!   first actual. A chosen period without an actual (or after the as-of cut-off) gives no
//!   baseline, with a reason; it never silently falls back to another period.
//! - **Status tolerance** is `status_tolerance_pct` % of |T_t - B|; with no baseline there
//!   is no tolerance, so a target not met is *off track*.
//! - **Target ranges** (polarity `range`): the range of a period is its `target_low` and
//!   `target_high` (either may be missing: a one-sided range), or its single `target` when
//!   it has no bounds. `target` is reported only in that last case; `target_low` and
//!   `target_high` carry the range. Variance from target measures A_t against the nearest
//!   bound (0 inside the range); progress runs from B to the bound nearest B, undefined when
//!   B is already inside; status is *met* inside (bounds included) and *close* when A_t's
//!   distance to the range is within the tolerance of B's distance. The trend is good when
//!   A_t is nearer the current range (T_t's) than A_(t-1) was, or both lie inside it; bad
//!   when farther; neutral otherwise.
//! - **Next target** with no actual: the first target set at all.
//! - **`--as-of`** cuts actuals only: an actual of a period that starts after the as-of
//!   period ends is ignored (see [`as_of`] for how a label is read when measures have
//!   different calendars). Targets and manual forecasts are plans and stay.
//! - **Forecast**: a manual forecast for the period after A_t's wins over the fitted line
//!   (`forecast_source` says which), even with fewer than two actuals.
//! - **Roll-ups**: see [`rollup`]. The share "with a story updated since the last value"
//!   counts the measures with data whose Turn the Curve worksheet was saved at or after
//!   their latest value was entered.

pub mod as_of;
pub mod card;
pub mod compare;
pub mod figures;
pub mod forecast;
#[cfg(test)]
mod props;
pub mod rollup;
#[cfg(test)]
mod tests;

pub use as_of::AsOf;
pub use card::{build, CardInput, MeasureInfo, Owner};
pub use figures::{Direction, Figures, ForecastSource, HistoryPoint, Point, Rules, Status};
pub use rollup::{Rollup, RollupScope, Rollups, Share};

use crate::model::{Calendar, Initiative, PeriodInfo, Polarity, RbaCategory, Unit};
use serde::Serialize;
use ts_rs::TS;

/// The whole scorecard of an initiative.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Scorecard {
    pub initiative: Initiative,
    pub as_of: AsOf,
    /// Indicators by result, then performance measures by program and RBA category.
    pub rows: Vec<ScorecardRow>,
    pub rollups: Rollups,
}

/// Whether a row is a population indicator or a program's performance measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    Indicator,
    Measure,
}

/// One measure on the scorecard. The first fields (through `forecast_next`) are the
/// contract of issue 3; the rest help the screen.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ScorecardRow {
    pub kind: RowKind,
    pub id: String,
    pub name: String,
    /// The result's name (indicators).
    pub result: Option<String>,
    /// The program's name (performance measures).
    pub program: Option<String>,
    pub category: Option<RbaCategory>,
    pub polarity: Polarity,
    #[serde(flatten)]
    #[ts(flatten)]
    pub figures: Figures,
    pub result_id: Option<String>,
    pub program_id: Option<String>,
    pub unit: Unit,
    pub rate_per: Option<f64>,
    pub calendar: Calendar,
    pub headline: bool,
    pub data_development: bool,
}

/// A manual forecast value of a measure's total series (`Store::set_forecast`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ManualForecast {
    pub period: PeriodInfo,
    pub value: f64,
}
