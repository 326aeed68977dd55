//! The data-entry grid: which periods it offers, how typed text is read, and that a save
//! is all or nothing.

use crate::support::*;
use backbone::model::{Calendar, EntityKind, Measure, ObservationEdit, Polarity, Unit};
use backbone::ErrorCode;

fn labels(rows: &[backbone::model::GridRow]) -> Vec<String> {
    rows.iter().map(|r| r.period.label.clone()).collect()
}

/// The value stored for each grid row (None: no row, or no value).
fn grid_values(rows: &[backbone::model::GridRow]) -> Vec<Option<f64>> {
    rows.iter()
        .map(|r| r.observation.as_ref().and_then(|o| o.value))
        .collect()
}

/// A measure like the fixture's indicator but with other properties.
fn measure_with(
    f: &mut Fixture,
    change: impl FnOnce(&mut backbone::model::MeasureInput),
) -> Measure {
    let (initiative_id, result_id) = f.initiative_with_result();
    let mut input = indicator_input(&result_id, "Measure");
    change(&mut input);
    f.store.create_measure(&initiative_id, &input).unwrap()
}

#[test]
fn an_empty_grid_offers_four_periods_back_and_one_ahead_of_today() {
    // Rule (measure_grid): with no value yet, the grid runs from 4 periods before the one
    // containing the clock's date to 1 period after it. The clock says 24 November 2026.
    let mut f = Fixture::new();
    let yearly = f.indicator();
    let rows = f.store.measure_grid(&yearly.id, &[]).unwrap();
    assert_eq!(
        labels(&rows),
        ["2022", "2023", "2024", "2025", "2026", "2027"]
    );
    assert!(rows.iter().all(|r| r.observation.is_none()));
    assert_eq!(
        (rows[0].period.start.as_str(), rows[0].period.end.as_str()),
        ("2022-01-01", "2022-12-31")
    );

    let quarterly = measure_with(&mut f, |m| m.calendar = Calendar::Quarter);
    let rows = f.store.measure_grid(&quarterly.id, &[]).unwrap();
    assert_eq!(
        labels(&rows),
        ["2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4", "2027Q1"]
    );

    // A school year starting in August: 24 November 2026 is in 2026-27.
    let school = measure_with(&mut f, |m| m.calendar = Calendar::SchoolYear);
    let rows = f.store.measure_grid(&school.id, &[]).unwrap();
    assert_eq!(
        labels(&rows),
        ["2022-23", "2023-24", "2024-25", "2025-26", "2026-27", "2027-28"]
    );

    // The rule follows the clock, not the system's date.
    f.clock.advance(400 * 24 * 3600);
    let rows = f.store.measure_grid(&yearly.id, &[]).unwrap();
    assert_eq!(labels(&rows)[0], "2023");
}

#[test]
fn typed_numbers_are_read_and_the_grid_runs_three_periods_past_the_last() {
    let mut f = Fixture::new();
    let m = measure_with(&mut f, |m| m.unit = Unit::Number);
    let report = f
        .store
        .save_observations(
            &m.id,
            &[
                value("2019", "72.4"),
                value("2020", "1,234"),
                value("2021", "$5,000"),
                value("2022", " 72.4% "),
            ],
        )
        .unwrap();
    assert_eq!(report.saved, 4);
    let expected_labels = ["2019", "2020", "2021", "2022", "2023", "2024", "2025"];
    let expected_values = [
        Some(72.4),
        Some(1234.0),
        Some(5000.0),
        Some(72.4),
        None,
        None,
        None,
    ];
    assert_eq!(labels(&report.rows), expected_labels);
    assert_eq!(grid_values(&report.rows), expected_values);
    let grid = f.store.measure_grid(&m.id, &[]).unwrap();
    assert_eq!(
        grid, report.rows,
        "the save answers with the grid as it now is"
    );
}

