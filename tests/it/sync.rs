//! Field sync between laptops (issue 9): real store files exchanging change files through
//! the public API, and the `backbone sync` commands.

use crate::support::*;
use backbone::import::{import_file, ImportOptions};
use backbone::model::sync::{Keep, SyncImportSummary};
use backbone::model::{EntityKind, MeasureInput, Sector, WorksheetInput};
use backbone::store::migrations;
use backbone::sync::file::{decode, encode};
use backbone::{Error, Store};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The tables that travel (every table of the model: all but settings, the change log
/// and sync's own bookkeeping; values through their view, not as this copy stores them).
pub fn model_tables(conn: &rusqlite::Connection) -> Vec<String> {
    conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')
           AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'sync_%'
           AND name NOT IN ('settings', 'change_log', 'obs_keys', 'observation_values')
         ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

/// Every row of `tables`, each as text, sorted: two stores with the same snapshot hold
/// the same data.
pub fn snapshot_of(path: &Path, tables: &[String]) -> BTreeMap<String, Vec<String>> {
    let conn = raw(path);
    tables
        .iter()
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    Ok((0..n)
                        .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            rows.sort();
            (t.clone(), rows)
        })
        .collect()
}

/// Every model table's rows.
pub fn snapshot(path: &Path) -> BTreeMap<String, Vec<String>> {
    let tables = model_tables(&raw(path));
    assert!(tables.len() > 30, "{tables:?}");
    snapshot_of(path, &tables)
}

/// A laptop: a store on its own file with a clock the test moves, signed with a name.
pub struct Laptop {
    pub path: PathBuf,
    pub clock: TestClock,
    pub store: Store,
}

impl Laptop {
    pub fn new(dir: &Path, name: &str) -> Laptop {
        let path = dir.join(format!("{name}.backbone"));
        let clock = TestClock::new();
        let (mut store, _) = open_at(&path, &clock).unwrap();
        store.set_user(name);
        store.set_author_name(name).unwrap();
        store.decline_sample().unwrap();
        Laptop { path, clock, store }
    }

    pub fn change_log(&self) -> i64 {
        count(&raw(&self.path), "change_log")
    }

    pub fn snapshot(&self) -> BTreeMap<String, Vec<String>> {
        snapshot(&self.path)
    }

    /// Everything this laptop has, written to `dir/name`.
    pub fn export_all(&mut self, dir: &Path, name: &str) -> PathBuf {
        let f = dir.join(name);
        self.store.sync_export(None, &f).unwrap();
        f
    }
}

/// `from` exports everything, `to` imports it.
pub fn send(from: &mut Laptop, to: &mut Laptop, dir: &Path, name: &str) -> SyncImportSummary {
    let f = from.export_all(dir, name);
    to.store.sync_import(&f).unwrap()
}

/// An initiative with a result, an indicator with two values and a partner, on `l`.
struct Seed {
    initiative: String,
    result: String,
    measure: String,
    partner: String,
}

fn seed(l: &mut Laptop) -> Seed {
    let i = l.store.create_initiative(&initiative("Eastside")).unwrap();
    let r = l
        .store
        .create_result(&i.id, &result_input("Children thrive"))
        .unwrap();
    let m = l
        .store
        .create_measure(&i.id, &indicator_input(&r.id, "Graduation rate"))
        .unwrap();
    l.store
        .save_observations(&m.id, &[value("2022", "70"), value("2023", "72.5")])
        .unwrap();
    let p = l
        .store
        .create_partner(&i.id, &partner_input("Library", Sector::Public))
        .unwrap();
    Seed {
        initiative: i.id,
        result: r.id,
        measure: m.id,
        partner: p.id,
    }
}

/// Two laptops holding the same seed: A made it, B joined by importing A's full export.
fn pair(dir: &Path) -> (Laptop, Laptop, Seed) {
    let mut a = Laptop::new(dir, "Ana");
    let s = seed(&mut a);
    let mut b = Laptop::new(dir, "Ben");
    send(&mut a, &mut b, dir, "join.bbsync");
    assert_eq!(a.snapshot(), b.snapshot(), "B joined with everything");
    (a, b, s)
}

fn rename(l: &mut Laptop, s: &Seed, name: &str) -> MeasureInput {
    let input = indicator_input(&s.result, name);
    l.store.update_measure(&s.measure, &input).unwrap();
    input
}

fn measure_name(l: &Laptop, id: &str) -> (String, Option<String>) {
    raw(&l.path)
        .query_row(
            "SELECT name, deleted_at FROM measures WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

fn long_csv(l: &Laptop, initiative: &str) -> String {
    let mut out = Vec::new();
    backbone::export::long::write_csv(&l.store, initiative, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_new_empty_store_joins_with_everything_and_its_own_replica_id() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, s) = pair(dir.path());
    assert_ne!(
        a.store.replica_id().unwrap(),
        b.store.replica_id().unwrap(),
        "a copy made by a full import is a replica of its own"
    );
    assert_eq!(long_csv(&a, &s.initiative), long_csv(&b, &s.initiative));
    let status = b.store.sync_status().unwrap();
    assert_eq!(status.peers.len(), 1);
    assert_eq!(status.peers[0].replica_id, a.store.replica_id().unwrap());
    assert_eq!(status.peers[0].name.as_deref(), Some("Ana"));
}

#[test]
fn creates_edits_deletes_and_restores_on_both_laptops_converge() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, s) = pair(dir.path());
    // A: a new measure with values, the partner renamed, the 2022 value changed.
    a.clock.advance(60);
    let m2 = a
        .store
        .create_measure(&s.initiative, &indicator_input(&s.result, "Attendance"))
        .unwrap();
    a.store
        .save_observations(&m2.id, &[value("2023", "91"), value("2024", "93")])
        .unwrap();
    a.store
        .update_partner(&s.partner, &partner_input("City Library", Sector::Public))
        .unwrap();
    a.store
        .save_observations(&s.measure, &[value("2022", "69.5")])
        .unwrap();
    // B: a second partner, then the result's description, and the seed measure trashed
    // then restored, and a new program deleted.
    b.clock.advance(120);
    let p2 = b
        .store
        .create_partner(
            &s.initiative,
            &partner_input("Parent Network", Sector::Community),
        )
        .unwrap();
    let mut r = result_input("Children thrive");
    r.description = "Every child, every neighborhood".into();
    b.store.update_result(&s.result, &r).unwrap();
    b.store
        .delete_item(EntityKind::Measure, &s.measure)
        .unwrap();
    b.clock.advance(5);
    b.store
        .restore_item(EntityKind::Measure, &s.measure)
        .unwrap();
    b.store.delete_item(EntityKind::Partner, &p2.id).unwrap();

    let to_b = send(&mut a, &mut b, dir.path(), "a1.bbsync");
    let to_a = send(&mut b, &mut a, dir.path(), "b1.bbsync");
    assert!(to_b.applied > 0 && to_a.applied > 0);
    assert_eq!(
        (to_b.conflicts_new, to_a.conflicts_new),
        (0, 0),
        "no field was edited on both laptops"
    );
    assert_eq!(a.snapshot(), b.snapshot());
    assert_eq!(long_csv(&a, &s.initiative), long_csv(&b, &s.initiative));
    // Spot checks of what a user sees.
    assert_eq!(
        b.store.get_partner(&s.partner).unwrap().name,
        "City Library"
    );
    assert_eq!(
        a.store.get_result(&s.result).unwrap().description,
        "Every child, every neighborhood"
    );
    assert_eq!(measure_name(&a, &s.measure).1, None, "restored on B");
    let trashed = a.store.list_trash(Some(&s.initiative)).unwrap();
    assert!(
        trashed.iter().any(|t| t.id == p2.id),
        "B's deleted partner is in A's trash: {trashed:?}"
    );
}

#[test]
fn importing_a_file_twice_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, s) = pair(dir.path());
    a.clock.advance(60);
    rename(&mut a, &s, "Four-year graduation rate");
    let f = a.export_all(dir.path(), "a.bbsync");
    let first = b.store.sync_import(&f).unwrap();
    assert!(first.applied > 0);
    let (log, rows) = (b.change_log(), b.snapshot());
    let again = b.store.sync_import(&f).unwrap();
    assert_eq!(again.applied, 0);
    assert_eq!(
        again.skipped_seen,
        first.applied + first.skipped_seen,
        "every change of the file is already here"
    );
    assert_eq!(again.conflicts_new, 0);
    assert_eq!(b.change_log(), log);
    assert_eq!(b.snapshot(), rows);
}

