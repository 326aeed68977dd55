//! Backbone's desktop shell: Tauri setup, state and thin commands over the `backbone` core.
//! Nothing here decides anything about the domain: commands unpack, call the core, and
//! convert the error.

mod commands;
mod state;

use backbone::{paths, ApiError, Store};
use state::AppState;
use std::path::PathBuf;

/// Opens the database (`--db`, `$BACKBONE_DB`, or the default in the app-data folder),
/// loads the sample on first run, and runs the window until it closes.
pub fn run(db: Option<PathBuf>) -> Result<(), ApiError> {
    let path = paths::database_path(db);
    let mut store = Store::open(&path)?;
    store.load_sample_on_first_run()?;
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new(store))
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!("../tauri.conf.json"))
        .map_err(|e| ApiError {
            code: backbone::ErrorCode::Internal,
            message: format!("the window could not start: {e}"),
            field: None,
        })
}
