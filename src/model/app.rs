//! What the UI needs to know about the running app.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The running app and its open database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub app_version: String,
    pub db_path: String,
    pub schema_version: i64,
    /// The live sample initiative, when one is loaded.
    pub sample_initiative_id: Option<String>,
}
