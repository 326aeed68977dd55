//! Population results: conditions of well-being for a whole population.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A condition of well-being in plain language ("All children read by third grade").
/// Named `PopulationResult`, never `Result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PopulationResult {
    pub id: String,
    pub initiative_id: String,
    pub name: String,
    pub description: String,
    pub position: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// What a user edits on a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ResultInput {
    pub name: String,
    pub description: String,
}