#[test]
fn a_bad_cell_names_its_row_period_and_text_and_nothing_of_the_batch_is_saved() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let before = (
        f.count("observations"),
        f.count("periods"),
        f.count("change_log"),
    );
    let message = expect_invalid(
        f.store.save_observations(
            &m.id,
            &[
                value("2019", "70.1"),
                value("2020", "71.2"),
                value("2021", "abc"),
                value("2022", "73.0"),
            ],
        ),
        "row 3 value",
    );
    assert!(
        message.contains("2021") && message.contains("\"abc\""),
        "the message must say which period and what was typed: {message}"
    );
    assert_eq!(
        (
            f.count("observations"),
            f.count("periods"),
            f.count("change_log")
        ),
        before,
        "rows 1 and 2 were valid but must not be saved without row 3"
    );
    assert!(f.store.list_observations(&m.id).unwrap().is_empty());
}

#[test]
fn a_percentage_outside_0_to_100_is_refused() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let message = expect_invalid(
        f.store.save_observations(&m.id, &[value("2024", "172")]),
        "row 1 value",
    );
    assert!(
        message.contains("2024") && message.contains("172"),
        "{message}"
    );
    let mut target = value("2024", "72");
    target.target = Some("-5".into());
    expect_invalid(f.store.save_observations(&m.id, &[target]), "row 1 target");
    assert!(f.store.list_observations(&m.id).unwrap().is_empty());
    // The bounds themselves are fine.
    let report = f
        .store
        .save_observations(&m.id, &[value("2023", "0"), value("2024", "100")])
        .unwrap();
    assert_eq!(report.saved, 2);
}

#[test]
fn periods_that_do_not_exist_or_belong_to_another_calendar_are_refused() {
    let mut f = Fixture::new();
    let monthly = measure_with(&mut f, |m| m.calendar = Calendar::Month);
    let message = expect_invalid(
        f.store.save_observations(
            &monthly.id,
            &[value("2023-01", "1"), value("2023-02-30", "2")],
        ),
        "row 2 period",
    );
    assert!(message.contains("2023-02-30"), "{message}");

    let message = expect_invalid(
        f.store
            .save_observations(&monthly.id, &[value("2024Q1", "1")]),
        "row 1 period",
    );
    assert!(
        message.contains("2024Q1") && message.contains("quarter"),
        "the message says what the label looks like: {message}"
    );
    assert!(f.store.list_observations(&monthly.id).unwrap().is_empty());

    // A date inside the period is a fine way to name it.
    f.store
        .save_observations(&monthly.id, &[value("2023-02-28", "5")])
        .unwrap();
    assert_eq!(
        f.store.list_observations(&monthly.id).unwrap()[0].period,
        "2023-02"
    );
}

#[test]
fn suppressed_values_carry_no_number() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let edit = ObservationEdit {
        suppressed: Some(true),
        ..value("2024", "12")
    };
    let message = expect_invalid(f.store.save_observations(&m.id, &[edit]), "row 1 value");
    assert!(
        message.contains("2024") && message.contains("suppressed"),
        "{message}"
    );
    assert!(f.store.list_observations(&m.id).unwrap().is_empty());

    // Suppressing a stored value clears the number the source withheld.
    f.store
        .save_observations(&m.id, &[value("2024", "12")])
        .unwrap();
    f.clock.advance(5);
    let suppress = ObservationEdit {
        period: "2024".into(),
        suppressed: Some(true),
        ..ObservationEdit::default()
    };
    f.store.save_observations(&m.id, &[suppress]).unwrap();
    let stored = &f.store.list_observations(&m.id).unwrap()[0];
    assert!(stored.suppressed);
    assert_eq!(stored.value, None, "suppressed is not the same as a number");

    // Typing a number into a suppressed cell un-suppresses it.
    f.store
        .save_observations(&m.id, &[value("2024", "13")])
        .unwrap();
    let stored = &f.store.list_observations(&m.id).unwrap()[0];
    assert_eq!((stored.suppressed, stored.value), (false, Some(13.0)));
}

