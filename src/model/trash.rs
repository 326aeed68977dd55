//! What can be moved to the trash and restored.

use super::text_enum;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    /// A kind of row the UI can delete (to the trash) and restore.
    EntityKind {
        Initiative => "initiative",
        Partner => "partner",
        Result => "result",
        Program => "program",
        Measure => "measure",
        Observation => "observation",
        PartnerRole => "partner_role",
        Dimension => "dimension",
        Group => "group",
        Action => "action",
        Comment => "comment",
        Meeting => "meeting",
        CommunityEvent => "community_event",
    }
}

impl EntityKind {
    /// The table that holds rows of this kind.
    pub fn table(self) -> &'static str {
        match self {
            EntityKind::Initiative => "initiatives",
            EntityKind::Partner => "partners",
            EntityKind::Result => "results",
            EntityKind::Program => "programs",
            EntityKind::Measure => "measures",
            EntityKind::Observation => "observations",
            EntityKind::PartnerRole => "partner_roles",
            EntityKind::Dimension => "dimensions",
            EntityKind::Group => "groups",
            EntityKind::Action => "actions",
            EntityKind::Comment => "comments",
            EntityKind::Meeting => "meetings",
            EntityKind::CommunityEvent => "community_events",
        }
    }

    /// The word a person would use.
    pub fn noun(self) -> &'static str {
        match self {
            EntityKind::Initiative => "initiative",
            EntityKind::Partner => "partner",
            EntityKind::Result => "result",
            EntityKind::Program => "program",
            EntityKind::Measure => "measure",
            EntityKind::Observation => "value",
            EntityKind::PartnerRole => "partner role",
            EntityKind::Dimension => "dimension",
            EntityKind::Group => "group",
            EntityKind::Action => "action",
            EntityKind::Comment => "comment",
            EntityKind::Meeting => "meeting",
            EntityKind::CommunityEvent => "community event",
        }
    }
}

/// A row in the trash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TrashItem {
    pub kind: EntityKind,
    pub id: String,
    pub name: String,
    pub deleted_at: String,
    pub initiative_id: Option<String>,
}
