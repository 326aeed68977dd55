use crate::state::AppState;
use backbone::model::{EntityKind, TrashItem};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn delete_item(
    state: State<'_, AppState>,
    kind: EntityKind,
    id: String,
) -> Result<(), ApiError> {
    state.with(|s| s.delete_item(kind, &id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn restore_item(
    state: State<'_, AppState>,
    kind: EntityKind,
    id: String,
) -> Result<(), ApiError> {
    state.with(|s| s.restore_item(kind, &id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_trash(
    state: State<'_, AppState>,
    initiative_id: Option<String>,
) -> Result<Vec<TrashItem>, ApiError> {
    state.with(|s| s.list_trash(initiative_id.as_deref()))
}