#[test]
fn clearing_every_field_of_a_row_moves_it_to_the_trash() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let full = ObservationEdit {
        target: Some("80".into()),
        note: Some("New test in 2024".into()),
        ..value("2024", "72")
    };
    f.store.save_observations(&m.id, &[full]).unwrap();
    let id = f.store.list_observations(&m.id).unwrap()[0].id.clone();

    // Clearing only the value keeps the row: it still has a target and a note.
    let report = f
        .store
        .save_observations(&m.id, &[value("2024", "")])
        .unwrap();
    assert_eq!(report.saved, 1);
    let kept = &f.store.list_observations(&m.id).unwrap()[0];
    assert_eq!((kept.value, kept.target), (None, Some(80.0)));

    f.clock.advance(5);
    let clear = ObservationEdit {
        period: "2024".into(),
        value: Some(String::new()),
        target: Some(" ".into()),
        note: Some(String::new()),
        suppressed: Some(false),
        ..ObservationEdit::default()
    };
    let report = f.store.save_observations(&m.id, &[clear]).unwrap();
    assert_eq!(report.saved, 1);
    assert!(f.store.list_observations(&m.id).unwrap().is_empty());
    let trash = f.store.list_trash(None).unwrap();
    assert_eq!(
        trash
            .iter()
            .map(|t| (t.kind, t.id.as_str()))
            .collect::<Vec<_>>(),
        [(EntityKind::Observation, id.as_str())]
    );

    // Typing into the cell again brings the same row back, with only the new value.
    f.store
        .save_observations(&m.id, &[value("2024", "74")])
        .unwrap();
    let back = &f.store.list_observations(&m.id).unwrap()[0];
    assert_eq!(
        back.id, id,
        "UNIQUE (measure, disaggregation, period): one row per cell"
    );
    assert_eq!(
        (back.value, back.target, back.note.as_deref()),
        (Some(74.0), None, None)
    );
}

#[test]
fn a_pasted_column_is_saved_in_one_call() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let edits: Vec<ObservationEdit> = (2010..2020)
        .map(|year| value(&year.to_string(), &format!("{}.5", year - 1950)))
        .collect();
    let report = f.store.save_observations(&m.id, &edits).unwrap();
    assert_eq!(report.saved, 10);
    let stored = f.store.list_observations(&m.id).unwrap();
    assert_eq!(stored.len(), 10);
    assert_eq!(stored[9].value, Some(69.5));

    // Pasting the same column again changes nothing and says so.
    let again = f.store.save_observations(&m.id, &edits).unwrap();
    assert_eq!(again.saved, 0);
}

#[test]
fn a_group_value_is_stored_apart_from_the_total() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let dim = f
        .store
        .create_dimension(&m.initiative_id, "Race/ethnicity", "race_ethnicity")
        .unwrap();
    let black = f.store.create_group(&dim.id, "Black").unwrap();
    let latino = f.store.create_group(&dim.id, "Latino").unwrap();
    assert_eq!(
        f.store.list_dimensions(&m.initiative_id).unwrap()[0]
            .groups
            .len(),
        2
    );

    let for_group = |group: &str, v: &str| ObservationEdit {
        group_ids: vec![group.to_string()],
        ..value("2024", v)
    };
    f.store
        .save_observations(&m.id, &[value("2024", "70")])
        .unwrap();
    f.store
        .save_observations(
            &m.id,
            &[for_group(&black.id, "61.5"), for_group(&latino.id, "66")],
        )
        .unwrap();

    let total = f.store.measure_grid(&m.id, &[]).unwrap();
    let black_grid = f
        .store
        .measure_grid(&m.id, std::slice::from_ref(&black.id))
        .unwrap();
    let at_2024 = |rows: &[backbone::model::GridRow]| {
        rows.iter()
            .find(|r| r.period.label == "2024")
            .and_then(|r| r.observation.as_ref())
            .map(|o| (o.value, o.group_ids.clone()))
    };
    assert_eq!(at_2024(&total), Some((Some(70.0), vec![])));
    assert_eq!(
        at_2024(&black_grid),
        Some((Some(61.5), vec![black.id.clone()]))
    );
    assert_eq!(f.store.list_observations(&m.id).unwrap().len(), 3);

    // Two groups of one dimension are no disaggregation.
    let both = ObservationEdit {
        group_ids: vec![black.id.clone(), latino.id.clone()],
        ..value("2025", "1")
    };
    expect_invalid(f.store.save_observations(&m.id, &[both]), "row 1 group_ids");
}

