//! Comments on values, measures, worksheet sections and actions: who wrote them and when,
//! resolving and reopening, the trash, and the counts behind the data grid's markers.

use crate::support::*;
use backbone::model::{
    CommentTarget, CommentTargetKind, EntityKind, Measure, ValueCommentCount, WorksheetSection,
};
use backbone::ErrorCode;

fn on(kind: CommentTargetKind, id: &str) -> CommentTarget {
    CommentTarget {
        kind,
        id: id.to_string(),
        section: None,
    }
}

/// A measure with values for 2021 and 2022; returns it with the two values' ids.
fn measure_with_values(f: &mut Fixture) -> (Measure, String, String) {
    let m = f.indicator();
    let report = f
        .store
        .save_observations(&m.id, &[value("2021", "70"), value("2022", "72")])
        .unwrap();
    let ids: Vec<String> = report
        .rows
        .iter()
        .filter_map(|r| r.observation.as_ref().map(|o| o.id.clone()))
        .collect();
    assert_eq!(ids.len(), 2, "both values were saved");
    (m, ids[0].clone(), ids[1].clone())
}

#[test]
fn a_comment_records_the_users_name_and_the_time_and_keeps_its_line_breaks() {
    let mut f = Fixture::new();
    let (m, value_id, _) = measure_with_values(&mut f);
    f.store.set_author_name("Ana Lima").unwrap();

    let c = f
        .store
        .add_comment(
            &m.initiative_id,
            &on(CommentTargetKind::Observation, &value_id),
            "  Is this the fall count?\nIt looks high.  \n",
        )
        .unwrap();

    assert_eq!(c.author, "Ana Lima");
    assert_eq!(c.created_at, f.clock.stamp());
    assert_eq!(c.body, "Is this the fall count?\nIt looks high.");
    assert_eq!(c.resolved_at, None);
    assert_eq!(
        f.store
            .comments_on(&on(CommentTargetKind::Observation, &value_id))
            .unwrap(),
        vec![c]
    );
}

#[test]
fn without_a_name_in_settings_a_comment_is_written_under_the_systems_user_name() {
    let mut f = Fixture::new();
    let m = f.indicator();
    // The fixture's store runs as "Test User" (the system's name in real use).
    let c = f
        .store
        .add_comment(
            &m.initiative_id,
            &on(CommentTargetKind::Measure, &m.id),
            "Why?",
        )
        .unwrap();
    assert_eq!(c.author, "Test User");
}

#[test]
fn comments_are_listed_oldest_first_with_resolved_ones_kept() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let target = on(CommentTargetKind::Measure, &m.id);
    let first = f
        .store
        .add_comment(&m.initiative_id, &target, "first")
        .unwrap();
    f.clock.advance(60);
    let second = f
        .store
        .add_comment(&m.initiative_id, &target, "second")
        .unwrap();
    f.clock.advance(60);
    f.store.resolve_comment(&first.id).unwrap();

    let list = f.store.comments_on(&target).unwrap();
    let bodies: Vec<&str> = list.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(bodies, ["first", "second"]);
    assert_eq!(
        list[0].resolved_at.as_deref(),
        Some(f.clock.stamp().as_str())
    );
    assert_eq!(list[0].resolved_by.as_deref(), Some("Test User"));
    assert_eq!(list[1].id, second.id);
    assert_eq!(list[1].resolved_at, None);
}

#[test]
fn reopening_clears_who_resolved_it_and_resolving_twice_keeps_the_first_time() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let target = on(CommentTargetKind::Measure, &m.id);
    let c = f
        .store
        .add_comment(&m.initiative_id, &target, "check")
        .unwrap();
    let resolved = f.store.resolve_comment(&c.id).unwrap();
    f.clock.advance(30);
    let again = f.store.resolve_comment(&c.id).unwrap();
    assert_eq!(again.resolved_at, resolved.resolved_at);

    let reopened = f.store.reopen_comment(&c.id).unwrap();
    assert_eq!(reopened.resolved_at, None);
    assert_eq!(reopened.resolved_by, None);
}

