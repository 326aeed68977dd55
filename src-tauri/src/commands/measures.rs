use crate::state::AppState;
use backbone::model::{Dimension, Measure, MeasureInput, MeasureStat};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn list_measures(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<Vec<Measure>, ApiError> {
    state.with(|s| s.list_measures(&initiative_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_measure(
    state: State<'_, AppState>,
    initiative_id: String,
    input: MeasureInput,
) -> Result<Measure, ApiError> {
    state.with(|s| s.create_measure(&initiative_id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_measure(
    state: State<'_, AppState>,
    id: String,
    input: MeasureInput,
) -> Result<Measure, ApiError> {
    state.with(|s| s.update_measure(&id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn measure_stats(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<Vec<MeasureStat>, ApiError> {
    state.with(|s| s.measure_stats(&initiative_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_dimensions(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<Vec<Dimension>, ApiError> {
    state.with(|s| s.list_dimensions(&initiative_id))
}
