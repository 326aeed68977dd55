//! The shell's state: the open store behind a mutex.

use backbone::{ApiError, Store};
use std::sync::Mutex;

/// The app's one open database.
pub struct AppState {
    store: Mutex<Store>,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        AppState {
            store: Mutex::new(store),
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
}
