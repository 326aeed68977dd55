//! Programs (or strategies): performance accountability.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A program or strategy, run by a lead partner with contributing partners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Program {
    pub id: String,
    pub initiative_id: String,
    pub name: String,
    pub description: String,
    pub lead_partner_id: Option<String>,
    /// The population results the program contributes to.
    pub result_ids: Vec<String>,
    /// Contributing partners (role "contributor").
    pub contributor_ids: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What a user edits on a program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProgramInput {
    pub name: String,
    pub description: String,
    pub lead_partner_id: Option<String>,
    pub result_ids: Vec<String>,
    pub contributor_ids: Vec<String>,
}
