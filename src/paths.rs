//! Where the default database lives.
//!
//! The same place the desktop shell's app-data folder points to: the OS's data folder
//! (`$XDG_DATA_HOME` or `~/.local/share` on Linux, `~/Library/Application Support` on macOS,
//! `%APPDATA%` on Windows) joined with the app identifier. `BACKBONE_DB` overrides it, and
//! `--db PATH` overrides both.

use std::path::PathBuf;

/// The app identifier (also `identifier` in `tauri.conf.json`).
pub const APP_IDENTIFIER: &str = "org.backbone.desktop";
/// The environment variable that points at another database.
pub const DB_ENV: &str = "BACKBONE_DB";
/// The default database file name.
pub const DB_FILE: &str = "backbone.sqlite";

/// The database to open: `explicit` (from `--db`), else `$BACKBONE_DB`, else the default
/// file in the data folder.
pub fn database_path(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| {
            std::env::var_os(DB_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(default_database_path)
}

/// The default database file in the OS's data folder.
pub fn default_database_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
        .join(DB_FILE)
}
