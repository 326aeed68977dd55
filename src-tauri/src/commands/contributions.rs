//! Partners' roles and contributions: thin commands over the store (a partner's profile,
//! a result's partners, roles on results and measures, the contributions matrix and its
//! CSV export to a path the user picked).

use crate::state::{blocking, AppState};
use backbone::model::{
    ContributionsMatrix, PartnerProfile, PartnerRole, ResultPartner, RoleKind, RoleTarget, RoleTier,
};
use backbone::ApiError;
use std::path::PathBuf;
use tauri::{AppHandle, State};

#[tauri::command(rename_all = "snake_case")]
pub fn partner_profile(
    state: State<'_, AppState>,
    partner_id: String,
) -> Result<PartnerProfile, ApiError> {
    state.with(|s| s.partner_profile(&partner_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn result_partners(
    state: State<'_, AppState>,
    result_id: String,
) -> Result<Vec<ResultPartner>, ApiError> {
    state.with(|s| s.result_partners(&result_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_partner_role(
    state: State<'_, AppState>,
    partner_id: String,
    target_kind: RoleTarget,
    target_id: String,
    role: RoleKind,
    description: String,
    tier: Option<RoleTier>,
) -> Result<PartnerRole, ApiError> {
    state.with(|s| {
        s.set_partner_role(
            &partner_id,
            target_kind,
            &target_id,
            role,
            &description,
            tier,
        )
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn remove_partner_role(state: State<'_, AppState>, role_id: String) -> Result<(), ApiError> {
    state.with(|s| s.remove_partner_role(&role_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn contributions_matrix(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<ContributionsMatrix, ApiError> {
    state.with(|s| s.contributions_matrix(&initiative_id))
}

/// Writes the matrix's CSV to `path` (picked in the save dialog); returns the number of
/// partner rows written.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_contributions(
    app: AppHandle,
    initiative_id: String,
    path: PathBuf,
) -> Result<usize, ApiError> {
    blocking(app, move |state| {
        state.with(|s| s.export_contributions(&initiative_id, &path))
    })
    .await
}
