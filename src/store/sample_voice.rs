//! The sample's partner meetings and community input: a data walk and a listening session,
//! a finished meeting with its record (what it filed into the worksheets and actions), and
//! the next one prepared. Like the rest of the sample's work (`sample_work`), through the
//! app's own methods, dated as the sample says.

use super::sample_work::Keys;
use super::Store;
use crate::error::{Error, Result};
use crate::model::{
    AgendaItem, Attendee, CaptureInput, CaptureKind, CommunityEventInput, CommunityLinkInput,
    CommunityTarget, EventKind, HeardThemeInput, IdeaSource, MeetingStatus, QuoteInput,
    ReactionInput, ReactionKind, SlideKind, StationInput,
};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
pub struct SampleEvent {
    pub key: String,
    pub kind: EventKind,
    pub title: String,
    pub days_ago: i64,
    pub place: String,
    pub participants: Option<i32>,
    pub communities: String,
    /// (dimension key, group key) pairs.
    pub groups: Vec<(String, String)>,
    pub summary: String,
    pub themes: Vec<SampleTheme>,
    pub links: Vec<SampleEventLink>,
    pub stations: Vec<SampleStation>,
}

#[derive(Debug, Deserialize)]
pub struct SampleTheme {
    pub theme: String,
    pub summary: String,
    pub quotes: Vec<QuoteInput>,
}

#[derive(Debug, Deserialize)]
pub struct SampleEventLink {
    pub kind: CommunityTarget,
    pub target: String,
}

#[derive(Debug, Deserialize)]
pub struct SampleStation {
    pub measure: String,
    pub plain_title: String,
    pub question: String,
    pub reactions: Vec<SampleReaction>,
}

#[derive(Debug, Deserialize)]
pub struct SampleReaction {
    pub kind: ReactionKind,
    pub reaction: String,
}

#[derive(Debug, Deserialize)]
pub struct SampleMeeting {
    pub key: String,
    pub title: String,
    /// Negative: a meeting still to come.
    pub days_ago: i64,
    pub place: String,
    pub status: MeetingStatus,
    #[serde(default)]
    pub agenda: Vec<SampleSlide>,
    #[serde(default)]
    pub attendees: Vec<SampleAttendee>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub decisions: String,
    #[serde(default)]
    pub captures: Vec<SampleCapture>,
    /// A planned meeting prepared from this earlier one (copying its agenda).
    #[serde(default)]
    pub prepared_from: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SampleSlide {
    pub kind: SlideKind,
    pub target: Option<String>,
    pub title: String,
}

#[derive(Debug, Deserialize)]
pub struct SampleAttendee {
    pub partner: String,
    pub people: String,
}

#[derive(Debug, Deserialize)]
pub struct SampleCapture {
    pub kind: CaptureKind,
    pub text: String,
    pub measure: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due_in_days: Option<i64>,
    #[serde(default)]
    pub idea_source: Option<IdeaSource>,
}

/// Who ran the sample's meetings.
const FACILITATOR: &str = "Maya Thompson (backbone staff)";

impl Store {
    /// A community event of the sample, with its data-walk stations and reactions.
    pub(super) fn sample_event(
        &mut self,
        e: &SampleEvent,
        keys: &Keys,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let input = CommunityEventInput {
            kind: e.kind,
            title: e.title.clone(),
            event_date: at.date_naive().to_string(),
            place: e.place.clone(),
            participants: e.participants,
            communities: e.communities.clone(),
            group_ids: e
                .groups
                .iter()
                .map(|(d, g)| keys.group(d, g).map(str::to_string))
                .collect::<Result<_>>()?,
            summary: e.summary.clone(),
            themes: e
                .themes
                .iter()
                .map(|t| HeardThemeInput {
                    theme_id: None,
                    name: t.theme.clone(),
                    summary: t.summary.clone(),
                    quotes: t.quotes.clone(),
                })
                .collect(),
            links: e
                .links
                .iter()
                .map(|l| {
                    let target_id = match l.kind {
                        CommunityTarget::Measure => keys.measure(&l.target)?.to_string(),
                        CommunityTarget::Result => keys.result(&l.target)?.to_string(),
                        CommunityTarget::Worksheet => self.worksheet(keys.measure(&l.target)?)?.id,
                        CommunityTarget::Action => {
                            return Err(Error::Internal(format!(
                                "sample event {}: links to actions are not supported",
                                e.key
                            )))
                        }
                    };
                    Ok(CommunityLinkInput {
                        target_kind: l.kind,
                        target_id,
                    })
                })
                .collect::<Result<_>>()?,
        };
        let initiative = keys.initiative.clone();
        self.as_of(at, FACILITATOR, |s| {
            let event = s.create_community_event(&initiative, &input)?;
            for station in &e.stations {
                let with = s.add_station(
                    &event.id,
                    &StationInput {
                        measure_id: keys.measure(&station.measure)?.to_string(),
                        plain_title: station.plain_title.clone(),
                        question: station.question.clone(),
                    },
                )?;
                let added = with
                    .stations
                    .last()
                    .ok_or_else(|| Error::Internal("a data-walk station was not added".into()))?;
                for r in &station.reactions {
                    s.add_reaction(
                        &added.id,
                        &ReactionInput {
                            kind: r.kind,
                            reaction: r.reaction.clone(),
                        },
                    )?;
                }
            }
            Ok(())
        })
    }

