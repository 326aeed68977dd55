use crate::state::AppState;
use backbone::model::{GridRow, ObservationEdit, PeriodInfo, SaveReport};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn measure_grid(
    state: State<'_, AppState>,
    measure_id: String,
    group_ids: Vec<String>,
) -> Result<Vec<GridRow>, ApiError> {
    state.with(|s| s.measure_grid(&measure_id, &group_ids))
}

#[tauri::command(rename_all = "snake_case")]
pub fn periods_after(
    state: State<'_, AppState>,
    measure_id: String,
    period: String,
    count: u32,
) -> Result<Vec<PeriodInfo>, ApiError> {
    state.with(|s| s.periods_after(&measure_id, &period, count))
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_observations(
    state: State<'_, AppState>,
    measure_id: String,
    edits: Vec<ObservationEdit>,
) -> Result<SaveReport, ApiError> {
    state.with(|s| s.save_observations(&measure_id, &edits))
}
