//! The command-line interface: the same `backbone` binary is a CLI when given a
//! subcommand, usable with no display. Parsing and every command's logic live here; the
//! binary only calls [`parse`] and [`run`].

pub mod actions;
pub mod backup;
pub mod chart;
pub mod community;
pub mod contributions;
pub mod equity;
pub mod export;
pub mod import;
pub mod meetings;
pub mod report;
pub mod scorecard;
pub mod sync;
pub mod worksheet;

use crate::error::{ApiError, Error};
use crate::paths;
use crate::store::Store;
use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

/// Backbone: plan and track collective impact work with Results-Based Accountability,
/// offline. With no command it opens the desktop app.
#[derive(Debug, Parser)]
#[command(name = "backbone", version, about, long_about = None)]
#[command(
    about = "Backbone: plan and track collective impact work with Results-Based Accountability, offline.\nWith no command it opens the desktop app on the database."
)]
pub struct Cli {
    /// The database file (default: $BACKBONE_DB, else backbone.sqlite in the app's data folder)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty database (no sample)
    Init,
    /// Load the sample initiative ("Sample: fictional data"), or remove it
    Sample {
        /// Remove the sample initiative and everything in it
        #[arg(long)]
        remove: bool,
    },
    /// Check the database: integrity, foreign keys, schema version (exit 1 when damaged)
    Check {
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// Draw a measure's trend chart to an SVG or PNG file (by the file's extension)
    Chart(chart::ChartArgs),
    /// Print an initiative's RBA scorecard: figures per measure and the roll-ups
    Scorecard {
        /// The initiative's id or name (default: the database's only initiative)
        #[arg(long, value_name = "ID|NAME")]
        initiative: Option<String>,
        /// Compute the card as it stood at this period (2024, 2023-24, FY2024, 2024Q1,
        /// 2024-03, ... or a date): actuals of later periods are ignored
        #[arg(long, value_name = "PERIOD")]
        as_of: Option<String>,
        /// json (the whole card, unrounded), csv (one line per measure) or table (for people)
        #[arg(long, value_enum, default_value_t = scorecard::Format::Table)]
        format: scorecard::Format,
    },
    /// A measure's disparity figures by group: values, rate differences and ratios against
    /// the reference group, gap trends, maximal ratio and difference, index of disparity
    Equity(equity::EquityArgs),
    /// Print a measure's Turn the Curve worksheet with its actions (Markdown or JSON)
    Worksheet(worksheet::WorksheetArgs),
    /// Print an initiative's contributions matrix: partners × results and programs, each
    /// cell the roles the partner holds there (CSV or a table)
    Contributions(contributions::ContributionsArgs),
    /// List an initiative's actions: open ones by due date, or filtered by partner, by
    /// measure, or to the overdue ones (JSON, CSV or a table)
    Actions(actions::ActionsArgs),
    /// List an initiative's community input, newest first: events with the themes heard,
    /// quotes, data-walk stations and what each informs (JSON or CSV)
    Community(community::CommunityArgs),
    /// List an initiative's partner meetings, newest first: status, agenda, attendees and
    /// what each filed (JSON or a table)
    Meetings(meetings::MeetingsArgs),
    /// Import values from a CSV or XLSX file (Backbone's long format, KIDS COUNT, Open SDG,
    /// Clear Impact, DHIS2 or a wide table); all of it lands, or nothing does
    Import(import::ImportArgs),
    /// Export an initiative: long CSV, XLSX (a sheet per measure and the scorecard) or a
    /// JSON bundle of every table
    Export(export::ExportArgs),
    /// An initiative's report or a meeting's pack: self-contained HTML or PDF (A4 or Letter)
    Report(report::ReportArgs),
    /// Write a consistent copy of the database (safe while the app runs)
    Backup(backup::BackupArgs),
    /// Replace the database with a backup, after checking it (the current file is kept
    /// as a backup)
    Restore(backup::RestoreArgs),
    /// Field sync between laptops: export and import change files, list and resolve
    /// conflicts, status
    Sync(sync::SyncArgs),
}

/// Parses the arguments (the first is the program name). `Err` carries clap's message
/// (help, version or a usage error) to print and the exit code to use.
pub fn parse<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    Cli::try_parse_from(args)
}

/// Runs a subcommand; returns the process exit code (0 ok, 1 failed).
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some(command) = cli.command else {
        let _ = writeln!(err, "error: no command given (see backbone --help)");
        return 2;
    };
    let path = paths::database_path(cli.db);
    match execute(&command, &path, out) {
        Ok(code) => code,
        Err(e) => {
            let api = ApiError::from(e);
            let _ = writeln!(err, "error: {}", api.message);
            1
        }
    }
}

