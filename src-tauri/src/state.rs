//! The shell's state: the open store behind a mutex, and the flag that cancels a running
//! import.

use backbone::import::{import_file, ImportOptions, ImportSummary, Progress};
use backbone::{ApiError, ErrorCode, Store};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use tauri::{AppHandle, Manager};

/// The app's one open database.
pub struct AppState {
    store: Mutex<Store>,
    /// Set by `cancel_import`; the running import's progress callback reads it.
    cancel: AtomicBool,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        AppState {
            store: Mutex::new(store),
            cancel: AtomicBool::new(false),
        }
    }

    /// Runs `f` on the store and turns its error into the IPC form.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Store) -> backbone::Result<T>,
    ) -> Result<T, ApiError> {
        let mut store = self
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut store).map_err(ApiError::from)
    }

    /// Imports `path` (or previews it, with `opts.dry_run`), passing each progress report
    /// to `report`. [`AppState::cancel_import`] stops it: the core rolls everything back
    /// and answers `cancelled`.
    pub fn import(
        &self,
        path: &Path,
        opts: &ImportOptions,
        report: impl Fn(Progress),
    ) -> Result<ImportSummary, ApiError> {
        self.with(|store| {
            // Cleared once the store is ours: a cancel meant for an import still running
            // when this one was asked for is not lost.
            self.cancel.store(false, Ordering::SeqCst);
            import_file(store, path, opts, &mut |p| {
                report(p);
                !self.cancel.load(Ordering::SeqCst)
            })
        })
    }

    /// Asks the running import (or preview) to stop at its next progress report.
    pub fn cancel_import(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }
}

/// Runs `f` with the app's state on a thread meant for blocking work, so a long import,
/// export or restore leaves the window responsive (progress and `cancel_import` get
/// through while it runs).
pub async fn blocking<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppState>()))
        .await
        .map_err(|e| ApiError {
            code: ErrorCode::Internal,
            message: format!("the background task stopped unexpectedly: {e}"),
            field: None,
        })?
}
