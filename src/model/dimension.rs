//! Dimensions (race/ethnicity, geography, ...) and their groups, for disaggregated data.

use super::text_enum;
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
    /// The live groups, in display order.
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
    /// Other labels of this group that imports match ("Asian Students" for "Asian"),
    /// alphabetical.
    pub aliases: Vec<GroupAlias>,
}

/// Another label of a group, set by the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GroupAlias {
    pub id: String,
    pub alias: String,
}

text_enum! {
    /// Which way a group or dimension moves in the display order.
    MoveDirection {
        Up => "up",
        Down => "down",
    }
}

/// What merging one group into another did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MergeReport {
    /// The group merged away (now in the trash, its name an alias of `into`).
    pub from: String,
    /// The group that stays.
    pub into: String,
    /// Values that moved to `into`.
    #[ts(type = "number")]
    pub moved: u64,
    /// Values `into` already had with the same value (`from`'s copies went to the trash).
    #[ts(type = "number")]
    pub already_there: u64,
    /// The measures whose values moved or were already there, by name.
    pub measures: Vec<String>,
    /// Nothing was written.
    pub dry_run: bool,
    /// The dimension after the merge (as it was, for a dry run).
    pub dimension: Dimension,
}