#[test]
fn a_file_from_the_same_replica_is_ignored() {
    let dir = TempDir::new().unwrap();
    let mut a = Laptop::new(dir.path(), "Ana");
    seed(&mut a);
    let f = a.export_all(dir.path(), "mine.bbsync");
    let (log, rows) = (a.change_log(), a.snapshot());
    let got = a.store.sync_import(&f).unwrap();
    assert!(got.own_file);
    assert_eq!((got.applied, got.conflicts_new), (0, 0));
    assert_eq!(a.change_log(), log);
    assert_eq!(a.snapshot(), rows);
    let history = a.store.sync_status().unwrap().history;
    assert_eq!(history[0].kind, "ignored");
}

#[test]
fn a_field_edited_on_two_laptops_is_one_conflict_on_each_side_and_the_newer_wins() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, s) = pair(dir.path());
    a.clock.advance(60); // 09:01 on A
    rename(&mut a, &s, "From Ana");
    b.clock.advance(120); // 09:02 on B: newer
    rename(&mut b, &s, "From Ben");
    let to_a = send(&mut b, &mut a, dir.path(), "b.bbsync");
    let to_b = send(&mut a, &mut b, dir.path(), "a.bbsync");
    assert_eq!((to_a.conflicts_new, to_b.conflicts_new), (1, 1));
    for l in [&a, &b] {
        assert_eq!(measure_name(l, &s.measure).0, "From Ben", "the newer write");
    }
    let ca = a.store.sync_conflicts(true).unwrap();
    let cb = b.store.sync_conflicts(true).unwrap();
    assert_eq!((ca.len(), cb.len()), (1, 1));
    assert_eq!(
        ca[0].id, cb[0].id,
        "both laptops name the conflict the same way"
    );
    let c = &ca[0];
    assert_eq!((c.table.as_str(), c.field.as_str()), ("measures", "name"));
    assert_eq!(c.row_id, s.measure);
    assert_eq!(c.mine.value, "From Ana");
    assert!(c.mine.local && !c.mine.applied);
    assert_eq!(c.theirs.value, "From Ben");
    assert!(c.theirs.applied);
    assert_eq!(c.theirs.author.as_deref(), Some("Ben"));
    assert_eq!(cb[0].mine.value, "From Ben", "on B, B's value is its own");
    assert_eq!(a.snapshot(), b.snapshot());
}

