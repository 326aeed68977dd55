//! `backbone worksheet`: a measure's Turn the Curve worksheet as it is now, with the
//! actions linked to the measure, as a Markdown document or as JSON.

use super::chart::find_measure;
use crate::error::Error;
use crate::model::partner::RoleTier;
use crate::model::{Action, FactorKind, LinkTarget, Worksheet};
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// How `backbone worksheet` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A Markdown document: the sections as headings
    Md,
    /// `{worksheet, actions}`
    Json,
}

/// Arguments of `backbone worksheet`.
#[derive(Debug, Clone, Args)]
pub struct WorksheetArgs {
    /// The measure's id or name
    #[arg(long, value_name = "ID|NAME")]
    pub measure: String,
    /// md or json
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
}

/// What `--format json` prints.
#[derive(Debug, Serialize)]
struct Printed<'a> {
    worksheet: &'a Worksheet,
    actions: &'a [Action],
}

/// Runs `backbone worksheet` on the database at `path`.
pub fn run(args: &WorksheetArgs, path: &Path, out: &mut dyn Write) -> Result<i32, Error> {
    let store = super::open_existing(path)?;
    let measure = find_measure(&store, &args.measure)?;
    let worksheet = store.worksheet(&measure.id)?;
    let actions = store.actions_for(LinkTarget::Measure, &measure.id)?;
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&Printed {
            worksheet: &worksheet,
            actions: &actions,
        })
        .map_err(|e| Error::Internal(e.to_string()))?,
        Format::Md => markdown(&worksheet, &actions),
    };
    writeln!(out, "{}", text.trim_end()).map_err(|e| Error::Io {
        path: "stdout".into(),
        source: e,
    })?;
    Ok(0)
}

/// Text as written, or "(not written yet)".
fn body(text: &str) -> String {
    if text.trim().is_empty() {
        "_Not written yet._\n".into()
    } else {
        format!("{}\n", text.trim_end())
    }
}

/// The worksheet as a Markdown document.
pub fn markdown(w: &Worksheet, actions: &[Action]) -> String {
    let mut s = format!("# Turn the Curve: {}\n\n", w.measure_name);
    match (&w.updated_at, w.revision) {
        (Some(at), n) if n > 0 => {
            let by = if w.updated_by.is_empty() {
                String::new()
            } else {
                format!(" by {}", w.updated_by)
            };
            s += &format!("Revision {n}{by} on {}.\n", &at[..at.len().min(10)]);
        }
        _ => s += "Not saved yet.\n",
    }
    if w.stale {
        s += "\n**Last updated before the latest data.**\n";
    }
    s += "\n## How are we doing\n\n";
    s += &body(&w.how_doing);
    s += "\n## Story behind the curve\n\n";
    s += &body(&w.story);
    for (kind, title) in [
        (FactorKind::Contributing, "Contributing factors"),
        (FactorKind::Restricting, "Restricting factors"),
    ] {
        let mine: Vec<_> = w.factors.iter().filter(|f| f.kind == kind).collect();
        if !mine.is_empty() {
            s += &format!("\n### {title}\n\n");
            for f in mine {
                s += &format!("{}. {}\n", f.rank, f.text);
            }
        }
    }
    s += "\n## Partners with a role to play\n";
    if w.partners.is_empty() {
        s += "\n_None yet._\n";
    }
    for (tier, title) in [
        (Some(RoleTier::Strategic), "Strategic partners"),
        (Some(RoleTier::MidTier), "Mid-tier partners"),
        (None, "Other partners"),
    ] {
        let mine: Vec<_> = w.partners.iter().filter(|p| p.tier == tier).collect();
        if mine.is_empty() {
            continue;
        }
        s += &format!("\n### {title}\n\n");
        for p in mine {
            let former = if p.former { " (former partner)" } else { "" };
            let role = if p.role.is_empty() {
                String::new()
            } else {
                format!(": {}", p.role)
            };
            s += &format!("- **{}**{former}{role}\n", p.partner_name);
        }
    }
    s += "\n## What works\n\n";
    if w.ideas.is_empty() {
        s += "_None yet._\n";
    }
    for i in &w.ideas {
        let mut flags = vec![format!("source: {}", i.source)];
        if i.no_cost {
            flags.push("no cost".into());
        }
        if i.low_cost {
            flags.push("low cost".into());
        }
        if i.needs_research {
            flags.push("needs research".into());
        }
        s += &format!("- {} ({})\n", i.text, flags.join("; "));
    }
    s += "\n## Action plan\n\n";
    s += &body(&w.action_plan);
    s += "\n### Actions\n\n";
    if actions.is_empty() {
        s += "_No actions linked to this measure._\n";
    } else {
        s += "| Action | Owner | Due | Status |\n|---|---|---|---|\n";
        for a in actions {
            let mut owner: Vec<String> = Vec::new();
            if let Some(name) = &a.owner_partner_name {
                owner.push(if a.owner_is_former {
                    format!("{name} (former partner)")
                } else {
                    name.clone()
                });
            }
            if !a.owner_person.is_empty() {
                owner.push(a.owner_person.clone());
            }
            let overdue = if a.overdue { " (overdue)" } else { "" };
            s += &format!(
                "| {} | {} | {} | {}{overdue} |\n",
                cell(&a.title),
                cell(&owner.join(", ")),
                a.due_date.as_deref().unwrap_or(""),
                a.status.label()
            );
        }
    }
    s
}

/// A table cell's text: no pipes or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "/").replace('\n', " ")
}
