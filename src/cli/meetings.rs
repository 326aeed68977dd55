//! `backbone meetings`: an initiative's partner meetings, newest date first, with their
//! status, agenda size, who attended and what each filed (actions created, worksheet
//! ideas). As JSON (an array of `Meeting`, with agenda, attendees and captures) or an
//! aligned table for people.

use crate::error::Error;
use crate::model::{CaptureKind, Meeting};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How `backbone meetings` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An array of meetings with their agenda, attendees and captures
    Json,
    /// An aligned table for people
    Table,
}

/// Arguments of `backbone meetings`.
#[derive(Debug, Clone, Args)]
pub struct MeetingsArgs {
    /// The initiative's id or name (default: the database's only initiative)
    #[arg(long, value_name = "ID|NAME")]
    pub initiative: Option<String>,
    /// json or table
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn count(m: &Meeting, kind: CaptureKind) -> usize {
    m.items.iter().filter(|i| i.kind == kind).count()
}

/// The meetings as an aligned table.
fn table(meetings: &[Meeting]) -> String {
    let mut lines = vec![[
        "date",
        "title",
        "status",
        "slides",
        "attendees",
        "actions",
        "ideas",
    ]
    .map(String::from)
    .to_vec()];
    for m in meetings {
        lines.push(vec![
            m.meeting_date.clone(),
            m.title.clone(),
            m.status.as_str().replace('_', " "),
            m.agenda.len().to_string(),
            m.attendees
                .iter()
                .map(|a| a.partner_name.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            count(m, CaptureKind::Action).to_string(),
            count(m, CaptureKind::Idea).to_string(),
        ]);
    }
    super::aligned(&lines)
}

/// Runs `backbone meetings` on the database at `path`.
pub fn run(args: &MeetingsArgs, path: &Path, out: &mut dyn Write) -> Result<i32, Error> {
    let store = super::open_existing(path)?;
    let initiative = store.find_initiative(args.initiative.as_deref())?;
    let meetings = store.list_meetings(&initiative.id)?;
    let stdout = |source| Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
    };
    match args.format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&meetings)
                .map_err(|e| Error::Internal(e.to_string()))?;
            writeln!(out, "{text}").map_err(stdout)?;
        }
        Format::Table => out.write_all(table(&meetings).as_bytes()).map_err(stdout)?,
    }
    Ok(0)
}
