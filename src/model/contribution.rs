//! Partners' roles and contributions: a partner's profile (what it leads, contributes to
//! and has a role in), the partners of a result, and the contributions matrix (partners ×
//! results and programs), the "mutually reinforcing activities" view.

use super::{Action, Partner, RoleKind, RoleTarget, RoleTier};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A program a partner leads or contributes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProgramRole {
    pub program_id: String,
    pub program_name: String,
    /// `lead` or `contributor`.
    pub role: RoleKind,
}

/// A role a partner holds on a result or a measure, with the role in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HeldRole {
    pub role_id: String,
    /// `result` or `measure`.
    pub target_kind: RoleTarget,
    pub target_id: String,
    pub target_name: String,
    /// For a measure: the result or program it belongs to.
    pub parent_name: Option<String>,
    pub role: RoleKind,
    pub description: String,
    pub tier: Option<RoleTier>,
}

/// Everything a partner does in its initiative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PartnerProfile {
    pub partner: Partner,
    /// Programs it leads or contributes to, in the programs' order.
    pub programs: Vec<ProgramRole>,
    /// Its roles on results and measures: results first, in display order.
    pub roles: Vec<HeldRole>,
    /// Its open actions (not done or dropped), by due date, undated last.
    pub open_actions: Vec<Action>,
}

/// A partner with a role on a result: on the result itself, on one of its indicators, or
/// by leading or contributing to a program serving it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ResultPartner {
    pub partner_id: String,
    pub partner_name: String,
    pub role_id: String,
    pub role: RoleKind,
    pub description: String,
    pub tier: Option<RoleTier>,
    /// What the role is held on: the result, one of its indicators, or a program.
    pub through_kind: RoleTarget,
    pub through_id: String,
    pub through_name: String,
}

/// A column of the contributions matrix: a result or a program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MatrixColumn {
    /// `result` or `program`.
    pub kind: RoleTarget,
    pub id: String,
    pub name: String,
}

/// One role in a cell of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CellRole {
    pub role: RoleKind,
    pub description: String,
    pub tier: Option<RoleTier>,
    /// The measure the role is held on, when it is on one of the column's measures.
    pub measure_name: Option<String>,
    /// The role as the matrix and its CSV say it: "lead", "contributor",
    /// "partner: <description>" (or "partner on <measure>: <description>").
    pub label: String,
}

/// A partner's row of the matrix: one cell per column (an empty list: no role).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MatrixRow {
    pub partner_id: String,
    pub partner_name: String,
    pub cells: Vec<Vec<CellRole>>,
}

/// Partners × results and programs, each cell the roles the partner holds there (roles on
/// a result's indicators count under the result, on a program's measures under the
/// program).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ContributionsMatrix {
    pub initiative_id: String,
    /// Live results in display order, then live programs in display order.
    pub columns: Vec<MatrixColumn>,
    /// Live partners by name.
    pub rows: Vec<MatrixRow>,
}
