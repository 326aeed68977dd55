//! `backbone sync`: field sync between laptops by change files (issue 9). `export` writes
//! the changes another laptop has not seen (everything for one never heard from),
//! `import` applies a colleague's file, `conflicts` lists the concurrent edits waiting
//! for a person, `resolve` settles one, `status` says who this copy is and whom it has
//! heard from.
//!
//! The work is the store's (`Store::sync_*`); this module parses, calls and says what
//! happened in words (or JSON for scripts).

use crate::error::{Error, Result};
use crate::model::sync::{Conflict, ConflictSide, Keep, SyncImportSummary};
use crate::store::Store;
use clap::{Args, Subcommand, ValueEnum};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `backbone sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(subcommand)]
    pub command: SyncCommand,
}

/// The `sync` subcommands.
#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Write a change file: the changes REPLICA has not seen (every change without --for,
    /// or when REPLICA has never sent a file here)
    Export {
        /// The replica id of the laptop the file is for (see `backbone sync status`)
        #[arg(long = "for", value_name = "REPLICA")]
        for_replica: Option<String>,
        /// The change file to write (replaced if it exists)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Apply a colleague's change file, all of it or nothing (importing it twice changes
    /// nothing)
    Import {
        /// The change file (.bbsync)
        file: PathBuf,
        /// Print {"applied", "skipped_seen", "conflicts_new", "from_replica", "own_file"}
        #[arg(long)]
        json: bool,
    },
    /// List the open conflicts: concurrent edits of one field on two laptops
    Conflicts {
        /// json (every detail) or table (for people)
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Resolve an open conflict; the choice travels to the other laptops with the next
    /// exchange
    Resolve {
        /// The conflict's id (see `backbone sync conflicts`)
        id: String,
        /// `mine` (this laptop's value), `theirs`, or any other text: that value
        #[arg(long, value_name = "mine|theirs|VALUE", allow_hyphen_values = true)]
        keep: String,
    },
    /// This copy's replica id, the laptops heard from, and the open conflicts
    Status {
        /// Print the whole status as JSON
        #[arg(long)]
        json: bool,
    },
}

/// How `backbone sync conflicts` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An array of conflicts with both sides, who and when
    Json,
    /// An aligned table for people
    Table,
}

fn stdout(source: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
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

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The words for `--keep`: `mine`, `theirs`, anything else a value.
pub fn keep_of(text: &str) -> Keep {
    match text {
        "mine" => Keep::Mine,
        "theirs" => Keep::Theirs,
        other => Keep::Value(other.to_string()),
    }
}

/// Runs `backbone sync ...` on the database at `path`.
pub fn run(args: &SyncArgs, path: &Path, out: &mut dyn Write) -> Result<i32> {
    let mut store = super::open_existing(path)?;
    match &args.command {
        SyncCommand::Export {
            for_replica,
            out: file,
        } => export(&mut store, for_replica.as_deref(), file, out),
        SyncCommand::Import { file, json } => {
            let summary = store.sync_import(file)?;
            if *json {
                let v = serde_json::json!({
                    "applied": summary.applied,
                    "skipped_seen": summary.skipped_seen,
                    "conflicts_new": summary.conflicts_new,
                    "from_replica": summary.from_replica,
                    "own_file": summary.own_file,
                });
                writeln!(out, "{v}").map_err(stdout)?;
            } else {
                writeln!(out, "{}", import_words(&summary)).map_err(stdout)?;
            }
            Ok(0)
        }
        SyncCommand::Conflicts { format } => {
            let conflicts = store.sync_conflicts(true)?;
            match format {
                Format::Json => {
                    let text = serde_json::to_string_pretty(&conflicts)
                        .map_err(|e| Error::Internal(e.to_string()))?;
                    writeln!(out, "{text}").map_err(stdout)?;
                }
                Format::Table => out
                    .write_all(table(&conflicts).as_bytes())
                    .map_err(stdout)?,
            }
            Ok(0)
        }
        SyncCommand::Resolve { id, keep } => {
            let done = store.sync_resolve(id, &keep_of(keep))?;
            // The conflict keeps both sides as they were; the row now holds the kept one.
            let value = match keep_of(keep) {
                Keep::Mine => shown(&done.mine.value),
                Keep::Theirs => shown(&done.theirs.value),
                Keep::Value(v) => v,
            };
            writeln!(
                out,
                "Resolved: {} {} is now \"{}\" (conflict {}); it travels with your next export",
                done.what, done.field_label, value, done.id
            )
            .map_err(stdout)?;
            Ok(0)
        }
        SyncCommand::Status { json } => {
            let status = store.sync_status()?;
            if *json {
                let text = serde_json::to_string_pretty(&status)
                    .map_err(|e| Error::Internal(e.to_string()))?;
                writeln!(out, "{text}").map_err(stdout)?;
                return Ok(0);
            }
            let mut s = format!("Replica {}", status.replica_id);
            if let Some(n) = &status.replica_name {
                s += &format!(" ({n})");
            }
            s += "\n";
            if let Some(f) = &status.folder {
                s += &format!("Sync folder: {f}\n");
            }
            s += &format!(
                "{} not yet sent; {}\n",
                plural(status.unsent_changes, "local change", "local changes"),
                plural(status.open_conflicts, "open conflict", "open conflicts")
            );
            if status.peers.is_empty() {
                s += "No other laptop heard from yet\n";
            } else {
                let mut lines = vec![[
                    "Replica".to_string(),
                    "Name".into(),
                    "Last import".into(),
                    "Changes received".into(),
                ]];
                for p in &status.peers {
                    lines.push([
                        p.replica_id.clone(),
                        p.name.clone().unwrap_or_else(|| "-".into()),
                        p.last_import_at.clone().unwrap_or_else(|| "-".into()),
                        p.changes_received.to_string(),
                    ]);
                }
                s += &super::aligned(&lines);
            }
            out.write_all(s.as_bytes()).map_err(stdout)?;
            Ok(0)
        }
    }
}

fn export(
    store: &mut Store,
    for_replica: Option<&str>,
    file: &Path,
    out: &mut dyn Write,
) -> Result<i32> {
    let peer = match for_replica {
        Some(r) => Some(
            store
                .sync_status()?
                .peers
                .into_iter()
                .find(|p| p.replica_id == r),
        ),
        None => None,
    };
    let summary = store.sync_export(for_replica, file)?;
    let what = plural(summary.changes, "change", "changes");
    let line = match (for_replica, peer) {
        (None, _) => format!("Wrote all {what} to {}", summary.file),
        (Some(r), Some(Some(p))) => format!(
            "Wrote {what} {} has not seen to {}",
            p.name.map_or_else(|| format!("replica {r}"), |n| format!("{n}'s laptop")),
            summary.file
        ),
        (Some(r), _) => format!(
            "Wrote all {what} to {} (replica {r} has not sent a file here yet, so it gets everything)",
            summary.file
        ),
    };
    writeln!(out, "{line} ({})", size(summary.bytes)).map_err(stdout)?;
    Ok(0)
}

/// What an import did, in words.
pub fn import_words(s: &SyncImportSummary) -> String {
    let from = match &s.from_name {
        Some(n) => format!("{n}'s laptop"),
        None => format!("replica {}", s.from_replica),
    };
    if s.own_file {
        return format!(
            "{} was written by this database (replica {}); nothing to apply",
            s.file, s.from_replica
        );
    }
    let mut line = format!(
        "Applied {} from {from} ({} already here)",
        plural(s.applied, "change", "changes"),
        s.skipped_seen
    );
    if s.conflicts_new > 0 {
        line += &format!(
            "; {}: run `backbone sync conflicts`",
            plural(s.conflicts_new, "new conflict", "new conflicts")
        );
    }
    line
}

/// A stored value for people: text as is, numbers plainly, nothing as "(empty)".
fn shown(v: &Value) -> String {
    match v {
        Value::Null => "(empty)".into(),
        Value::String(s) if s.is_empty() => "(empty)".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A value on one line of at most 40 characters.
fn cell(v: &Value) -> String {
    let s: String = shown(v).split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 40 {
        s.chars().take(39).collect::<String>() + "…"
    } else {
        s
    }
}

fn who(side: &ConflictSide) -> String {
    let name = side
        .author
        .clone()
        .or_else(|| side.replica_name.clone())
        .unwrap_or_else(|| format!("replica {}", side.replica_id));
    let when: String = side
        .at
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ");
    format!("{name} {when}")
}

/// The open conflicts as an aligned table; the applied value is marked with `*`.
pub fn table(conflicts: &[Conflict]) -> String {
    let mut lines: Vec<[String; 6]> = vec![[
        "Id".into(),
        "What".into(),
        "Field".into(),
        "Mine".into(),
        "Theirs".into(),
        "Who/when (mine; theirs)".into(),
    ]];
    for c in conflicts {
        let mark = |s: &ConflictSide| {
            if s.applied {
                format!("*{}", cell(&s.value))
            } else {
                cell(&s.value)
            }
        };
        lines.push([
            c.id.clone(),
            c.what.clone(),
            c.field_label.clone(),
            mark(&c.mine),
            mark(&c.theirs),
            format!("{}; {}", who(&c.mine), who(&c.theirs)),
        ]);
    }
    let mut s = super::aligned(&lines);
    if conflicts.is_empty() {
        s += "(no open conflicts)\n";
    } else {
        s += "* the value the row holds now. Resolve with `backbone sync resolve ID --keep mine|theirs|VALUE`\n";
    }
    s
}
