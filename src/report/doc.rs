//! The report laid out as sections of blocks, before it is written as HTML or PDF.

use super::{MeetingPart, ReportInput};
use crate::cli::scorecard::with_unit;
use crate::equity::GapTrend;
use crate::model::{ActionStatus, Unit};
use crate::scorecard::{Direction, Rollup, ScorecardRow, Status};

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A small SVG drawn in the cell (a sparkline).
    Svg(String),
}

/// One piece of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A sub-heading.
    Heading(String),
    /// User text with light formatting (paragraphs, `- ` bullets, `**bold**`).
    Formatted(String),
    /// A plain paragraph, muted when `quiet`.
    Plain { text: String, quiet: bool },
    /// Label: value lines.
    Facts(Vec<(String, String)>),
    /// A bulleted list of plain lines.
    List(Vec<String>),
    /// A table; `numeric` columns are right-aligned.
    Table {
        headers: Vec<String>,
        numeric: Vec<bool>,
        rows: Vec<Vec<Cell>>,
    },
    /// A chart (SVG) with its caption.
    Chart { svg: String, caption: String },
}

/// A titled part of the report, starting on a new page when printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The document's title (the meeting's or the initiative's).
    pub title: String,
    /// The cover: big title, then the shared result and facts.
    pub cover_title: String,
    pub cover_kicker: String,
    pub cover: Vec<Block>,
    pub sections: Vec<Section>,
    /// "Made 2026-11-24 with Backbone, offline".
    pub footer: String,
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Met => "Met",
        Status::Close => "Close",
        Status::OffTrack => "Off track",
        Status::NoTarget => "No target",
        Status::NoData => "No data",
    }
}

fn trend_words(row: &ScorecardRow) -> String {
    let f = &row.figures;
    let arrow = match f.trend_direction {
        Direction::Up => "↑",
        Direction::Down => "↓",
        Direction::Flat => "→",
        Direction::None => return "–".into(),
    };
    let judgement = match f.trend_good {
        Some(true) => ", better",
        Some(false) => ", worse",
        None => "",
    };
    let periods = if f.trend_count == 1 {
        "period"
    } else {
        "periods"
    };
    format!("{arrow} {} {periods}{judgement}", f.trend_count)
}

fn target_words(row: &ScorecardRow) -> String {
    let f = &row.figures;
    let show = |v: f64| with_unit(v, row.unit, row.rate_per);
    match (f.target, f.target_low, f.target_high) {
        (Some(t), _, _) => show(t),
        (None, Some(low), Some(high)) => format!("{}–{}", show(low), show(high)),
        (None, Some(low), None) => format!("≥ {}", show(low)),
        (None, None, Some(high)) => format!("≤ {}", show(high)),
        (None, None, None) => "–".into(),
    }
}

fn action_status(s: ActionStatus) -> &'static str {
    s.label()
}

fn rollup_lines(r: &Rollup) -> Vec<String> {
    [
        &r.trending_well,
        &r.better_than_baseline,
        &r.current_data,
        &r.story_updated,
    ]
    .iter()
    .map(|s| match s.pct {
        Some(p) => format!("{} ({p:.0}%)", s.label),
        None => s.label.clone(),
    })
    .collect()
}

