use crate::state::AppState;
use backbone::model::{Action, ActionFilter, ActionInput, ActionStatus, LinkTarget, OwnedActions};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn list_actions(
    state: State<'_, AppState>,
    initiative_id: String,
    filter: ActionFilter,
) -> Result<Vec<Action>, ApiError> {
    state.with(|s| s.list_actions(&initiative_id, &filter))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_action(state: State<'_, AppState>, id: String) -> Result<Action, ApiError> {
    state.with(|s| s.get_action(&id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_action(
    state: State<'_, AppState>,
    initiative_id: String,
    input: ActionInput,
) -> Result<Action, ApiError> {
    state.with(|s| s.create_action(&initiative_id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_action(
    state: State<'_, AppState>,
    id: String,
    input: ActionInput,
) -> Result<Action, ApiError> {
    state.with(|s| s.update_action(&id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_action_update(
    state: State<'_, AppState>,
    action_id: String,
    status: ActionStatus,
    comment: String,
) -> Result<Action, ApiError> {
    state.with(|s| s.add_action_update(&action_id, status, &comment))
}

#[tauri::command(rename_all = "snake_case")]
pub fn actions_for(
    state: State<'_, AppState>,
    kind: LinkTarget,
    target_id: String,
) -> Result<Vec<Action>, ApiError> {
    state.with(|s| s.actions_for(kind, &target_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_partner_with_actions(
    state: State<'_, AppState>,
    partner_id: String,
    owned: OwnedActions,
) -> Result<(), ApiError> {
    state.with(|s| s.delete_partner_with_actions(&partner_id, &owned))
}
