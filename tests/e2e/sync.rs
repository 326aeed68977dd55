//! Field sync in the real window: a colleague's change file that renamed a measure the
//! person renamed too is imported from the Sync screen (the desktop's own open dialog,
//! answered with `xdotool`); the conflict is shown with both names side by side, the nav
//! entry counts it, "Keep theirs" resolves it, and the scorecard shows the kept name. A
//! copy of the file cut in half is refused first, in words, with nothing applied.
//!
//! The colleague's laptop is a second store made outside the app with the core library:
//! it joins by importing this database's full export (as a new laptop does), renames the
//! measure and exports its changes.

use super::{click, dialogs, fill, launch, sandbox, shot, wait_text};
use crate::webdriver::{Driver, Session};
use backbone::model::{
    Calendar, InitiativeInput, MeasureInput, MeasureKind, ObservationEdit, Polarity, ResultInput,
    SectoralHome, Unit,
};
use backbone::Store;
use serde_json::json;
use std::path::Path;
use std::time::Duration;

const MEASURE: &str = "Third-grade reading proficiency";
const OURS: &str = "Third-grade reading (district assessment)";
const THEIRS: &str = "Grade 3 reading proficiency";

/// Answers the native file dialog titled `title`: Ctrl+L opens GTK's location field, the
/// whole path is typed there, then Enter.
fn answer_dialog(title: &str, path: &Path) {
    let window = dialogs::wait_for(title);
    dialogs::type_path(&window, &["ctrl+l"], path);
    dialogs::press_until_closed(title, &window, "Return", Duration::from_millis(500));
}

/// Waits for the native dialog titled `title`, then closes it with Escape (cancelled).
fn cancel_dialog(title: &str) {
    let window = dialogs::wait_for(title);
    dialogs::press_until_closed(title, &window, "Escape", Duration::from_millis(300));
}

/// A yearly percent indicator of `result_id` named `name`.
fn indicator(result_id: &str, name: &str) -> MeasureInput {
    MeasureInput {
        kind: MeasureKind::Indicator,
        result_id: Some(result_id.into()),
        program_id: None,
        category: None,
        name: name.into(),
        definition: String::new(),
        unit: Unit::Percent,
        rate_per: None,
        polarity: Polarity::Higher,
        calendar: Calendar::Year,
        calendar_start_month: None,
        baseline_period: None,
        data_source: "State assessment".into(),
        headline: true,
        data_development: false,
        cumulative: false,
    }
}

/// This laptop before the app starts: signed "Jo", an initiative (the sample never
/// travels) with a result and the indicator with two values. Returns (result, measure).
fn this_laptop(db: &Path) -> (String, String) {
    let mut store = Store::open(db).expect("open");
    store.set_author_name("Jo").expect("name");
    store.decline_sample().expect("no sample");
    let i = store
        .create_initiative(&InitiativeInput {
            name: "Eastside Promise".into(),
            shared_result: "Every Eastside child reads well by third grade".into(),
            geography: "Eastside".into(),
            sectoral_home: SectoralHome::Nonprofit,
            backbone_org: "Eastside Promise".into(),
            equity_statement: String::new(),
        })
        .expect("initiative");
    let r = store
        .create_result(
            &i.id,
            &ResultInput {
                name: "Children read well by third grade".into(),
                description: String::new(),
            },
        )
        .expect("result");
    let m = store
        .create_measure(&i.id, &indicator(&r.id, MEASURE))
        .expect("indicator");
    let value = |period: &str, v: &str| ObservationEdit {
        period: period.into(),
        value: Some(v.into()),
        ..ObservationEdit::default()
    };
    store
        .save_observations(&m.id, &[value("2023", "61.5"), value("2024", "63.2")])
        .expect("values");
    (r.id, m.id)
}

/// The colleague's laptop: joins from `full` (this laptop's full export), is signed
/// "Amara", renames the indicator to `THEIRS` and writes its changes to `out`.
fn colleague_renames(dir: &Path, full: &Path, result_id: &str, measure_id: &str, out: &Path) {
    let mut amara = Store::open(&dir.join("amara.backbone")).expect("Amara's store");
    amara.set_author_name("Amara").expect("name");
    amara.decline_sample().expect("no sample");
    let joined = amara.sync_import(full).expect("Amara joins");
    assert!(joined.applied > 0, "the full export brought the initiative");
    amara
        .update_measure(measure_id, &indicator(result_id, THEIRS))
        .expect("Amara renames");
    amara.sync_export(None, out).expect("Amara exports");
}

