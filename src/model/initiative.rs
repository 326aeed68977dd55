//! An initiative: the collective impact partnership and its shared result.

use super::text_enum;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    /// Where the initiative is led from.
    SectoralHome {
        Public => "public",
        Nonprofit => "nonprofit",
        Philanthropy => "philanthropy",
        Business => "business",
        Education => "education",
        Health => "health",
        /// Co-led across sectors (for example a county and a community foundation).
        CoLed => "co_led",
        Other => "other",
    }
}

/// A collective impact initiative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Initiative {
    pub id: String,
    pub name: String,
    /// The one shared result the partners agreed on, in plain language.
    pub shared_result: String,
    pub geography: String,
    pub sectoral_home: SectoralHome,
    /// The backbone organisation that staffs the initiative.
    pub backbone_org: String,
    pub equity_statement: String,
    /// True for the shipped sample ("Sample: fictional data").
    pub is_sample: bool,
    /// Scorecard status tolerance: "close" when the shortfall is within this share (%) of
    /// the distance from baseline to target.
    pub status_tolerance_pct: f64,
    pub created_at: String,
    pub updated_at: String,
}

/// What a user edits on an initiative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InitiativeInput {
    pub name: String,
    pub shared_result: String,
    pub geography: String,
    pub sectoral_home: SectoralHome,
    pub backbone_org: String,
    pub equity_statement: String,
}

impl SectoralHome {
    /// The words a person would use.
    pub fn label(self) -> &'static str {
        match self {
            SectoralHome::Public => "Public sector",
            SectoralHome::Nonprofit => "Nonprofit",
            SectoralHome::Philanthropy => "Philanthropy",
            SectoralHome::Business => "Business",
            SectoralHome::Education => "Education",
            SectoralHome::Health => "Health",
            SectoralHome::CoLed => "Co-led across sectors",
            SectoralHome::Other => "Other",
        }
    }
}
