use crate::state::AppState;
use backbone::model::{Program, ProgramInput};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn list_programs(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<Vec<Program>, ApiError> {
    state.with(|s| s.list_programs(&initiative_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_program(
    state: State<'_, AppState>,
    initiative_id: String,
    input: ProgramInput,
) -> Result<Program, ApiError> {
    state.with(|s| s.create_program(&initiative_id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_program(
    state: State<'_, AppState>,
    id: String,
    input: ProgramInput,
) -> Result<Program, ApiError> {
    state.with(|s| s.update_program(&id, &input))
}
