//! Field sync between laptops: thin commands over `Store`'s sync methods (change files
//! written and read where the user picked in a dialog, the sync folder, conflicts).

use crate::state::blocking;
use backbone::model::sync::{
    Conflict, FolderSyncSummary, Keep, SyncExportSummary, SyncImportSummary, SyncStatus,
};
use backbone::ApiError;
use std::path::PathBuf;
use tauri::AppHandle;

/// This laptop's replica id and name, its sync folder, peers, history and open conflicts.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_status(app: AppHandle) -> Result<SyncStatus, ApiError> {
    blocking(app, |state| state.with(|s| s.sync_status())).await
}

/// Writes the changes `for_replica` has not seen (every change when null) to `path`.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_export(
    app: AppHandle,
    for_replica: Option<String>,
    path: PathBuf,
) -> Result<SyncExportSummary, ApiError> {
    blocking(app, move |state| {
        state.with(|s| s.sync_export(for_replica.as_deref(), &path))
    })
    .await
}

/// Applies a change file in one transaction (a damaged or newer file is refused whole).
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_import(app: AppHandle, path: PathBuf) -> Result<SyncImportSummary, ApiError> {
    blocking(app, move |state| state.with(|s| s.sync_import(&path))).await
}

/// The conflicts, open ones only or all, newest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_conflicts(app: AppHandle, open_only: bool) -> Result<Vec<Conflict>, ApiError> {
    blocking(app, move |state| {
        state.with(|s| s.sync_conflicts(open_only))
    })
    .await
}

/// Resolves an open conflict by keeping one side or a value of the person's own.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_resolve(app: AppHandle, id: String, keep: Keep) -> Result<Conflict, ApiError> {
    blocking(app, move |state| state.with(|s| s.sync_resolve(&id, &keep))).await
}

/// Chooses the sync folder, or forgets it with null.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_sync_folder(app: AppHandle, path: Option<PathBuf>) -> Result<(), ApiError> {
    blocking(app, move |state| {
        state.with(|s| s.set_sync_folder(path.as_deref()))
    })
    .await
}

/// One pass over the sync folder: the others' files read, this laptop's written.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_folder_now(app: AppHandle) -> Result<FolderSyncSummary, ApiError> {
    blocking(app, |state| state.with(|s| s.sync_folder_now())).await
}
