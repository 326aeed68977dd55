use crate::state::AppState;
use backbone::scorecard::Scorecard;
use backbone::ApiError;
use tauri::State;

/// The scorecard of an initiative, as of a period label or date (`None`: now).
#[tauri::command(rename_all = "snake_case")]
pub fn scorecard(
    state: State<'_, AppState>,
    initiative_id: String,
    as_of: Option<String>,
) -> Result<Scorecard, ApiError> {
    state.with(|s| s.scorecard(&initiative_id, as_of.as_deref()))
}
