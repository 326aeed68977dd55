//! Gathering a report's data (`report::ReportInput`) and the data-walk pack's: the
//! initiative, its scorecard and roll-ups, sparklines, the measures shown in full (a
//! meeting's agenda measures; else the headline measures, or every indicator when none is
//! headline) with their charts, worksheets and actions, the equity summary, and for a
//! meeting its record. Rendering is `crate::report`'s.

use super::Store;
use crate::chart::{self, ChartSize};
use crate::error::{Error, Result};
use crate::export::atomic::write_atomically;
use crate::model::{CaptureKind, LinkTarget, Meeting, SlideKind};
use crate::report::data_walk::{self, DataWalk, StationPage};
use crate::report::{
    self, CreatedAction, MeasurePart, MeetingPart, Paper, ReportFormat, ReportInput, ReportSummary,
};
use crate::scorecard::RowKind;
use std::io::Write;
use std::path::Path;

impl Store {
    /// A measure's name, or its id when it is gone.
    fn measure_name_or_id(&self, id: &str) -> String {
        self.get_measure(id)
            .map(|m| m.name)
            .unwrap_or_else(|_| id.to_string())
    }

    fn meeting_part(&self, m: &Meeting) -> MeetingPart {
        let partner_name = |id: &Option<String>| {
            id.as_deref()
                .and_then(|id| self.get_partner(id).ok())
                .map(|p| p.name)
        };
        let attendees = m
            .attendees
            .iter()
            .map(|a| {
                let name = partner_name(&a.partner_id).unwrap_or_else(|| a.partner_name.clone());
                match (name.trim().is_empty(), a.people.trim().is_empty()) {
                    (false, false) => format!("{name}: {}", a.people.trim()),
                    (false, true) => name,
                    (true, _) => a.people.trim().to_string(),
                }
            })
            .filter(|s| !s.is_empty())
            .collect();
        let mut captured = Vec::new();
        let mut actions = Vec::new();
        let mut ideas = Vec::new();
        for item in &m.items {
            let measure = item
                .measure_id
                .as_deref()
                .map(|id| self.measure_name_or_id(id));
            match item.kind {
                CaptureKind::Note => captured.push(format!("Note: {}", item.text)),
                CaptureKind::Decision => captured.push(format!("Decision: {}", item.text)),
                CaptureKind::Action => {
                    let owner = [
                        partner_name(&item.owner_partner_id).unwrap_or_default(),
                        item.owner_person.clone(),
                    ]
                    .into_iter()
                    .filter(|s| !s.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                    actions.push(CreatedAction {
                        title: item.text.clone(),
                        owner,
                        due_date: item.due_date.clone(),
                        measure,
                    });
                }
                CaptureKind::Idea => ideas.push(match measure {
                    Some(name) => format!("{} ({name})", item.text),
                    None => item.text.clone(),
                }),
            }
        }
        MeetingPart {
            title: m.title.clone(),
            date: m.meeting_date.clone(),
            place: m.place.clone(),
            attendees,
            notes: m.notes.clone(),
            decisions: m.decisions.clone(),
            captured,
            actions,
            ideas,
        }
    }

    /// Everything the report of `initiative_id` (for `meeting_id` when given) shows.
    pub fn report_input(
        &self,
        initiative_id: &str,
        meeting_id: Option<&str>,
    ) -> Result<ReportInput> {
        let initiative = self.get_initiative(initiative_id)?;
        let scorecard = self.scorecard(&initiative.id, None)?;
        let meeting = meeting_id.map(|id| self.meeting(id)).transpose()?;
        if let Some(m) = &meeting {
            if m.initiative_id != initiative.id {
                return Err(Error::invalid(
                    "meeting",
                    format!(
                        "The meeting \"{}\" belongs to another initiative than \"{}\"",
                        m.title, initiative.name
                    ),
                ));
            }
        }
        let (measure_ids, measures_heading): (Vec<String>, &str) = match &meeting {
            Some(m) => {
                let mut ids: Vec<String> = Vec::new();
                for item in &m.agenda {
                    let shows_measure = matches!(
                        item.kind,
                        SlideKind::MeasureCurve
                            | SlideKind::MeasureByGroup
                            | SlideKind::Worksheet
                            | SlideKind::Actions
                    );
                    if let (true, Some(id)) = (shows_measure, &item.target_id) {
                        if !ids.contains(id) && self.get_measure(id).is_ok() {
                            ids.push(id.clone());
                        }
                    }
                }
                (ids, "Measures on the agenda")
            }
            None => {
                let headline: Vec<String> = scorecard
                    .rows
                    .iter()
                    .filter(|r| r.headline)
                    .map(|r| r.id.clone())
                    .collect();
                if headline.is_empty() {
                    let indicators = scorecard
                        .rows
                        .iter()
                        .filter(|r| r.kind == RowKind::Indicator)
                        .map(|r| r.id.clone())
                        .collect();
                    (indicators, "Indicators")
                } else {
                    (headline, "Headline measures")
                }
            }
        };
        let mut measures = Vec::new();
        for id in measure_ids {
            let m = self.get_measure(&id)?;
            let (chart_svg, chart_notes) =
                match chart::measure_chart(self, &id, ChartSize::Print, &[]) {
                    Ok(c) => (c.svg, c.notes),
                    Err(_) => (String::new(), Vec::new()),
                };
            measures.push(MeasurePart {
                id: id.clone(),
                name: m.name,
                chart_svg,
                chart_notes,
                worksheet: self.worksheet(&id)?,
                actions: self.actions_for(LinkTarget::Measure, &id)?,
            });
        }
        let sparklines = chart::initiative_sparklines(self, &initiative.id)?
            .into_iter()
            .map(|s| (s.measure_id, s.svg))
            .collect();
        Ok(ReportInput {
            equity: self.equity_summary(&initiative.id)?,
            meeting: meeting.as_ref().map(|m| self.meeting_part(m)),
            made_on: self.today().to_string(),
            initiative,
            scorecard,
            sparklines,
            measures,
            measures_heading: measures_heading.to_string(),
        })
    }

    /// The report as self-contained HTML.
    pub fn report_html(&self, initiative_id: &str, meeting_id: Option<&str>) -> Result<String> {
        Ok(report::html(&self.report_input(initiative_id, meeting_id)?))
    }

    /// The report as a PDF on `paper`.
    pub fn report_pdf(
        &self,
        initiative_id: &str,
        meeting_id: Option<&str>,
        paper: Paper,
    ) -> Result<Vec<u8>> {
        report::pdf(&self.report_input(initiative_id, meeting_id)?, paper)
    }

    /// A data walk's printable and projectable pack (self-contained HTML): one station per
    /// page or screen, with its plain-language title, the measure's chart and the question.
    pub fn data_walk_pack(&self, event_id: &str) -> Result<String> {
        let event = self.community_event(event_id)?;
        let initiative = self.get_initiative(&event.initiative_id)?;
        let mut stations = Vec::new();
        for s in &event.stations {
            let chart_svg = chart::measure_chart(self, &s.measure_id, ChartSize::Print, &[])
                .map(|c| c.svg)
                .unwrap_or_default();
            stations.push(StationPage {
                plain_title: s.plain_title.clone(),
                question: s.question.clone(),
                measure_name: s.measure_name.clone(),
                chart_svg,
            });
        }
        Ok(data_walk::html(&DataWalk {
            event_title: event.title,
            event_date: event.event_date,
            place: event.place,
            initiative_name: initiative.name,
            stations,
            made_on: self.today().to_string(),
        }))
    }

    /// Writes the report (a meeting's pack with `meeting_id`) to `path` as HTML or PDF,
    /// atomically: the app's "Export report…" and "Export meeting pack…".
    pub fn export_report(
        &self,
        initiative_id: &str,
        meeting_id: Option<&str>,
        format: ReportFormat,
        paper: Paper,
        path: &Path,
    ) -> Result<ReportSummary> {
        let input = self.report_input(initiative_id, meeting_id)?;
        let bytes = match format {
            ReportFormat::Html => report::html(&input).into_bytes(),
            ReportFormat::Pdf => report::pdf(&input, paper)?,
        };
        let title = match &input.meeting {
            Some(m) => m.title.clone(),
            None => format!("{} report", input.initiative.name),
        };
        write_file(path, &bytes)?;
        Ok(ReportSummary {
            path: path.display().to_string(),
            title,
            format,
            bytes: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
        })
    }

    /// Writes a data walk's pack ([`Store::data_walk_pack`]) to `path`, atomically.
    pub fn export_data_walk(&self, event_id: &str, path: &Path) -> Result<ReportSummary> {
        let html = self.data_walk_pack(event_id)?;
        let title = format!("Data walk: {}", self.community_event(event_id)?.title);
        write_file(path, html.as_bytes())?;
        Ok(ReportSummary {
            path: path.display().to_string(),
            title,
            format: ReportFormat::Html,
            bytes: u32::try_from(html.len()).unwrap_or(u32::MAX),
        })
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically(path, |w: &mut dyn Write| {
        w.write_all(bytes).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
    })
}
