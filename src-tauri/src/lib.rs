//! Backbone's desktop shell: Tauri setup, state and thin commands over the `backbone` core.
//! Nothing here decides anything about the domain: commands unpack, call the core, and
//! convert the error.

mod commands;
mod state;

use backbone::{paths, ApiError, Store};
use state::AppState;
use std::path::PathBuf;

/// Opens the database (`--db`, `$BACKBONE_DB`, or the default in the app-data folder),
/// loads the sample on first run, takes the day's backup, and runs the window until it
/// closes.
pub fn run(db: Option<PathBuf>) -> Result<(), ApiError> {
    let path = paths::database_path(db);
    let mut store = Store::open(&path)?;
    store.load_sample_on_first_run()?;
    daily_backup(&store);
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

/// The once-a-day copy into the backups folder (a no-op once today's exists). A failure
/// is reported on stderr and never keeps the app from starting.
pub(crate) fn daily_backup(store: &Store) {
    match store.daily_backup() {
        Ok(Some(backup)) => eprintln!("backbone: today's backup is {}", backup.path),
        Ok(None) => {}
        Err(e) => eprintln!(
            "backbone: the daily backup of {} could not be written ({e}); carrying on without it",
            store.path().display()
        ),
    }
}
