//! Exports (long CSV, XLSX, JSON bundle), loading bundles back, atomic writes, and
//! `backbone export`: real files in temporary folders.

use crate::support::*;
use backbone::export::{self, import_bundle, write_atomically, ExportFormat};
use backbone::model::{EntityKind, ObservationEdit, OwnedActions};
use backbone::{Error, ErrorCode, Store};
use calamine::{Data, DataType, Reader};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;
use tempfile::TempDir;

const HEADER: &str = "measure,period,dimension,group,value,target,target_low,target_high,note,\
                      margin_of_error,suppressed,source,unit,polarity,calendar,calendar_start_month";

/// A note with a comma and double quotes, which the CSV must quote.
const QUOTED_NOTE: &str = "Method change: \"on track\" now means 2.0 GPA, not 2.5";

/// A store with the sample loaded, a note that needs quoting, and some trash.
fn sample() -> (Fixture, String) {
    let mut f = Fixture::new();
    let id = f.store.load_sample().unwrap();
    let grad = measure_id(&f.store, &id, "High-school graduation rate (4-year cohort)");
    let edit = ObservationEdit {
        period: "2018-19".into(),
        note: Some(QUOTED_NOTE.into()),
        ..ObservationEdit::default()
    };
    f.store.save_observations(&grad, &[edit]).unwrap();
    (f, id)
}

fn measure_id(store: &Store, initiative_id: &str, name: &str) -> String {
    store
        .list_measures(initiative_id)
        .unwrap()
        .into_iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no measure {name}"))
        .id
}

/// The live values of the initiative's live measures, counted independently of the export.
fn live_values(conn: &Connection, initiative_id: &str) -> i64 {
    conn.query_row(
        "SELECT count(*) FROM observations o JOIN measures m ON m.id = o.measure_id
         LEFT JOIN results r ON r.id = m.result_id LEFT JOIN programs p ON p.id = m.program_id
         WHERE m.initiative_id = ?1 AND o.deleted_at IS NULL AND m.deleted_at IS NULL
           AND r.deleted_at IS NULL AND p.deleted_at IS NULL",
        [initiative_id],
        |r| r.get(0),
    )
    .unwrap()
}

/// The records of a CSV file, header first.
fn records(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The rows of a long file as maps from column to cell.
fn long_rows(records: &[Vec<String>]) -> Vec<HashMap<String, String>> {
    let header = &records[0];
    records[1..]
        .iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

fn find<'a>(
    rows: &'a [HashMap<String, String>],
    measure: &str,
    period: &str,
    group: &str,
) -> &'a HashMap<String, String> {
    rows.iter()
        .find(|r| r["measure"] == measure && r["period"] == period && r["group"] == group)
        .unwrap_or_else(|| panic!("no row {measure} {period} {group:?}"))
}