fn scorecard_section(input: &ReportInput) -> Section {
    let mut blocks = Vec::new();
    let card = &input.scorecard;
    let mut group: Option<String> = None;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let headers: Vec<String> = [
        "Measure",
        "Trend",
        "Period",
        "Actual",
        "Target",
        "Direction",
        "Status",
    ]
    .map(String::from)
    .to_vec();
    let numeric = vec![false, false, false, true, true, false, false];
    let flush = |rows: &mut Vec<Vec<Cell>>, blocks: &mut Vec<Block>| {
        if !rows.is_empty() {
            blocks.push(Block::Table {
                headers: headers.clone(),
                numeric: numeric.clone(),
                rows: std::mem::take(rows),
            });
        }
    };
    for row in &card.rows {
        let heading = match (&row.result, &row.program) {
            (Some(r), _) => format!("Result: {r}"),
            (_, Some(p)) => format!("Program: {p}"),
            _ => String::new(),
        };
        if group.as_ref() != Some(&heading) {
            flush(&mut rows, &mut blocks);
            blocks.push(Block::Heading(heading.clone()));
            group = Some(heading);
        }
        let f = &row.figures;
        let star = if row.headline { "★ " } else { "" };
        let category = row
            .category
            .map(|c| format!(" ({})", c.question()))
            .unwrap_or_default();
        rows.push(vec![
            Cell::Text(format!("{star}{}{category}", row.name)),
            input
                .sparklines
                .get(&row.id)
                .map(|s| Cell::Svg(s.clone()))
                .unwrap_or_else(|| Cell::Text("–".into())),
            Cell::Text(f.period.clone().unwrap_or_else(|| "–".into())),
            Cell::Text(
                f.actual
                    .map(|v| with_unit(v, row.unit, row.rate_per))
                    .unwrap_or_else(|| "–".into()),
            ),
            Cell::Text(target_words(row)),
            Cell::Text(trend_words(row)),
            Cell::Text(status_word(f.status).into()),
        ]);
    }
    flush(&mut rows, &mut blocks);
    if card.rows.is_empty() {
        blocks.push(Block::Plain {
            text: "No measures yet.".into(),
            quiet: true,
        });
    }
    Section {
        title: "Scorecard".into(),
        blocks,
    }
}

fn rollup_section(input: &ReportInput) -> Section {
    let r = &input.scorecard.rollups;
    let mut blocks = vec![
        Block::Heading(format!(
            "{} (all {} measures)",
            r.initiative.name, r.initiative.measures
        )),
        Block::List(rollup_lines(&r.initiative)),
    ];
    for (kind, list) in [("Result", &r.results), ("Program", &r.programs)] {
        for one in list {
            blocks.push(Block::Heading(format!("{kind}: {}", one.name)));
            blocks.push(Block::List(rollup_lines(one)));
        }
    }
    Section {
        title: "Roll-ups".into(),
        blocks,
    }
}

fn measure_sections(input: &ReportInput) -> Vec<Section> {
    input
        .measures
        .iter()
        .map(|m| {
            let mut blocks = if m.chart_svg.is_empty() {
                vec![Block::Plain {
                    text: "No values to chart yet.".into(),
                    quiet: true,
                }]
            } else {
                // The chart carries its title and numbered notes itself.
                vec![Block::Chart {
                    svg: m.chart_svg.clone(),
                    caption: String::new(),
                }]
            };
            let w = &m.worksheet;
            let mut any = false;
            for (title, text) in [
                ("How we are doing", &w.how_doing),
                ("The story behind the curve", &w.story),
                ("Action plan", &w.action_plan),
            ] {
                if !text.trim().is_empty() {
                    blocks.push(Block::Heading(title.into()));
                    blocks.push(Block::Formatted(text.clone()));
                    any = true;
                }
            }
            if !w.factors.is_empty() {
                blocks.push(Block::Heading("What is behind it".into()));
                blocks.push(Block::List(
                    w.factors.iter().map(|f| f.text.clone()).collect(),
                ));
                any = true;
            }
            if !any {
                blocks.push(Block::Plain {
                    text: "No story written yet.".into(),
                    quiet: true,
                });
            } else if w.stale {
                blocks.push(Block::Plain {
                    text: "This story was last updated before the latest data.".into(),
                    quiet: true,
                });
            }
            blocks.push(Block::Heading("Actions".into()));
            if m.actions.is_empty() {
                blocks.push(Block::Plain {
                    text: "No actions linked to this measure.".into(),
                    quiet: true,
                });
            } else {
                blocks.push(Block::Table {
                    headers: ["Action", "Owner", "Due", "Status"]
                        .map(String::from)
                        .to_vec(),
                    numeric: vec![false; 4],
                    rows: m
                        .actions
                        .iter()
                        .map(|a| {
                            let owner = [
                                a.owner_partner_name.clone().unwrap_or_default(),
                                a.owner_person.clone(),
                            ]
                            .into_iter()
                            .filter(|s| !s.trim().is_empty())
                            .collect::<Vec<_>>()
                            .join(", ");
                            let status = if a.overdue {
                                format!("{} (overdue)", action_status(a.status))
                            } else {
                                action_status(a.status).to_string()
                            };
                            vec![
                                Cell::Text(a.title.clone()),
                                Cell::Text(if owner.is_empty() {
                                    "–".into()
                                } else {
                                    owner
                                }),
                                Cell::Text(a.due_date.clone().unwrap_or_else(|| "–".into())),
                                Cell::Text(status),
                            ]
                        })
                        .collect(),
                });
            }
            Section {
                title: m.name.clone(),
                blocks,
            }
        })
        .collect()
}

