use crate::state::AppState;
use backbone::model::AppInfo;
use backbone::{ApiError, Store};
use std::path::PathBuf;
use tauri::State;

fn info(store: &Store) -> backbone::Result<AppInfo> {
    Ok(AppInfo {
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: store.path().display().to_string(),
        schema_version: store.schema_version()?,
        sample_initiative_id: store.sample_initiative_id()?,
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ApiError> {
    state.with(|s| info(s))
}

#[tauri::command(rename_all = "snake_case")]
pub fn backup_database(state: State<'_, AppState>, path: PathBuf) -> Result<(), ApiError> {
    state.with(|s| s.backup_to(&path))
}

#[tauri::command(rename_all = "snake_case")]
pub fn open_database(state: State<'_, AppState>, path: PathBuf) -> Result<AppInfo, ApiError> {
    state.with(|s| {
        *s = Store::open(&path)?;
        crate::daily_backup(s);
        info(s)
    })
}
