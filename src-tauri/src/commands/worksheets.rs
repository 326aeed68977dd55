//! Turn the Curve worksheets: thin commands over the store's worksheets and their history.

use crate::state::AppState;
use backbone::model::{RevisionDiff, RevisionInfo, Worksheet, WorksheetInput, WorksheetRevision};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn get_worksheet(
    state: State<'_, AppState>,
    measure_id: String,
) -> Result<Worksheet, ApiError> {
    state.with(|s| s.worksheet(&measure_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_worksheet(
    state: State<'_, AppState>,
    measure_id: String,
    input: WorksheetInput,
) -> Result<Worksheet, ApiError> {
    state.with(|s| s.save_worksheet(&measure_id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn worksheet_revisions(
    state: State<'_, AppState>,
    measure_id: String,
) -> Result<Vec<RevisionInfo>, ApiError> {
    state.with(|s| s.worksheet_revisions(&measure_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn worksheet_revision(
    state: State<'_, AppState>,
    measure_id: String,
    revision: u32,
) -> Result<WorksheetRevision, ApiError> {
    state.with(|s| s.worksheet_revision(&measure_id, revision))
}

#[tauri::command(rename_all = "snake_case")]
pub fn worksheet_diff(
    state: State<'_, AppState>,
    measure_id: String,
    from: u32,
    to: u32,
) -> Result<RevisionDiff, ApiError> {
    state.with(|s| s.worksheet_diff(&measure_id, from, to))
}
