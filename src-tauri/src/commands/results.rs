use crate::state::AppState;
use backbone::model::{PopulationResult, ResultInput};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn list_results(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<Vec<PopulationResult>, ApiError> {
    state.with(|s| s.list_results(&initiative_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_result(
    state: State<'_, AppState>,
    initiative_id: String,
    input: ResultInput,
) -> Result<PopulationResult, ApiError> {
    state.with(|s| s.create_result(&initiative_id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_result(
    state: State<'_, AppState>,
    id: String,
    input: ResultInput,
) -> Result<PopulationResult, ApiError> {
    state.with(|s| s.update_result(&id, &input))
}