#[test]
fn a_blank_or_too_long_comment_is_refused() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let target = on(CommentTargetKind::Measure, &m.id);
    expect_invalid(
        f.store.add_comment(&m.initiative_id, &target, " \n\t "),
        "body",
    );
    let long = "x".repeat(10_001);
    let msg = expect_invalid(
        f.store.add_comment(&m.initiative_id, &target, &long),
        "body",
    );
    assert!(msg.contains("10000"), "{msg}");
    // Exactly the limit is fine.
    f.store
        .add_comment(&m.initiative_id, &target, &"x".repeat(10_000))
        .unwrap();
}

#[test]
fn the_target_must_exist_be_live_and_belong_to_the_initiative() {
    let mut f = Fixture::new();
    let (m, value_id, _) = measure_with_values(&mut f);
    expect_code(
        f.store.add_comment(
            &m.initiative_id,
            &on(CommentTargetKind::Measure, "no-such-measure"),
            "hello",
        ),
        ErrorCode::NotFound,
    );

    let other = f.store.create_initiative(&initiative("Other")).unwrap();
    expect_invalid(
        f.store
            .add_comment(&other.id, &on(CommentTargetKind::Measure, &m.id), "hello"),
        "target",
    );

    f.store
        .delete_item(EntityKind::Observation, &value_id)
        .unwrap();
    expect_code(
        f.store.add_comment(
            &m.initiative_id,
            &on(CommentTargetKind::Observation, &value_id),
            "hello",
        ),
        ErrorCode::NotFound,
    );
}

#[test]
fn a_section_is_required_for_a_worksheet_and_refused_elsewhere() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let with_section = CommentTarget {
        section: Some(WorksheetSection::Story),
        ..on(CommentTargetKind::Measure, &m.id)
    };
    expect_invalid(
        f.store.add_comment(&m.initiative_id, &with_section, "hi"),
        "section",
    );
    expect_invalid(
        f.store.add_comment(
            &m.initiative_id,
            &on(CommentTargetKind::Worksheet, "some-worksheet"),
            "hi",
        ),
        "section",
    );
}

#[test]
fn a_worksheet_never_saved_cannot_be_commented_on_yet() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let target = CommentTarget {
        kind: CommentTargetKind::Worksheet,
        id: "not-saved".into(),
        section: Some(WorksheetSection::Story),
    };
    let msg = expect_invalid(
        f.store.add_comment(&m.initiative_id, &target, "hi"),
        "target",
    );
    assert!(msg.contains("save the worksheet first"), "{msg}");
}

#[test]
fn worksheet_comments_are_kept_per_section() {
    let mut f = Fixture::new();
    let m = f.indicator();
    // A saved worksheet row, as the worksheet's first save writes it.
    f.raw()
        .execute(
            "INSERT INTO worksheets (id, initiative_id, measure_id, revision, created_at, updated_at)
             VALUES ('ws1', ?1, ?2, 1, 'now', 'now')",
            [&m.initiative_id, &m.id],
        )
        .unwrap();
    let section = |s| CommentTarget {
        kind: CommentTargetKind::Worksheet,
        id: "ws1".into(),
        section: Some(s),
    };
    f.store
        .add_comment(&m.initiative_id, &section(WorksheetSection::Story), "story")
        .unwrap();
    f.store
        .add_comment(
            &m.initiative_id,
            &section(WorksheetSection::WhatWorks),
            "ideas",
        )
        .unwrap();

    let story = f
        .store
        .comments_on(&section(WorksheetSection::Story))
        .unwrap();
    assert_eq!(story.len(), 1);
    assert_eq!(story[0].body, "story");
    assert_eq!(story[0].section, Some(WorksheetSection::Story));
    let all = f
        .store
        .comments_on(&on(CommentTargetKind::Worksheet, "ws1"))
        .unwrap();
    assert_eq!(all.len(), 2, "no section: the whole worksheet's comments");
}

#[test]
fn a_deleted_comment_goes_to_the_trash_and_comes_back() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let target = on(CommentTargetKind::Measure, &m.id);
    let c = f
        .store
        .add_comment(&m.initiative_id, &target, "oops")
        .unwrap();
    f.clock.advance(5);
    f.store.delete_comment(&c.id).unwrap();

    assert!(f.store.comments_on(&target).unwrap().is_empty());
    let trash = f.store.list_trash(Some(&m.initiative_id)).unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].kind, EntityKind::Comment);
    assert!(trash[0].name.contains("oops"), "{}", trash[0].name);

    f.store.restore_item(EntityKind::Comment, &c.id).unwrap();
    assert_eq!(f.store.comments_on(&target).unwrap().len(), 1);
}

