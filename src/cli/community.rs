//! `backbone community`: an initiative's community input (DOMAIN.md "The work around the
//! numbers"), newest first, with what each event informs. As JSON (an array of
//! `CommunityEvent`, with themes, quotes, links and data-walk stations) or CSV (RFC 4180,
//! a header row, one line per event with its groups, themes and links joined by "; ").

use crate::error::Error;
use crate::model::CommunityEvent;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How `backbone community` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An array of events with their themes, quotes, links and stations
    Json,
    /// One line per event, with a header row
    Csv,
}

/// Arguments of `backbone community`.
#[derive(Debug, Clone, Args)]
pub struct CommunityArgs {
    /// The initiative's id or name (default: the database's only initiative)
    #[arg(long, value_name = "ID|NAME")]
    pub initiative: Option<String>,
    /// json or csv
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
}

/// The CSV header.
pub const CSV_HEADER: [&str; 13] = [
    "id",
    "event_date",
    "kind",
    "title",
    "place",
    "participants",
    "communities",
    "groups",
    "themes",
    "quotes",
    "links",
    "stations",
    "reactions",
];

/// Runs `backbone community` on the database at `path`.
pub fn run(args: &CommunityArgs, path: &Path, out: &mut dyn Write) -> Result<i32, Error> {
    let store = super::open_existing(path)?;
    let initiative = store.find_initiative(args.initiative.as_deref())?;
    let events = store.community_events(&initiative.id)?;
    let stdout = |source| Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
    };
    match args.format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&events)
                .map_err(|e| Error::Internal(e.to_string()))?;
            writeln!(out, "{text}").map_err(stdout)?;
        }
        Format::Csv => out.write_all(&csv(&events)?).map_err(stdout)?,
    }
    Ok(0)
}

/// The events as CSV (RFC 4180, CRLF line ends, a header row). Links read
/// "kind: name" (for example "measure: Graduation rate").
pub fn csv(events: &[CommunityEvent]) -> Result<Vec<u8>, Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Internal(e.to_string());
    w.write_record(CSV_HEADER).map_err(fail)?;
    for e in events {
        let groups = e
            .groups
            .iter()
            .map(|g| format!("{}: {}", g.dimension_name, g.name))
            .collect::<Vec<_>>()
            .join("; ");
        let themes = e
            .themes
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let quotes: usize = e.themes.iter().map(|t| t.quotes.len()).sum();
        let links = e
            .links
            .iter()
            .map(|l| format!("{}: {}", l.target_kind, l.name))
            .collect::<Vec<_>>()
            .join("; ");
        let reactions: usize = e.stations.iter().map(|s| s.reactions.len()).sum();
        w.write_record([
            e.id.as_str(),
            e.event_date.as_str(),
            e.kind.as_str(),
            e.title.as_str(),
            e.place.as_str(),
            &e.participants.map(|n| n.to_string()).unwrap_or_default(),
            e.communities.as_str(),
            &groups,
            &themes,
            &quotes.to_string(),
            &links,
            &e.stations.len().to_string(),
            &reactions.to_string(),
        ])
        .map_err(fail)?;
    }
    w.into_inner().map_err(|e| Error::Internal(e.to_string()))
}
