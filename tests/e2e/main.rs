//! End-to-end tests: the real `backbone` binary, its real window under Xvfb, driven through
//! WebDriver (tauri-driver + WebKitWebDriver) as a person would use it. Screenshots land in
//! `test-artifacts/`. Run by `make test` under `xvfb-run`; with no display or driver they
//! fail.

mod actions;
mod comments;
mod community;
mod contributions;
mod dialogs;
mod equity;
mod meetings;
mod report;
mod second_screen;
mod sync;
mod transfer;
mod webdriver;
mod worksheet;

use backbone::Store;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Instant;
use webdriver::{keys, Driver, Session};

fn app() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_backbone"))
}

fn artifacts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-artifacts")
}

/// A fresh data folder and database path for one test; the driver (and so the app)
/// inherits `XDG_DATA_HOME`, so WebKit's storage is fresh too.
struct Sandbox {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

fn sandbox() -> Sandbox {
    let dir = tempfile::tempdir().expect("temp dir");
    std::env::set_var("XDG_DATA_HOME", dir.path().join("xdg"));
    let db = dir.path().join("e2e.backbone.sqlite");
    Sandbox { _dir: dir, db }
}

fn launch(driver: &Driver, db: &Path) -> Session {
    let session = Session::new(driver, &app(), &["--db", db.to_str().expect("utf-8 path")]);
    session.find("[data-ready=\"true\"]");
    session
}

/// Scrolls the element into the middle of the window, then clicks it.
fn click(s: &Session, css: &str) {
    let e = s.find(css);
    s.execute(
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![Session::arg(&e)],
    );
    s.click(&e);
}

/// Scrolls `css` into view (`block`: "start", "center" or "end"), lets the webview paint,
/// and saves a screenshot as `test-artifacts/<name>`.
fn shot(s: &Session, css: &str, block: &str, name: &str) {
    let e = s.find(css);
    s.execute(
        "arguments[0].scrollIntoView({block: arguments[1]});
         return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))));",
        vec![Session::arg(&e), json!(block)],
    );
    s.screenshot(&artifacts().join(name)).expect("screenshot");
}

/// Opens the measure named `name` from the scorecard and waits for its detail.
fn open_measure(s: &Session, name: &str) {
    click(s, "[data-testid=\"nav-scorecard\"]");
    let id = s.wait(&format!("{name} on the scorecard"), || {
        let found = s.execute(
            "const row = [...document.querySelectorAll('[data-testid=\"scorecard-row\"]')]
               .find(r => r.querySelector('th')?.textContent.includes(arguments[0]));
             return row ? row.dataset.id : null;",
            vec![json!(name)],
        );
        found.as_str().map(str::to_string)
    });
    click(
        s,
        &format!("[data-testid=\"scorecard-row\"][data-id=\"{id}\"] th"),
    );
    s.find("[data-testid=\"measure-detail\"]");
}

fn fill(session: &Session, css: &str, text: &str) {
    let e = session.find(css);
    session.clear(&e);
    session.type_text(&e, text);
}

fn wait_text(session: &Session, css: &str, expected: &str) {
    session.wait(&format!("{css} to read \"{expected}\""), || {
        session
            .find_all(css)
            .iter()
            .any(|e| session.text(e).contains(expected))
            .then_some(())
    });
}

/// The value inputs of the grid rows for `periods`.
fn value_cell(session: &Session, period: &str) -> webdriver::Element {
    session.find(&format!(
        "[data-testid=\"grid-row\"][data-period=\"{period}\"] input[name=\"value\"]"
    ))
}

