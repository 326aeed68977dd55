//! Exporting an initiative to a file: a thin command over `backbone::export`.

use crate::state::blocking;
use backbone::export::{self, ExportFormat, ExportReport};
use backbone::ApiError;
use std::path::PathBuf;
use tauri::AppHandle;

#[tauri::command(rename_all = "snake_case")]
pub async fn export_initiative(
    app: AppHandle,
    initiative_id: String,
    format: ExportFormat,
    path: PathBuf,
) -> Result<ExportReport, ApiError> {
    blocking(app, move |state| {
        state.with(|s| export::export(s, &initiative_id, format, &path))
    })
    .await
}
