//! Creating, listing, reading and editing initiatives, partners, results, programs and
//! measures, and the rules every write checks.

use crate::support::*;
use backbone::model::{
    Calendar, MeasureKind, ProgramInput, RbaCategory, RoleKind, RoleTarget, Sector, Unit,
};
use backbone::{ApiError, Error, ErrorCode};

const UNKNOWN: &str = "5f0c6a4e-1d2b-4c3a-9e8f-000000000000";

/// Row counts of the tables a failed write could touch, and of the change log.
fn snapshot(f: &Fixture) -> Vec<i64> {
    [
        "initiatives",
        "partners",
        "results",
        "programs",
        "program_results",
        "partner_roles",
        "measures",
        "change_log",
    ]
    .iter()
    .map(|t| f.count(t))
    .collect()
}

#[test]
fn initiatives_are_created_listed_read_and_edited() {
    let mut f = Fixture::new();
    let b = f.store.create_initiative(&initiative("  Beta  ")).unwrap();
    let a = f.store.create_initiative(&initiative("alpha")).unwrap();
    assert_eq!(b.name, "Beta", "names are trimmed");
    assert!(!b.is_sample);
    assert_eq!(
        b.created_at,
        f.clock.stamp(),
        "times come from the store's clock"
    );
    let names: Vec<String> = f
        .store
        .list_initiatives()
        .unwrap()
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(names, ["alpha", "Beta"], "listed by name, ignoring case");

    f.clock.advance(60);
    let mut input = initiative("Alpha Partnership");
    input.geography = "River County".into();
    let edited = f.store.update_initiative(&a.id, &input).unwrap();
    assert_eq!(edited.name, "Alpha Partnership");
    assert_eq!(edited.created_at, a.created_at);
    assert_eq!(edited.updated_at, f.clock.stamp());
    assert_eq!(f.store.get_initiative(&a.id).unwrap(), edited);
}

#[test]
fn a_blank_name_is_refused_and_nothing_is_written() {
    let mut f = Fixture::new();
    let (initiative_id, result_id) = f.initiative_with_result();
    let before = snapshot(&f);

    for blank in ["", "   ", "\t\n"] {
        expect_invalid(f.store.create_initiative(&initiative(blank)), "name");
        expect_invalid(
            f.store
                .create_partner(&initiative_id, &partner_input(blank, Sector::Public)),
            "name",
        );
        expect_invalid(
            f.store.create_result(&initiative_id, &result_input(blank)),
            "name",
        );
        expect_invalid(
            f.store.update_result(&result_id, &result_input(blank)),
            "name",
        );
        expect_invalid(
            f.store
                .create_measure(&initiative_id, &indicator_input(&result_id, blank)),
            "name",
        );
        let program = ProgramInput {
            name: blank.into(),
            description: String::new(),
            lead_partner_id: None,
            result_ids: vec![result_id.clone()],
            contributor_ids: vec![],
        };
        expect_invalid(f.store.create_program(&initiative_id, &program), "name");
    }
    let message = expect_invalid(f.store.create_initiative(&initiative(" ")), "name");
    assert_eq!(message, "The initiative needs a name");
    assert_eq!(
        snapshot(&f),
        before,
        "a refused write leaves no row and no change-log entry"
    );
    assert_eq!(
        f.store.get_result(&result_id).unwrap().name,
        "Children thrive"
    );
}

#[test]
fn partners_are_created_listed_read_and_edited() {
    let mut f = Fixture::new();
    let i = f.store.create_initiative(&initiative("Test")).unwrap();
    let county = f
        .store
        .create_partner(&i.id, &partner_input("River County", Sector::Public))
        .unwrap();
    f.store
        .create_partner(&i.id, &partner_input("Arts Council", Sector::Nonprofit))
        .unwrap();
    let listed = f.store.list_partners(&i.id).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].name, "Arts Council", "by name");

    let mut input = partner_input("River County Schools", Sector::Education);
    input.contact_email = "ana@schools.example.org".into();
    let edited = f.store.update_partner(&county.id, &input).unwrap();
    assert_eq!(
        (edited.sector, edited.contact_email.as_str()),
        (Sector::Education, "ana@schools.example.org")
    );
    assert_eq!(f.store.get_partner(&county.id).unwrap(), edited);

    input.contact_email = "not an address".into();
    expect_invalid(f.store.update_partner(&county.id, &input), "contact_email");
    assert_eq!(f.store.get_partner(&county.id).unwrap(), edited);
}

