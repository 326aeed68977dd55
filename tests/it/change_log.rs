//! The change log: every create, update, delete and restore of a model row appends one
//! entry with the row's old and new values; nothing else does.

use crate::support::*;
use backbone::model::{EntityKind, ProgramInput, RbaCategory, Sector};
use serde_json::Value;

/// One change-log entry, with its JSON parsed.
#[derive(Debug)]
struct Entry {
    table: String,
    row_id: String,
    op: String,
    old: Option<Value>,
    new: Option<Value>,
    changed_at: String,
}

/// The entries after the first `skip`, in order.
fn entries_since(f: &Fixture, skip: i64) -> Vec<Entry> {
    let conn = f.raw();
    let mut stmt = conn
        .prepare(
            "SELECT table_name, row_id, op, old_values, new_values, changed_at
             FROM change_log ORDER BY seq LIMIT -1 OFFSET ?1",
        )
        .unwrap();
    let parse = |text: Option<String>| text.map(|t| serde_json::from_str::<Value>(&t).unwrap());
    stmt.query_map([skip], |r| {
        Ok(Entry {
            table: r.get(0)?,
            row_id: r.get(1)?,
            op: r.get(2)?,
            old: parse(r.get(3)?),
            new: parse(r.get(4)?),
            changed_at: r.get(5)?,
        })
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Runs `action` and returns the entries it appended.
fn logged(f: &mut Fixture, action: impl FnOnce(&mut Fixture)) -> Vec<Entry> {
    let before = f.count("change_log");
    f.clock.advance(10);
    action(f);
    entries_since(f, before)
}

#[track_caller]
fn only(entries: Vec<Entry>, table: &str, row_id: &str, op: &str) -> Entry {
    assert_eq!(
        entries
            .iter()
            .map(|e| (e.table.as_str(), e.row_id.as_str(), e.op.as_str()))
            .collect::<Vec<_>>(),
        [(table, row_id, op)]
    );
    entries.into_iter().next().unwrap()
}

#[test]
fn create_update_delete_and_restore_each_append_one_entry() {
    let mut f = Fixture::new();
    let mut id = String::new();
    let e = only(
        logged(&mut f, |f| {
            id = f
                .store
                .create_initiative(&initiative("First name"))
                .unwrap()
                .id
        }),
        "initiatives",
        &id.clone(),
        "insert",
    );
    assert!(e.old.is_none(), "an insert has no old values");
    let new = e.new.unwrap();
    assert_eq!(new["id"], id.as_str());
    assert_eq!(new["name"], "First name");
    assert_eq!(new["deleted_at"], Value::Null);
    assert_eq!(
        e.changed_at,
        f.clock.stamp(),
        "stamped with the store's clock"
    );

    let e = only(
        logged(&mut f, |f| {
            f.store
                .update_initiative(&id, &initiative("Second name"))
                .unwrap();
        }),
        "initiatives",
        &id,
        "update",
    );
    assert_eq!(e.old.unwrap()["name"], "First name");
    assert_eq!(e.new.unwrap()["name"], "Second name");

    let e = only(
        logged(&mut f, |f| {
            f.store.delete_item(EntityKind::Initiative, &id).unwrap()
        }),
        "initiatives",
        &id,
        "delete",
    );
    assert_eq!(e.old.unwrap()["deleted_at"], Value::Null);
    assert_eq!(e.new.unwrap()["deleted_at"], f.clock.stamp().as_str());

    let e = only(
        logged(&mut f, |f| {
            f.store.restore_item(EntityKind::Initiative, &id).unwrap()
        }),
        "initiatives",
        &id,
        "restore",
    );
    assert_eq!(e.new.unwrap()["deleted_at"], Value::Null);
}

#[test]
fn every_model_table_is_logged() {
    let mut f = Fixture::new();
    let (initiative_id, result_id) = f.initiative_with_result();

    let mut partner = String::new();
    let entries = logged(&mut f, |f| {
        partner = f
            .store
            .create_partner(&initiative_id, &partner_input("Library", Sector::Public))
            .unwrap()
            .id
    });
    only(entries, "partners", &partner, "insert");

    let entries = logged(&mut f, |f| {
        f.store
            .update_result(&result_id, &result_input("Renamed"))
            .unwrap();
    });
    let e = only(entries, "results", &result_id, "update");
    assert_eq!(
        (
            e.old.unwrap()["name"].clone(),
            e.new.unwrap()["name"].clone()
        ),
        (Value::from("Children thrive"), Value::from("Renamed"))
    );

    // A program is one row plus its links, each logged.
    let mut program = String::new();
    let entries = logged(&mut f, |f| {
        program = f
            .store
            .create_program(
                &initiative_id,
                &ProgramInput {
                    name: "Tutoring".into(),
                    description: String::new(),
                    lead_partner_id: Some(partner.clone()),
                    result_ids: vec![result_id.clone()],
                    contributor_ids: vec![],
                },
            )
            .unwrap()
            .id
    });
    let mut tables: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.table.as_str(), e.op.as_str()))
        .collect();
    tables.sort();
    assert_eq!(
        tables,
        [
            ("partner_roles", "insert"),
            ("program_results", "insert"),
            ("programs", "insert")
        ]
    );
    assert!(entries.iter().any(|e| e.row_id == program));

    let mut measure = String::new();
    let entries = logged(&mut f, |f| {
        measure = f
            .store
            .create_measure(
                &initiative_id,
                &performance_input(&program, RbaCategory::HowMuch, "Sessions held"),
            )
            .unwrap()
            .id
    });
    let e = only(entries, "measures", &measure, "insert");
    assert_eq!(e.new.unwrap()["category"], "how_much");

    // A first value also creates its period row.
    let entries = logged(&mut f, |f| {
        f.store
            .save_observations(&measure, &[value("2024", "120")])
            .unwrap();
    });
    let ops: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.table.as_str(), e.op.as_str()))
        .collect();
    assert_eq!(ops, [("periods", "insert"), ("observations", "insert")]);
    let observation = entries[1].row_id.clone();
    assert_eq!(entries[1].new.as_ref().unwrap()["value"], 120.0);

    let entries = logged(&mut f, |f| {
        f.store
            .save_observations(&measure, &[value("2024", "125")])
            .unwrap();
    });
    let e = only(entries, "observations", &observation, "update");
    assert_eq!(e.old.unwrap()["value"], 120.0);
    assert_eq!(e.new.unwrap()["value"], 125.0);

    // Deleting a program takes its measure: both logged as deletes, same time.
    let entries = logged(&mut f, |f| {
        f.store.delete_item(EntityKind::Program, &program).unwrap()
    });
    let ops: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|e| (e.table.as_str(), e.row_id.as_str(), e.op.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            ("programs", program.as_str(), "delete"),
            ("measures", measure.as_str(), "delete")
        ]
    );
    let entries = logged(&mut f, |f| {
        f.store.restore_item(EntityKind::Program, &program).unwrap()
    });
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|e| e.op == "restore"));
}