#[test]
fn long_csv_of_the_sample_follows_the_contract() {
    let (mut f, id) = sample();
    let path = f.dir.path().join("sample.csv");
    let report = export::export(&f.store, &id, ExportFormat::Csv, &path).unwrap();

    let bytes = std::fs::read(&path).unwrap();
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "no byte-order mark");
    assert!(!bytes.contains(&b'\r'), "lines end with \\n only");
    assert!(bytes.ends_with(b"\n"));
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert_eq!(
        text.lines().next(),
        Some(HEADER),
        "the header is the contract"
    );
    assert_eq!(report.bytes, bytes.len() as u64);
    assert_eq!(report.path, path.display().to_string());

    let records = records(&path);
    let expected = live_values(&f.raw(), &id);
    assert!(expected > 300, "the sample has hundreds of values");
    assert_eq!(records.len() as i64 - 1, expected, "one row per live value");
    assert_eq!(report.rows as i64, expected);
    assert!(
        records.iter().all(|r| r.len() == 16),
        "every row has every column"
    );

    let rows = long_rows(&records);
    // A target-only row: no actual yet, a target set.
    let row = find(&rows, "Kindergarten readiness", "2024-25", "");
    assert_eq!(
        (row["value"].as_str(), row["target"].as_str()),
        ("", "56"),
        "{row:?}"
    );
    assert_eq!(row["suppressed"], "");
    assert_eq!(
        (
            row["unit"].as_str(),
            row["polarity"].as_str(),
            row["calendar"].as_str(),
            row["calendar_start_month"].as_str()
        ),
        ("percent", "higher", "school_year", "8")
    );
    // A suppressed row: the source withheld the value for privacy.
    let row = find(
        &rows,
        "Third-grade reading proficiency",
        "2018-19",
        "Native American",
    );
    assert_eq!(row["dimension"], "Race/ethnicity");
    assert_eq!(row["value"], "");
    assert_eq!(row["suppressed"], "yes");
    assert_eq!(
        row["note"],
        "Suppressed by the state: fewer than 10 students tested."
    );
    // A note with a comma and quotes survives, quoted as RFC 4180 says.
    let row = find(
        &rows,
        "High-school graduation rate (4-year cohort)",
        "2018-19",
        "",
    );
    assert_eq!(row["note"], QUOTED_NOTE);
    assert!(
        text.contains(&format!("\"{}\"", QUOTED_NOTE.replace('"', "\"\""))),
        "the note is quoted with its quotes doubled"
    );
    // Quarters have no start month; numbers print as Rust prints them.
    let row = find(&rows, "Students served at FAFSA nights", "2024Q1", "");
    assert_eq!(
        (
            row["calendar"].as_str(),
            row["calendar_start_month"].as_str(),
            row["value"].as_str(),
            row["target"].as_str()
        ),
        ("quarter", "", "380", "300")
    );

    // Order: measures in display order, periods by start, the total before the groups of
    // its period, groups in their dimension's order.
    let measures: Vec<String> = f
        .store
        .list_measures(&id)
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    let groups: Vec<String> = f.store.list_dimensions(&id).unwrap()[0]
        .groups
        .iter()
        .map(|g| g.name.clone())
        .collect();
    let mut seen_measures: Vec<&str> = Vec::new();
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a["measure"] != b["measure"] {
            continue;
        }
        // The sample's labels (2019-20, 2024Q1, 2024) sort as text like their periods.
        assert!(a["period"] <= b["period"], "{a:?} before {b:?}");
        if a["period"] == b["period"] {
            assert!(
                !b["group"].is_empty(),
                "one total per period, and it comes first: {b:?}"
            );
            let pos = |g: &str| groups.iter().position(|x| x == g);
            assert!(
                a["group"].is_empty() || pos(&a["group"]) < pos(&b["group"]),
                "groups by position: {a:?} before {b:?}"
            );
        }
    }
    for row in &rows {
        if seen_measures.last() != Some(&row["measure"].as_str()) {
            seen_measures.push(&row["measure"]);
        }
    }
    let with_values: Vec<&str> = measures
        .iter()
        .map(String::as_str)
        .filter(|m| seen_measures.contains(m))
        .collect();
    assert_eq!(
        seen_measures, with_values,
        "measures come in display order, each in one block"
    );

    // A measure and a value in the trash are not exported.
    let tutored = measure_id(&f.store, &id, "Students tutored");
    f.store.delete_item(EntityKind::Measure, &tutored).unwrap();
    let clear = ObservationEdit {
        period: "2024-25".into(),
        target: Some(String::new()),
        ..ObservationEdit::default()
    };
    let kready = measure_id(&f.store, &id, "Kindergarten readiness");
    f.store.save_observations(&kready, &[clear]).unwrap();
    let report = export::export(&f.store, &id, ExportFormat::Csv, &path).unwrap();
    let rows = long_rows(&self::records(&path));
    assert_eq!(rows.len() as i64, live_values(&f.raw(), &id));
    assert_eq!(report.rows as usize, rows.len());
    assert!(rows.iter().all(|r| r["measure"] != "Students tutored"));
    assert!(!rows
        .iter()
        .any(|r| r["measure"] == "Kindergarten readiness" && r["period"] == "2024-25"));
}

