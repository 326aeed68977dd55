//! `backbone scorecard` on the sample (fixed clock: 1 March 2025), with figures checked by
//! hand against `assets/sample/initiative.json`, and on edge cases of the command itself.

use super::*;
use crate::cli::{parse, run as run_cli};
use chrono::{TimeZone, Utc};
use serde_json::Value;
use std::sync::Arc;

fn clock() -> crate::store::Clock {
    Arc::new(|| Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap())
}

/// The sample in a temporary file.
fn sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.backbone");
    let (mut store, _) = Store::open_with_clock(&path, clock()).unwrap();
    store.load_sample().unwrap();
    (dir, path)
}

fn open(path: &Path) -> Store {
    Store::open_with_clock(path, clock()).unwrap().0
}

/// The card as the JSON output has it.
fn json(path: &Path, as_of: Option<&str>) -> Value {
    let store = open(path);
    let id = store.find_initiative(None).unwrap().id;
    let card = store.scorecard(&id, as_of).unwrap();
    serde_json::from_str(&render(&card, Format::Json).unwrap()).unwrap()
}

fn row<'a>(card: &'a Value, name: &str) -> &'a Value {
    card["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

#[track_caller]
fn approx(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"));
    assert!((got - want).abs() < 1e-9, "{got} != {want}");
}

/// Replaces every UUID (random on each load) with `<id>`.
fn redact(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('"') {
        out += &rest[..=i];
        rest = &rest[i + 1..];
        let candidate = rest.get(..36).unwrap_or("");
        let is_uuid = candidate.len() == 36
            && candidate.char_indices().all(|(k, c)| {
                if [8, 13, 18, 23].contains(&k) {
                    c == '-'
                } else {
                    c.is_ascii_hexdigit()
                }
            });
        if is_uuid {
            out += "<id>";
            rest = &rest[36..];
        }
    }
    out + rest
}

#[test]
fn every_row_has_the_contract_fields() {
    let (_dir, path) = sample();
    let card = json(&path, None);
    for key in ["initiative", "as_of", "rows", "rollups"] {
        assert!(card.get(key).is_some(), "{key}");
    }
    let rows = card["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 17, "6 indicators and 11 performance measures");
    for r in rows {
        for field in FIELDS {
            assert!(r.get(field).is_some(), "{} lacks {field}", r["name"]);
        }
        assert!(["indicator", "measure"].contains(&r["kind"].as_str().unwrap()));
    }
    assert_eq!(card["initiative"]["is_sample"], true);
    assert_eq!(card["as_of"]["reference_date"], "2025-03-01");
}

#[test]
fn kindergarten_readiness_by_hand() {
    let (_dir, path) = sample();
    let card = json(&path, None);
    let r = row(&card, "Kindergarten readiness");
    assert_eq!(
        (r["kind"].as_str(), r["result"].as_str()),
        (
            Some("indicator"),
            Some("Children enter kindergarten ready and read by third grade")
        )
    );
    assert_eq!(
        (r["program"].clone(), r["category"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(
        (r["polarity"].as_str(), r["period"].as_str()),
        (Some("higher"), Some("2023-24"))
    );
    // 2023-24: 54.6 against 54.0; 2022-23: 52.0; first actual 2015-16: 50.3.
    approx(&r["actual"], 54.6);
    approx(&r["prior_actual"], 52.0);
    approx(&r["target"], 54.0);
    approx(&r["next_target"], 56.0);
    approx(&r["baseline"], 50.3);
    approx(&r["baseline_change_pct"], (54.6 - 50.3) / 50.3 * 100.0);
    approx(&r["variance_from_target_pct"], (54.6 - 54.0) / 54.0 * 100.0);
    approx(
        &r["progress_to_target_pct"],
        (54.6 - 50.3) / (54.0 - 50.3) * 100.0,
    );
    // 47.4 (2021-22, after the missing 2020-21) → 52.0 → 54.6: up twice, after a fall.
    assert_eq!(
        (r["trend_direction"].as_str(), r["trend_count"].as_u64()),
        (Some("up"), Some(2))
    );
    assert_eq!(
        (r["trend_good"].as_bool(), r["status"].as_str()),
        (Some(true), Some("met"))
    );
    // The line through x = 2015..2019, 2021..2023 (2020-21 missing) has slope 141/785 and
    // passes 41209/785 at 2024 (worked with exact fractions).
    approx(&r["forecast_next"], 41209.0 / 785.0);
    assert_eq!(r["forecast_period"], "2024-25");
    assert_eq!(r["latest_expected_period"], "2023-24");
}

#[test]
fn other_sample_rows_by_hand() {
    let (_dir, path) = sample();
    let card = json(&path, None);
    // A chosen baseline period (2017-18, after the series break).
    let r = row(&card, "Third-grade reading proficiency");
    approx(&r["baseline"], 46.0);
    approx(
        &r["progress_to_target_pct"],
        (48.9 - 46.0) / (48.0 - 46.0) * 100.0,
    );
    assert_eq!(
        (r["trend_direction"].as_str(), r["trend_count"].as_u64()),
        (Some("up"), Some(3))
    );
    // A target range 3-5: 4.5 inside; baseline 4.0 already inside.
    let r = row(&card, "Students per tutor");
    assert_eq!(
        (r["status"].as_str(), r["polarity"].as_str()),
        (Some("met"), Some("range"))
    );
    assert_eq!(
        (
            r["target"].clone(),
            r["target_low"].as_f64(),
            r["target_high"].as_f64()
        ),
        (Value::Null, Some(3.0), Some(5.0))
    );
    approx(&r["variance_from_target_pct"], 0.0);
    assert_eq!(r["progress_to_target_pct"], Value::Null);
    assert_eq!(
        r["why"]["progress_to_target_pct"],
        "the baseline is already inside the target range"
    );
    // 6.2 → 5.4 → 4.8 → 4.5: down three times, nearer the range (then inside it).
    assert_eq!(
        (
            r["trend_direction"].as_str(),
            r["trend_count"].as_u64(),
            r["trend_good"].as_bool()
        ),
        (Some("down"), Some(3), Some(true))
    );
    // Lower is better: 23.4 against 22.0 from 22.5; tolerance 10% of 0.5.
    let r = row(&card, "Tutored students chronically absent");
    assert_eq!(
        (
            r["trend_direction"].as_str(),
            r["trend_count"].as_u64(),
            r["trend_good"].as_bool()
        ),
        (Some("down"), Some(2), Some(true))
    );
    assert_eq!(r["status"], "off_track");
    approx(
        &r["progress_to_target_pct"],
        (23.4 - 22.5) / (22.0 - 22.5) * 100.0,
    );
    // 240 against 250 from 210: 10 short, more than 10% of 40.
    let r = row(&card, "Students served at FAFSA nights");
    assert_eq!(
        (r["status"].as_str(), r["period"].as_str()),
        (Some("off_track"), Some("2024Q4"))
    );
    approx(&r["variance_from_target_pct"], -4.0);
    approx(&r["progress_to_target_pct"], 75.0);
    assert_eq!(
        (r["category"].as_str(), r["program"].as_str()),
        (Some("how_much"), Some("FAFSA Completion Nights"))
    );
    // 87.2 against 87.5 from 81.1: 0.3 short, within 10% of 6.4.
    assert_eq!(
        row(&card, "High-school graduation rate (4-year cohort)")["status"],
        "close"
    );
    // Data development agenda: no values at all.
    let r = row(&card, "Young adults aged 18-24 employed or in school");
    assert_eq!(
        (
            r["status"].as_str(),
            r["trend_direction"].as_str(),
            r["trend_count"].as_u64()
        ),
        (Some("no_data"), Some("none"), Some(0))
    );
    assert_eq!(
        (r["actual"].clone(), r["trend_good"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(r["why"]["actual"], "no actual");
}

#[test]
fn rollups_by_hand() {
    let (_dir, path) = sample();
    let card = json(&path, None);
    let all = &card["rollups"]["initiative"];
    assert_eq!(all["measures"], 17);
    // Every measure with two or more actuals (16: all but the one with none) trends well.
    assert_eq!(
        (
            all["trending_well"]["numerator"].as_u64(),
            all["trending_well"]["denominator"].as_u64()
        ),
        (Some(16), Some(16))
    );
    // Worse than baseline: enrolment (57.6 < 58.7) and chronic absence (23.4 > 22.5, lower).
    assert_eq!(
        (
            all["better_than_baseline"]["numerator"].as_u64(),
            all["better_than_baseline"]["denominator"].as_u64()
        ),
        (Some(14), Some(16))
    );
    // On 1 March 2025, yearly measures are expected to have 2024: enrolment and
    // completion stop at 2023, and the young adults indicator has nothing.
    assert_eq!(
        (
            all["current_data"]["numerator"].as_u64(),
            all["current_data"]["denominator"].as_u64()
        ),
        (Some(14), Some(17))
    );
    // The sample's one worksheet (third-grade reading) was saved after its latest value; the
    // other measures with data have none.
    assert_eq!(
        (
            all["story_updated"]["numerator"].as_u64(),
            all["story_updated"]["denominator"].as_u64()
        ),
        (Some(1), Some(16))
    );
    let results = card["rollups"]["results"].as_array().unwrap();
    let programs = card["rollups"]["programs"].as_array().unwrap();
    assert_eq!((results.len(), programs.len()), (2, 2));
    assert_eq!(
        results[1]["current_data"]["label"],
        "1 of 4 indicators is up to date (an actual for the latest expected period)"
    );
    assert_eq!(programs[0]["measures"], 6);
}

#[test]
fn as_of_cuts_later_actuals() {
    let (_dir, path) = sample();
    let card = json(&path, Some("2021-22"));
    assert_eq!(card["as_of"]["label"], "2021-22");
    assert_eq!(card["as_of"]["cutoff"], "2022-07-31");
    let r = row(&card, "Kindergarten readiness");
    assert_eq!(
        (
            r["period"].as_str(),
            r["actual"].as_f64(),
            r["prior_actual"].as_f64()
        ),
        (Some("2021-22"), Some(47.4), Some(53.2))
    );
    assert_eq!(
        (r["trend_direction"].as_str(), r["trend_count"].as_u64()),
        (Some("down"), Some(1))
    );
    assert_eq!(r["status"], "no_target", "2021-22 had no target");
    assert_eq!(
        r["next_target"].as_f64(),
        Some(52.0),
        "targets are plans, kept"
    );
    // Quarterly FAFSA data starts in 2023: nothing yet.
    assert_eq!(
        row(&card, "Students served at FAFSA nights")["status"],
        "no_data"
    );
    // The year 2022 started before the cut-off, so it counts.
    let r = row(
        &card,
        "Postsecondary enrolment in the fall after graduation",
    );
    assert_eq!(
        (
            r["period"].as_str(),
            r["actual"].as_f64(),
            r["target"].as_f64()
        ),
        (Some("2022"), Some(56.4), Some(58.0))
    );
    let store = open(&path);
    let id = store.find_initiative(None).unwrap().id;
    let err = store.scorecard(&id, Some("someday")).unwrap_err();
    assert!(
        err.to_string().contains("is not a period or a date"),
        "{err}"
    );
}

#[test]
fn a_manual_forecast_replaces_the_line() {
    let (_dir, path) = sample();
    let mut store = open(&path);
    let id = store.find_initiative(None).unwrap().id;
    let card = store.scorecard(&id, None).unwrap();
    let measure = &card
        .rows
        .iter()
        .find(|r| r.name == "Kindergarten readiness")
        .unwrap()
        .id;
    store.set_forecast(measure, "2024-25", Some(55.0)).unwrap();
    let r = row(&json(&path, None), "Kindergarten readiness").clone();
    assert_eq!(
        (r["forecast_next"].as_f64(), r["forecast_source"].as_str()),
        (Some(55.0), Some("manual"))
    );
    assert_eq!(store.list_forecasts(measure).unwrap()[0].value, 55.0);
    let err = store
        .set_forecast(measure, "2025-26", Some(120.0))
        .unwrap_err();
    assert!(err.to_string().contains("not a percentage"), "{err}");
    store.set_forecast(measure, "2024-25", None).unwrap();
    assert!(store.list_forecasts(measure).unwrap().is_empty());
    let r = row(&json(&path, None), "Kindergarten readiness").clone();
    assert_eq!(r["forecast_source"], "fitted");
    // Setting it again revives the row with the new value.
    store.set_forecast(measure, "2024-25", Some(53.0)).unwrap();
    assert_eq!(
        row(&json(&path, None), "Kindergarten readiness")["forecast_next"].as_f64(),
        Some(53.0)
    );
}

#[test]
fn csv_has_the_contract_header_and_one_line_per_row() {
    let (_dir, path) = sample();
    let mut out = Vec::new();
    let code = print(&open(&path), None, None, Format::Csv, &mut out).unwrap();
    assert_eq!(code, 0);
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], FIELDS.join(","));
    assert_eq!(lines.len(), 18);
    let kindergarten = lines
        .iter()
        .find(|l| l.contains(",Kindergarten readiness,"))
        .unwrap();
    assert!(kindergarten.starts_with("indicator,"), "{kindergarten}");
    assert!(
        kindergarten.contains(",higher,2023-24,54.6,52.0,54.0,56.0,50.3,"),
        "{kindergarten}"
    );
    assert!(
        kindergarten.ends_with(",up,2,true,met,52.4955414012739"),
        "{kindergarten}"
    );
    assert_eq!(csv_cell("plain"), "plain");
    assert_eq!(csv_cell("a, b"), "\"a, b\"");
    assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
}

#[test]
fn the_table_for_people() {
    let (_dir, path) = sample();
    let mut out = Vec::new();
    print(&open(&path), None, None, Format::Table, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Sample: fictional data"));
    insta::assert_snapshot!("sample_table", text);
}

#[test]
fn the_json_of_the_sample() {
    let (_dir, path) = sample();
    let mut out = Vec::new();
    print(&open(&path), None, Some("2023-24"), Format::Json, &mut out).unwrap();
    insta::assert_snapshot!(
        "sample_json_as_of_2023_24",
        redact(&String::from_utf8(out).unwrap())
    );
}

#[test]
fn units_for_people() {
    assert_eq!(with_unit(72.4, Unit::Percent, None), "72.4%");
    assert_eq!(with_unit(72.0, Unit::Percent, None), "72.0%");
    assert_eq!(with_unit(1234.0, Unit::Currency, None), "$1,234");
    assert_eq!(with_unit(-1234567.8, Unit::Currency, None), "-$1,234,568");
    assert_eq!(with_unit(12.5, Unit::Currency, None), "$12.50");
    assert_eq!(with_unit(12.34, Unit::Rate, Some(1000.0)), "12.3 per 1,000");
    assert_eq!(with_unit(1234.0, Unit::Number, None), "1,234");
    assert_eq!(with_unit(4.5, Unit::Number, None), "4.5");
    assert_eq!(with_unit(157.71, Unit::Number, None), "157.7");
    assert_eq!(with_unit(-0.01, Unit::Number, None), "0");
}

#[test]
fn the_command_line() {
    let (_dir, path) = sample();
    let db = path.to_str().unwrap();
    let cli = parse([
        "backbone",
        "--db",
        db,
        "scorecard",
        "--format",
        "csv",
        "--as-of",
        "2024Q4",
    ])
    .unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(
        run_cli(cli, &mut out, &mut err),
        0,
        "{}",
        String::from_utf8_lossy(&err)
    );
    assert!(String::from_utf8(out).unwrap().starts_with("kind,id,name,"));
    // The default format is the table.
    let cli = parse(["backbone", "--db", db, "scorecard"]).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(run_cli(cli, &mut out, &mut err), 0);
    assert!(String::from_utf8(out).unwrap().contains("Roll-ups"));
    // By name, case-insensitively.
    let name = "sample: riverbend rising cradle-to-career partnership";
    let cli = parse(["backbone", "--db", db, "scorecard", "--initiative", name]).unwrap();
    assert_eq!(run_cli(cli, &mut Vec::new(), &mut Vec::new()), 0);
    assert!(parse(["backbone", "scorecard", "--format", "xml"]).is_err());
}

#[test]
fn errors_name_the_problem() {
    let (dir, path) = sample();
    let db = path.to_str().unwrap();
    let fail = |args: &[&str]| {
        let cli = parse(args.iter().copied()).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(run_cli(cli, &mut out, &mut err), 1);
        String::from_utf8(err).unwrap()
    };
    let message = fail(&["backbone", "--db", db, "scorecard", "--initiative", "Nope"]);
    assert!(message.contains("Nope"), "{message}");
    let message = fail(&["backbone", "--db", db, "scorecard", "--as-of", "soon"]);
    assert!(
        message.contains("\"soon\" is not a period or a date"),
        "{message}"
    );
    let missing = dir.path().join("missing.backbone");
    let message = fail(&["backbone", "--db", missing.to_str().unwrap(), "scorecard"]);
    assert!(
        !missing.exists(),
        "a scorecard never creates a database: {message}"
    );
    // Two initiatives: the error lists them.
    let mut store = open(&path);
    let input = crate::model::InitiativeInput {
        name: "Second".into(),
        shared_result: String::new(),
        geography: String::new(),
        sectoral_home: crate::model::SectoralHome::Public,
        backbone_org: String::new(),
        equity_statement: String::new(),
    };
    store.create_initiative(&input).unwrap();
    drop(store);
    let message = fail(&["backbone", "--db", db, "scorecard"]);
    assert!(
        message.contains("--initiative") && message.contains("Second"),
        "{message}"
    );
}

#[test]
fn redaction_replaces_only_uuids() {
    let text = r#"{"id": "8e312201-2652-4778-aa72-7864df002516", "name": "2023-24"}"#;
    assert_eq!(redact(text), r#"{"id": "<id>", "name": "2023-24"}"#);
}