#[test]
fn resolutions_travel_and_close_the_conflict_on_the_other_laptop() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, s) = pair(dir.path());
    // Three fields edited on both laptops: the measure's name, the partner's name and
    // the 2023 value.
    a.clock.advance(60);
    rename(&mut a, &s, "Name from Ana");
    a.store
        .update_partner(&s.partner, &partner_input("Library (Ana)", Sector::Public))
        .unwrap();
    a.store
        .save_observations(&s.measure, &[value("2023", "80")])
        .unwrap();
    b.clock.advance(120);
    rename(&mut b, &s, "Name from Ben");
    b.store
        .update_partner(&s.partner, &partner_input("Library (Ben)", Sector::Public))
        .unwrap();
    b.store
        .save_observations(&s.measure, &[value("2023", "81")])
        .unwrap();
    send(&mut b, &mut a, dir.path(), "b1.bbsync");
    send(&mut a, &mut b, dir.path(), "a1.bbsync");
    let open = a.store.sync_conflicts(true).unwrap();
    let find = |table: &str, field: &str| {
        open.iter()
            .find(|c| c.table == table && c.field == field)
            .unwrap_or_else(|| panic!("no conflict on {table}.{field}: {open:?}"))
            .clone()
    };
    let name = find("measures", "name");
    let partner = find("partners", "name");
    let cell = find("observations", "value");
    assert_eq!(open.len(), 3, "{open:?}");
    assert_eq!(cell.mine.value, serde_json::json!(80.0));
    assert_eq!(cell.theirs.value, serde_json::json!(81.0));

    // A keeps its own name, B keeps A's partner name (theirs, on B), A types a value.
    assert_eq!(
        a.store.sync_resolve(&name.id, &Keep::Mine).unwrap().status,
        "resolved"
    );
    b.clock.advance(60);
    b.store.sync_resolve(&partner.id, &Keep::Theirs).unwrap();
    a.store
        .sync_resolve(&cell.id, &Keep::Value("80.5".into()))
        .unwrap();
    assert_eq!(measure_name(&a, &s.measure).0, "Name from Ana");
    assert_eq!(
        b.store.get_partner(&s.partner).unwrap().name,
        "Library (Ana)"
    );
    // A resolved conflict cannot be resolved again.
    let again = a.store.sync_resolve(&name.id, &Keep::Theirs);
    assert!(matches!(again, Err(Error::Conflict(_))), "{again:?}");

    let to_b = send(&mut a, &mut b, dir.path(), "a2.bbsync");
    let to_a = send(&mut b, &mut a, dir.path(), "b2.bbsync");
    assert_eq!((to_b.conflicts_new, to_a.conflicts_new), (0, 0));
    for l in [&mut a, &mut b] {
        assert!(l.store.sync_conflicts(true).unwrap().is_empty());
        for c in [&name, &partner, &cell] {
            let now = l.store.sync_conflict(&c.id).unwrap();
            assert_eq!(now.status, "resolved", "{c:?}");
        }
        assert_eq!(measure_name(l, &s.measure).0, "Name from Ana");
        assert_eq!(
            l.store.get_partner(&s.partner).unwrap().name,
            "Library (Ana)"
        );
        let v = l
            .store
            .list_observations(&s.measure)
            .unwrap()
            .into_iter()
            .find(|o| o.period == "2023" && o.group_ids.is_empty())
            .unwrap();
        assert_eq!(v.value, Some(80.5));
    }
    assert_eq!(a.snapshot(), b.snapshot());
}

