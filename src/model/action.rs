//! Actions: the work a partnership commits to, who owns it, when it is due, what it serves,
//! and its dated log of status updates.

use super::text_enum;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    /// Where an action stands.
    ActionStatus {
        NotStarted => "not_started",
        OnTrack => "on_track",
        AtRisk => "at_risk",
        Done => "done",
        Dropped => "dropped",
    }
}

impl ActionStatus {
    /// Done or dropped: nothing more is expected of it.
    pub fn is_closed(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::Dropped)
    }

    /// The words a person would use.
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "Not started",
            ActionStatus::OnTrack => "On track",
            ActionStatus::AtRisk => "At risk",
            ActionStatus::Done => "Done",
            ActionStatus::Dropped => "Dropped",
        }
    }
}

text_enum! {
    /// What an action can serve.
    LinkTarget {
        Measure => "measure",
        Result => "result",
        Program => "program",
    }
}

/// A measure, result or program an action is to serve (as the user picks it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionLinkInput {
    pub target_kind: LinkTarget,
    pub target_id: String,
}

/// A measure, result or program an action serves, with its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionLink {
    pub target_kind: LinkTarget,
    pub target_id: String,
    pub name: String,
}

/// One dated entry of an action's status log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionUpdate {
    pub id: String,
    /// `YYYY-MM-DD`.
    pub update_date: String,
    pub status: ActionStatus,
    pub comment: String,
    pub author: String,
}

/// An action, with its owner's name, links and status log (newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Action {
    pub id: String,
    pub initiative_id: String,
    pub title: String,
    pub description: String,
    pub owner_partner_id: Option<String>,
    pub owner_partner_name: Option<String>,
    /// The owning partner was deleted and the action kept with it as a former partner.
    pub owner_is_former: bool,
    pub owner_person: String,
    /// `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// `YYYY-MM-DD`.
    pub due_date: Option<String>,
    pub status: ActionStatus,
    pub links: Vec<ActionLink>,
    /// Newest first.
    pub updates: Vec<ActionUpdate>,
    /// Due before today and not done or dropped (today from the store's clock).
    pub overdue: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// What a user edits on an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionInput {
    pub title: String,
    pub description: String,
    pub owner_partner_id: Option<String>,
    pub owner_person: String,
    /// `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// `YYYY-MM-DD`.
    pub due_date: Option<String>,
    pub status: ActionStatus,
    pub links: Vec<ActionLinkInput>,
}

/// Which actions to list. The default is every open (not done, not dropped) action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionFilter {
    /// Owned by this partner.
    pub partner_id: Option<String>,
    /// Linked to this measure.
    pub measure_id: Option<String>,
    /// Only overdue ones.
    pub overdue: bool,
    /// Done and dropped ones too.
    pub include_closed: bool,
}

/// What happens to the actions a deleted partner owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "partner_id", rename_all = "snake_case")]
pub enum OwnedActions {
    /// Give them to this other partner (each gets a status-log entry saying so).
    Reassign(String),
    /// Keep them with the deleted partner, shown as a former partner.
    KeepAsFormer,
}
