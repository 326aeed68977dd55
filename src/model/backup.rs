//! Backups of the database, as the Settings screen and the CLI list them, and what a
//! restore did.

use super::text_enum;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    /// Why a backup in the database's backups folder was written.
    BackupKind {
        /// The first use of the app on a day (the last 7 are kept).
        Daily => "daily",
        /// Opening a file written by an older Backbone, before migrating it (last 7 kept).
        BeforeMigration => "before_migration",
        /// The content a restore replaced (last 7 kept).
        BeforeRestore => "before_restore",
        /// Asked for by the person ("Back up now"); never removed by the app.
        Manual => "manual",
    }
}

/// One backup file in the database's backups folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    /// The full path of the file.
    pub path: String,
    /// The file's name in the backups folder.
    pub file_name: String,
    pub kind: BackupKind,
    /// When it was written (RFC 3339, UTC), read from its name.
    pub created_at: String,
    /// The file's size in bytes.
    pub size_bytes: u64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RestoreReport {
    /// The database whose content was replaced.
    pub database: String,
    /// The backup file it now holds.
    pub restored_from: String,
    /// The copy of the content it held before (none for an in-memory database).
    pub before_restore: Option<BackupInfo>,
    /// The schema version of the backup file (older ones are migrated while restoring).
    pub from_schema_version: i64,
    /// The schema version of the database now.
    pub schema_version: i64,
    /// Initiatives in the restored content (not counting the trash).
    pub initiatives: i64,
    /// Values in the restored content (not counting the trash).
    pub observations: i64,
}
