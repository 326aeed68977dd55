//! Trend charts and sparklines: thin commands over `backbone::chart`.

use crate::state::AppState;
use backbone::chart::{self, ChartSize, RenderedChart, SparklineSvg};
use backbone::ApiError;
use std::path::PathBuf;
use tauri::State;

/// Ids as the core takes them.
fn ids(compare_ids: &Option<Vec<String>>) -> Vec<&str> {
    compare_ids.iter().flatten().map(String::as_str).collect()
}

#[tauri::command(rename_all = "snake_case")]
pub fn measure_chart(
    state: State<'_, AppState>,
    measure_id: String,
    size: ChartSize,
    compare_ids: Option<Vec<String>>,
) -> Result<RenderedChart, ApiError> {
    state.with(|s| chart::measure_chart(s, &measure_id, size, &ids(&compare_ids)))
}

#[tauri::command(rename_all = "snake_case")]
pub fn sparklines(
    state: State<'_, AppState>,
    initiative_id: String,
) -> Result<Vec<SparklineSvg>, ApiError> {
    state.with(|s| chart::initiative_sparklines(s, &initiative_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn export_chart(
    state: State<'_, AppState>,
    measure_id: String,
    path: PathBuf,
    size: ChartSize,
    scale: Option<f32>,
    compare_ids: Option<Vec<String>>,
) -> Result<(), ApiError> {
    let scale = scale.unwrap_or(1.0);
    state.with(|s| {
        chart::export_measure_chart(s, &measure_id, &path, size, scale, &ids(&compare_ids))
            .map(|_| ())
    })
}
