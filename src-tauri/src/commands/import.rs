//! Importing files: a preview (the core's dry run), the import itself with progress sent
//! through a channel, and cancelling either. Thin commands over `backbone::import`.

use crate::state::{blocking, AppState};
use backbone::import::{ImportOptions, ImportSummary, Progress};
use backbone::ApiError;
use std::path::PathBuf;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

/// What importing `path` with `options` would do; nothing is written.
#[tauri::command(rename_all = "snake_case")]
pub async fn preview_import(
    app: AppHandle,
    path: PathBuf,
    options: ImportOptions,
) -> Result<ImportSummary, ApiError> {
    let options = ImportOptions {
        dry_run: true,
        ..options
    };
    blocking(app, move |state| state.import(&path, &options, |_| {})).await
}

/// Imports `path`, all or nothing, sending progress to `on_progress`.
#[tauri::command(rename_all = "snake_case")]
pub async fn run_import(
    app: AppHandle,
    path: PathBuf,
    options: ImportOptions,
    on_progress: Channel<Progress>,
) -> Result<ImportSummary, ApiError> {
    let options = ImportOptions {
        dry_run: false,
        ..options
    };
    blocking(app, move |state| {
        state.import(&path, &options, |p| {
            // A window that stopped listening does not stop the import.
            let _ = on_progress.send(p);
        })
    })
    .await
}

/// Stops the running import or preview; it answers `cancelled` and writes nothing.
#[tauri::command(rename_all = "snake_case")]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import();
}
