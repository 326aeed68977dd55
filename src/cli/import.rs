//! `backbone import` (being built).

use crate::error::{Error, Result};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `backbone import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV or XLSX file to import
    pub file: PathBuf,
}

pub fn run(_args: &ImportArgs, _path: &Path, _out: &mut dyn Write) -> Result<i32> {
    Err(Error::Internal("import: being built".into()))
}
