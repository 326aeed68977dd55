use crate::state::AppState;
use backbone::model::{Comment, CommentCounts, CommentTarget};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn get_author_name(state: State<'_, AppState>) -> Result<Option<String>, ApiError> {
    state.with(|s| s.author_name())
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_author_name(
    state: State<'_, AppState>,
    name: String,
) -> Result<Option<String>, ApiError> {
    state.with(|s| s.set_author_name(&name))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_comment(
    state: State<'_, AppState>,
    initiative_id: String,
    target: CommentTarget,
    body: String,
) -> Result<Comment, ApiError> {
    state.with(|s| s.add_comment(&initiative_id, &target, &body))
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_comments(
    state: State<'_, AppState>,
    target: CommentTarget,
) -> Result<Vec<Comment>, ApiError> {
    state.with(|s| s.comments_on(&target))
}

#[tauri::command(rename_all = "snake_case")]
pub fn resolve_comment(state: State<'_, AppState>, id: String) -> Result<Comment, ApiError> {
    state.with(|s| s.resolve_comment(&id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn reopen_comment(state: State<'_, AppState>, id: String) -> Result<Comment, ApiError> {
    state.with(|s| s.reopen_comment(&id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn comment_counts(
    state: State<'_, AppState>,
    measure_id: String,
) -> Result<CommentCounts, ApiError> {
    state.with(|s| s.comment_counts(&measure_id))
}