#[test]
fn create_initiative_add_indicator_enter_values_and_find_them_after_restart() {
    let sb = sandbox();
    let driver = Driver::start(4444);

    // First launch on a new file: the sample initiative is there with no action.
    let started = Instant::now();
    let s = launch(&driver, &sb.db);
    eprintln!(
        "first paint of the sample initiative: {} ms after launch",
        started.elapsed().as_millis()
    );
    wait_text(
        &s,
        "[data-testid=\"sample-banner\"]",
        "Sample: fictional data",
    );

    // Create an initiative.
    s.click(&s.find("[data-testid=\"new-initiative\"]"));
    fill(&s, "input[name=\"name\"]", "Eastside Promise");
    fill(
        &s,
        "textarea[name=\"shared_result\"]",
        "Every Eastside child thrives from cradle to career",
    );
    s.click(&s.find("[data-testid=\"save\"]"));
    wait_text(&s, "[data-testid=\"initiative-name\"]", "Eastside Promise");

    // Add a result and an indicator under it.
    s.click(&s.find("[data-testid=\"nav-results\"]"));
    s.click(&s.find("[data-testid=\"add-result\"]"));
    fill(
        &s,
        "input[name=\"name\"]",
        "Children enter school ready to learn",
    );
    s.click(&s.find("[data-testid=\"save\"]"));
    wait_text(
        &s,
        "[data-testid=\"item\"]",
        "Children enter school ready to learn",
    );
    s.click(&s.find("[data-testid=\"add-indicator\"]"));
    fill(&s, "input[name=\"name\"]", "Kindergarten readiness");
    s.select("select[name=\"unit\"]", "percent");
    s.select("select[name=\"calendar\"]", "year");
    s.click(&s.find("[data-testid=\"save\"]"));
    wait_text(&s, "[data-testid=\"item\"]", "Kindergarten readiness");

    // Enter three values in the grid, each saved with Enter.
    s.click(&s.find("[data-testid=\"nav-data\"]"));
    s.select_by_text("[data-testid=\"measure-picker\"]", "Kindergarten readiness");
    let typed = [("2023", "61.5"), ("2024", "63.2"), ("2025", "64.8")];
    for (period, value) in typed {
        let cell = value_cell(&s, period);
        s.click(&cell);
        s.type_text(&cell, value);
        s.type_text(&cell, keys::ENTER);
        wait_text(&s, "[data-testid=\"save-status\"]", "Saved");
    }
    s.screenshot(&artifacts().join("e2e-data-entry.png"))
        .expect("screenshot");
    s.close();

    // The values are in the file, as numbers, for the new initiative's indicator.
    {
        let store = Store::open(&sb.db).expect("open the app's database");
        let initiative = store
            .find_initiative(Some("Eastside Promise"))
            .expect("initiative saved");
        let measures = store.list_measures(&initiative.id).expect("measures");
        assert_eq!(measures.len(), 1, "one indicator was added");
        let values: Vec<(String, Option<f64>)> = store
            .list_observations(&measures[0].id)
            .expect("observations")
            .into_iter()
            .map(|o| (o.period, o.value))
            .collect();
        assert_eq!(
            values,
            vec![
                ("2023".to_string(), Some(61.5)),
                ("2024".to_string(), Some(63.2)),
                ("2025".to_string(), Some(64.8))
            ]
        );
    }

    // Restart the app: the values are still there in the window.
    let s = launch(&driver, &sb.db);
    s.select_by_text("[data-testid=\"initiative-switcher\"]", "Eastside Promise");
    wait_text(&s, "[data-testid=\"initiative-name\"]", "Eastside Promise");
    s.click(&s.find("[data-testid=\"nav-data\"]"));
    s.select_by_text("[data-testid=\"measure-picker\"]", "Kindergarten readiness");
    for (period, value) in typed {
        let cell = value_cell(&s, period);
        s.wait(&format!("{period} to show {value}"), || {
            let shown = s.property(&cell, "value");
            (shown.as_str().map(|v| v.trim_end_matches('%').trim()) == Some(value)).then_some(())
        });
    }
    s.screenshot(&artifacts().join("e2e-after-restart.png"))
        .expect("screenshot");
    s.close();
}