#[test]
fn a_combined_disaggregation_fills_its_pairs_in_dimension_order() {
    let mut f = Fixture::new();
    let (id, result) = f.initiative_with_result();
    let mut input = indicator_input(&result, "Children enrolled");
    input.unit = backbone::model::Unit::Number;
    let m = f.store.create_measure(&id, &input).unwrap();
    let race = f
        .store
        .create_dimension(&id, "Race", "race_ethnicity")
        .unwrap();
    let place = f.store.create_dimension(&id, "Place", "geography").unwrap();
    let a = f.store.create_group(&race.id, "Group A").unwrap().id;
    let b = f.store.create_group(&race.id, "Group B").unwrap().id;
    let north = f.store.create_group(&place.id, "North").unwrap().id;
    let south = f.store.create_group(&place.id, "South").unwrap().id;
    let edit = |groups: &[&String], v: &str| ObservationEdit {
        period: "2024".into(),
        group_ids: groups.iter().map(|g| g.to_string()).collect(),
        value: Some(v.into()),
        ..ObservationEdit::default()
    };
    // Saved in a scrambled order; the file has its own.
    f.store
        .save_observations(&m.id, &[edit(&[&north], "7")])
        .unwrap();
    f.store
        .save_observations(&m.id, &[edit(&[&south, &a], "0.1")])
        .unwrap();
    f.store
        .save_observations(&m.id, &[edit(&[&b], "-3.25")])
        .unwrap();
    f.store
        .save_observations(&m.id, &[edit(&[], "1234567.5")])
        .unwrap();
    f.store
        .save_observations(
            &m.id,
            &[ObservationEdit {
                period: "2023".into(),
                value: Some("12".into()),
                ..ObservationEdit::default()
            }],
        )
        .unwrap();
    let path = f.dir.path().join("pairs.csv");
    export::export(&f.store, &id, ExportFormat::Csv, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "measure,period,dimension,group,dimension_2,group_2,value,target,target_low,\
             target_high,note,margin_of_error,suppressed,source,unit,polarity,calendar,\
             calendar_start_month",
            "Children enrolled,2023,,,,,12,,,,,,,,number,higher,year,",
            "Children enrolled,2024,,,,,1234567.5,,,,,,,,number,higher,year,",
            "Children enrolled,2024,Race,Group A,Place,South,0.1,,,,,,,,number,higher,year,",
            "Children enrolled,2024,Race,Group B,,,-3.25,,,,,,,,number,higher,year,",
            "Children enrolled,2024,Place,North,,,7,,,,,,,,number,higher,year,",
        ]
    );

    // Through a bundle into another database, the combined disaggregation and its groups
    // come along: the same file.
    let bundle = f.dir.path().join("pairs.json");
    export::export(&f.store, &id, ExportFormat::Json, &bundle).unwrap();
    let mut g = Fixture::new();
    let report = import_bundle(&mut g.store, &bundle, false).unwrap();
    let links = report
        .tables
        .iter()
        .find(|t| t.table == "disaggregation_groups")
        .unwrap();
    assert_eq!((links.rows, links.inserted), (4, 4), "{links:?}");
    let again = g.dir.path().join("pairs.csv");
    export::export(&g.store, &id, ExportFormat::Csv, &again).unwrap();
    assert_eq!(std::fs::read_to_string(&again).unwrap(), text);
}

#[test]
fn a_bundle_of_an_initiative_already_there_says_how_to_make_room() {
    let mut f = Fixture::new();
    let m = f.indicator();
    f.store
        .save_observations(&m.id, &[value("2024", "80")])
        .unwrap();
    let path = f.dir.path().join("own.json");
    export::export(&f.store, &m.initiative_id, ExportFormat::Json, &path).unwrap();
    f.store
        .delete_item(EntityKind::Initiative, &m.initiative_id)
        .unwrap();
    let err = import_bundle(&mut f.store, &path, false).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let message = err.to_string();
    assert!(message.contains("(in the trash)"), "{message}");
    assert!(message.contains("delete it for good first"), "{message}");
    assert!(message.contains("another database"), "{message}");
}

#[test]
fn an_initiative_without_values_exports_a_header_with_one_pair() {
    let mut f = Fixture::new();
    let (id, _) = f.initiative_with_result();
    let path = f.dir.path().join("empty.csv");
    let report = export::export(&f.store, &id, ExportFormat::Csv, &path).unwrap();
    assert_eq!(report.rows, 0);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("{HEADER}\n")
    );
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn xlsx_has_the_scorecard_a_sheet_per_measure_and_about() {
    let (f, id) = sample();
    let path = f.dir.path().join("sample.xlsx");
    let report = export::export(&f.store, &id, ExportFormat::Xlsx, &path).unwrap();
    let measures = f.store.list_measures(&id).unwrap();
    let mut book = calamine::open_workbook_auto(&path).unwrap();
    let sheets = book.sheet_names();
    assert_eq!(sheets, report.sheets);
    assert_eq!(sheets.len(), measures.len() + 2);
    assert_eq!(sheets[0], "Scorecard");
    assert_eq!(sheets.last().unwrap(), "About");
    assert!(sheets.iter().all(|s| s.encode_utf16().count() <= 31));

    // The scorecard: the CLI's CSV columns, one row per measure on the card.
    let card = f.store.scorecard(&id, None).unwrap();
    let range = book.worksheet_range("Scorecard").unwrap();
    assert_eq!(range.height(), card.rows.len() + 1);
    let header: Vec<String> = range.rows().next().unwrap().iter().map(cell_text).collect();
    assert_eq!(header, backbone::cli::scorecard::FIELDS);
    let actual = header.iter().position(|h| h == "actual").unwrap();
    let first = range.rows().nth(1).unwrap();
    assert_eq!(
        first[actual].as_f64(),
        card.rows[0].figures.actual,
        "figures are numbers"
    );

    // A measure sheet: the long header, numbers as numbers, labels as text.
    let name = &sheets[1];
    assert_eq!(
        name, "Kindergarten readiness",
        "the first measure in display order"
    );
    let range = book.worksheet_range(name).unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let header: Vec<String> = rows[0].iter().map(cell_text).collect();
    assert_eq!(header.join(","), HEADER);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let target_only = rows
        .iter()
        .find(|r| cell_text(&r[col("period")]) == "2024-25" && r[col("group")] == Data::Empty)
        .expect("the 2024-25 total");
    assert_eq!(target_only[col("target")], Data::Float(56.0));
    assert_eq!(target_only[col("value")], Data::Empty);
    assert_eq!(target_only[col("calendar_start_month")], Data::Float(8.0));
    assert_eq!(
        target_only[col("period")],
        Data::String("2024-25".into()),
        "a period label is text"
    );
    let total_rows: usize = sheets[1..sheets.len() - 1]
        .iter()
        .map(|s| book.worksheet_range(s).unwrap().height() - 1)
        .sum();
    assert_eq!(total_rows as i64, live_values(&f.raw(), &id));
    assert_eq!(report.rows as usize, total_rows);

    let about = book.worksheet_range("About").unwrap();
    let text: Vec<String> = about.cells().map(|(_, _, c)| cell_text(c)).collect();
    assert!(
        text.iter().any(|t| t == "Sample: fictional data"),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("Backbone ") && t.contains(env!("CARGO_PKG_VERSION"))),
        "{text:?}"
    );
    assert!(text.contains(&f.clock.stamp()), "the export time: {text:?}");
}