#[test]
fn a_comment_on_a_trashed_value_waits_for_the_value_to_be_restored() {
    let mut f = Fixture::new();
    let (m, value_id, _) = measure_with_values(&mut f);
    let c = f
        .store
        .add_comment(
            &m.initiative_id,
            &on(CommentTargetKind::Observation, &value_id),
            "hm",
        )
        .unwrap();
    f.store.delete_comment(&c.id).unwrap();
    f.clock.advance(5);
    f.store
        .delete_item(EntityKind::Observation, &value_id)
        .unwrap();
    expect_code(
        f.store.restore_item(EntityKind::Comment, &c.id),
        ErrorCode::Conflict,
    );
    f.store
        .restore_item(EntityKind::Observation, &value_id)
        .unwrap();
    f.store.restore_item(EntityKind::Comment, &c.id).unwrap();
}

#[test]
fn counts_give_each_commented_value_its_open_and_resolved_comments() {
    let mut f = Fixture::new();
    let (m, a, b) = measure_with_values(&mut f);
    let i = m.initiative_id.clone();
    let on_a = on(CommentTargetKind::Observation, &a);
    f.store.add_comment(&i, &on_a, "one").unwrap();
    f.store.add_comment(&i, &on_a, "two").unwrap();
    let done = f.store.add_comment(&i, &on_a, "three").unwrap();
    f.store.resolve_comment(&done.id).unwrap();
    let gone = f
        .store
        .add_comment(&i, &on(CommentTargetKind::Observation, &b), "deleted")
        .unwrap();
    f.store.delete_comment(&gone.id).unwrap();
    f.store
        .add_comment(&i, &on(CommentTargetKind::Measure, &m.id), "on the measure")
        .unwrap();

    let counts = f.store.comment_counts(&m.id).unwrap();
    assert_eq!(
        counts.values,
        vec![ValueCommentCount {
            observation_id: a,
            open: 2,
            resolved: 1
        }],
        "b's only comment is in the trash, so b has no marker"
    );
    assert_eq!((counts.open, counts.resolved), (1, 0));
}

#[test]
fn comments_are_in_the_change_log() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let c = f
        .store
        .add_comment(
            &m.initiative_id,
            &on(CommentTargetKind::Measure, &m.id),
            "log me",
        )
        .unwrap();
    f.store.resolve_comment(&c.id).unwrap();
    let ops: Vec<String> = f
        .raw()
        .prepare(
            "SELECT op FROM change_log WHERE table_name = 'comments' AND row_id = ?1 ORDER BY seq",
        )
        .unwrap()
        .query_map([&c.id], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ops, ["insert", "update"]);
}

#[test]
fn the_chart_lists_a_values_open_comments_and_drops_them_once_resolved() {
    let mut f = Fixture::new();
    let (m, a, _) = measure_with_values(&mut f);
    let on_a = on(CommentTargetKind::Observation, &a);
    f.store
        .add_comment(&m.initiative_id, &on_a, "Is this the fall count?")
        .unwrap();
    f.clock.advance(60);
    let latest = f
        .store
        .add_comment(&m.initiative_id, &on_a, "New test\nthis year")
        .unwrap();
    let notes = |f: &Fixture| {
        backbone::chart::measure_chart(&f.store, &m.id, backbone::chart::ChartSize::Print, &[])
            .unwrap()
            .notes
    };
    assert_eq!(notes(&f), ["2021: 2 comments, latest: New test this year"]);

    f.store.resolve_comment(&latest.id).unwrap();
    assert_eq!(
        notes(&f),
        ["2021: 1 comment: Is this the fall count?"],
        "the latest open one is shown"
    );
    let first = f.store.comments_on(&on_a).unwrap()[0].id.clone();
    f.store.resolve_comment(&first).unwrap();
    assert!(
        notes(&f).is_empty(),
        "resolved comments fold away from the chart too"
    );
}