/// Regression (engine, issue 9; found by the property test): after a conflict opens on
/// a laptop, its user edits the field again, knowing both values. That write replaces
/// them: the other laptops close the conflict as superseded when the edit reaches them,
/// but the laptop that made it keeps it open, because conflicts are only closed when an
/// import rebuilds the row, and a local edit is not rebuilt.
#[test]
fn a_local_edit_made_knowing_both_sides_supersedes_the_conflict_there_too() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, s) = pair(dir.path());
    a.clock.advance(60);
    rename(&mut a, &s, "From Ana");
    b.clock.advance(120);
    rename(&mut b, &s, "From Ben");
    send(&mut b, &mut a, dir.path(), "b1.bbsync");
    let open = a.store.sync_conflicts(true).unwrap();
    assert_eq!(open.len(), 1);
    // Ana reads both values and types the one they agreed on.
    a.clock.advance(600);
    rename(&mut a, &s, "Agreed on the phone");
    send(&mut a, &mut b, dir.path(), "a1.bbsync");
    send(&mut b, &mut a, dir.path(), "b2.bbsync");
    for l in [&mut a, &mut b] {
        assert_eq!(measure_name(l, &s.measure).0, "Agreed on the phone");
        assert!(
            l.store.sync_conflicts(true).unwrap().is_empty(),
            "{}: the later edit replaced both sides",
            l.path.display()
        );
    }
    assert_eq!(
        a.store.sync_conflict(&open[0].id).unwrap().status,
        b.store
            .sync_conflict(&open[0].id)
            .map(|c| c.status)
            .unwrap_or_else(|_| "superseded".into()),
    );
}

fn worksheet(story: &str) -> WorksheetInput {
    WorksheetInput {
        how_doing: String::new(),
        story: story.into(),
        factors: Vec::new(),
        partners: Vec::new(),
        ideas: Vec::new(),
        action_plan: String::new(),
    }
}

#[test]
fn a_worksheet_story_written_on_two_laptops_keeps_both_texts() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, s) = pair(dir.path());
    a.store
        .save_worksheet(
            &s.measure,
            &worksheet("The curve bent when tutoring began."),
        )
        .unwrap();
    send(&mut a, &mut b, dir.path(), "w0.bbsync");
    let ana = "The curve bent when tutoring began.\nAna: the after-school program closed in 2023.";
    let ben = "The curve bent when tutoring began.\nBen: families moved away after the plant shut.";
    a.clock.advance(60);
    a.store.save_worksheet(&s.measure, &worksheet(ana)).unwrap();
    b.clock.advance(120);
    b.store.save_worksheet(&s.measure, &worksheet(ben)).unwrap();
    send(&mut a, &mut b, dir.path(), "w1.bbsync");
    send(&mut b, &mut a, dir.path(), "w2.bbsync");
    for l in [&mut a, &mut b] {
        assert_eq!(l.store.worksheet(&s.measure).unwrap().story, ben);
        let open = l.store.sync_conflicts(true).unwrap();
        let story = open
            .iter()
            .find(|c| c.table == "worksheets" && c.field == "story")
            .unwrap_or_else(|| panic!("no conflict on the story: {open:?}"));
        assert!(story.long_text);
        let texts = [&story.mine.value, &story.theirs.value];
        assert!(texts.contains(&&serde_json::json!(ana)), "Ana's words kept");
        assert!(texts.contains(&&serde_json::json!(ben)));
    }
}

