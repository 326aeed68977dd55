//! `backbone export` (being built).

use crate::error::{Error, Result};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `backbone export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn run(_args: &ExportArgs, _path: &Path, _out: &mut dyn Write) -> Result<i32> {
    Err(Error::Internal("export: being built".into()))
}