#[test]
fn results_are_created_in_order_and_edited() {
    let mut f = Fixture::new();
    let i = f.store.create_initiative(&initiative("Test")).unwrap();
    let first = f
        .store
        .create_result(&i.id, &result_input("Ready for school"))
        .unwrap();
    let second = f
        .store
        .create_result(&i.id, &result_input("Ready for career"))
        .unwrap();
    assert!(second.position > first.position, "new results go last");
    let ids: Vec<String> = f
        .store
        .list_results(&i.id)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, [first.id.clone(), second.id.clone()]);

    let edited = f
        .store
        .update_result(
            &first.id,
            &backbone::model::ResultInput {
                name: "Children enter kindergarten ready".into(),
                description: "  All of them.  ".into(),
            },
        )
        .unwrap();
    assert_eq!(edited.description, "All of them.", "text is trimmed");
    assert_eq!(f.store.get_result(&first.id).unwrap(), edited);
}

#[test]
fn programs_keep_their_lead_contributors_and_results() {
    let mut f = Fixture::new();
    let (initiative_id, result_id) = f.initiative_with_result();
    let lead = f
        .store
        .create_partner(&initiative_id, &partner_input("Library", Sector::Public))
        .unwrap();
    let c1 = f
        .store
        .create_partner(
            &initiative_id,
            &partner_input("Boys & Girls Club", Sector::Nonprofit),
        )
        .unwrap();
    let c2 = f
        .store
        .create_partner(
            &initiative_id,
            &partner_input("Credit Union", Sector::Business),
        )
        .unwrap();
    let mut input = ProgramInput {
        name: "Reading Buddies".into(),
        description: "Tutoring".into(),
        lead_partner_id: Some(lead.id.clone()),
        result_ids: vec![result_id.clone()],
        contributor_ids: vec![c1.id.clone(), c2.id.clone()],
    };
    let program = f.store.create_program(&initiative_id, &input).unwrap();
    assert_eq!(program.lead_partner_id.as_deref(), Some(lead.id.as_str()));
    assert_eq!(program.result_ids, std::slice::from_ref(&result_id));
    let mut contributors = program.contributor_ids.clone();
    contributors.sort();
    let mut expected = vec![c1.id.clone(), c2.id.clone()];
    expected.sort();
    assert_eq!(contributors, expected);
    assert_eq!(
        f.store.list_programs(&initiative_id).unwrap(),
        std::slice::from_ref(&program)
    );

    // The roles are visible as partner roles too: one lead, two contributors.
    let roles = f.store.list_partner_roles(&initiative_id).unwrap();
    let on_program = |role: RoleKind| {
        roles
            .iter()
            .filter(|r| {
                r.target_kind == RoleTarget::Program && r.target_id == program.id && r.role == role
            })
            .count()
    };
    assert_eq!(
        (
            on_program(RoleKind::Lead),
            on_program(RoleKind::Contributor)
        ),
        (1, 2)
    );

    // Removing a contributor keeps the other and the lead.
    input.contributor_ids = vec![c2.id.clone()];
    let edited = f.store.update_program(&program.id, &input).unwrap();
    assert_eq!(edited.contributor_ids, std::slice::from_ref(&c2.id));
    assert_eq!(edited.lead_partner_id.as_deref(), Some(lead.id.as_str()));
    assert_eq!(f.store.get_program(&program.id).unwrap(), edited);

    // ...and bringing it back reuses its row (UNIQUE (partner, target, role)).
    input.contributor_ids = vec![c1.id.clone(), c2.id.clone()];
    let again = f.store.update_program(&program.id, &input).unwrap();
    assert_eq!(again.contributor_ids.len(), 2);

    // No lead, no results.
    input.lead_partner_id = None;
    input.result_ids = vec![];
    let bare = f.store.update_program(&program.id, &input).unwrap();
    assert_eq!((bare.lead_partner_id, bare.result_ids.len()), (None, 0));
}

#[test]
fn rows_of_another_initiative_are_refused() {
    let mut f = Fixture::new();
    let (mine, _) = f.initiative_with_result();
    let (_, theirs_result) = f.initiative_with_result();
    let theirs_partner = {
        let other = f.store.list_initiatives().unwrap();
        let other = other.iter().find(|i| i.id != mine).unwrap();
        f.store
            .create_partner(&other.id, &partner_input("Elsewhere", Sector::Other))
            .unwrap()
    };
    let before = snapshot(&f);

    let message = expect_invalid(
        f.store
            .create_measure(&mine, &indicator_input(&theirs_result, "Rate")),
        "result_id",
    );
    assert!(message.contains("another initiative"), "{message}");
    let program = ProgramInput {
        name: "P".into(),
        description: String::new(),
        lead_partner_id: None,
        result_ids: vec![theirs_result.clone()],
        contributor_ids: vec![],
    };
    expect_invalid(f.store.create_program(&mine, &program), "result_ids");
    let program = ProgramInput {
        result_ids: vec![],
        lead_partner_id: Some(theirs_partner.id.clone()),
        ..program
    };
    expect_invalid(f.store.create_program(&mine, &program), "lead_partner_id");
    let program = ProgramInput {
        lead_partner_id: None,
        contributor_ids: vec![theirs_partner.id.clone()],
        ..program
    };
    expect_invalid(f.store.create_program(&mine, &program), "contributor_ids");
    assert_eq!(
        snapshot(&f),
        before,
        "the program is written in one transaction"
    );
}

