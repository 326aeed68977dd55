//! The Groups screen: dimensions, groups, aliases, the reference group, order and merges.
//! (Listing dimensions is `measures::list_dimensions`; deleting and restoring go through
//! the trash commands.)

use crate::state::AppState;
use backbone::model::{Dimension, Group, MergeReport, MoveDirection};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn create_dimension(
    state: State<'_, AppState>,
    initiative_id: String,
    name: String,
    kind: String,
) -> Result<Dimension, ApiError> {
    state.with(|s| s.create_dimension(&initiative_id, &name, &kind))
}

#[tauri::command(rename_all = "snake_case")]
pub fn rename_dimension(
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Result<Dimension, ApiError> {
    state.with(|s| s.rename_dimension(&id, &name))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_dimension_kind(
    state: State<'_, AppState>,
    id: String,
    kind: String,
) -> Result<Dimension, ApiError> {
    state.with(|s| s.set_dimension_kind(&id, &kind))
}

#[tauri::command(rename_all = "snake_case")]
pub fn move_dimension(
    state: State<'_, AppState>,
    id: String,
    direction: MoveDirection,
) -> Result<Vec<Dimension>, ApiError> {
    state.with(|s| s.move_dimension(&id, direction))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_group(
    state: State<'_, AppState>,
    dimension_id: String,
    name: String,
) -> Result<Group, ApiError> {
    state.with(|s| s.create_group(&dimension_id, &name))
}

#[tauri::command(rename_all = "snake_case")]
pub fn rename_group(
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Result<Dimension, ApiError> {
    state.with(|s| s.rename_group(&id, &name))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_reference_group(
    state: State<'_, AppState>,
    dimension_id: String,
    group_id: Option<String>,
) -> Result<Dimension, ApiError> {
    state.with(|s| s.set_reference_group(&dimension_id, group_id.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn move_group(
    state: State<'_, AppState>,
    id: String,
    direction: MoveDirection,
) -> Result<Dimension, ApiError> {
    state.with(|s| s.move_group(&id, direction))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_group_alias(
    state: State<'_, AppState>,
    group_id: String,
    alias: String,
) -> Result<Dimension, ApiError> {
    state.with(|s| s.add_group_alias(&group_id, &alias))
}

#[tauri::command(rename_all = "snake_case")]
pub fn remove_group_alias(
    state: State<'_, AppState>,
    alias_id: String,
) -> Result<Dimension, ApiError> {
    state.with(|s| s.remove_group_alias(&alias_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn merge_groups(
    state: State<'_, AppState>,
    from_id: String,
    into_id: String,
    dry_run: bool,
) -> Result<MergeReport, ApiError> {
    state.with(|s| s.merge_groups(&from_id, &into_id, dry_run))
}
