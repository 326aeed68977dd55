use crate::state::AppState;
use backbone::model::{AgendaItem, Attendee, CaptureInput, Meeting, MeetingInput, MeetingItem};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn list_meetings(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<Vec<Meeting>, ApiError> {
    state.with(|s| s.list_meetings(&initiative_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_meeting(state: State<'_, AppState>, id: String) -> Result<Meeting, ApiError> {
    state.with(|s| s.meeting(&id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn default_agenda(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<Vec<AgendaItem>, ApiError> {
    state.with(|s| s.default_agenda(&initiative_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn create_meeting(
    state: State<'_, AppState>,
    initiative_id: String,
    input: MeetingInput,
) -> Result<Meeting, ApiError> {
    state.with(|s| s.create_meeting(&initiative_id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_meeting(
    state: State<'_, AppState>,
    id: String,
    input: MeetingInput,
) -> Result<Meeting, ApiError> {
    state.with(|s| s.update_meeting(&id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn start_meeting(state: State<'_, AppState>, id: String) -> Result<Meeting, ApiError> {
    state.with(|s| s.start_meeting(&id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn capture_meeting_item(
    state: State<'_, AppState>,
    meeting_id: String,
    input: CaptureInput,
) -> Result<MeetingItem, ApiError> {
    state.with(|s| s.capture(&meeting_id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn update_meeting_item(
    state: State<'_, AppState>,
    id: String,
    input: CaptureInput,
) -> Result<MeetingItem, ApiError> {
    state.with(|s| s.update_capture(&id, &input))
}

#[tauri::command(rename_all = "snake_case")]
pub fn remove_meeting_item(state: State<'_, AppState>, id: String) -> Result<Meeting, ApiError> {
    state.with(|s| s.remove_capture(&id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_meeting_record(
    state: State<'_, AppState>,
    id: String,
    notes: String,
    decisions: String,
    attendees: Vec<Attendee>,
) -> Result<Meeting, ApiError> {
    state.with(|s| s.set_meeting_record(&id, &notes, &decisions, &attendees))
}

#[tauri::command(rename_all = "snake_case")]
pub fn finish_meeting(state: State<'_, AppState>, id: String) -> Result<Meeting, ApiError> {
    state.with(|s| s.finish_meeting(&id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn prepare_next_meeting(
    state: State<'_, AppState>,
    id: String,
    meeting_date: String,
) -> Result<Meeting, ApiError> {
    state.with(|s| s.prepare_next_meeting(&id, &meeting_date))
}
