//! Dimensions (race/ethnicity, geography, ...) and their groups, for disaggregated data.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A way of disaggregating data, with its groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Dimension {
    pub id: String,
    pub initiative_id: String,
    pub name: String,
    /// `race_ethnicity`, `geography`, `sex_gender`, `age_band`, `income_band` or a
    /// user-defined kind.
    pub kind: String,
    pub groups: Vec<Group>,
}

/// One group of a dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Group {
    pub id: String,
    pub dimension_id: String,
    pub name: String,
    /// The chosen reference group for disparity figures (none: the most favourable).
    pub is_reference: bool,
    pub position: i64,
}
