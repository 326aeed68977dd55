//! `backbone backup` and `backbone restore` (being built).

use crate::error::{Error, Result};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `backbone backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Arguments of `backbone restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file to restore
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
}

pub fn backup(_args: &BackupArgs, _path: &Path, _out: &mut dyn Write) -> Result<i32> {
    Err(Error::Internal("backup: being built".into()))
}

pub fn restore(_args: &RestoreArgs, _path: &Path, _out: &mut dyn Write) -> Result<i32> {
    Err(Error::Internal("restore: being built".into()))
}
