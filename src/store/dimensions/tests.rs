//! Unit tests of dimensions, groups, aliases and their order (in memory; the integration
//! tests in `tests/it/groups.rs` work on files, imports and merges).

use super::edit::check_kind;
use super::*;
use crate::model::{InitiativeInput, MoveDirection, SectoralHome};
use crate::store::Store;
use crate::ErrorCode;
use chrono::TimeZone;
use std::sync::Arc;

fn store() -> (Store, String) {
    let clock = Arc::new(|| chrono::Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
    let mut s = Store::open_in_memory(clock).unwrap();
    let i = s
        .create_initiative(&InitiativeInput {
            name: "Test".into(),
            shared_result: String::new(),
            geography: String::new(),
            sectoral_home: SectoralHome::Other,
            backbone_org: String::new(),
            equity_statement: String::new(),
        })
        .unwrap();
    (s, i.id)
}

fn names(d: &Dimension) -> Vec<&str> {
    d.groups.iter().map(|g| g.name.as_str()).collect()
}

#[test]
fn labels_compare_trimmed_and_case_insensitively() {
    assert_eq!(label_key("  Asian Students "), label_key("asian students"));
    assert_ne!(label_key("Asian"), label_key("Asian Students"));
    // Not only ASCII: SQLite's lower() would miss these.
    assert_eq!(label_key("ÉTUDIANTS"), label_key("étudiants"));
}

#[test]
fn kinds_are_the_known_ones_or_a_word_of_the_user_s() {
    for kind in [
        "race_ethnicity",
        "geography",
        "sex_gender",
        "age_band",
        "income_band",
    ] {
        assert_eq!(check_kind(kind).unwrap(), kind);
    }
    assert_eq!(
        check_kind(" disability_status ").unwrap(),
        "disability_status"
    );
    for bad in ["", "Race", "race ethnicity", "1st", "x".repeat(41).as_str()] {
        let e = check_kind(bad).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{bad:?}");
    }
}

#[test]
fn a_label_names_one_group_of_a_dimension() {
    let (mut s, i) = store();
    let d = s
        .create_dimension(&i, "Race/ethnicity", "race_ethnicity")
        .unwrap();
    let asian = s.create_group(&d.id, "Asian").unwrap();
    s.create_group(&d.id, "Black").unwrap();
    s.add_group_alias(&asian.id, "Asian Students").unwrap();
    // Names and aliases of other groups are taken, whatever the case and spaces.
    for taken in ["asian", " ASIAN STUDENTS "] {
        let e = s.create_group(&d.id, taken).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{taken}: {e}");
    }
    // Another dimension may use the same labels.
    let other = s.create_dimension(&i, "Programs", "other").unwrap();
    s.create_group(&other.id, "Asian").unwrap();
    // And dimension names are one per initiative.
    let e = s
        .create_dimension(&i, " race/Ethnicity", "other")
        .unwrap_err();
    assert!(e.to_string().contains("already has a dimension"), "{e}");
}

#[test]
fn moving_keeps_the_positions_and_stops_at_the_ends() {
    let (mut s, i) = store();
    let d = s.create_dimension(&i, "Place", "geography").unwrap();
    let a = s.create_group(&d.id, "A").unwrap().id;
    let b = s.create_group(&d.id, "B").unwrap().id;
    let c = s.create_group(&d.id, "C").unwrap().id;
    let after = s.move_group(&c, MoveDirection::Up).unwrap();
    assert_eq!(names(&after), ["A", "C", "B"]);
    let positions: Vec<i64> = after.groups.iter().map(|g| g.position).collect();
    assert_eq!(positions, [1, 2, 3], "the same positions, handed out anew");
    assert_eq!(
        names(&s.move_group(&a, MoveDirection::Up).unwrap()),
        ["A", "C", "B"]
    );
    assert_eq!(
        names(&s.move_group(&b, MoveDirection::Down).unwrap()),
        ["A", "C", "B"]
    );
    assert_eq!(
        names(&s.move_group(&a, MoveDirection::Down).unwrap()),
        ["C", "A", "B"]
    );

    // Two groups sharing a position (an old file, a bundle) are numbered afresh.
    s.conn
        .execute(
            "UPDATE groups SET position = 7 WHERE dimension_id = ?1",
            [&d.id],
        )
        .unwrap();
    let order = names(&s.get_dimension(&d.id).unwrap())
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    let last = s.get_dimension(&d.id).unwrap().groups[2].id.clone();
    let after = s.move_group(&last, MoveDirection::Up).unwrap();
    assert_eq!(names(&after), [&order[0], &order[2], &order[1]]);
    let positions: Vec<i64> = after.groups.iter().map(|g| g.position).collect();
    assert_eq!(positions, [1, 2, 3]);
}

#[test]
fn dimensions_move_too() {
    let (mut s, i) = store();
    s.create_dimension(&i, "Race/ethnicity", "race_ethnicity")
        .unwrap();
    let sex = s.create_dimension(&i, "Sex", "sex_gender").unwrap();
    let order: Vec<String> = s
        .move_dimension(&sex.id, MoveDirection::Up)
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(order, ["Sex", "Race/ethnicity"]);
}
