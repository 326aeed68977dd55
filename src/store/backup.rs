//! Backups and restore (being built).
