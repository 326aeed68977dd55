//! The meeting report and the data-walk pack: thin commands writing the file the user
//! picked in the save dialog (`backbone::report`, `Store::export_report` and
//! `Store::export_data_walk`).

use crate::state::blocking;
use backbone::report::{Paper, ReportFormat, ReportSummary};
use backbone::ApiError;
use std::path::PathBuf;
use tauri::AppHandle;

/// Writes an initiative's report, or a meeting's pack with `meeting_id`, as HTML or PDF.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_report(
    app: AppHandle,
    initiative_id: String,
    meeting_id: Option<String>,
    format: ReportFormat,
    paper: Paper,
    path: PathBuf,
) -> Result<ReportSummary, ApiError> {
    blocking(app, move |state| {
        state.with(|s| s.export_report(&initiative_id, meeting_id.as_deref(), format, paper, &path))
    })
    .await
}

/// Writes a data walk's printable and projectable pack (HTML).
#[tauri::command(rename_all = "snake_case")]
pub async fn export_data_walk(
    app: AppHandle,
    event_id: String,
    path: PathBuf,
) -> Result<ReportSummary, ApiError> {
    blocking(app, move |state| {
        state.with(|s| s.export_data_walk(&event_id, &path))
    })
    .await
}
