use crate::state::AppState;
use backbone::model::{Initiative, InitiativeInput};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn list_initiatives(state: State<'_, AppState>) -> Result<Vec<Initiative>, ApiError> {
    state.with(|s| s.list_initiatives())
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_initiative(state: State<'_, AppState>, id: String) -> Result<Initiative, ApiError> {
    state.with(|s| s.get_initiative(&id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_initiative(
    state: State<'_, AppState>,
    input: InitiativeInput,
) -> Result<Initiative, ApiError> {
    state.with(|s| s.create_initiative(&input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_initiative(
    state: State<'_, AppState>,
    id: String,
    input: InitiativeInput,
) -> Result<Initiative, ApiError> {
    state.with(|s| s.update_initiative(&id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn load_sample(state: State<'_, AppState>) -> Result<Initiative, ApiError> {
    state.with(|s| {
        let id = s.load_sample()?;
        s.get_initiative(&id)
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn remove_sample(state: State<'_, AppState>) -> Result<usize, ApiError> {
    state.with(|s| s.remove_sample())
}