#[test]
fn a_delete_loses_to_a_newer_edit_and_wins_over_an_older_one() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, s) = pair(dir.path());
    let m2 = a
        .store
        .create_measure(&s.initiative, &indicator_input(&s.result, "Attendance"))
        .unwrap();
    send(&mut a, &mut b, dir.path(), "0.bbsync");
    // Seed measure: deleted on A at 09:01, renamed on B at 09:02 (newer: alive).
    // Attendance: renamed on B at 09:02, deleted on A at 09:03 (newer: deleted).
    a.clock.advance(60);
    a.store
        .delete_item(EntityKind::Measure, &s.measure)
        .unwrap();
    b.clock.advance(120);
    rename(&mut b, &s, "Renamed on B");
    b.store
        .update_measure(&m2.id, &indicator_input(&s.result, "Attendance (B)"))
        .unwrap();
    a.clock.advance(120);
    a.store.delete_item(EntityKind::Measure, &m2.id).unwrap();
    send(&mut a, &mut b, dir.path(), "1.bbsync");
    send(&mut b, &mut a, dir.path(), "2.bbsync");
    for l in [&a, &b] {
        assert_eq!(
            measure_name(l, &s.measure),
            ("Renamed on B".to_string(), None),
            "the newer edit keeps the row alive"
        );
        let (name, deleted) = measure_name(l, &m2.id);
        assert_eq!(name, "Attendance (B)", "the edit is kept, in the trash");
        assert!(deleted.is_some(), "the newer delete wins");
    }
    assert_eq!(a.snapshot(), b.snapshot());
}

/// Regression (engine, issue 9): the values an import created are stamped with the
/// import row's insert stamp plus a suffix, so they sort before the periods, dimensions,
/// groups and disaggregations the same import created (stamped later). The receiver
/// rebuilds rows in stamp order, the values' foreign keys fail, and they wait in
/// `sync_pending` until some later import: one file is not enough.
#[test]
fn values_from_a_csv_import_travel() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, s) = pair(dir.path());
    let csv = dir.path().join("values.csv");
    std::fs::write(
        &csv,
        "measure,period,dimension,group,value\n\
         Graduation rate,2024,,,74\n\
         Graduation rate,2024,Race/ethnicity,Black,68\n\
         Graduation rate,2024,Race/ethnicity,White,79\n\
         Kindergarten readiness,2023,,,55\n\
         Kindergarten readiness,2024,,,58\n",
    )
    .unwrap();
    let opts = ImportOptions {
        initiative: Some(s.initiative.clone()),
        ..ImportOptions::default()
    };
    let done = import_file(&mut a.store, &csv, &opts, &mut |_| true).unwrap();
    assert!(done.errors.is_empty(), "{:?}", done.errors);
    assert_eq!(done.created, 5);
    let got = send(&mut a, &mut b, dir.path(), "csv.bbsync");
    assert!(got.applied >= 5, "{got:?}");
    assert_eq!(long_csv(&a, &s.initiative), long_csv(&b, &s.initiative));
    assert!(long_csv(&b, &s.initiative).contains("Kindergarten readiness"));
    assert_eq!(a.snapshot(), b.snapshot());
}

/// Writes `bytes` to `dir/name`, imports it into `l`, and checks it was refused whole:
/// an invalid `file` whose message names the file and says `why`, nothing written.
#[track_caller]
fn refused(l: &mut Laptop, dir: &Path, name: &str, bytes: &[u8], why: &str) {
    let f = dir.join(name);
    std::fs::write(&f, bytes).unwrap();
    let (log, rows) = (l.change_log(), l.snapshot());
    let conn = raw(&l.path);
    let peers = count(&conn, "sync_peers");
    let exchanges = count(&conn, "sync_log");
    let message = expect_invalid(l.store.sync_import(&f), "file");
    assert!(message.contains(name), "names the file: {message}");
    assert!(message.contains(why), "says why ({why}): {message}");
    assert_eq!(l.change_log(), log, "{name}: nothing logged");
    assert_eq!(l.snapshot(), rows, "{name}: no row changed");
    assert_eq!(count(&conn, "sync_peers"), peers);
    assert_eq!(count(&conn, "sync_log"), exchanges);
}