/// The scorecard row headers' text.
fn scorecard_names(s: &Session) -> Vec<String> {
    click(s, "[data-testid=\"nav-scorecard\"]");
    s.find("[data-testid=\"scorecard-row\"]");
    s.execute(
        "return [...document.querySelectorAll('[data-testid=\"scorecard-row\"] th')].map(th => th.textContent);",
        vec![],
    )
    .as_array()
    .expect("names")
    .iter()
    .map(|v| v.as_str().unwrap_or_default().to_string())
    .collect()
}

#[test]
fn a_conflicting_change_file_is_imported_the_conflict_resolved_and_the_kept_name_shown() {
    let sb = sandbox();
    std::env::set_var("GSETTINGS_BACKEND", "memory");
    let work = tempfile::tempdir().expect("temp dir");
    let full = work.path().join("everything.bbsync");
    let theirs = work.path().join("Backbone changes from Amara.bbsync");

    // This laptop's data before the app starts; its full export is how the colleague's
    // laptop joined.
    let (result_id, measure_id) = this_laptop(&sb.db);
    Store::open(&sb.db)
        .expect("open")
        .sync_export(None, &full)
        .expect("full export");
    colleague_renames(work.path(), &full, &result_id, &measure_id, &theirs);

    let driver = Driver::start(4654);
    let s = launch(&driver, &sb.db);

    // Meanwhile, here: the same indicator renamed differently (later, so this one applies).
    click(&s, "[data-testid=\"nav-results\"]");
    click(
        &s,
        &format!("[data-testid=\"item\"][data-kind=\"measure\"][data-id=\"{measure_id}\"] [data-testid=\"edit\"]"),
    );
    fill(&s, "input[name=\"name\"]", OURS);
    click(&s, "[data-testid=\"save\"]");
    wait_text(&s, "[data-testid=\"item\"][data-kind=\"measure\"]", OURS);

    // Import Amara's file from the Sync screen.
    click(&s, "[data-testid=\"nav-sync\"]");
    s.find("[data-testid=\"sync-replica-id\"]");
    // A file cut short on the way (half of Amara's) is refused whole, in words.
    let bytes = std::fs::read(&theirs).expect("Amara's file");
    let damaged = work.path().join("damaged.bbsync");
    std::fs::write(&damaged, &bytes[..bytes.len() / 2]).expect("damaged copy");
    click(&s, "[data-testid=\"sync-import\"]");
    answer_dialog("Import changes", &damaged);
    wait_text(
        &s,
        "[data-testid=\"error-banner\"]",
        "This file cannot be imported, nothing was changed.",
    );
    wait_text(&s, "[data-testid=\"error-banner\"]", "damaged.bbsync");
    click(&s, "[data-testid=\"error-banner\"] .dismiss");
    assert!(
        s.find_all("[data-testid=\"conflict\"]").is_empty(),
        "nothing of the damaged file was applied"
    );

    click(&s, "[data-testid=\"sync-import\"]");
    answer_dialog("Import changes", &theirs);
    let result = s.wait("the import's result (or its error)", || {
        let alert = s.find_all("[role=\"alert\"]");
        assert!(alert.is_empty(), "the import failed: {}", s.text(&alert[0]));
        s.find_all("[data-testid=\"sync-import-result\"]")
            .first()
            .map(|e| s.text(e))
    });
    assert!(
        result.starts_with("From Amara:") && result.contains("1 new conflict"),
        "what came in, from whom: {result}"
    );
    wait_text(&s, "[data-testid=\"nav-sync-conflicts\"]", "1");

    // The conflict: both names, who and where, and which one the row holds now.
    let card = "[data-testid=\"conflict\"][data-status=\"open\"]";
    wait_text(&s, card, "name");
    let mine = format!("{card} [data-testid=\"conflict-mine\"]");
    let other = format!("{card} [data-testid=\"conflict-theirs\"]");
    wait_text(
        &s,
        &format!("{mine} [data-testid=\"conflict-value\"]"),
        OURS,
    );
    wait_text(
        &s,
        &format!("{other} [data-testid=\"conflict-value\"]"),
        THEIRS,
    );
    wait_text(&s, &other, "Amara");
    wait_text(&s, &mine, "Applied now");
    shot(&s, card, "center", "e2e-sync-conflict.png");
    let names = scorecard_names(&s);
    assert!(
        names.iter().any(|n| n.contains(OURS)),
        "before resolving, the newer name (ours) is applied: {names:?}"
    );

    // Keep theirs: one click.
    click(&s, "[data-testid=\"nav-sync\"]");
    click(&s, &format!("{card} [data-testid=\"keep-theirs\"]"));
    s.find("[data-testid=\"sync-no-conflicts\"]");
    s.wait("the badge to go", || {
        s.find_all("[data-testid=\"nav-sync-conflicts\"]")
            .is_empty()
            .then_some(())
    });
    wait_text(&s, "[data-testid=\"sync-resolved\"] summary", "1 resolved");

    // The scorecard shows the kept name, and so does the file.
    let names = scorecard_names(&s);
    assert!(
        names.iter().any(|n| n.contains(THEIRS)) && !names.iter().any(|n| n.contains(OURS)),
        "after Keep theirs the scorecard shows Amara's name: {names:?}"
    );
    s.close();
    let mut store = Store::open(&sb.db).expect("open");
    assert_eq!(
        store.get_measure(&measure_id).expect("measure").name,
        THEIRS
    );
    assert_eq!(store.sync_status().expect("status").open_conflicts, 0);
}

