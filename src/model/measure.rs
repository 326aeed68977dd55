//! Measures: indicators (population accountability) and performance measures (program
//! accountability), with the properties every measure has.

use super::period::Calendar;
use super::text_enum;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    /// Indicator of a population result, or performance measure of a program.
    MeasureKind {
        Indicator => "indicator",
        Performance => "performance",
    }
}

text_enum! {
    /// The RBA quadrant of a performance measure.
    RbaCategory {
        /// How much did we do? (quantity of effort)
        HowMuch => "how_much",
        /// How well did we do it? (quality of effort)
        HowWell => "how_well",
        /// Is anyone better off? (effect)
        BetterOff => "better_off",
    }
}

text_enum! {
    /// How values are shown.
    Unit {
        Number => "number",
        /// Stored on a 0-100 scale.
        Percent => "percent",
        Currency => "currency",
        /// A rate per N (`rate_per`).
        Rate => "rate",
    }
}

text_enum! {
    /// Which direction is good.
    Polarity {
        Higher => "higher",
        Lower => "lower",
        /// A target range (low and high bound per period): inside is good.
        Range => "range",
    }
}

impl RbaCategory {
    /// The RBA question.
    pub fn question(self) -> &'static str {
        match self {
            RbaCategory::HowMuch => "How much did we do?",
            RbaCategory::HowWell => "How well did we do it?",
            RbaCategory::BetterOff => "Is anyone better off?",
        }
    }
}

/// An indicator or performance measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Measure {
    pub id: String,
    pub initiative_id: String,
    pub kind: MeasureKind,
    /// The result an indicator quantifies.
    pub result_id: Option<String>,
    /// The program a performance measure belongs to.
    pub program_id: Option<String>,
    pub category: Option<RbaCategory>,
    pub name: String,
    pub definition: String,
    pub unit: Unit,
    pub rate_per: Option<f64>,
    pub polarity: Polarity,
    pub calendar: Calendar,
    /// Start month (1-12) of a school or fiscal year.
    pub calendar_start_month: Option<u8>,
    /// The chosen baseline period's label (default: the first period with an actual).
    pub baseline_period: Option<String>,
    pub data_source: String,
    pub headline: bool,
    /// On the data development agenda (no good data yet).
    pub data_development: bool,
    /// Values accumulate over time (default: point-in-time).
    pub cumulative: bool,
    pub position: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// What a user edits on a measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MeasureInput {
    pub kind: MeasureKind,
    pub result_id: Option<String>,
    pub program_id: Option<String>,
    pub category: Option<RbaCategory>,
    pub name: String,
    pub definition: String,
    pub unit: Unit,
    pub rate_per: Option<f64>,
    pub polarity: Polarity,
    pub calendar: Calendar,
    pub calendar_start_month: Option<u8>,
    pub baseline_period: Option<String>,
    pub data_source: String,
    pub headline: bool,
    pub data_development: bool,
    pub cumulative: bool,
}

/// A summary of a measure's total series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MeasureStat {
    pub measure_id: String,
    pub value_count: i64,
    pub latest_period: Option<String>,
    pub latest_value: Option<f64>,
}