/// Opens the database at `path`, which must exist (a report on a file that is not there
/// would otherwise create an empty one).
pub(crate) fn open_existing(path: &std::path::Path) -> Result<Store, Error> {
    if !path.exists() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    Store::open(path)
}

/// Lines of cells as a plain-text table: columns left-aligned to their widest cell, two
/// spaces apart, no trailing spaces.
pub(crate) fn aligned<L: AsRef<[String]>>(lines: &[L]) -> String {
    let columns = lines.iter().map(|l| l.as_ref().len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            lines
                .iter()
                .filter_map(|l| l.as_ref().get(c))
                .map(|t| t.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut s = String::new();
    for line in lines {
        let cells: Vec<String> = line
            .as_ref()
            .iter()
            .zip(&widths)
            .map(|(text, w)| format!("{text:<w$}"))
            .collect();
        s += cells.join("  ").trim_end();
        s += "\n";
    }
    s
}

fn execute(command: &Command, path: &std::path::Path, out: &mut dyn Write) -> Result<i32, Error> {
    let io = |source| Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
    };
    match command {
        Command::Init => {
            let existed = path.exists();
            let mut store = Store::open(path)?;
            if existed && store.check()?.initiatives > 0 {
                writeln!(
                    out,
                    "{} is already a Backbone database; left as it was",
                    path.display()
                )
                .map_err(io)?;
            } else {
                store.decline_sample()?;
                writeln!(
                    out,
                    "Created an empty Backbone database at {} (schema {})",
                    path.display(),
                    store.schema_version()?
                )
                .map_err(io)?;
            }
            Ok(0)
        }
        Command::Sample { remove: false } => {
            let mut store = Store::open(path)?;
            let id = store.load_sample()?;
            let name = store.get_initiative(&id)?.name;
            writeln!(
                out,
                "Loaded the sample initiative \"{name}\" ({id}) into {}",
                path.display()
            )
            .map_err(io)?;
            Ok(0)
        }
        Command::Sample { remove: true } => {
            let mut store = Store::open(path)?;
            let n = store.remove_sample()?;
            if n == 0 {
                writeln!(out, "There was no sample initiative in {}", path.display())
                    .map_err(io)?;
            } else {
                writeln!(out, "Removed the sample initiative from {}", path.display())
                    .map_err(io)?;
            }
            Ok(0)
        }
        Command::Chart(args) => chart::run(args, path, out),
        Command::Import(args) => import::run(args, path, out),
        Command::Equity(args) => equity::run(args, path, out),
        Command::Worksheet(args) => worksheet::run(args, path, out),
        Command::Contributions(args) => contributions::run(args, path, out),
        Command::Actions(args) => actions::run(args, path, out),
        Command::Community(args) => community::run(args, path, out),
        Command::Meetings(args) => meetings::run(args, path, out),
        Command::Export(args) => export::run(args, path, out),
        Command::Report(args) => report::run(args, path, out),
        Command::Backup(args) => backup::backup(args, path, out),
        Command::Restore(args) => backup::restore(args, path, out),
        Command::Sync(args) => sync::run(args, path, out),
        Command::Scorecard {
            initiative,
            as_of,
            format,
        } => scorecard::run(path, initiative.as_deref(), as_of.as_deref(), *format, out),
        Command::Check { json } => {
            let store = open_existing(path)?;
            let report = store.check()?;
            if *json {
                let text = serde_json::to_string_pretty(&report)
                    .map_err(|e| Error::Internal(e.to_string()))?;
                writeln!(out, "{text}").map_err(io)?;
            } else {
                writeln!(out, "{}", report.path).map_err(io)?;
                writeln!(
                    out,
                    "  schema version {} (this app: {})",
                    report.schema_version, report.latest_schema_version
                )
                .map_err(io)?;
                writeln!(
                    out,
                    "  {} initiatives, {} values",
                    report.initiatives, report.observations
                )
                .map_err(io)?;
                for line in report
                    .integrity_errors
                    .iter()
                    .chain(&report.foreign_key_errors)
                {
                    writeln!(out, "  problem: {line}").map_err(io)?;
                }
                writeln!(out, "  {}", if report.ok() { "ok" } else { "DAMAGED" }).map_err(io)?;
            }
            Ok(if report.ok() { 0 } else { 1 })
        }
    }
}