/// Each laptop writes its own file in the sync folder and reads the others': the
/// colleague's file there brings her rename in, and this laptop's own file appears beside
/// it (named by its replica id, so no two laptops write the same file).
#[test]
fn the_sync_folder_reads_a_colleagues_file_and_writes_this_laptops_own() {
    let sb = sandbox();
    std::env::set_var("GSETTINGS_BACKEND", "memory");
    let work = tempfile::tempdir().expect("temp dir");
    let shared = work.path().join("shared");
    std::fs::create_dir(&shared).expect("the shared folder");
    let full = work.path().join("everything.bbsync");

    let (result_id, measure_id) = this_laptop(&sb.db);
    let mine = {
        let mut store = Store::open(&sb.db).expect("open");
        store.sync_export(None, &full).expect("full export");
        store.replica_id().expect("replica id")
    };
    // Amara renames, then runs her own sync over the folder: her file lands there.
    let amara_file = {
        let scratch = work.path().join("amara-out.bbsync");
        colleague_renames(work.path(), &full, &result_id, &measure_id, &scratch);
        let mut amara = Store::open(&work.path().join("amara.backbone")).expect("Amara");
        amara
            .sync_with_folder(&shared)
            .expect("Amara's folder sync");
        shared.join(format!("{}.bbsync", amara.replica_id().expect("id")))
    };
    assert!(amara_file.exists(), "Amara's file is in the folder");

    let driver = Driver::start(4656);
    let s = launch(&driver, &sb.db);
    click(&s, "[data-testid=\"nav-sync\"]");
    wait_text(
        &s,
        "[data-testid=\"sync-folder-path\"]",
        "No sync folder chosen.",
    );
    // The folder chooser opens; cancelled, nothing changes. GTK's folder chooser takes no
    // typed path in this setup (it stays in its "Recent" view), so the folder is then set
    // through the same command the dialog's answer goes to.
    click(&s, "[data-testid=\"sync-choose-folder\"]");
    cancel_dialog("Choose a sync folder");
    wait_text(
        &s,
        "[data-testid=\"sync-folder-path\"]",
        "No sync folder chosen.",
    );
    let set = s.execute(
        "return window.__TAURI_INTERNALS__.invoke('set_sync_folder', {path: arguments[0]})
           .then(() => 'ok', (e) => JSON.stringify(e));",
        vec![json!(shared.to_str().expect("utf-8 path"))],
    );
    assert_eq!(set, json!("ok"), "the folder is chosen");
    click(&s, "[data-testid=\"nav-settings\"]");
    click(&s, "[data-testid=\"nav-sync\"]");
    wait_text(
        &s,
        "[data-testid=\"sync-folder-path\"]",
        shared.to_str().expect("utf-8 path"),
    );

    click(&s, "[data-testid=\"sync-now\"]");
    let result = s.wait("the folder sync's result", || {
        s.find_all("[data-testid=\"sync-folder-result\"]")
            .first()
            .map(|e| s.text(e))
    });
    assert!(
        result.contains("From Amara: 1 change applied") && result.contains("no new conflicts"),
        "Amara's rename came in: {result}"
    );
    let own = shared.join(format!("{mine}.bbsync"));
    assert!(
        own.exists(),
        "this laptop wrote its own file: {}",
        own.display()
    );
    wait_text(&s, "[data-testid=\"sync-peer\"]", "Amara");

    let names = scorecard_names(&s);
    assert!(
        names.iter().any(|n| n.contains(THEIRS)),
        "the scorecard shows Amara's name: {names:?}"
    );
    s.close();
}