    /// A meeting of the sample: a past one is held and finished (its captures filed), a
    /// future one is prepared from the meeting it names.
    pub(super) fn sample_meeting(
        &mut self,
        m: &SampleMeeting,
        keys: &Keys,
        meetings: &mut HashMap<String, String>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let date = at.date_naive().to_string();
        if let Some(from) = &m.prepared_from {
            let from = meetings.get(from).cloned().ok_or_else(|| {
                Error::Internal(format!(
                    "sample meeting {}: no meeting {from} before it",
                    m.key
                ))
            })?;
            let now = (self.clock)();
            let next = self.as_of(now, FACILITATOR, |s| s.prepare_next_meeting(&from, &date))?;
            meetings.insert(m.key.clone(), next.id);
            return Ok(());
        }
        let slide_target = |slide: &SampleSlide| -> Result<Option<String>> {
            let Some(key) = slide.target.as_deref() else {
                return Ok(None);
            };
            Ok(Some(
                match slide.kind {
                    SlideKind::ResultScorecard => keys.result(key)?,
                    _ => keys.measure(key)?,
                }
                .to_string(),
            ))
        };
        let input = crate::model::MeetingInput {
            title: m.title.clone(),
            meeting_date: date,
            place: m.place.clone(),
            agenda: m
                .agenda
                .iter()
                .map(|slide| {
                    Ok(AgendaItem {
                        kind: slide.kind,
                        target_id: slide_target(slide)?,
                        title: slide.title.clone(),
                    })
                })
                .collect::<Result<_>>()?,
            attendees: m
                .attendees
                .iter()
                .map(|a| {
                    Ok(Attendee {
                        partner_id: Some(keys.partner(&a.partner)?.to_string()),
                        partner_name: String::new(),
                        people: a.people.clone(),
                    })
                })
                .collect::<Result<_>>()?,
        };
        let initiative = keys.initiative.clone();
        let today = self.today();
        let id = self.as_of(at, FACILITATOR, |s| {
            let meeting = s.create_meeting(&initiative, &input)?;
            if m.status == MeetingStatus::Planned {
                return Ok(meeting.id);
            }
            s.start_meeting(&meeting.id)?;
            for c in &m.captures {
                let measure_id = c
                    .measure
                    .as_deref()
                    .map(|k| keys.measure(k).map(str::to_string))
                    .transpose()?;
                // Captured on the first slide showing its measure.
                let agenda_index = measure_id.as_ref().and_then(|id| {
                    input
                        .agenda
                        .iter()
                        .position(|a| a.target_id.as_ref() == Some(id))
                        .map(|i| i as u32)
                });
                s.capture(
                    &meeting.id,
                    &CaptureInput {
                        kind: c.kind,
                        text: c.text.clone(),
                        agenda_index,
                        measure_id,
                        owner_partner_id: c
                            .owner
                            .as_deref()
                            .map(|k| keys.partner(k).map(str::to_string))
                            .transpose()?,
                        owner_person: String::new(),
                        due_date: c
                            .due_in_days
                            .map(|d| (today + chrono::Duration::days(d)).to_string()),
                        idea_source: c.idea_source,
                    },
                )?;
            }
            s.set_meeting_record(&meeting.id, &m.notes, &m.decisions, &input.attendees)?;
            if m.status == MeetingStatus::Finished {
                s.finish_meeting(&meeting.id)?;
            }
            Ok(meeting.id)
        })?;
        meetings.insert(m.key.clone(), id);
        Ok(())
    }
}
