//! Tauri commands, one file per feature. Each is a few lines: unpack, call the core,
//! convert the error. Arguments are snake_case on the JS side too.

mod actions;
mod backups;
mod charts;
mod comments;
mod community;
mod contributions;
mod database;
mod dimensions;
mod equity;
mod export;
mod import;
mod initiatives;
mod measures;
mod meetings;
mod observations;
mod partners;
mod programs;
mod report;
mod results;
mod scorecard;
mod sync;
mod trash;
mod worksheets;

/// Every command the UI may call (each also needs its `allow-…` permission in
/// `capabilities/default.json`, and its name in `build.rs`).
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        database::app_info,
        database::backup_database,
        database::open_database,
        initiatives::list_initiatives,
        initiatives::get_initiative,
        initiatives::create_initiative,
        initiatives::update_initiative,
        initiatives::load_sample,
        initiatives::remove_sample,
        partners::list_partners,
        partners::create_partner,
        partners::update_partner,
        actions::list_actions,
        actions::get_action,
        actions::create_action,
        actions::update_action,
        actions::add_action_update,
        actions::actions_for,
        actions::delete_partner_with_actions,
        community::list_community_events,
        community::get_community_event,
        community::community_events_for,
        community::create_community_event,
        community::update_community_event,
        community::list_community_themes,
        community::community_targets,
        community::last_heard,
        community::add_data_walk_station,
        community::update_data_walk_station,
        community::move_data_walk_station,
        community::remove_data_walk_station,
        community::add_data_walk_reaction,
        community::remove_data_walk_reaction,
        contributions::partner_profile,
        contributions::result_partners,
        contributions::set_partner_role,
        contributions::remove_partner_role,
        contributions::contributions_matrix,
        contributions::export_contributions,
        results::list_results,
        results::create_result,
        results::update_result,
        programs::list_programs,
        programs::create_program,
        programs::update_program,
        measures::list_measures,
        measures::create_measure,
        measures::update_measure,
        measures::measure_stats,
        measures::list_dimensions,
        dimensions::create_dimension,
        dimensions::rename_dimension,
        dimensions::set_dimension_kind,
        dimensions::move_dimension,
        dimensions::create_group,
        dimensions::rename_group,
        dimensions::set_reference_group,
        dimensions::move_group,
        dimensions::add_group_alias,
        dimensions::remove_group_alias,
        dimensions::merge_groups,
        observations::measure_grid,
        observations::periods_after,
        observations::save_observations,
        scorecard::scorecard,
        equity::measure_dimensions,
        equity::equity_figures,
        equity::gap_series,
        equity::equity_summary,
        equity::group_chart,
        equity::gap_chart,
        worksheets::get_worksheet,
        worksheets::save_worksheet,
        worksheets::worksheet_revisions,
        worksheets::worksheet_revision,
        worksheets::worksheet_diff,
        trash::delete_item,
        trash::restore_item,
        trash::list_trash,
        charts::measure_chart,
        charts::sparklines,
        charts::export_chart,
        import::preview_import,
        import::run_import,
        import::cancel_import,
        export::export_initiative,
        backups::backups_folder,
        backups::list_backups,
        backups::backup_now,
        backups::restore_database,
        comments::get_author_name,
        comments::set_author_name,
        comments::add_comment,
        comments::list_comments,
        comments::resolve_comment,
        comments::reopen_comment,
        comments::comment_counts,
        meetings::list_meetings,
        meetings::get_meeting,
        meetings::default_agenda,
        meetings::create_meeting,
        meetings::update_meeting,
        meetings::start_meeting,
        meetings::capture_meeting_item,
        meetings::update_meeting_item,
        meetings::remove_meeting_item,
        meetings::set_meeting_record,
        meetings::finish_meeting,
        meetings::prepare_next_meeting,
        report::export_report,
        report::export_data_walk,
        sync::sync_status,
        sync::sync_export,
        sync::sync_import,
        sync::sync_conflicts,
        sync::sync_resolve,
        sync::set_sync_folder,
        sync::sync_folder_now,
    ]
}
