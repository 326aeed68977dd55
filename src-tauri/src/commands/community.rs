//! Community input: events, themes, links and data walks (delete / restore an event:
//! `delete_item("community_event", id)`).

use crate::state::AppState;
use backbone::model::{
    CommunityEvent, CommunityEventInput, CommunityLink, CommunityTarget, CommunityTheme, LastHeard,
    MoveDirection, ReactionInput, StationInput,
};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn list_community_events(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<Vec<CommunityEvent>, ApiError> {
    state.with(|s| s.community_events(&initiative_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_community_event(
    state: State<'_, AppState>,
    id: String,
) -> Result<CommunityEvent, ApiError> {
    state.with(|s| s.community_event(&id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn community_events_for(
    state: State<'_, AppState>,
    kind: CommunityTarget,
    target_id: String,
) -> Result<Vec<CommunityEvent>, ApiError> {
    state.with(|s| s.events_for(kind, &target_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_community_event(
    state: State<'_, AppState>,
    initiative_id: String,
    input: CommunityEventInput,
) -> Result<CommunityEvent, ApiError> {
    state.with(|s| s.create_community_event(&initiative_id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_community_event(
    state: State<'_, AppState>,
    id: String,
    input: CommunityEventInput,
) -> Result<CommunityEvent, ApiError> {
    state.with(|s| s.update_community_event(&id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_community_themes(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<Vec<CommunityTheme>, ApiError> {
    state.with(|s| s.themes(&initiative_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn community_targets(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<Vec<CommunityLink>, ApiError> {
    state.with(|s| s.community_targets(&initiative_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn last_heard(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<Vec<LastHeard>, ApiError> {
    state.with(|s| s.last_heard(&initiative_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_data_walk_station(
    state: State<'_, AppState>,
    event_id: String,
    input: StationInput,
) -> Result<CommunityEvent, ApiError> {
    state.with(|s| s.add_station(&event_id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_data_walk_station(
    state: State<'_, AppState>,
    id: String,
    input: StationInput,
) -> Result<CommunityEvent, ApiError> {
    state.with(|s| s.update_station(&id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn move_data_walk_station(
    state: State<'_, AppState>,
    id: String,
    direction: MoveDirection,
) -> Result<CommunityEvent, ApiError> {
    state.with(|s| s.move_station(&id, direction))
}

#[tauri::command(rename_all = "snake_case")]
pub fn remove_data_walk_station(
    state: State<'_, AppState>,
    id: String,
) -> Result<CommunityEvent, ApiError> {
    state.with(|s| s.remove_station(&id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_data_walk_reaction(
    state: State<'_, AppState>,
    station_id: String,
    input: ReactionInput,
) -> Result<CommunityEvent, ApiError> {
    state.with(|s| s.add_reaction(&station_id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn remove_data_walk_reaction(
    state: State<'_, AppState>,
    id: String,
) -> Result<CommunityEvent, ApiError> {
    state.with(|s| s.remove_reaction(&id))
}
