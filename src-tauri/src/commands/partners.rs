use crate::state::AppState;
use backbone::model::{Partner, PartnerInput};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn list_partners(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<Vec<Partner>, ApiError> {
    state.with(|s| s.list_partners(&initiative_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_partner(
    state: State<'_, AppState>,
    initiative_id: String,
    input: PartnerInput,
) -> Result<Partner, ApiError> {
    state.with(|s| s.create_partner(&initiative_id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_partner(
    state: State<'_, AppState>,
    id: String,
    input: PartnerInput,
) -> Result<Partner, ApiError> {
    state.with(|s| s.update_partner(&id, &input))
}