/// The rows of `sql` (`?1` = the initiative) as JSON objects keyed by column.
fn select(conn: &Connection, sql: &str, id: &str) -> Vec<Map<String, Value>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let names: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
    stmt.query_map([id], |r| {
        let mut row = Map::new();
        for (i, name) in names.iter().enumerate() {
            let v = match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(x) => Value::from(x),
                ValueRef::Text(t) => Value::from(String::from_utf8(t.to_vec()).unwrap()),
                ValueRef::Blob(_) => panic!("no blobs in the schema"),
            };
            row.insert(name.clone(), v);
        }
        Ok(row)
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

const MEASURES: &str = "(SELECT id FROM measures WHERE initiative_id = ?1)";

/// Every row that belongs to the initiative, by table, read with plain SQL.
fn initiative_rows(conn: &Connection, id: &str) -> Vec<(&'static str, Vec<Map<String, Value>>)> {
    let groups = "(SELECT g.id FROM groups g JOIN dimensions d ON d.id = g.dimension_id \
                  WHERE d.initiative_id = ?1)";
    let queries: Vec<(&str, String)> = vec![
        (
            "initiatives",
            "SELECT * FROM initiatives WHERE id = ?1".into(),
        ),
        (
            "partners",
            "SELECT * FROM partners WHERE initiative_id = ?1".into(),
        ),
        (
            "partner_roles",
            "SELECT * FROM partner_roles WHERE initiative_id = ?1".into(),
        ),
        (
            "results",
            "SELECT * FROM results WHERE initiative_id = ?1".into(),
        ),
        (
            "programs",
            "SELECT * FROM programs WHERE initiative_id = ?1".into(),
        ),
        (
            "program_results",
            "SELECT * FROM program_results WHERE program_id IN \
             (SELECT id FROM programs WHERE initiative_id = ?1)"
                .into(),
        ),
        (
            "measures",
            "SELECT * FROM measures WHERE initiative_id = ?1".into(),
        ),
        (
            "dimensions",
            "SELECT * FROM dimensions WHERE initiative_id = ?1".into(),
        ),
        (
            "groups",
            "SELECT * FROM groups WHERE dimension_id IN \
             (SELECT id FROM dimensions WHERE initiative_id = ?1)"
                .into(),
        ),
        (
            "group_aliases",
            format!("SELECT * FROM group_aliases WHERE group_id IN {groups}"),
        ),
        (
            "observations",
            format!("SELECT * FROM observations WHERE measure_id IN {MEASURES}"),
        ),
        (
            "forecasts",
            format!("SELECT * FROM forecasts WHERE measure_id IN {MEASURES}"),
        ),
        (
            "imports",
            "SELECT * FROM imports WHERE initiative_id = ?1".into(),
        ),
        (
            "disaggregation_groups",
            format!("SELECT * FROM disaggregation_groups WHERE group_id IN {groups}"),
        ),
        (
            "worksheets",
            "SELECT * FROM worksheets WHERE initiative_id = ?1".into(),
        ),
        (
            "worksheet_revisions",
            "SELECT * FROM worksheet_revisions WHERE worksheet_id IN \
             (SELECT id FROM worksheets WHERE initiative_id = ?1)"
                .into(),
        ),
        (
            "actions",
            "SELECT * FROM actions WHERE initiative_id = ?1".into(),
        ),
        (
            "action_links",
            "SELECT * FROM action_links WHERE action_id IN \
             (SELECT id FROM actions WHERE initiative_id = ?1)"
                .into(),
        ),
        (
            "action_updates",
            "SELECT * FROM action_updates WHERE action_id IN \
             (SELECT id FROM actions WHERE initiative_id = ?1)"
                .into(),
        ),
        (
            "comments",
            "SELECT * FROM comments WHERE initiative_id = ?1".into(),
        ),
        (
            "meetings",
            "SELECT * FROM meetings WHERE initiative_id = ?1".into(),
        ),
        (
            "meeting_attendees",
            "SELECT * FROM meeting_attendees WHERE meeting_id IN (SELECT id FROM meetings WHERE initiative_id = ?1)".into(),
        ),
        (
            "meeting_items",
            "SELECT * FROM meeting_items WHERE meeting_id IN (SELECT id FROM meetings WHERE initiative_id = ?1)".into(),
        ),
        (
            "community_events",
            "SELECT * FROM community_events WHERE initiative_id = ?1".into(),
        ),
        (
            "community_event_groups",
            "SELECT * FROM community_event_groups WHERE event_id IN (SELECT id FROM community_events WHERE initiative_id = ?1)".into(),
        ),
        (
            "community_themes",
            "SELECT * FROM community_themes WHERE initiative_id = ?1".into(),
        ),
        (
            "community_event_themes",
            "SELECT * FROM community_event_themes WHERE event_id IN (SELECT id FROM community_events WHERE initiative_id = ?1)".into(),
        ),
        (
            "community_quotes",
            "SELECT * FROM community_quotes WHERE event_id IN (SELECT id FROM community_events WHERE initiative_id = ?1)".into(),
        ),
        (
            "community_links",
            "SELECT * FROM community_links WHERE event_id IN (SELECT id FROM community_events WHERE initiative_id = ?1)".into(),
        ),
        (
            "data_walk_stations",
            "SELECT * FROM data_walk_stations WHERE event_id IN (SELECT id FROM community_events WHERE initiative_id = ?1)".into(),
        ),
        (
            "data_walk_reactions",
            "SELECT * FROM data_walk_reactions WHERE station_id IN (SELECT s.id FROM data_walk_stations s JOIN community_events e ON e.id = s.event_id WHERE e.initiative_id = ?1)".into(),
        ),
    ];
    queries
        .into_iter()
        .map(|(table, sql)| (table, select(conn, &format!("{sql} ORDER BY id"), id)))
        .collect()
}

/// The periods and disaggregations an initiative uses, compared by natural key.
#[derive(Debug, PartialEq)]
struct Shared {
    /// Period rows without their ids and times, by calendar, start month and label.
    periods: Vec<Value>,
    /// Disaggregation keys, sorted.
    keys: Vec<String>,
}

/// The periods and disaggregations an initiative uses, and the maps from their ids to
/// their natural keys (periods, then disaggregations).
fn shared_rows(conn: &Connection, id: &str) -> (Shared, [HashMap<String, String>; 2]) {
    let periods = select(
        conn,
        &format!(
            "SELECT id, calendar, start_month, label, start_date, end_date FROM periods
             WHERE id IN (SELECT period_id FROM observations WHERE measure_id IN {MEASURES}
                          UNION SELECT period_id FROM forecasts WHERE measure_id IN {MEASURES})
             ORDER BY calendar, start_month, label"
        ),
        id,
    );
    let period_ids = periods
        .iter()
        .map(|p| {
            let key = format!("{}/{}/{}", p["calendar"], p["start_month"], p["label"]);
            (p["id"].as_str().unwrap().to_string(), key)
        })
        .collect();
    let periods = periods
        .into_iter()
        .map(|mut p| {
            p.remove("id");
            Value::Object(p)
        })
        .collect();
    let disaggregations = select(
        conn,
        &format!(
            "SELECT id, key FROM disaggregations
             WHERE id IN (SELECT disaggregation_id FROM observations WHERE measure_id IN {MEASURES})
             ORDER BY key"
        ),
        id,
    );
    let disaggregation_ids = disaggregations
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["key"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let keys = disaggregations
        .iter()
        .map(|d| d["key"].as_str().unwrap().to_string())
        .collect();
    (Shared { periods, keys }, [period_ids, disaggregation_ids])
}

/// The initiative's rows with the ids of shared rows replaced by their natural keys.
fn comparable(conn: &Connection, id: &str) -> Vec<(&'static str, Vec<Map<String, Value>>)> {
    let (_, [periods, disaggregations]) = shared_rows(conn, id);
    let mut tables = initiative_rows(conn, id);
    for (table, rows) in &mut tables {
        for row in rows.iter_mut() {
            for (column, map) in [
                ("period_id", &periods),
                ("disaggregation_id", &disaggregations),
            ] {
                if let Some(Value::String(v)) = row.get(column) {
                    let key = map
                        .get(v)
                        .unwrap_or_else(|| panic!("{table}.{column} {v} is not a shared row"));
                    row.insert(column.into(), Value::String(key.clone()));
                }
            }
        }
    }
    tables
}

/// Every table's row count and the change log's, to prove a refusal wrote nothing.
fn all_counts(conn: &Connection) -> Vec<(String, i64)> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let n = count(conn, &format!("\"{t}\""));
            (t, n)
        })
        .collect()
}