/// Regression: every `update_*` set `updated_at = now` unconditionally, so saving an
/// unchanged form moved `updated_at` and appended an "update" entry whose only change was
/// the time (the triggers skip only byte-identical rows).
#[test]
fn regression_an_update_that_changes_nothing_appends_nothing() {
    // The clock moves between the create and the update, as it does when a person opens
    // a form and presses Save without changing anything. Such a save is not a change:
    // no entry, and `updated_at` keeps saying when the row last really changed.
    let mut f = Fixture::new();
    let (initiative_id, result_id) = f.initiative_with_result();
    let partner = f
        .store
        .create_partner(&initiative_id, &partner_input("Library", Sector::Public))
        .unwrap();
    let program_input = ProgramInput {
        name: "Tutoring".into(),
        description: String::new(),
        lead_partner_id: Some(partner.id.clone()),
        result_ids: vec![result_id.clone()],
        contributor_ids: vec![partner.id.clone()],
    };
    let program = f
        .store
        .create_program(&initiative_id, &program_input)
        .unwrap();
    let measure_input = indicator_input(&result_id, "Rate");
    let measure = f
        .store
        .create_measure(&initiative_id, &measure_input)
        .unwrap();
    f.store
        .save_observations(&measure.id, &[value("2024", "70")])
        .unwrap();
    let before_initiative = f.store.get_initiative(&initiative_id).unwrap();

    let entries = logged(&mut f, |f| {
        f.store
            .update_initiative(&initiative_id, &initiative("Test"))
            .unwrap();
        f.store
            .update_partner(&partner.id, &partner_input("Library", Sector::Public))
            .unwrap();
        f.store
            .update_result(&result_id, &result_input("Children thrive"))
            .unwrap();
        f.store.update_program(&program.id, &program_input).unwrap();
        f.store.update_measure(&measure.id, &measure_input).unwrap();
        let report = f
            .store
            .save_observations(&measure.id, &[value("2024", "70.0")])
            .unwrap();
        assert_eq!(report.saved, 0);
    });
    assert!(
        entries.is_empty(),
        "no-op saves were logged: {:?}",
        entries
            .iter()
            .map(|e| (&e.table, &e.op))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        f.store.get_initiative(&initiative_id).unwrap(),
        before_initiative
    );
}