#[test]
fn values_record_who_entered_them_and_are_not_rounded() {
    let mut f = Fixture::new();
    f.store.set_user("Dana Reyes");
    let m = f.indicator();
    f.store
        .save_observations(&m.id, &[value("2024", "72.449")])
        .unwrap();
    let stored = &f.store.list_observations(&m.id).unwrap()[0];
    assert_eq!(stored.entered_by.as_deref(), Some(f.store.user()));
    assert_eq!(stored.entered_by.as_deref(), Some("Dana Reyes"));
    assert_eq!(stored.entered_at.as_deref(), Some(f.clock.stamp().as_str()));
    assert_eq!(
        stored.value,
        Some(72.449),
        "figures are computed from unrounded values"
    );

    // Editing only the note is not re-entering the value: who and when stay.
    f.store.set_user("Someone Else");
    f.clock.advance(60);
    let note = ObservationEdit {
        period: "2024".into(),
        note: Some("Checked with the district".into()),
        ..ObservationEdit::default()
    };
    f.store.save_observations(&m.id, &[note]).unwrap();
    let stored = &f.store.list_observations(&m.id).unwrap()[0];
    assert_eq!(stored.entered_by.as_deref(), Some("Dana Reyes"));
    assert_eq!(stored.updated_at, f.clock.stamp());
}

#[test]
fn range_targets_are_kept_only_on_range_measures_and_must_be_ordered() {
    let mut f = Fixture::new();
    let range = measure_with(&mut f, |m| m.polarity = Polarity::Range);
    let bounds = |low: &str, high: &str| ObservationEdit {
        target_low: Some(low.into()),
        target_high: Some(high.into()),
        ..value("2024", "50")
    };
    expect_invalid(
        f.store.save_observations(&range.id, &[bounds("60", "40")]),
        "row 1 target_low",
    );
    f.store
        .save_observations(&range.id, &[bounds("40", "60")])
        .unwrap();
    let stored = &f.store.list_observations(&range.id).unwrap()[0];
    assert_eq!(
        (stored.target_low, stored.target_high),
        (Some(40.0), Some(60.0))
    );

    let higher = f.indicator();
    f.store
        .save_observations(&higher.id, &[bounds("40", "60")])
        .unwrap();
    let stored = &f.store.list_observations(&higher.id).unwrap()[0];
    assert_eq!(
        (stored.target_low, stored.target_high),
        (None, None),
        "a range means nothing on a higher-is-better measure"
    );
}

#[test]
fn periods_after_steps_along_the_measure_calendar() {
    let mut f = Fixture::new();
    let yearly = f.indicator();
    let next = f.store.periods_after(&yearly.id, "2024", 3).unwrap();
    assert_eq!(
        next.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(),
        ["2025", "2026", "2027"]
    );
    assert_eq!(
        (next[0].start.as_str(), next[0].end.as_str()),
        ("2025-01-01", "2025-12-31")
    );

    let school = measure_with(&mut f, |m| m.calendar = Calendar::SchoolYear);
    let next = f.store.periods_after(&school.id, "2010-2011", 2).unwrap();
    assert_eq!(
        next.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(),
        ["2011-12", "2012-13"]
    );
    assert_eq!(next[0].start, "2011-08-01");
    assert!(f
        .store
        .periods_after(&yearly.id, "2024", 0)
        .unwrap()
        .is_empty());
    expect_invalid(f.store.periods_after(&yearly.id, "2024Q1", 3), "period");
    expect_code(
        f.store.periods_after("no-such-measure", "2024", 3),
        ErrorCode::NotFound,
    );
}