#[test]
fn unknown_ids_are_not_found() {
    let mut f = Fixture::new();
    expect_code(f.store.get_initiative(UNKNOWN), ErrorCode::NotFound);
    expect_code(f.store.get_partner(UNKNOWN), ErrorCode::NotFound);
    expect_code(f.store.get_result(UNKNOWN), ErrorCode::NotFound);
    expect_code(f.store.get_program(UNKNOWN), ErrorCode::NotFound);
    expect_code(f.store.get_measure(UNKNOWN), ErrorCode::NotFound);
    expect_code(
        f.store.update_initiative(UNKNOWN, &initiative("X")),
        ErrorCode::NotFound,
    );
    expect_code(
        f.store
            .update_partner(UNKNOWN, &partner_input("X", Sector::Other)),
        ErrorCode::NotFound,
    );
    let e = expect_code(
        f.store.create_result(UNKNOWN, &result_input("X")),
        ErrorCode::NotFound,
    );
    assert_eq!(
        e.to_string(),
        format!("initiative {UNKNOWN} does not exist")
    );
    expect_code(f.store.list_measures(UNKNOWN), ErrorCode::NotFound);
    assert_eq!(f.count("results"), 0);
}

#[test]
fn api_errors_serialise_as_code_message_field() {
    let mut f = Fixture::new();
    let invalid: ApiError = f
        .store
        .create_initiative(&initiative(""))
        .unwrap_err()
        .into();
    assert_eq!(
        serde_json::to_value(&invalid).unwrap(),
        serde_json::json!({
            "code": "invalid_input",
            "message": "The initiative needs a name",
            "field": "name"
        })
    );
    let missing: ApiError = f.store.get_partner(UNKNOWN).unwrap_err().into();
    assert_eq!(
        serde_json::to_value(&missing).unwrap(),
        serde_json::json!({
            "code": "not_found",
            "message": format!("partner {UNKNOWN} does not exist"),
            "field": null
        }),
        "field is present (null) when no field is to blame, so the UI can rely on the shape"
    );
}

#[test]
fn indicators_and_performance_measures_are_created_and_listed() {
    let mut f = Fixture::new();
    let (initiative_id, result_id) = f.initiative_with_result();
    let program = f
        .store
        .create_program(
            &initiative_id,
            &ProgramInput {
                name: "Tutoring".into(),
                description: String::new(),
                lead_partner_id: None,
                result_ids: vec![result_id.clone()],
                contributor_ids: vec![],
            },
        )
        .unwrap();
    let indicator = f
        .store
        .create_measure(
            &initiative_id,
            &indicator_input(&result_id, "Graduation rate"),
        )
        .unwrap();
    assert_eq!(indicator.kind, MeasureKind::Indicator);
    assert_eq!(indicator.result_id.as_deref(), Some(result_id.as_str()));
    assert_eq!(
        (indicator.program_id.as_deref(), indicator.category),
        (None, None)
    );

    let mut input = performance_input(&program.id, RbaCategory::BetterOff, "Students reading");
    // An indicator's result is ignored on a performance measure, not stored.
    input.result_id = Some(result_id.clone());
    let performance = f.store.create_measure(&initiative_id, &input).unwrap();
    assert_eq!(performance.result_id, None);
    assert_eq!(performance.category, Some(RbaCategory::BetterOff));

    let listed = f.store.list_measures(&initiative_id).unwrap();
    assert_eq!(
        listed,
        [indicator.clone(), performance.clone()],
        "in creation order"
    );
    assert_eq!(f.store.get_measure(&performance.id).unwrap(), performance);
}

