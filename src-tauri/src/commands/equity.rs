//! The equity lens: thin commands over `backbone::equity` (through the store) and the
//! group and gap charts of `backbone::chart`.

use crate::state::AppState;
use backbone::chart::{self, ChartSize, RenderedChart};
use backbone::equity::{EquityFigures, EquitySummary, GapSeriesSet, MeasureDimension};
use backbone::ApiError;
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub fn measure_dimensions(
    state: State<'_, AppState>,
    measure_id: String,
) -> Result<Vec<MeasureDimension>, ApiError> {
    state.with(|s| s.measure_dimensions(&measure_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn equity_figures(
    state: State<'_, AppState>,
    measure_id: String,
    dimension_id: Option<String>,
    period: Option<String>,
) -> Result<EquityFigures, ApiError> {
    state.with(|s| s.equity(&measure_id, dimension_id.as_deref(), period.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn gap_series(
    state: State<'_, AppState>,
    measure_id: String,
    dimension_id: Option<String>,
) -> Result<GapSeriesSet, ApiError> {
    state.with(|s| s.gap_series(&measure_id, dimension_id.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn equity_summary(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<EquitySummary, ApiError> {
    state.with(|s| s.equity_summary(&initiative_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn group_chart(
    state: State<'_, AppState>,
    measure_id: String,
    dimension_id: Option<String>,
    size: ChartSize,
) -> Result<RenderedChart, ApiError> {
    state.with(|s| chart::group_chart(s, &measure_id, dimension_id.as_deref(), size))
}

#[tauri::command(rename_all = "snake_case")]
pub fn gap_chart(
    state: State<'_, AppState>,
    measure_id: String,
    dimension_id: Option<String>,
    size: ChartSize,
) -> Result<RenderedChart, ApiError> {
    state.with(|s| chart::gap_chart(s, &measure_id, dimension_id.as_deref(), size))
}
