//! Partners and the roles they hold.

use super::text_enum;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    /// A partner's sector.
    Sector {
        Public => "public",
        Nonprofit => "nonprofit",
        Philanthropy => "philanthropy",
        Business => "business",
        Education => "education",
        Health => "health",
        Faith => "faith",
        /// A community or resident group.
        Community => "community",
        Other => "other",
    }
}

text_enum! {
    /// How central a partner is to the work.
    PartnerTier {
        Strategic => "strategic",
        MidTier => "mid_tier",
        Community => "community",
    }
}

text_enum! {
    /// The role a partner holds.
    RoleKind {
        Lead => "lead",
        Contributor => "contributor",
        /// A partner with a role to play on a result or measure.
        Partner => "partner",
    }
}

text_enum! {
    /// For a partner with a role on a result or measure: whether it is a strategic partner
    /// for that work or a mid-tier one.
    RoleTier {
        Strategic => "strategic",
        MidTier => "mid_tier",
    }
}

text_enum! {
    /// What a role is held on.
    RoleTarget {
        Result => "result",
        Program => "program",
        Measure => "measure",
    }
}

/// An organisation in the partnership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Partner {
    pub id: String,
    pub initiative_id: String,
    pub name: String,
    pub sector: Sector,
    pub tier: Option<PartnerTier>,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub notes: String,
    pub created_at: String,
    pub updated_at: String,
}

/// What a user edits on a partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PartnerInput {
    pub name: String,
    pub sector: Sector,
    pub tier: Option<PartnerTier>,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub notes: String,
}

/// A role a partner holds on a result, program or measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PartnerRole {
    pub id: String,
    pub partner_id: String,
    pub target_kind: RoleTarget,
    pub target_id: String,
    pub role: RoleKind,
    /// The role in words (for a partner with a role on a result or measure).
    pub description: String,
    /// Strategic or mid-tier, for a role on a result or measure.
    pub tier: Option<RoleTier>,
}