#[test]
fn measure_rules_name_the_field_to_fix() {
    let mut f = Fixture::new();
    let (initiative_id, result_id) = f.initiative_with_result();
    let program = f
        .store
        .create_program(
            &initiative_id,
            &ProgramInput {
                name: "Tutoring".into(),
                description: String::new(),
                lead_partner_id: None,
                result_ids: vec![],
                contributor_ids: vec![],
            },
        )
        .unwrap();
    let before = snapshot(&f);
    let ok = indicator_input(&result_id, "Rate");

    let mut m = ok.clone();
    m.result_id = None;
    expect_invalid(f.store.create_measure(&initiative_id, &m), "result_id");
    m.result_id = Some(String::new());
    expect_invalid(f.store.create_measure(&initiative_id, &m), "result_id");
    m.result_id = Some(UNKNOWN.into());
    expect_invalid(f.store.create_measure(&initiative_id, &m), "result_id");

    let mut p = performance_input(&program.id, RbaCategory::HowMuch, "Sessions");
    p.program_id = None;
    expect_invalid(f.store.create_measure(&initiative_id, &p), "program_id");
    let mut p = performance_input(&program.id, RbaCategory::HowMuch, "Sessions");
    p.category = None;
    let message = expect_invalid(f.store.create_measure(&initiative_id, &p), "category");
    assert!(message.contains("how much"), "{message}");

    let mut m = ok.clone();
    m.unit = Unit::Rate;
    expect_invalid(f.store.create_measure(&initiative_id, &m), "rate_per");
    for bad in [0.0, -1000.0, f64::NAN, f64::INFINITY] {
        m.rate_per = Some(bad);
        expect_invalid(f.store.create_measure(&initiative_id, &m), "rate_per");
    }

    let mut m = ok.clone();
    m.calendar = Calendar::SchoolYear;
    for bad in [0, 13] {
        m.calendar_start_month = Some(bad);
        let message = expect_invalid(
            f.store.create_measure(&initiative_id, &m),
            "calendar_start_month",
        );
        assert!(message.contains(&bad.to_string()), "{message}");
    }

    let mut m = ok.clone();
    m.baseline_period = Some("2019Q3".into());
    let message = expect_invalid(
        f.store.create_measure(&initiative_id, &m),
        "baseline_period",
    );
    assert!(message.contains("2019Q3"), "{message}");

    assert_eq!(snapshot(&f), before, "no refused measure was written");
}

#[test]
fn measures_are_stored_in_canonical_form() {
    let mut f = Fixture::new();
    let (initiative_id, result_id) = f.initiative_with_result();
    let mut m = indicator_input(&result_id, "Kindergarten readiness");
    m.calendar = Calendar::SchoolYear;
    m.baseline_period = Some(" 2019-2020 ".into());
    m.rate_per = Some(1000.0);
    let created = f.store.create_measure(&initiative_id, &m).unwrap();
    assert_eq!(
        created.baseline_period.as_deref(),
        Some("2019-20"),
        "a typed variant is stored as the canonical label"
    );
    assert_eq!(
        created.calendar_start_month,
        Some(8),
        "school years start in August unless told otherwise"
    );
    assert_eq!(
        created.rate_per, None,
        "rate_per only means something on a rate"
    );

    m.calendar = Calendar::Year;
    m.calendar_start_month = Some(3);
    m.baseline_period = Some("2019".into());
    let yearly = f.store.create_measure(&initiative_id, &m).unwrap();
    assert_eq!(
        yearly.calendar_start_month, None,
        "a start month means nothing on a calendar year"
    );
    assert_eq!(yearly.baseline_period.as_deref(), Some("2019"));
}

#[test]
fn a_measure_calendar_cannot_change_once_values_exist() {
    let mut f = Fixture::new();
    let (initiative_id, result_id) = f.initiative_with_result();
    let mut input = indicator_input(&result_id, "Graduation rate");
    let m = f.store.create_measure(&initiative_id, &input).unwrap();

    // Without values the calendar may change freely.
    input.calendar = Calendar::SchoolYear;
    let changed = f.store.update_measure(&m.id, &input).unwrap();
    assert_eq!(changed.calendar, Calendar::SchoolYear);

    f.store
        .save_observations(&m.id, &[value("2023-24", "81.5")])
        .unwrap();
    let mut moved = input.clone();
    moved.calendar = Calendar::Year;
    expect_invalid(f.store.update_measure(&m.id, &moved), "calendar");
    // The start month is part of the calendar: "2023-24" from July is another period.
    let mut moved = input.clone();
    moved.calendar_start_month = Some(7);
    expect_invalid(f.store.update_measure(&m.id, &moved), "calendar");

    // Other properties still change.
    input.name = "Four-year graduation rate".into();
    input.headline = true;
    let renamed = f.store.update_measure(&m.id, &input).unwrap();
    assert_eq!(renamed.calendar, Calendar::SchoolYear);
    assert!(renamed.headline);
    assert_eq!(f.store.list_observations(&m.id).unwrap().len(), 1);
}

#[test]
fn an_indicator_cannot_move_to_a_result_of_another_initiative() {
    let mut f = Fixture::new();
    let m = f.indicator();
    let (_, other_result) = f.initiative_with_result();
    let input = indicator_input(&other_result, "Moved");
    let e = f.store.update_measure(&m.id, &input).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid { field: Some(f), .. } if f == "result_id"),
        "{e:?}"
    );
    assert_eq!(f.store.get_measure(&m.id).unwrap(), m);
}
