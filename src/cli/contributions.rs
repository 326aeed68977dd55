//! `backbone contributions`: an initiative's contributions matrix (DOMAIN.md "The work
//! around the numbers"): its partners by name × its results then programs, each cell the
//! roles the partner holds there ("lead", "contributor", "partner: <the role in words>";
//! roles on a result's indicators count under the result, on a program's measures under
//! the program). As CSV (the same as the app's "Export CSV…") or a table for people.

use crate::error::Error;
use crate::model::ContributionsMatrix;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How `backbone contributions` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A Partner column, then one column per result and program; roles joined by " | "
    Csv,
    /// A table for people ("-": no role)
    Table,
}

/// Arguments of `backbone contributions`.
#[derive(Debug, Clone, Args)]
pub struct ContributionsArgs {
    /// The initiative's id or name (default: the database's only initiative)
    #[arg(long, value_name = "ID|NAME")]
    pub initiative: Option<String>,
    /// csv or table
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (atomically) instead of printing
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Runs `backbone contributions` on the database at `path`.
pub fn run(args: &ContributionsArgs, path: &Path, out: &mut dyn Write) -> Result<i32, Error> {
    let store = super::open_existing(path)?;
    let initiative = store.find_initiative(args.initiative.as_deref())?;
    let matrix = store.contributions_matrix(&initiative.id)?;
    let stdout = |source| Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
    };
    let write = |w: &mut dyn Write| -> Result<(), Error> {
        match args.format {
            Format::Csv => store.contributions_csv(&initiative.id, w).map(|_| ()),
            Format::Table => w.write_all(table(&matrix).as_bytes()).map_err(stdout),
        }
    };
    match &args.out {
        Some(file) => {
            crate::export::atomic::write_atomically(file, write)?;
            writeln!(
                out,
                "Wrote the contributions of \"{}\" ({} partners × {} results and programs) to {}",
                initiative.name,
                matrix.rows.len(),
                matrix.columns.len(),
                file.display()
            )
            .map_err(stdout)?;
        }
        None => write(out)?,
    }
    Ok(0)
}

/// The matrix as a table for people: one line per partner, "-" where it holds no role.
pub fn table(m: &ContributionsMatrix) -> String {
    let mut lines: Vec<Vec<String>> = Vec::with_capacity(m.rows.len() + 1);
    let mut header = vec!["Partner".to_string()];
    header.extend(m.columns.iter().map(|c| c.name.clone()));
    lines.push(header);
    for row in &m.rows {
        let mut line = vec![row.partner_name.clone()];
        line.extend(row.cells.iter().map(|cell| {
            if cell.is_empty() {
                "-".to_string()
            } else {
                cell.iter()
                    .map(|r| r.label.as_str())
                    .collect::<Vec<_>>()
                    .join(crate::store::ROLE_SEPARATOR)
            }
        }));
        lines.push(line);
    }
    let mut s = super::aligned(&lines);
    if m.rows.is_empty() {
        s += "(no partners yet)\n";
    }
    s
}
