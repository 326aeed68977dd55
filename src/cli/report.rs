//! `backbone report`: an initiative's report, or a meeting's pack, as one self-contained
//! HTML file or a PDF (A4 or Letter), written atomically.

use crate::error::Error;
use crate::report::{self, Paper};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The report's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One self-contained HTML file (inline CSS and SVG charts; prints on A4 and Letter)
    Html,
    /// A PDF with real text and vector charts
    Pdf,
}

/// The paper a PDF is laid out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperName {
    A4,
    Letter,
}

/// Arguments of `backbone report`.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// The initiative's id or name (default: the meeting's, else the database's only one)
    #[arg(long, value_name = "ID|NAME")]
    pub initiative: Option<String>,
    /// A meeting's id: its pack (its agenda's measures, notes, decisions, actions created)
    #[arg(long, value_name = "ID")]
    pub meeting: Option<String>,
    /// html or pdf
    #[arg(long, value_enum)]
    pub format: Format,
    /// The PDF's paper: a4 or letter
    #[arg(long, value_enum, default_value_t = PaperName::A4)]
    pub paper: PaperName,
    /// The file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Runs `backbone report` on the database at `path`.
pub fn run(args: &ReportArgs, path: &Path, out: &mut dyn Write) -> Result<i32, Error> {
    let store = super::open_existing(path)?;
    let initiative = match (&args.initiative, &args.meeting) {
        (None, Some(meeting)) => store.get_initiative(&store.meeting(meeting)?.initiative_id)?,
        (key, _) => store.find_initiative(key.as_deref())?,
    };
    let input = store.report_input(&initiative.id, args.meeting.as_deref())?;
    let paper = match args.paper {
        PaperName::A4 => Paper::A4,
        PaperName::Letter => Paper::Letter,
    };
    let bytes = match args.format {
        Format::Html => report::html(&input).into_bytes(),
        Format::Pdf => report::pdf(&input, paper)?,
    };
    crate::export::atomic::write_atomically(&args.out, |w| {
        w.write_all(&bytes).map_err(|source| Error::Io {
            path: args.out.clone(),
            source,
        })
    })?;
    let what = match &input.meeting {
        Some(m) => format!("the pack of \"{}\" ({})", m.title, m.date),
        None => format!("the report of \"{}\"", initiative.name),
    };
    let kind = match args.format {
        Format::Html => "HTML".to_string(),
        Format::Pdf => format!("PDF, {}", if paper == Paper::A4 { "A4" } else { "Letter" }),
    };
    writeln!(out, "Wrote {what} ({kind}) to {}", args.out.display()).map_err(|source| {
        Error::Io {
            path: PathBuf::from("<stdout>"),
            source,
        }
    })?;
    Ok(0)
}
