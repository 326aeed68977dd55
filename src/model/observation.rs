//! Observations: one value (and its target, note, ...) per measure, period and
//! disaggregation.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A stored value. `group_ids` is the disaggregation (empty: the total).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Observation {
    pub id: String,
    pub measure_id: String,
    /// The period's canonical label.
    pub period: String,
    /// The period's first day, `YYYY-MM-DD`.
    pub period_start: String,
    pub group_ids: Vec<String>,
    /// The actual; `None` when there is none (missing is not zero).
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub target_low: Option<f64>,
    pub target_high: Option<f64>,
    /// A data note: the reason for a dip, a change of method, a series break.
    pub note: Option<String>,
    pub margin_of_error: Option<f64>,
    /// The source withheld the value for privacy (not the same as missing).
    pub suppressed: bool,
    pub source: Option<String>,
    pub entered_by: Option<String>,
    pub entered_at: Option<String>,
    pub updated_at: String,
}

/// A period on a measure's calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PeriodInfo {
    pub label: String,
    pub start: String,
    pub end: String,
}

/// One row of the data-entry grid: a period and its observation, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GridRow {
    pub period: PeriodInfo,
    pub observation: Option<Observation>,
}

/// One edited grid row, as typed. `None` leaves a field unchanged; `Some("")` clears it.
/// Numbers arrive as the text the user typed ("72.4", "72.4%", "1,234", "$5,000") and the
/// core parses them, so a bad cell is reported with its period and column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ObservationEdit {
    pub period: String,
    pub group_ids: Vec<String>,
    pub value: Option<String>,
    pub target: Option<String>,
    pub target_low: Option<String>,
    pub target_high: Option<String>,
    pub note: Option<String>,
    pub suppressed: Option<bool>,
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SaveReport {
    pub saved: i64,
    pub rows: Vec<GridRow>,
}
