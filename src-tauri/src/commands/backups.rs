//! The backups folder: listing, "Back up now", and restoring the database from a backup.
//! Thin commands over `Store`'s backup methods (`backbone::store` owns the files).

use crate::state::{blocking, AppState};
use backbone::model::{BackupInfo, RestoreReport};
use backbone::ApiError;
use std::path::PathBuf;
use tauri::{AppHandle, State};

/// The folder the database's backups go to (none for an in-memory database).
#[tauri::command(rename_all = "snake_case")]
pub fn backups_folder(state: State<'_, AppState>) -> Result<Option<String>, ApiError> {
    state.with(|s| Ok(s.backup_dir().map(|d| d.display().to_string())))
}

/// Every backup in the backups folder, newest first.
#[tauri::command(rename_all = "snake_case")]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, ApiError> {
    state.with(|s| s.list_backups())
}

/// Writes a backup into the backups folder now (kept until the person removes it).
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_now(app: AppHandle) -> Result<BackupInfo, ApiError> {
    blocking(app, |state| state.with(|s| s.backup_now())).await
}

/// Replaces the database's content with the backup at `path`, keeping the current content
/// as a `before_restore` backup. The window reloads everything afterwards.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_database(app: AppHandle, path: PathBuf) -> Result<RestoreReport, ApiError> {
    blocking(app, move |state| state.with(|s| s.restore_from(&path))).await
}