#[test]
fn damaged_tampered_newer_and_foreign_files_are_refused_whole() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, s) = pair(dir.path());
    a.clock.advance(60);
    rename(&mut a, &s, "Changed on A");
    let good = std::fs::read(a.export_all(dir.path(), "good.bbsync")).unwrap();
    let d = dir.path();

    refused(
        &mut b,
        d,
        "truncated.bbsync",
        &good[..good.len() * 2 / 3],
        "incomplete",
    );
    refused(&mut b, d, "header-only.bbsync", &good[..30], "incomplete");
    let mut flipped = good.clone();
    let mid = 48 + (flipped.len() - 48) / 2;
    flipped[mid] ^= 0x01;
    refused(&mut b, d, "flipped.bbsync", &flipped, "checksum");
    let mut forged = good.clone();
    forged[10] ^= 0xff; // the checksum itself altered
    refused(&mut b, d, "forged.bbsync", &forged, "checksum");

    // A payload altered and re-sealed by something that is not Backbone: its schema
    // from the future.
    let mut p = decode(&good).unwrap();
    p.schema = migrations::latest_version() + 1;
    refused(&mut b, d, "newer-schema.bbsync", &encode(&p), "newer");
    let mut newer = good.clone();
    newer[7] = newer[7].wrapping_add(1);
    refused(&mut b, d, "newer-format.bbsync", &newer, "newer version");
    // Indexes that point nowhere.
    let mut p = decode(&good).unwrap();
    p.changes[0].0 = 999;
    let message = expect_invalid(
        {
            let f = d.join("bad-index.bbsync");
            std::fs::write(&f, encode(&p)).unwrap();
            b.store.sync_import(&f)
        },
        "file",
    );
    assert!(message.contains("bad-index.bbsync"), "{message}");

    let garbage: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect();
    refused(
        &mut b,
        d,
        "garbage.bbsync",
        &garbage,
        "not a Backbone change file",
    );
    refused(
        &mut b,
        d,
        "values.csv.bbsync",
        b"measure,period,value\nGraduation rate,2024,74\n",
        "not a Backbone change file",
    );
    refused(&mut b, d, "empty.bbsync", b"", "not a Backbone change file");

    // The good file still applies afterwards.
    let got = b.store.sync_import(&d.join("good.bbsync")).unwrap();
    assert!(got.applied > 0);
    assert_eq!(measure_name(&b, &s.measure).0, "Changed on A");
}

#[test]
fn an_export_for_a_known_replica_holds_only_what_it_has_not_seen() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b, s) = pair(dir.path());
    // B tells A what it has.
    send(&mut b, &mut a, dir.path(), "b0.bbsync");
    let b_id = b.store.replica_id().unwrap();
    a.clock.advance(60);
    rename(&mut a, &s, "Only this is new");
    let f = dir.path().join("for-b.bbsync");
    let out = a.store.sync_export(Some(&b_id), &f).unwrap();
    let all = a
        .store
        .sync_export(None, &dir.path().join("all.bbsync"))
        .unwrap();
    assert!(
        out.changes >= 1 && out.changes < all.changes,
        "{} of {}",
        out.changes,
        all.changes
    );
    let got = b.store.sync_import(&f).unwrap();
    assert_eq!(got.applied, out.changes);
    assert_eq!(a.snapshot(), b.snapshot());
}

#[test]
fn three_stores_sharing_a_folder_converge_after_two_passes() {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    let mut a = Laptop::new(dir.path(), "Ana");
    let s = seed(&mut a);
    let mut b = Laptop::new(dir.path(), "Ben");
    let mut c = Laptop::new(dir.path(), "Cleo");
    // A starts the folder; B and C join from it.
    a.store.sync_with_folder(&folder).unwrap();
    b.store.sync_with_folder(&folder).unwrap();
    c.store.sync_with_folder(&folder).unwrap();
    assert_eq!(b.snapshot(), a.snapshot());
    // Each works on its own.
    a.clock.advance(60);
    rename(&mut a, &s, "Renamed by Ana");
    b.clock.advance(60);
    b.store
        .create_partner(
            &s.initiative,
            &partner_input("School district", Sector::Public),
        )
        .unwrap();
    c.clock.advance(60);
    c.store
        .save_observations(&s.measure, &[value("2024", "75")])
        .unwrap();
    for _ in 0..2 {
        for l in [&mut a, &mut b, &mut c] {
            let pass = l.store.sync_with_folder(&folder).unwrap();
            assert!(pass.refused.is_empty(), "{:?}", pass.refused);
        }
    }
    let files = listing(&folder);
    assert_eq!(files.len(), 3, "one file per laptop: {files:?}");
    assert_eq!(a.snapshot(), b.snapshot());
    assert_eq!(a.snapshot(), c.snapshot());
    assert_eq!(measure_name(&c, &s.measure).0, "Renamed by Ana");
    assert_eq!(long_csv(&a, &s.initiative), long_csv(&c, &s.initiative));
}

