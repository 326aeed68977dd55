//! `backbone actions`: an initiative's actions (DOMAIN.md "The work around the numbers"):
//! open ones by default, by due date (undated last), filtered by owner partner, by the
//! measure they serve, or to the overdue ones. As JSON (an array of `Action`), CSV
//! (RFC 4180, a header row) or an aligned table for people. "Overdue" uses today's date.

use crate::error::Error;
use crate::model::{Action, ActionFilter};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How `backbone actions` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An array of actions with their links and status log
    Json,
    /// One line per action, with a header row
    Csv,
    /// An aligned table for people
    Table,
}

/// Arguments of `backbone actions`.
#[derive(Debug, Clone, Args)]
pub struct ActionsArgs {
    /// The initiative's id or name (default: the database's only initiative)
    #[arg(long, value_name = "ID|NAME")]
    pub initiative: Option<String>,
    /// Only actions due before today that are not done or dropped
    #[arg(long)]
    pub overdue: bool,
    /// Only actions owned by this partner (id or name)
    #[arg(long, value_name = "ID|NAME")]
    pub partner: Option<String>,
    /// Only actions serving this measure (id or name)
    #[arg(long, value_name = "ID|NAME")]
    pub measure: Option<String>,
    /// Done and dropped actions too
    #[arg(long)]
    pub all: bool,
    /// json, csv or table
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The CSV header.
pub const CSV_HEADER: [&str; 11] = [
    "id",
    "title",
    "status",
    "owner_partner",
    "owner_is_former",
    "owner_person",
    "start_date",
    "due_date",
    "overdue",
    "serves",
    "latest_update",
];

/// Finds the one item whose id is `key`, or whose name is `key` (any case).
fn pick<'a, T>(
    items: &'a [T],
    key: &str,
    what: &str,
    id: impl Fn(&T) -> &str,
    name: impl Fn(&T) -> &str,
) -> Result<&'a T, Error> {
    if let Some(found) = items.iter().find(|x| id(x) == key) {
        return Ok(found);
    }
    let named: Vec<&T> = items
        .iter()
        .filter(|x| name(x).trim().eq_ignore_ascii_case(key.trim()))
        .collect();
    match named.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::invalid(
            what,
            format!("No {what} with the id or name \"{key}\" in this initiative"),
        )),
        _ => Err(Error::invalid(
            what,
            format!("{} {what}s are named \"{key}\": give the id", named.len()),
        )),
    }
}

/// Runs `backbone actions` on the database at `path`.
pub fn run(args: &ActionsArgs, path: &Path, out: &mut dyn Write) -> Result<i32, Error> {
    let store = super::open_existing(path)?;
    let initiative = store.find_initiative(args.initiative.as_deref())?;
    let mut filter = ActionFilter {
        overdue: args.overdue,
        include_closed: args.all,
        ..ActionFilter::default()
    };
    if let Some(key) = &args.partner {
        let partners = store.list_partners(&initiative.id)?;
        let p = pick(&partners, key, "partner", |p| &p.id, |p| &p.name)?;
        filter.partner_id = Some(p.id.clone());
    }
    if let Some(key) = &args.measure {
        let measures = store.list_measures(&initiative.id)?;
        let m = pick(&measures, key, "measure", |m| &m.id, |m| &m.name)?;
        filter.measure_id = Some(m.id.clone());
    }
    let actions = store.list_actions(&initiative.id, &filter)?;
    let stdout = |source| Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
    };
    match args.format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&actions)
                .map_err(|e| Error::Internal(e.to_string()))?;
            writeln!(out, "{text}").map_err(stdout)?;
        }
        Format::Csv => out.write_all(&csv(&actions)?).map_err(stdout)?,
        Format::Table => out.write_all(table(&actions).as_bytes()).map_err(stdout)?,
    }
    Ok(0)
}

fn owner_partner(a: &Action) -> String {
    a.owner_partner_name.clone().unwrap_or_default()
}

fn serves(a: &Action) -> String {
    a.links
        .iter()
        .map(|l| l.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The actions as CSV (RFC 4180, CRLF line ends, a header row).
pub fn csv(actions: &[Action]) -> Result<Vec<u8>, Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Internal(e.to_string());
    w.write_record(CSV_HEADER).map_err(fail)?;
    for a in actions {
        let latest = a
            .updates
            .first()
            .map(|u| {
                let words = if u.comment.is_empty() {
                    u.status.label().to_string()
                } else {
                    format!("{}: {}", u.status.label(), u.comment)
                };
                format!("{} {words}", u.update_date)
            })
            .unwrap_or_default();
        w.write_record([
            a.id.as_str(),
            a.title.as_str(),
            a.status.as_str(),
            owner_partner(a).as_str(),
            if a.owner_is_former { "true" } else { "false" },
            a.owner_person.as_str(),
            a.start_date.as_deref().unwrap_or(""),
            a.due_date.as_deref().unwrap_or(""),
            if a.overdue { "true" } else { "false" },
            serves(a).as_str(),
            latest.as_str(),
        ])
        .map_err(fail)?;
    }
    w.into_inner().map_err(|e| Error::Internal(e.to_string()))
}

/// The actions as an aligned table for people.
pub fn table(actions: &[Action]) -> String {
    let mut lines: Vec<[String; 5]> = vec![[
        "Due".into(),
        "Status".into(),
        "Action".into(),
        "Owner".into(),
        "Serves".into(),
    ]];
    for a in actions {
        let due = match (&a.due_date, a.overdue) {
            (Some(d), true) => format!("{d} OVERDUE"),
            (Some(d), false) => d.clone(),
            (None, _) => "-".into(),
        };
        let mut owner = owner_partner(a);
        if a.owner_is_former {
            owner += " (former partner)";
        }
        if !a.owner_person.is_empty() {
            if !owner.is_empty() {
                owner += ", ";
            }
            owner += &a.owner_person;
        }
        lines.push([
            due,
            a.status.label().into(),
            a.title.clone(),
            if owner.is_empty() { "-".into() } else { owner },
            if a.links.is_empty() {
                "-".into()
            } else {
                serves(a)
            },
        ]);
    }
    let mut s = super::aligned(&lines);
    if actions.is_empty() {
        s += "(no actions)\n";
    }
    s
}