#[test]
fn a_refused_write_appends_nothing() {
    let mut f = Fixture::new();
    let measure = f.indicator();
    let entries = logged(&mut f, |f| {
        assert!(f.store.create_initiative(&initiative(" ")).is_err());
        assert!(f
            .store
            .update_result(&measure.result_id.clone().unwrap(), &result_input(""))
            .is_err());
        assert!(f
            .store
            .save_observations(&measure.id, &[value("2024", "50"), value("2025", "x")])
            .is_err());
        assert!(f
            .store
            .delete_item(EntityKind::Measure, "no-such-id")
            .is_err());
    });
    assert!(entries.is_empty(), "{entries:?}");
}

#[test]
fn an_update_of_one_field_is_logged_and_moves_updated_at() {
    let mut f = Fixture::new();
    let measure = f.indicator();
    let partner = f
        .store
        .create_partner(
            &measure.initiative_id,
            &partner_input("Library", Sector::Public),
        )
        .unwrap();

    let mut input = indicator_input(measure.result_id.as_deref().unwrap(), "Graduation rate");
    input.data_development = true;
    let mut updated = None;
    let e = only(
        logged(&mut f, |f| {
            updated = Some(f.store.update_measure(&measure.id, &input).unwrap())
        }),
        "measures",
        &measure.id,
        "update",
    );
    assert_eq!(e.old.unwrap()["data_development"], 0);
    assert_eq!(e.new.unwrap()["data_development"], 1);
    assert_eq!(updated.unwrap().updated_at, f.clock.stamp());

    let mut p = partner_input("Library", Sector::Public);
    p.tier = Some(backbone::model::PartnerTier::Strategic);
    let e = only(
        logged(&mut f, |f| {
            f.store.update_partner(&partner.id, &p).unwrap();
        }),
        "partners",
        &partner.id,
        "update",
    );
    assert_eq!(
        e.old.unwrap()["tier"],
        Value::Null,
        "NULL to a value is a change"
    );
    assert_eq!(e.new.unwrap()["tier"], "strategic");

    let entries = logged(&mut f, |f| {
        f.store
            .set_status_tolerance(&measure.initiative_id, 15.0)
            .unwrap();
        f.store
            .set_status_tolerance(&measure.initiative_id, 15.0)
            .unwrap();
    });
    assert_eq!(
        entries.len(),
        1,
        "the second, identical call changes nothing"
    );
}
