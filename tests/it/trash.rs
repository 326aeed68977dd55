//! The trash: deleting moves a row and what hangs from it; restoring brings back exactly
//! what went with it.
//!
//! The clock moves a few seconds between user actions, as it does for a person: the store
//! tells "deleted with its parent" from "deleted on its own" by the deletion time.

use crate::support::*;
use backbone::model::{EntityKind, TrashItem};
use backbone::ErrorCode;

/// An initiative with one result and two indicators on it.
struct Tree {
    initiative: String,
    result: String,
    indicators: [String; 2],
}

fn tree(f: &mut Fixture) -> Tree {
    let (initiative, result) = f.initiative_with_result();
    let a = f
        .store
        .create_measure(&initiative, &indicator_input(&result, "Readiness"))
        .unwrap();
    let b = f
        .store
        .create_measure(&initiative, &indicator_input(&result, "Reading"))
        .unwrap();
    f.clock.advance(5);
    Tree {
        initiative,
        result,
        indicators: [a.id, b.id],
    }
}

fn measure_ids(f: &Fixture, initiative: &str) -> Vec<String> {
    f.store
        .list_measures(initiative)
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect()
}

fn trash(f: &Fixture, initiative: &str) -> Vec<(EntityKind, String)> {
    f.store
        .list_trash(Some(initiative))
        .unwrap()
        .into_iter()
        .map(|TrashItem { kind, id, .. }| (kind, id))
        .collect()
}

#[test]
fn deleting_a_result_takes_its_indicators_and_restoring_brings_them_back() {
    let mut f = Fixture::new();
    let t = tree(&mut f);
    f.store.delete_item(EntityKind::Result, &t.result).unwrap();

    assert!(measure_ids(&f, &t.initiative).is_empty());
    expect_code(f.store.get_result(&t.result), ErrorCode::NotFound);
    expect_code(f.store.get_measure(&t.indicators[0]), ErrorCode::NotFound);
    assert_eq!(
        trash(&f, &t.initiative),
        [(EntityKind::Result, t.result.clone())],
        "the trash lists what the user deleted, not the indicators that went with it"
    );
    let item = &f.store.list_trash(None).unwrap()[0];
    assert_eq!(
        (item.name.as_str(), item.deleted_at.as_str()),
        ("Children thrive", f.clock.stamp().as_str())
    );

    f.clock.advance(5);
    f.store.restore_item(EntityKind::Result, &t.result).unwrap();
    assert_eq!(measure_ids(&f, &t.initiative), t.indicators);
    assert!(trash(&f, &t.initiative).is_empty());
    assert_eq!(
        f.store.get_result(&t.result).unwrap().name,
        "Children thrive"
    );
}

#[test]
fn an_indicator_deleted_before_its_result_stays_in_the_trash_after_restore() {
    let mut f = Fixture::new();
    let t = tree(&mut f);
    f.store
        .delete_item(EntityKind::Measure, &t.indicators[0])
        .unwrap();
    f.clock.advance(30);
    f.store.delete_item(EntityKind::Result, &t.result).unwrap();
    let mut in_trash = trash(&f, &t.initiative);
    in_trash.sort_by_key(|(kind, _)| kind.as_str());
    assert_eq!(
        in_trash,
        [
            (EntityKind::Measure, t.indicators[0].clone()),
            (EntityKind::Result, t.result.clone())
        ],
        "the indicator was deleted on its own, so it is listed on its own"
    );

    f.clock.advance(30);
    f.store.restore_item(EntityKind::Result, &t.result).unwrap();
    assert_eq!(
        measure_ids(&f, &t.initiative),
        [t.indicators[1].clone()],
        "only the indicator that went with the result comes back"
    );
    assert_eq!(
        trash(&f, &t.initiative),
        [(EntityKind::Measure, t.indicators[0].clone())]
    );
    // ...and it can now be restored on its own.
    f.store
        .restore_item(EntityKind::Measure, &t.indicators[0])
        .unwrap();
    assert_eq!(measure_ids(&f, &t.initiative), t.indicators);
}

#[test]
fn a_measure_whose_result_is_in_the_trash_cannot_be_restored() {
    let mut f = Fixture::new();
    let t = tree(&mut f);
    f.store.delete_item(EntityKind::Result, &t.result).unwrap();
    let e = expect_code(
        f.store.restore_item(EntityKind::Measure, &t.indicators[0]),
        ErrorCode::Conflict,
    );
    assert!(e.to_string().contains("restore that first"), "{e}");
    expect_code(f.store.get_measure(&t.indicators[0]), ErrorCode::NotFound);
}

#[test]
fn deleting_twice_or_restoring_a_live_row_is_not_found() {
    let mut f = Fixture::new();
    let t = tree(&mut f);
    expect_code(
        f.store.restore_item(EntityKind::Result, &t.result),
        ErrorCode::NotFound,
    );
    f.store.delete_item(EntityKind::Result, &t.result).unwrap();
    let log_before = f.count("change_log");
    expect_code(
        f.store.delete_item(EntityKind::Result, &t.result),
        ErrorCode::NotFound,
    );
    expect_code(
        f.store.delete_item(EntityKind::Partner, &t.result),
        ErrorCode::NotFound,
    );
    assert_eq!(
        f.count("change_log"),
        log_before,
        "a refused delete writes nothing"
    );
}

#[test]
fn deleting_an_initiative_hides_it_and_restoring_brings_its_contents_back() {
    let mut f = Fixture::new();
    let t = tree(&mut f);
    let keep = f.store.create_initiative(&initiative("Other")).unwrap();
    f.clock.advance(5);
    f.store
        .delete_item(EntityKind::Initiative, &t.initiative)
        .unwrap();

    let live: Vec<String> = f
        .store
        .list_initiatives()
        .unwrap()
        .into_iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(live, [keep.id]);
    expect_code(f.store.list_measures(&t.initiative), ErrorCode::NotFound);
    assert_eq!(
        trash(&f, &t.initiative),
        [(EntityKind::Initiative, t.initiative.clone())],
        "its results and measures went with it and are not listed separately"
    );
    expect_code(
        f.store.restore_item(EntityKind::Result, &t.result),
        ErrorCode::Conflict,
    );

    f.clock.advance(5);
    f.store
        .restore_item(EntityKind::Initiative, &t.initiative)
        .unwrap();
    assert_eq!(measure_ids(&f, &t.initiative), t.indicators);
    assert_eq!(f.store.list_results(&t.initiative).unwrap().len(), 1);
}

#[test]
fn a_deleted_value_is_in_the_trash_and_comes_back() {
    let mut f = Fixture::new();
    let m = f.indicator();
    f.store
        .save_observations(&m.id, &[value("2024", "70"), value("2025", "71")])
        .unwrap();
    let obs = f.store.list_observations(&m.id).unwrap();
    f.clock.advance(5);
    f.store
        .delete_item(EntityKind::Observation, &obs[0].id)
        .unwrap();
    let items = f.store.list_trash(None).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].kind, items[0].name.as_str()),
        (EntityKind::Observation, "Graduation rate, 2024")
    );
    assert_eq!(f.store.list_observations(&m.id).unwrap().len(), 1);
    f.store
        .restore_item(EntityKind::Observation, &obs[0].id)
        .unwrap();
    let back: Vec<_> = f
        .store
        .list_observations(&m.id)
        .unwrap()
        .into_iter()
        .map(|o| (o.id, o.period, o.value))
        .collect();
    let before: Vec<_> = obs.into_iter().map(|o| (o.id, o.period, o.value)).collect();
    assert_eq!(back, before, "the same row, with its value");
}
