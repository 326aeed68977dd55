//! Backbone core: the model, the SQLite store, and the command-line interface of an
//! offline Results-Based Accountability tool for collective impact initiatives.
//!
//! No Tauri here: the desktop shell (`src-tauri/`) only translates IPC calls into calls on
//! [`store::Store`] and errors into [`error::ApiError`].

pub mod actions;
pub mod bindings;
pub mod chart;
pub mod cli;
pub mod equity;
pub mod error;
pub mod export;
pub mod import;
pub mod model;
pub mod paths;
pub mod report;
pub mod scorecard;
pub mod store;
pub mod sync;
pub mod worksheet;

pub use error::{ApiError, Error, ErrorCode, Result};
pub use store::Store;
