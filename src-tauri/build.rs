//! Reads `tauri.conf.json` from the repository root (its one copy) and declares the app's
//! commands, so each gets an `allow-…` permission that `capabilities/default.json` must
//! grant explicitly.

const COMMANDS: &[&str] = &[
    "app_info",
    "backup_database",
    "open_database",
    "list_initiatives",
    "get_initiative",
    "create_initiative",
    "update_initiative",
    "load_sample",
    "remove_sample",
    "list_partners",
    "create_partner",
    "update_partner",
    "list_results",
    "create_result",
    "update_result",
    "list_programs",
    "create_program",
    "update_program",
    "list_measures",
    "create_measure",
    "update_measure",
    "measure_stats",
    "list_dimensions",
    "measure_grid",
    "periods_after",
    "save_observations",
    "delete_item",
    "restore_item",
    "list_trash",
    "measure_chart",
    "sparklines",
    "export_chart",
    "scorecard",
    "measure_dimensions",
    "equity_figures",
    "gap_series",
    "equity_summary",
    "group_chart",
    "gap_chart",
    "preview_import",
    "run_import",
    "cancel_import",
    "export_initiative",
    "backups_folder",
    "list_backups",
    "backup_now",
    "restore_database",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri build step failed");
}
