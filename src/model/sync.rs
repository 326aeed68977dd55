//! Field sync between laptops: what a sync export, import and folder exchange did, the
//! replicas this store knows, and the conflicts waiting for a person (see `src/sync/`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// This store's part in sync: who it is, where its sync folder is, whom it has heard from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    /// This store's replica id (made on first use; never travels with a copy of settings).
    pub replica_id: String,
    /// The name this laptop's changes are signed with (Settings' "your name"), if set.
    pub replica_name: Option<String>,
    /// The sync folder, if one was chosen.
    pub folder: Option<String>,
    /// Local changes made since this store last wrote a change file (any file).
    #[ts(type = "number")]
    pub unsent_changes: u64,
    /// Open conflicts.
    #[ts(type = "number")]
    pub open_conflicts: u64,
    /// Every other replica this store has imported changes from, most recent first.
    pub peers: Vec<SyncPeer>,
    /// The latest exchanges (exports and imports), newest first (at most 50).
    pub history: Vec<SyncEvent>,
}

/// Another laptop this store has heard from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncPeer {
    pub replica_id: String,
    /// The name its last file was signed with.
    pub name: Option<String>,
    /// When its last file was imported here.
    pub last_import_at: Option<String>,
    /// Changes received from it (or through it) in all.
    #[ts(type = "number")]
    pub changes_received: u64,
}

/// One exchange: a file written or read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncEvent {
    /// `export`, `import` or `ignored` (a file from this same store).
    pub kind: String,
    pub at: String,
    pub file: String,
    /// The other side: the sender of an import, the intended receiver of an export.
    pub peer_id: Option<String>,
    pub peer_name: Option<String>,
    #[ts(type = "number")]
    pub changes: u64,
    #[ts(type = "number")]
    pub applied: u64,
    #[ts(type = "number")]
    pub conflicts_new: u64,
}

/// What `sync export` wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncExportSummary {
    pub file: String,
    /// The replica the file was made for (its changes are those it has not seen), or
    /// `None`: every change.
    pub for_replica: Option<String>,
    #[ts(type = "number")]
    pub changes: u64,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What `sync import` did. `--json` prints `applied`, `skipped_seen`, `conflicts_new`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncImportSummary {
    pub file: String,
    /// The sender's replica id and name.
    pub from_replica: String,
    pub from_name: Option<String>,
    /// The file came from this same store and was ignored.
    pub own_file: bool,
    /// Changes new to this store (each was recorded; the newest write of each field is
    /// what the rows now hold).
    #[ts(type = "number")]
    pub applied: u64,
    /// Changes this store already had (importing a file twice changes nothing).
    #[ts(type = "number")]
    pub skipped_seen: u64,
    /// Conflicts opened by this import.
    #[ts(type = "number")]
    pub conflicts_new: u64,
    /// Rows written (created, changed, deleted or restored).
    #[ts(type = "number")]
    pub rows_changed: u64,
}

/// What one pass over the sync folder did: this store's file written, the others read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FolderSyncSummary {
    pub folder: String,
    pub written: SyncExportSummary,
    pub imported: Vec<SyncImportSummary>,
    /// Files that could not be read, each with why (nothing of them was applied).
    pub refused: Vec<SyncRefusal>,
}

/// A change file refused whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncRefusal {
    pub file: String,
    pub message: String,
}

/// One side of a conflict: a value someone wrote, where and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ConflictSide {
    /// The value as stored (string, number or null).
    #[ts(type = "string | number | boolean | null")]
    pub value: serde_json::Value,
    pub replica_id: String,
    /// The replica's name (Settings' "your name" on that laptop), when known.
    pub replica_name: Option<String>,
    /// Who made the change, when known.
    pub author: Option<String>,
    /// When it was made (that laptop's clock).
    pub at: String,
    /// This side is the value the row holds now.
    pub applied: bool,
    /// This side was written on this laptop.
    pub local: bool,
}

/// Concurrent edits of one field of one row. The newer write (by hybrid logical clock) is
/// applied; the other is kept here until a person resolves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Conflict {
    pub id: String,
    /// `open`, `resolved` (a person chose) or `superseded` (a later edit of the field,
    /// made knowing both sides, replaced them).
    pub status: String,
    /// The table and row (`measures`, its id) and the field (`name`).
    pub table: String,
    pub row_id: String,
    pub field: String,
    /// What the row is, in words (`Measure “Third-grade reading”`).
    pub what: String,
    /// The field in words ("name", "how we are doing").
    pub field_label: String,
    /// The initiative the row belongs to, when it can be told.
    pub initiative_id: Option<String>,
    /// Long text (a worksheet section, a description): show both texts side by side.
    pub long_text: bool,
    /// This laptop's side when one side was written here, the applied side otherwise.
    pub mine: ConflictSide,
    pub theirs: ConflictSide,
    pub detected_at: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
}

/// Which value a resolution keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "keep", content = "value", rename_all = "snake_case")]
pub enum Keep {
    Mine,
    Theirs,
    /// A value of the person's own (parsed for the field's type: a number for numeric
    /// fields, text otherwise; an empty string clears a field that may be empty).
    Value(String),
}