fn ratio(v: Option<f64>) -> String {
    v.map(|r| format!("{r:.2}")).unwrap_or_else(|| "–".into())
}

fn equity_section(input: &ReportInput) -> Section {
    let e = &input.equity;
    let mut blocks = Vec::new();
    let share = |s: &crate::scorecard::Share| match s.pct {
        Some(p) => format!("{} ({p:.0}%)", s.label),
        None => s.label.clone(),
    };
    blocks.push(Block::List(vec![
        share(&e.initiative.gaps_closing),
        share(&e.initiative.gaps_widening),
    ]));
    if e.rows.is_empty() {
        blocks.push(Block::Plain {
            text: "No measure has values by group yet.".into(),
            quiet: true,
        });
    } else {
        blocks.push(Block::Table {
            headers: [
                "Measure",
                "Groups by",
                "Period",
                "Largest gap",
                "Max ratio",
                "Gaps closing / widening",
            ]
            .map(String::from)
            .to_vec(),
            numeric: vec![false, false, false, false, true, false],
            rows: e
                .rows
                .iter()
                .map(|r| {
                    let gap = r
                        .largest_gap
                        .as_ref()
                        .map(|g| {
                            let d = g.rate_difference;
                            let diff = match r.unit {
                                Unit::Percent => format!("{d:+.1} pts"),
                                unit => {
                                    let sign = if d > 0.0 { "+" } else { "" };
                                    format!("{sign}{}", with_unit(d, unit, None))
                                }
                            };
                            let trend = match g.gap_trend {
                                Some(GapTrend::Closing) => ", closing",
                                Some(GapTrend::Widening) => ", widening",
                                Some(GapTrend::Unchanged) => ", unchanged",
                                None => "",
                            };
                            format!("{}: {diff}{trend}", g.group)
                        })
                        .unwrap_or_else(|| "–".into());
                    vec![
                        Cell::Text(r.measure.clone()),
                        Cell::Text(r.dimension.clone()),
                        Cell::Text(r.period.clone().unwrap_or_else(|| "–".into())),
                        Cell::Text(gap),
                        Cell::Text(ratio(r.max_rate_ratio)),
                        Cell::Text(format!("{} / {}", r.gaps_closing, r.gaps_widening)),
                    ]
                })
                .collect(),
        });
        blocks.push(Block::Plain {
            text: "Ratios are to the reference group, oriented so that above 1 is worse off."
                .into(),
            quiet: true,
        });
    }
    Section {
        title: "Equity summary".into(),
        blocks,
    }
}

