//! `backbone backup` and `backbone restore`: copies of the database, and putting one back.
//!
//! The work is the store's (`Store::backup_to_file`, `backup_now`, `list_backups`,
//! `restore_from`); this module checks the arguments and prints what was done and where.

use crate::error::{Error, Result};
use crate::model::BackupInfo;
use crate::store::Store;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `backbone backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write (default: a new file in the database's backups folder)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Only list the backups in the database's backups folder, newest first
    #[arg(long, conflicts_with_all = ["out", "force"])]
    pub list: bool,
}

/// Arguments of `backbone restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file to restore
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
}

fn io(source: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
    }
}

fn not_found(path: &Path) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
    }
}

/// A size for people: bytes, kB or MB.
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// `backbone backup [--out FILE [--force]] [--list]`.
pub fn backup(args: &BackupArgs, path: &Path, out: &mut dyn Write) -> Result<i32> {
    if !path.exists() {
        return Err(not_found(path));
    }
    if let Some(dest) = &args.out {
        if dest.exists() && !args.force {
            return Err(Error::invalid(
                "out",
                format!(
                    "{} already exists; pass --force to replace it",
                    dest.display()
                ),
            ));
        }
    }
    let store = Store::open(path)?;
    if args.list {
        return list(&store, out);
    }
    let schema = store.schema_version()?;
    match &args.out {
        Some(dest) => {
            let existed = dest.exists();
            let bytes = store.backup_to_file(dest, args.force)?;
            writeln!(
                out,
                "Backed up {} (schema {schema}) to {} ({}{})",
                path.display(),
                dest.display(),
                size(bytes),
                if existed {
                    ", replacing the old file"
                } else {
                    ""
                }
            )
            .map_err(io)?;
        }
        None => {
            let info = store.backup_now()?;
            writeln!(
                out,
                "Backed up {} (schema {schema}) to {} ({})",
                path.display(),
                info.path,
                size(info.size_bytes)
            )
            .map_err(io)?;
        }
    }
    Ok(0)
}

fn list(store: &Store, out: &mut dyn Write) -> Result<i32> {
    let dir = store
        .backup_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let backups = store.list_backups()?;
    if backups.is_empty() {
        writeln!(
            out,
            "No backups of {} yet; they go to {dir}",
            store.path().display()
        )
        .map_err(io)?;
        return Ok(0);
    }
    writeln!(
        out,
        "{} backups of {} in {dir}, newest first:",
        backups.len(),
        store.path().display()
    )
    .map_err(io)?;
    for BackupInfo {
        file_name,
        kind,
        created_at,
        size_bytes,
        ..
    } in &backups
    {
        // "2026-11-24T09:00:00.000Z" → "2026-11-24 09:00:00 UTC"
        let when = created_at
            .get(..19)
            .map(|t| format!("{} UTC", t.replace('T', " ")))
            .unwrap_or_else(|| created_at.clone());
        writeln!(
            out,
            "  {when}  {:<16}  {:>10}  {file_name}",
            kind.as_str(),
            size(*size_bytes)
        )
        .map_err(io)?;
    }
    Ok(0)
}

/// `backbone restore --from FILE`.
pub fn restore(args: &RestoreArgs, path: &Path, out: &mut dyn Write) -> Result<i32> {
    let from = &args.from;
    if !from.exists() {
        return Err(not_found(from));
    }
    let existed = path.exists();
    let mut store = Store::open(path)?;
    let report = match store.restore_from(from) {
        Ok(report) => report,
        Err(e) => {
            if !existed {
                // Refused into a database made just for it: leave no empty file behind.
                let backups = store.backup_dir();
                drop(store);
                for suffix in ["", "-wal", "-shm"] {
                    let mut name = path.as_os_str().to_os_string();
                    name.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(name));
                }
                if let Some(dir) = backups {
                    let _ = std::fs::remove_dir(dir);
                }
            }
            return Err(e);
        }
    };
    writeln!(
        out,
        "Checked {}: a whole Backbone database (schema {}) with {} initiatives and {} values",
        report.restored_from, report.from_schema_version, report.initiatives, report.observations
    )
    .map_err(io)?;
    if let Some(kept) = &report.before_restore {
        writeln!(
            out,
            "Kept the previous content of {} as {} ({})",
            report.database,
            kept.path,
            size(kept.size_bytes)
        )
        .map_err(io)?;
    }
    let migrated = if report.from_schema_version < report.schema_version {
        format!(
            ", migrated from schema {} to {}",
            report.from_schema_version, report.schema_version
        )
    } else {
        String::new()
    };
    writeln!(
        out,
        "Restored {} from {}{migrated}",
        report.database, report.restored_from
    )
    .map_err(io)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size(0), "0 bytes");
        assert_eq!(size(999), "999 bytes");
        assert_eq!(size(49_152), "49.2 kB");
        assert_eq!(size(3_400_000), "3.4 MB");
    }
}