#[test]
fn a_damaged_file_in_the_sync_folder_is_listed_and_the_rest_applied() {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    let mut a = Laptop::new(dir.path(), "Ana");
    seed(&mut a);
    a.store.sync_with_folder(&folder).unwrap();
    std::fs::write(folder.join("broken.bbsync"), b"BBSYNC\x00\x01short").unwrap();
    let mut b = Laptop::new(dir.path(), "Ben");
    let pass = b.store.sync_with_folder(&folder).unwrap();
    assert_eq!(pass.refused.len(), 1, "{pass:?}");
    assert!(pass.refused[0].file.ends_with("broken.bbsync"));
    assert_eq!(a.snapshot(), b.snapshot(), "A's file still applied");
}

// ---------------------------------------------------------------------------------------
// The `backbone sync` commands, run in-process like the other CLI tests.

/// Closes a laptop's store (so the CLI opens the file alone) and returns its path.
fn close(l: Laptop) -> PathBuf {
    l.path
}

#[test]
fn cli_exports_imports_lists_and_resolves_conflicts() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (mut a, mut b, s) = pair(d);
    a.clock.advance(60);
    rename(&mut a, &s, "From Ana");
    b.clock.advance(120);
    rename(&mut b, &s, "From Ben");
    let b_id = b.store.replica_id().unwrap();
    let (pa, pb) = (close(a), close(b));

    // Export for a replica never heard from: everything, and it says so.
    let fa = d.join("ana.bbsync");
    let (code, out, err) = cli(
        &pa,
        &[
            "sync",
            "export",
            "--for",
            &b_id,
            "--out",
            fa.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Wrote all "), "{out}");
    assert!(out.contains("has not sent a file here yet"), "{out}");
    assert!(fa.is_file());

    let (code, out, err) = cli(&pb, &["sync", "import", fa.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).expect("--json prints JSON");
    assert_eq!(j["conflicts_new"], 1);
    assert!(j["applied"].as_u64().unwrap() >= 1);
    assert!(
        j["skipped_seen"].as_u64().unwrap() > 0,
        "the seed was there"
    );
    assert_eq!(j["own_file"], false);
    for key in ["applied", "skipped_seen", "conflicts_new"] {
        assert!(j[key].is_u64(), "{key} is a number: {j}");
    }

    // Again, in words: nothing new.
    let (code, out, _) = cli(&pb, &["sync", "import", fa.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Applied 0 changes from Ana's laptop ("),
        "{out}"
    );
    assert!(!out.contains("conflict"), "{out}");

    // Back to A, in words, with the conflict named.
    let fb = d.join("ben.bbsync");
    assert_eq!(
        cli(&pb, &["sync", "export", "--out", fb.to_str().unwrap()]).0,
        0
    );
    let (code, out, err) = cli(&pa, &["sync", "import", fb.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("from Ben's laptop"), "{out}");
    assert!(
        out.contains("1 new conflict: run `backbone sync conflicts`"),
        "{out}"
    );

    let (code, out, err) = cli(&pa, &["sync", "conflicts", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    let id = list[0]["id"].as_str().unwrap().to_string();
    assert_eq!(list[0]["mine"]["value"], "From Ana");
    assert_eq!(list[0]["theirs"]["value"], "From Ben");
    assert_eq!(list[0]["field"], "name");

    let (code, out, _) = cli(&pa, &["sync", "conflicts", "--format", "table"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Id"), "{out}");
    assert!(lines[1].starts_with(&id), "{out}");
    assert!(
        lines[1].contains("From Ana") && lines[1].contains("*From Ben"),
        "{out}"
    );
    // Aligned: the "Mine" column starts at the same place on both lines (in characters:
    // the row's name is in curly quotes).
    let column = |line: &str, text: &str| line.find(text).map(|i| line[..i].chars().count());
    assert_eq!(
        column(lines[0], "Mine"),
        column(lines[1], "From Ana"),
        "{out}"
    );

    // Resolve with a value of one's own.
    let (code, out, err) = cli(&pa, &["sync", "resolve", &id, "--keep", "Agreed name"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Agreed name") && out.contains("Resolved"),
        "{out}"
    );
    let (_, out, _) = cli(&pa, &["sync", "conflicts", "--format", "json"]);
    assert_eq!(out.trim(), "[]");
    // Again: refused, exit 1.
    let (code, _, err) = cli(&pa, &["sync", "resolve", &id, "--keep", "mine"]);
    assert_eq!(code, 1);
    assert!(err.contains("already resolved"), "{err}");
    let (code, _, err) = cli(&pa, &["sync", "resolve", "no-such-id", "--keep", "mine"]);
    assert_eq!(code, 1, "{err}");

    // The resolution travels to B, in a file made for it: A has heard from B, so the
    // file holds only what B lacks, and says for whom.
    let fa2 = d.join("ana2.bbsync");
    let (code, out, err) = cli(
        &pa,
        &[
            "sync",
            "export",
            "--for",
            &b_id,
            "--out",
            fa2.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Ben's laptop has not seen"), "{out}");
    let sent: u64 = out["Wrote ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..10).contains(&sent),
        "only the resolution and its bookkeeping: {out}"
    );
    assert_eq!(cli(&pb, &["sync", "import", fa2.to_str().unwrap()]).0, 0);
    let (_, out, _) = cli(&pb, &["sync", "conflicts", "--format", "table"]);
    assert!(out.contains("(no open conflicts)"), "{out}");
    let conn = raw(&pb);
    let name: String = conn
        .query_row(
            "SELECT name FROM measures WHERE id = ?1",
            [&s.measure],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "Agreed name");

    let (code, out, err) = cli(&pb, &["sync", "status"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(&format!("Replica {b_id} (Ben)")), "{out}");
    assert!(out.contains("0 open conflicts"), "{out}");
    assert!(out.contains("Ana"), "the peer is listed: {out}");
    let (code, out, _) = cli(&pb, &["sync", "status", "--json"]);
    assert_eq!(code, 0);
    let st: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(st["replica_id"], b_id.as_str());
    assert_eq!(st["peers"].as_array().unwrap().len(), 1);
}

#[test]
fn cli_refuses_bad_files_and_bad_usage() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let mut a = Laptop::new(d, "Ana");
    seed(&mut a);
    let good = std::fs::read(a.export_all(d, "a.bbsync")).unwrap();
    let pa = close(a);
    let log = count(&raw(&pa), "change_log");
    let cut = d.join("cut.bbsync");
    std::fs::write(&cut, &good[..good.len() / 2]).unwrap();
    let (code, out, err) = cli(&pa, &["sync", "import", cut.to_str().unwrap(), "--json"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("cut.bbsync") && err.contains("incomplete"),
        "{err}"
    );
    assert_eq!(count(&raw(&pa), "change_log"), log);
    // Its own file: ignored, and said so.
    let (code, out, _) = cli(
        &pa,
        &["sync", "import", d.join("a.bbsync").to_str().unwrap()],
    );
    assert_eq!(code, 0);
    assert!(out.contains("written by this database"), "{out}");
    let (code, out, _) = cli(
        &pa,
        &[
            "sync",
            "import",
            d.join("a.bbsync").to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(code, 0);
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (j["own_file"].clone(), j["applied"].clone()),
        (true.into(), 0.into())
    );
    // A missing database is not created.
    let missing = d.join("missing.backbone");
    let (code, _, _) = cli(&missing, &["sync", "status"]);
    assert_eq!(code, 1);
    assert!(!missing.exists());
    // Usage errors are clap's (exit 2).
    for args in [
        vec!["backbone", "sync"],
        vec!["backbone", "sync", "export"],
        vec!["backbone", "sync", "resolve", "x"],
        vec!["backbone", "sync", "conflicts", "--format", "xml"],
    ] {
        let e = backbone::cli::parse(args.iter().copied()).expect_err("a usage error");
        assert_eq!(e.exit_code(), 2, "{args:?}");
    }
    // `--keep` takes any text, even one starting with a dash.
    assert!(backbone::cli::parse(["backbone", "sync", "resolve", "x", "--keep", "-3"]).is_ok());
}
