//! Community input: listening sessions, surveys, data walks and the like, the themes heard
//! there (reusable across events), supporting quotes, what the input informs (measures,
//! results, worksheets, actions), and a data walk's stations with residents' reactions.

use super::text_enum;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    /// How the partnership heard from the community.
    EventKind {
        ListeningSession => "listening_session",
        Survey => "survey",
        DataWalk => "data_walk",
        TownHall => "town_hall",
        Interview => "interview",
        Other => "other",
    }
}

impl EventKind {
    /// The words a person would use.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::ListeningSession => "Listening session",
            EventKind::Survey => "Survey",
            EventKind::DataWalk => "Data walk",
            EventKind::TownHall => "Town hall",
            EventKind::Interview => "Interview",
            EventKind::Other => "Other",
        }
    }
}

text_enum! {
    /// What community input can inform.
    CommunityTarget {
        Measure => "measure",
        Result => "result",
        Worksheet => "worksheet",
        Action => "action",
    }
}

text_enum! {
    /// What a resident's reaction at a data-walk station is.
    ReactionKind {
        /// What they noticed.
        Noticed => "noticed",
        /// What surprised them.
        Surprised => "surprised",
        /// What they think is behind it.
        Behind => "behind",
        /// What they would do.
        WouldDo => "would_do",
        Other => "other",
    }
}

/// A supporting quote (attribution optional: "a parent", never a required name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Quote {
    pub id: String,
    pub text: String,
    pub attribution: String,
}

/// A theme heard at an event, with what was said about it there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HeardTheme {
    pub theme_id: String,
    pub name: String,
    pub summary: String,
    pub quotes: Vec<Quote>,
}

/// A measure, result, worksheet or action the input informs, with its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommunityLink {
    pub target_kind: CommunityTarget,
    pub target_id: String,
    pub name: String,
}

/// A dimension group the event heard from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EventGroup {
    pub group_id: String,
    pub name: String,
    pub dimension_name: String,
}

/// A resident's reaction recorded at a data-walk station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Reaction {
    pub id: String,
    pub kind: ReactionKind,
    pub reaction: String,
}

/// A data-walk station: a measure's chart with a plain-language title and a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Station {
    pub id: String,
    pub measure_id: String,
    pub measure_name: String,
    pub plain_title: String,
    pub question: String,
    /// In the order they were recorded.
    pub reactions: Vec<Reaction>,
}

/// A community event with everything heard and linked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommunityEvent {
    pub id: String,
    pub initiative_id: String,
    pub kind: EventKind,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub event_date: String,
    pub place: String,
    /// How many took part, when known.
    pub participants: Option<u32>,
    /// Which communities, in the organizers' words.
    pub communities: String,
    pub groups: Vec<EventGroup>,
    pub summary: String,
    pub themes: Vec<HeardTheme>,
    pub links: Vec<CommunityLink>,
    /// In walking order (data walks only).
    pub stations: Vec<Station>,
    pub created_at: String,
    pub updated_at: String,
}

/// A quote as the user types it. Editing an event sends back the `id` of each quote it
/// keeps, so the quote stays the same row (updated in place when its words change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuoteInput {
    /// The quote being kept or edited; none for a new quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub id: Option<String>,
    pub text: String,
    pub attribution: String,
}

/// A theme heard, as the user picks it: an existing theme by id, or by name (an existing
/// theme of that name, any case, or a new one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HeardThemeInput {
    pub theme_id: Option<String>,
    pub name: String,
    pub summary: String,
    pub quotes: Vec<QuoteInput>,
}

/// A link as the user picks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommunityLinkInput {
    pub target_kind: CommunityTarget,
    pub target_id: String,
}

/// What a user edits on a community event (stations and reactions have their own calls).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommunityEventInput {
    pub kind: EventKind,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub event_date: String,
    pub place: String,
    /// How many took part (none when unknown; never negative).
    pub participants: Option<i32>,
    pub communities: String,
    pub group_ids: Vec<String>,
    pub summary: String,
    pub themes: Vec<HeardThemeInput>,
    pub links: Vec<CommunityLinkInput>,
}

/// A reusable theme with how many live events heard it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommunityTheme {
    pub id: String,
    pub name: String,
    pub description: String,
    pub events: u32,
}

/// A data-walk station as the user edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StationInput {
    pub measure_id: String,
    pub plain_title: String,
    pub question: String,
}

/// A reaction as the user types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReactionInput {
    pub kind: ReactionKind,
    pub reaction: String,
}

/// The event a result was last heard about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HeardEvent {
    pub id: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub event_date: String,
}

/// When the community last spoke to a result (directly, or through one of its indicators,
/// their worksheets or the actions serving it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LastHeard {
    pub result_id: String,
    pub result_name: String,
    pub event: Option<HeardEvent>,
}