/// The sample with rows in the trash and a manual forecast, exported as a bundle.
fn sample_bundle() -> (Fixture, String, std::path::PathBuf) {
    let (mut f, id) = sample();
    // A partner that owns actions, kept with them as a former partner.
    let partner = f.store.list_partners(&id).unwrap()[0].id.clone();
    f.store
        .delete_partner_with_actions(&partner, &OwnedActions::KeepAsFormer)
        .unwrap();
    let tutored = measure_id(&f.store, &id, "Students tutored");
    f.store.delete_item(EntityKind::Measure, &tutored).unwrap();
    let grad = measure_id(&f.store, &id, "High-school graduation rate (4-year cohort)");
    f.store.set_forecast(&grad, "2025-26", Some(89.5)).unwrap();
    let path = f.dir.path().join("bundle.json");
    let report = export::export(&f.store, &id, ExportFormat::Json, &path).unwrap();
    assert_eq!(report.tables.len(), 33);
    assert_eq!(
        report.rows,
        report.tables.iter().map(|t| t.rows).sum::<u64>()
    );
    (f, id, path)
}

fn without_exported_at(path: &Path) -> Value {
    let mut v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("exported_at").unwrap();
    v
}

#[test]
fn a_bundle_moves_an_initiative_to_a_fresh_database_row_for_row() {
    let (f, id, path) = sample_bundle();
    let bundle: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(bundle["format"], "backbone-bundle");
    assert_eq!(bundle["version"], 1);
    assert_eq!(
        bundle["schema_version"],
        backbone::store::migrations::latest_version()
    );
    assert_eq!(bundle["app_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(bundle["exported_at"], f.clock.stamp());
    assert_eq!(bundle["initiative_id"], id.as_str());
    let deleted = bundle["tables"]["measures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| !m["deleted_at"].is_null())
        .count();
    assert_eq!(deleted, 1, "rows in the trash travel too");
    assert_eq!(
        bundle["tables"]["observations"][0]
            .as_object()
            .unwrap()
            .len(),
        f.raw()
            .prepare("SELECT * FROM observations")
            .unwrap()
            .column_count(),
        "every column"
    );

    let mut g = Fixture::new();
    let report = import_bundle(&mut g.store, &path, false).unwrap();
    assert!(!report.dry_run);
    assert_eq!(report.initiative_id, id);
    assert!(report.initiative_name.starts_with("Sample"));
    let observations = report
        .tables
        .iter()
        .find(|t| t.table == "observations")
        .unwrap();
    assert_eq!(observations.inserted, observations.rows);
    let total = report
        .tables
        .iter()
        .find(|t| t.table == "disaggregations")
        .unwrap();
    assert_eq!(total.reused, 1, "the total exists in every database");

    let (source, target) = (f.raw(), g.raw());
    assert_eq!(
        initiative_rows(&target, &id),
        initiative_rows(&source, &id),
        "every row of the initiative, with every column, is the same"
    );
    assert_eq!(shared_rows(&target, &id).0, shared_rows(&source, &id).0);
    assert_eq!(
        g.store.scorecard(&id, None).unwrap().rows,
        f.store.scorecard(&id, None).unwrap().rows,
        "the same card"
    );
    let check = g.store.check().unwrap();
    assert!(check.ok(), "{check:?}");

    // Exported again from the new database, the bundle is the same but for its time.
    g.clock.advance(3600);
    let again = g.dir.path().join("again.json");
    export::export(&g.store, &id, ExportFormat::Json, &again).unwrap();
    assert_eq!(without_exported_at(&again), without_exported_at(&path));
    assert_ne!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&path).unwrap()
    );

    // A second import of the same initiative is refused and writes nothing.
    let before = all_counts(&g.raw());
    let err = import_bundle(&mut g.store, &path, false).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    let message = err.to_string();
    assert!(message.contains("already in this database"), "{message}");
    assert!(
        message.contains("remove the sample first"),
        "the way out for the sample: {message}"
    );
    assert_eq!(all_counts(&g.raw()), before);
}

#[test]
fn a_bundle_reuses_the_targets_own_periods_and_remaps_their_ids() {
    let (f, id, path) = sample_bundle();
    let mut g = Fixture::new();
    // The target already has school year 2019-20 (August), under an id of its own.
    let (other, result) = g.initiative_with_result();
    let mut input = indicator_input(&result, "Attendance");
    input.calendar = backbone::model::Calendar::SchoolYear;
    let m = g.store.create_measure(&other, &input).unwrap();
    g.store
        .save_observations(&m.id, &[value("2019-20", "91")])
        .unwrap();
    let own: String = g
        .raw()
        .query_row(
            "SELECT id FROM periods WHERE calendar = 'school_year' AND label = '2019-20'",
            [],
            |r| r.get(0),
        )
        .unwrap();

    let report = import_bundle(&mut g.store, &path, false).unwrap();
    let periods = report.tables.iter().find(|t| t.table == "periods").unwrap();
    assert_eq!(periods.reused, 1, "{periods:?}");
    assert_eq!(periods.inserted + 1, periods.rows);
    let (source, target) = (f.raw(), g.raw());
    assert_eq!(comparable(&target, &id), comparable(&source, &id));
    assert_eq!(shared_rows(&target, &id).0, shared_rows(&source, &id).0);
    let uses: i64 = target
        .query_row(
            "SELECT count(*) FROM observations o JOIN measures m ON m.id = o.measure_id
             WHERE o.period_id = ?1 AND m.initiative_id = ?2",
            [&own, &id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        uses > 0,
        "the sample's 2019-20 values point at the target's own period"
    );
    assert!(g.store.check().unwrap().ok());
}

/// Writes a changed copy of the bundle at `path` and returns its path.
fn edited(path: &Path, name: &str, edit: impl FnOnce(&mut Value)) -> std::path::PathBuf {
    let mut v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    edit(&mut v);
    let out = path.with_file_name(name);
    std::fs::write(&out, serde_json::to_vec(&v).unwrap()).unwrap();
    out
}

#[test]
fn a_bundle_that_cannot_be_loaded_is_refused_and_nothing_is_written() {
    let (_f, _id, path) = sample_bundle();
    let mut g = Fixture::new();
    let before = all_counts(&g.raw());
    let refused = |g: &mut Fixture, file: &Path| -> Error {
        let err = import_bundle(&mut g.store, file, false).unwrap_err();
        assert_eq!(all_counts(&g.raw()), before, "nothing written for: {err}");
        err
    };

    let newer = edited(&path, "newer.json", |v| {
        v["schema_version"] = Value::from(99)
    });
    let err = refused(&mut g, &newer);
    assert_eq!(err.code(), ErrorCode::SchemaTooNew, "{err}");
    assert!(err.to_string().contains("update Backbone"), "{err}");
    assert!(err.to_string().contains("newer.json"), "{err}");

    let other = edited(&path, "other.json", |v| {
        v["format"] = Value::from("something-else")
    });
    let err = refused(&mut g, &other);
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("not a Backbone bundle"), "{err}");

    let v2 = edited(&path, "v2.json", |v| v["version"] = Value::from(2));
    let err = refused(&mut g, &v2);
    assert!(err.to_string().contains("version 2"), "{err}");

    let column = edited(&path, "column.json", |v| {
        v["tables"]["observations"][3]["colour"] = Value::from("blue");
    });
    let err = refused(&mut g, &column);
    let message = err.to_string();
    assert!(message.contains("\"colour\""), "{message}");
    assert!(message.contains("observations"), "{message}");

    let table = edited(&path, "table.json", |v| {
        v["tables"]["widgets"] = serde_json::json!([]);
    });
    let err = refused(&mut g, &table);
    assert!(err.to_string().contains("\"widgets\""), "{err}");

    // A row that breaks a rule of the schema fails the whole load, late in the order.
    let broken = edited(&path, "broken.json", |v| {
        v["tables"]["forecasts"][0]["measure_id"] = Value::from("no such measure");
    });
    let err = refused(&mut g, &broken);
    assert!(err.to_string().contains("forecasts"), "{err}");

    let garbage = path.with_file_name("garbage.json");
    std::fs::write(&garbage, "name,value\n1,2\n").unwrap();
    let err = refused(&mut g, &garbage);
    assert!(err.to_string().contains("not valid JSON"), "{err}");

    // A dry run does everything and keeps nothing.
    let report = import_bundle(&mut g.store, &path, true).unwrap();
    assert!(report.dry_run);
    assert!(report
        .tables
        .iter()
        .any(|t| t.table == "observations" && t.inserted > 300));
    assert_eq!(all_counts(&g.raw()), before, "a dry run keeps nothing");
    // And the real load still works after all that.
    import_bundle(&mut g.store, &path, false).unwrap();
}

#[test]
fn a_failing_write_leaves_the_old_file_and_no_temporary_file() {
    let dir = TempDir::new().unwrap();
    let target = dir.path().join("scorecard.csv");
    std::fs::write(&target, "the file from last week\n").unwrap();
    let before = bytes(&target);
    let err = write_atomically(&target, |w| {
        w.write_all(b"half a new file").unwrap();
        Err(Error::invalid_input("the disk filled up"))
    })
    .unwrap_err();
    assert!(err.to_string().contains("disk filled up"));
    assert_eq!(bytes(&target), before, "byte for byte as it was");
    assert_eq!(listing(dir.path()), ["scorecard.csv"]);

    // An export that fails (an unknown initiative) leaves the file alone too.
    let f = Fixture::new();
    let err = export::export(&f.store, "no-such-id", ExportFormat::Csv, &target).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(bytes(&target), before);
}

#[test]
fn the_export_command_writes_each_format_and_says_what_it_wrote() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("cli.backbone");
    assert_eq!(cli(&db, &["sample"]).0, 0);

    let csv = dir.path().join("values.csv");
    let (code, out, err) = cli(
        &db,
        &["export", "--format", "csv", "--out", csv.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let rows = std::fs::read_to_string(&csv).unwrap().lines().count() - 1;
    assert!(out.contains(&csv.display().to_string()), "{out}");
    assert!(out.contains(&format!("{} rows", thousands(rows))), "{out}");
    let size = std::fs::metadata(&csv).unwrap().len() as usize;
    assert!(out.contains(&format!("{} bytes", thousands(size))), "{out}");

    // The format follows the extension when --format is not given.
    let xlsx = dir.path().join("card.xlsx");
    let (code, out, err) = cli(&db, &["export", "--out", xlsx.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sheets"), "{out}");
    assert!(calamine::open_workbook_auto(&xlsx).is_ok());

    let json = dir.path().join("bundle.json");
    let (code, out, err) = cli(
        &db,
        &[
            "export",
            "--initiative",
            "No such initiative",
            "--out",
            json.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "an unknown name: {out}");
    assert!(err.contains("does not exist"), "{err}");
    let id = {
        let store = Store::open(&db).unwrap();
        store.find_initiative(None).unwrap().id
    };
    let (code, out, err) = cli(
        &db,
        &[
            "export",
            "--initiative",
            &id,
            "--out",
            json.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("33 tables"), "{out}");
    assert!(out.contains("observations"), "one line per table: {out}");

    // No format and no known extension: refused, nothing written.
    let txt = dir.path().join("values.txt");
    let (code, _, err) = cli(&db, &["export", "--out", txt.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("--format"), "{err}");
    assert!(!txt.exists());

    // Two initiatives: say which.
    Store::open(&db)
        .unwrap()
        .create_initiative(&initiative("Second"))
        .unwrap();
    let (code, _, err) = cli(&db, &["export", "--out", csv.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--initiative") && err.contains("Second"),
        "{err}"
    );

    // A missing database is not created.
    let missing = dir.path().join("typo.backbone");
    let (code, _, err) = cli(&missing, &["export", "--out", csv.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("typo.backbone"), "{err}");
    assert!(!missing.exists());
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Imports `file` into a fresh store as the initiative "Round trip", exports that as long
/// CSV, and returns the text.
fn through_the_importer(file: &Path, sheet: Option<&str>) -> String {
    let mut g = Fixture::new();
    let opts = backbone::import::ImportOptions {
        initiative: Some("Round trip".into()),
        sheet: sheet.map(str::to_string),
        ..Default::default()
    };
    let summary = backbone::import::import_file(&mut g.store, file, &opts, &mut |_| true).unwrap();
    assert!(summary.errors.is_empty(), "{summary:#?}");
    assert_eq!(
        summary.format, "long",
        "the importer recognises its own format"
    );
    let id = g.store.find_initiative(Some("Round trip")).unwrap().id;
    let back = g.dir.path().join("back.csv");
    export::export(&g.store, &id, ExportFormat::Csv, &back).unwrap();
    std::fs::read_to_string(&back).unwrap()
}

#[test]
fn the_long_csv_and_a_measure_sheet_read_back_through_the_importer_unchanged() {
    let (f, id) = sample();
    let csv = f.dir.path().join("values.csv");
    export::export(&f.store, &id, ExportFormat::Csv, &csv).unwrap();
    let original = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        through_the_importer(&csv, None),
        original,
        "export, import into an empty database, export again: the same file"
    );

    let xlsx = f.dir.path().join("values.xlsx");
    let report = export::export(&f.store, &id, ExportFormat::Xlsx, &xlsx).unwrap();
    let sheet = &report.sheets[2];
    assert_eq!(sheet, "Third-grade reading proficiency");
    let expected: Vec<&str> = original
        .lines()
        .filter(|l| l.starts_with("measure,") || l.starts_with("Third-grade reading proficiency,"))
        .collect();
    let back = through_the_importer(&xlsx, Some(sheet));
    assert_eq!(
        back.lines().collect::<Vec<_>>(),
        expected,
        "one sheet re-imports alone"
    );
}
