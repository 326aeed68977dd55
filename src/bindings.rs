//! TypeScript bindings for every type that crosses IPC, generated with ts-rs into
//! `ui/src/bindings/` (committed; the tests fail when they drift from the Rust types).

use crate::error::{ApiError, ErrorCode};
use crate::model::*;
use crate::scorecard::{ManualForecast, Scorecard};
use std::path::Path;
use ts_rs::{Config, ExportError, TS};

/// Writes every binding into `dir`.
pub fn export_all(dir: &Path) -> Result<(), ExportError> {
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");
    ApiError::export_all(&cfg)?;
    ErrorCode::export_all(&cfg)?;
    AppInfo::export_all(&cfg)?;
    Initiative::export_all(&cfg)?;
    InitiativeInput::export_all(&cfg)?;
    Partner::export_all(&cfg)?;
    PartnerInput::export_all(&cfg)?;
    PartnerRole::export_all(&cfg)?;
    PartnerProfile::export_all(&cfg)?;
    ResultPartner::export_all(&cfg)?;
    ContributionsMatrix::export_all(&cfg)?;
    PopulationResult::export_all(&cfg)?;
    ResultInput::export_all(&cfg)?;
    Program::export_all(&cfg)?;
    ProgramInput::export_all(&cfg)?;
    Measure::export_all(&cfg)?;
    MeasureInput::export_all(&cfg)?;
    MeasureStat::export_all(&cfg)?;
    Dimension::export_all(&cfg)?;
    MergeReport::export_all(&cfg)?;
    MoveDirection::export_all(&cfg)?;
    Observation::export_all(&cfg)?;
    ObservationEdit::export_all(&cfg)?;
    PeriodInfo::export_all(&cfg)?;
    GridRow::export_all(&cfg)?;
    SaveReport::export_all(&cfg)?;
    TrashItem::export_all(&cfg)?;
    Action::export_all(&cfg)?;
    ActionFilter::export_all(&cfg)?;
    ActionInput::export_all(&cfg)?;
    ActionLink::export_all(&cfg)?;
    ActionLinkInput::export_all(&cfg)?;
    ActionStatus::export_all(&cfg)?;
    ActionUpdate::export_all(&cfg)?;
    LinkTarget::export_all(&cfg)?;
    OwnedActions::export_all(&cfg)?;
    BackupInfo::export_all(&cfg)?;
    Comment::export_all(&cfg)?;
    CommentCounts::export_all(&cfg)?;
    CommentTarget::export_all(&cfg)?;
    RestoreReport::export_all(&cfg)?;
    Scorecard::export_all(&cfg)?;
    ManualForecast::export_all(&cfg)?;
    crate::equity::EquityFigures::export_all(&cfg)?;
    crate::equity::GapSeriesSet::export_all(&cfg)?;
    crate::equity::EquitySummary::export_all(&cfg)?;
    crate::equity::MeasureDimension::export_all(&cfg)?;
    ExportFormat::export_all(&cfg)?;
    ExportReport::export_all(&cfg)?;
    BundleReport::export_all(&cfg)?;
    crate::import::Format::export_all(&cfg)?;
    crate::import::ImportOptions::export_all(&cfg)?;
    crate::import::ImportSummary::export_all(&cfg)?;
    crate::import::Problem::export_all(&cfg)?;
    crate::import::Progress::export_all(&cfg)?;
    crate::chart::ChartSize::export_all(&cfg)?;
    crate::chart::RenderedChart::export_all(&cfg)?;
    crate::chart::SparklineSvg::export_all(&cfg)?;
    Worksheet::export_all(&cfg)?;
    WorksheetInput::export_all(&cfg)?;
    WorksheetRevision::export_all(&cfg)?;
    RevisionInfo::export_all(&cfg)?;
    RevisionDiff::export_all(&cfg)?;
    Ok(())
}
