//! The domain model: the types practitioners name, as the UI and the CLI see them.
//!
//! Plain data with serde and ts-rs derives; no SQL here (that is `store`), no Tauri. Enums
//! are stored as their snake_case text, both in JSON and in SQLite.

pub mod action;
pub mod app;
pub mod backup;
pub mod comment;
pub mod community;
pub mod contribution;
pub mod dimension;
pub mod export;
pub mod initiative;
pub mod measure;
pub mod meeting;
pub mod observation;
pub mod partner;
pub mod period;
pub mod program;
pub mod result;
pub mod sync;
pub mod trash;
pub mod worksheet;

pub use action::{
    Action, ActionFilter, ActionInput, ActionLink, ActionLinkInput, ActionStatus, ActionUpdate,
    LinkTarget, OwnedActions,
};
pub use app::AppInfo;
pub use backup::{BackupInfo, BackupKind, RestoreReport};
pub use comment::{
    Comment, CommentCounts, CommentTarget, CommentTargetKind, ValueCommentCount, WorksheetSection,
};
pub use community::{
    CommunityEvent, CommunityEventInput, CommunityLink, CommunityLinkInput, CommunityTarget,
    CommunityTheme, EventGroup, EventKind, HeardEvent, HeardTheme, HeardThemeInput, LastHeard,
    Quote, QuoteInput, Reaction, ReactionInput, ReactionKind, Station, StationInput,
};
pub use contribution::{
    CellRole, ContributionsMatrix, HeldRole, MatrixColumn, MatrixRow, PartnerProfile, ProgramRole,
    ResultPartner,
};
pub use dimension::{Dimension, Group, GroupAlias, MergeReport, MoveDirection};
pub use export::{BundleReport, BundleTableCount, ExportFormat, ExportReport, TableCount};
pub use initiative::{Initiative, InitiativeInput, SectoralHome};
pub use measure::{Measure, MeasureInput, MeasureKind, MeasureStat, Polarity, RbaCategory, Unit};
pub use meeting::{
    AgendaItem, Attendee, CaptureInput, CaptureKind, Meeting, MeetingInput, MeetingItem,
    MeetingStatus, SlideKind,
};
pub use observation::{GridRow, Observation, ObservationEdit, PeriodInfo, SaveReport};
pub use partner::{
    Partner, PartnerInput, PartnerRole, PartnerTier, RoleKind, RoleTarget, RoleTier, Sector,
};
pub use period::{Calendar, CalendarSpec, Period, PeriodError};
pub use program::{Program, ProgramInput};
pub use result::{PopulationResult, ResultInput};
pub use trash::{EntityKind, TrashItem};
pub use worksheet::{
    ChangeKind, DiffItem, DiffLine, Factor, FactorKind, Idea, IdeaSource, RevisionAction,
    RevisionDiff, RevisionInfo, SectionDiff, Worksheet, WorksheetInput, WorksheetPartner,
    WorksheetPartnerInput, WorksheetRevision,
};

/// Declares a fieldless enum stored as snake_case text (serde, ts-rs and SQLite).
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored text.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored text.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::parse(text).ok_or_else(|| {
                    rusqlite::types::FromSqlError::Other(format!("unknown {} {text:?}", stringify!($name)).into())
                })
            }
        }
    };
}
pub(crate) use text_enum;