#[test]
fn bad_input_gets_a_clear_error_and_changes_nothing() {
    let sb = sandbox();
    let driver = Driver::start(4454);
    let s = launch(&driver, &sb.db);
    let count_before = |db: &Path| {
        let store = Store::open(db).expect("open");
        let sample = store
            .sample_initiative_id()
            .unwrap()
            .expect("sample loaded");
        let grid_total: usize = store
            .list_measures(&sample)
            .unwrap()
            .iter()
            .map(|m| store.list_observations(&m.id).unwrap().len())
            .sum();
        (store.list_initiatives().unwrap().len(), grid_total)
    };
    let before = count_before(&sb.db);

    // An empty name: the error shows at the field and nothing is created.
    s.click(&s.find("[data-testid=\"new-initiative\"]"));
    fill(&s, "input[name=\"name\"]", "   ");
    s.click(&s.find("[data-testid=\"save\"]"));
    wait_text(&s, "[data-testid=\"error-name\"]", "name");
    s.type_text(&s.find("input[name=\"name\"]"), keys::ESCAPE);

    // A value that is not a number: the error shows at the cell.
    s.click(&s.find("[data-testid=\"nav-data\"]"));
    s.select_by_text("[data-testid=\"measure-picker\"]", "graduation");
    let cell = s.find("[data-testid=\"grid-row\"] input[name=\"value\"]");
    s.click(&cell);
    s.clear(&cell);
    s.type_text(&cell, "abc");
    s.type_text(&cell, keys::ENTER);
    wait_text(&s, "[data-testid=\"cell-error\"]", "not a number");
    s.screenshot(&artifacts().join("e2e-bad-input.png"))
        .expect("screenshot");

    // Over IPC: an id that does not exist, and a wrong type, come back as errors.
    let not_found = s.execute(
        "return window.__TAURI_INTERNALS__.invoke('get_initiative', {id: 'no-such-id'})
           .then(r => ({ok: r}), e => ({err: e}));",
        vec![],
    );
    assert_eq!(not_found["err"]["code"], json!("not_found"), "{not_found}");
    assert!(not_found["err"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("no-such-id"));
    let wrong_type = s.execute(
        "return window.__TAURI_INTERNALS__.invoke('save_observations', {measure_id: 42, edits: 'x'})
           .then(r => ({ok: r}), e => ({err: e}));",
        vec![],
    );
    assert!(
        wrong_type.get("ok").is_none(),
        "a wrong type must be refused: {wrong_type}"
    );
    let impossible = s.execute(
        "return window.__TAURI_INTERNALS__.invoke('list_measures', {initiative_id: 'x'})
           .then(r => ({ok: r}), e => ({err: e}));",
        vec![],
    );
    assert_eq!(
        impossible["err"]["code"],
        json!("not_found"),
        "{impossible}"
    );
    s.close();

    assert_eq!(
        count_before(&sb.db),
        before,
        "bad input changed the database"
    );
}

/// The trend of a series by DOMAIN.md, computed here from the stored values (not by the
/// core's scorecard): the last step's direction and how many steps in a row share it.
fn trend_of(values: &[f64]) -> (&'static str, usize) {
    let step = |a: f64, b: f64| {
        let scale = a.abs().max(b.abs());
        if (b - a).abs() <= 1e-9 * scale {
            "flat"
        } else if b > a {
            "up"
        } else {
            "down"
        }
    };
    let steps: Vec<&str> = values.windows(2).map(|w| step(w[0], w[1])).collect();
    match steps.last() {
        None => ("none", 0),
        Some(last) => (*last, steps.iter().rev().take_while(|s| *s == last).count()),
    }
}

#[test]
fn scorecard_shows_trends_and_status_from_the_data_and_opens_the_chart() {
    let sb = sandbox();
    let driver = Driver::start(4464);
    let s = launch(&driver, &sb.db);

    // What the data says, read from the same file.
    let (measure_id, title, direction, count, status) = {
        let store = Store::open(&sb.db).expect("open");
        let sample = store
            .sample_initiative_id()
            .unwrap()
            .expect("sample loaded");
        let measure = store
            .list_measures(&sample)
            .unwrap()
            .into_iter()
            .find(|m| m.name.starts_with("High-school graduation rate"))
            .expect("the sample has a graduation indicator");
        let actuals: Vec<f64> = store
            .list_observations(&measure.id)
            .unwrap()
            .into_iter()
            .filter(|o| o.group_ids.is_empty())
            .filter_map(|o| o.value)
            .collect();
        let (direction, count) = trend_of(&actuals);
        let card = serde_json::to_value(store.scorecard(&sample, None).unwrap()).unwrap();
        let row = card["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == json!(measure.id))
            .expect("the indicator is on the scorecard")
            .clone();
        (
            measure.id,
            measure.name,
            direction,
            count,
            row["status"].as_str().unwrap().to_string(),
        )
    };

    // The scorecard is the landing screen; the row shows the arrow, count and status.
    s.click(&s.find("[data-testid=\"nav-scorecard\"]"));
    let row_css = format!("[data-testid=\"scorecard-row\"][data-id=\"{measure_id}\"]");
    s.find(&row_css);
    let trend = s.find(&format!("{row_css} [data-testid=\"trend\"]"));
    assert_eq!(s.property(&trend, "dataset")["direction"], json!(direction));
    let arrow = match direction {
        "up" => "↑",
        "down" => "↓",
        _ => "→",
    };
    let shown = s.text(&trend);
    assert!(
        shown.contains(arrow) && shown.contains(&count.to_string()),
        "trend shows {shown:?}, the data says {direction} {count}"
    );
    let chip = s.find(&format!("{row_css} [data-testid=\"status\"]"));
    assert_eq!(s.property(&chip, "dataset")["status"], json!(status));
    s.screenshot(&artifacts().join("e2e-scorecard.png"))
        .expect("screenshot");

    // Clicking the row opens the measure detail with its chart drawn by the core.
    let name_cell = s.find(&format!("{row_css} td"));
    s.execute(
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![Session::arg(&name_cell)],
    );
    s.click(&name_cell);
    s.find("[data-testid=\"measure-detail\"]");
    s.wait("the chart's <svg> with the measure's title", || {
        let found = s.execute(
            "const c = document.querySelector('[data-testid=\"measure-detail\"] [data-testid=\"chart\"] svg');
             return c ? c.textContent : null;",
            vec![],
        );
        found
            .as_str()
            .filter(|text| text.contains(title.as_str()))
            .map(|_| ())
    });
    s.screenshot(&artifacts().join("e2e-measure-chart.png"))
        .expect("screenshot");
    s.close();
}