fn meeting_section(m: &MeetingPart) -> Section {
    let mut blocks = Vec::new();
    for (title, text) in [("Notes", &m.notes), ("Decisions", &m.decisions)] {
        blocks.push(Block::Heading(title.into()));
        if text.trim().is_empty() {
            blocks.push(Block::Plain {
                text: format!("No {} recorded.", title.to_lowercase()),
                quiet: true,
            });
        } else {
            blocks.push(Block::Formatted(text.clone()));
        }
    }
    if !m.captured.is_empty() {
        blocks.push(Block::Heading("Captured during the meeting".into()));
        blocks.push(Block::List(m.captured.clone()));
    }
    blocks.push(Block::Heading("Actions created".into()));
    if m.actions.is_empty() {
        blocks.push(Block::Plain {
            text: "No actions were created.".into(),
            quiet: true,
        });
    } else {
        blocks.push(Block::Table {
            headers: ["Action", "Owner", "Due", "For"].map(String::from).to_vec(),
            numeric: vec![false; 4],
            rows: m
                .actions
                .iter()
                .map(|a| {
                    let dash = |s: String| if s.trim().is_empty() { "–".into() } else { s };
                    vec![
                        Cell::Text(a.title.clone()),
                        Cell::Text(dash(a.owner.clone())),
                        Cell::Text(dash(a.due_date.clone().unwrap_or_default())),
                        Cell::Text(dash(a.measure.clone().unwrap_or_default())),
                    ]
                })
                .collect(),
        });
    }
    if !m.ideas.is_empty() {
        blocks.push(Block::Heading("Worksheet ideas".into()));
        blocks.push(Block::List(m.ideas.clone()));
    }
    Section {
        title: "Notes and decisions".into(),
        blocks,
    }
}

/// Lays out the report.
pub fn build(input: &ReportInput) -> Document {
    let i = &input.initiative;
    let mut cover = Vec::new();
    if !i.shared_result.trim().is_empty() {
        cover.push(Block::Heading("Our shared result".into()));
        cover.push(Block::Formatted(i.shared_result.clone()));
    }
    let (title, cover_title, cover_kicker) = match &input.meeting {
        Some(m) => {
            let mut facts = vec![("Date".to_string(), m.date.clone())];
            if !m.place.trim().is_empty() {
                facts.push(("Place".into(), m.place.clone()));
            }
            cover.push(Block::Facts(facts));
            cover.push(Block::Heading("Who took part".into()));
            if m.attendees.is_empty() {
                cover.push(Block::Plain {
                    text: "No attendees recorded.".into(),
                    quiet: true,
                });
            } else {
                cover.push(Block::List(m.attendees.clone()));
            }
            (
                format!("{} — {}", m.title, i.name),
                m.title.clone(),
                i.name.clone(),
            )
        }
        None => {
            let mut facts = Vec::new();
            if !i.geography.trim().is_empty() {
                facts.push(("Where".to_string(), i.geography.clone()));
            }
            if !i.backbone_org.trim().is_empty() {
                facts.push(("Backbone".to_string(), i.backbone_org.clone()));
            }
            facts.push((
                "Figures as of".to_string(),
                input.scorecard.as_of.reference_date.clone(),
            ));
            cover.push(Block::Facts(facts));
            (
                format!("{} — report", i.name),
                i.name.clone(),
                "Scorecard report".to_string(),
            )
        }
    };
    if i.is_sample {
        cover.push(Block::Plain {
            text: "Sample: fictional data".into(),
            quiet: true,
        });
    }
    let mut scorecard = scorecard_section(input);
    if !input.measures.is_empty() {
        scorecard.blocks.push(Block::Heading(format!(
            "{}, in full on the next pages",
            input.measures_heading
        )));
        scorecard.blocks.push(Block::List(
            input.measures.iter().map(|m| m.name.clone()).collect(),
        ));
    }
    let mut sections = vec![rollup_section(input), scorecard];
    sections.extend(measure_sections(input));
    sections.push(equity_section(input));
    if let Some(m) = &input.meeting {
        sections.push(meeting_section(m));
    }
    Document {
        title,
        cover_title,
        cover_kicker,
        cover,
        sections,
        footer: format!("Made {} with Backbone, offline", input.made_on),
    }
}
