//! Turn the Curve worksheets: revisions kept whole, the diff between two, the partners
//! section as partner roles, the "last updated before the latest data" flag, and the CLI.

use crate::support::cli as run;
use crate::support::*;
use backbone::model::partner::RoleTier;
use backbone::model::{
    ActionInput, ActionLinkInput, ActionStatus, ChangeKind, EntityKind, Factor, FactorKind, Idea,
    IdeaSource, LinkTarget, Measure, RoleKind, RoleTarget, Sector, WorksheetInput,
    WorksheetPartnerInput,
};
use backbone::ErrorCode;

fn factor(kind: FactorKind, text: &str, rank: u32) -> Factor {
    Factor {
        id: String::new(),
        kind,
        text: text.into(),
        rank,
    }
}

fn idea(text: &str) -> Idea {
    Idea {
        id: String::new(),
        text: text.into(),
        source: IdeaSource::Community,
        low_cost: false,
        no_cost: true,
        needs_research: false,
    }
}

fn partner(id: &str, role: &str) -> WorksheetPartnerInput {
    WorksheetPartnerInput {
        partner_id: id.into(),
        tier: Some(RoleTier::Strategic),
        role: role.into(),
    }
}

/// A fixture with an indicator and a partner in its initiative.
fn setup() -> (Fixture, Measure, String) {
    let mut fx = Fixture::new();
    let m = fx.indicator();
    let p = fx
        .store
        .create_partner(
            &m.initiative_id,
            &partner_input("City Library", Sector::Public),
        )
        .unwrap();
    (fx, m, p.id)
}

#[test]
fn a_measure_without_a_worksheet_has_an_empty_one_to_start_from() {
    let (fx, m, _) = setup();
    let w = fx.store.worksheet(&m.id).unwrap();
    assert_eq!(w.revision, 0);
    assert_eq!(w.measure_name, "Graduation rate");
    assert!(w.story.is_empty() && w.factors.is_empty() && w.partners.is_empty());
    assert!(!w.stale, "nothing saved, nothing out of date");
    assert!(fx.store.worksheet_revisions(&m.id).unwrap().is_empty());
    expect_code(fx.store.worksheet("no-such-measure"), ErrorCode::NotFound);
}

#[test]
fn two_saves_are_two_revisions_and_the_diff_shows_what_changed() {
    let (mut fx, m, library) = setup();
    fx.store.set_author_name("Ana Ruiz").unwrap();
    let mut input = WorksheetInput {
        story: "Buses are late.\nFew tutors.".into(),
        factors: vec![factor(FactorKind::Restricting, "Late buses", 1)],
        ideas: vec![idea("Reading buddies")],
        ..WorksheetInput::default()
    };
    let first = fx.store.save_worksheet(&m.id, &input).unwrap();
    assert_eq!(first.revision, 1);
    assert_eq!(first.updated_by, "Ana Ruiz");
    assert!(!first.factors[0].id.is_empty(), "a new factor gets an id");

    // Saving the same words again is not a revision.
    fx.clock.advance(60);
    let same = fx.store.save_worksheet(&m.id, &input).unwrap();
    assert_eq!(same.revision, 1);
    assert_eq!(fx.count("worksheet_revisions"), 1);

    // The second save keeps the factor's id (as the UI sends it back) and edits it.
    input.story = "Buses are late.\nMore tutors since May.".into();
    input.factors = first.factors.clone();
    input.factors[0].text = "Late buses, twice a week".into();
    input.partners = vec![partner(&library, "Runs the reading clubs")];
    input.ideas = vec![];
    let second = fx.store.save_worksheet(&m.id, &input).unwrap();
    assert_eq!(second.revision, 2);

    let history = fx.store.worksheet_revisions(&m.id).unwrap();
    let revisions: Vec<u32> = history.iter().map(|r| r.revision).collect();
    assert_eq!(revisions, vec![2, 1], "newest first");
    assert_eq!(history[1].summary, "first version");
    assert_eq!(
        history[0].summary,
        "story, factors, partners, what works changed"
    );
    assert_eq!(history[0].author, "Ana Ruiz");

    // The first revision is kept whole.
    let old = fx.store.worksheet_revision(&m.id, 1).unwrap();
    assert_eq!(old.story, "Buses are late.\nFew tutors.");
    assert_eq!(old.ideas[0].text, "Reading buddies");
    assert!(old.partners.is_empty());

    let diff = fx.store.worksheet_diff(&m.id, 1, 2).unwrap();
    let story = diff.sections.iter().find(|s| s.section == "story").unwrap();
    let lines: Vec<(ChangeKind, &str)> = story
        .lines
        .iter()
        .map(|l| (l.kind, l.text.as_str()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (ChangeKind::Kept, "Buses are late."),
            (ChangeKind::Removed, "Few tutors."),
            (ChangeKind::Added, "More tutors since May."),
        ]
    );
    let factors = diff
        .sections
        .iter()
        .find(|s| s.section == "factors")
        .unwrap();
    assert_eq!(factors.items.len(), 1);
    assert_eq!(factors.items[0].kind, ChangeKind::Changed);
    let ideas = diff.sections.iter().find(|s| s.section == "ideas").unwrap();
    assert_eq!(ideas.items[0].kind, ChangeKind::Removed);
    let partners = diff
        .sections
        .iter()
        .find(|s| s.section == "partners")
        .unwrap();
    assert_eq!(partners.items[0].kind, ChangeKind::Added);
    assert_eq!(
        partners.items[0].after.as_deref(),
        Some("City Library (strategic): Runs the reading clubs")
    );
    let how = diff
        .sections
        .iter()
        .find(|s| s.section == "how_doing")
        .unwrap();
    assert!(!how.changed);
    let err = expect_invalid(fx.store.worksheet_diff(&m.id, 1, 3), "to");
    assert!(err.contains("no revision 3"), "{err}");
}

#[test]
fn the_partners_section_is_the_partner_roles_on_the_measure() {
    let (mut fx, m, library) = setup();
    let school = fx
        .store
        .create_partner(
            &m.initiative_id,
            &partner_input("North School", Sector::Education),
        )
        .unwrap()
        .id;
    let input = WorksheetInput {
        partners: vec![
            partner(&library, "Runs the reading clubs"),
            WorksheetPartnerInput {
                partner_id: school.clone(),
                tier: Some(RoleTier::MidTier),
                role: "Lends classrooms".into(),
            },
        ],
        ..WorksheetInput::default()
    };
    fx.store.save_worksheet(&m.id, &input).unwrap();
    let roles = fx.store.list_partner_roles(&m.initiative_id).unwrap();
    let mine: Vec<_> = roles
        .iter()
        .filter(|r| r.target_kind == RoleTarget::Measure && r.target_id == m.id)
        .collect();
    assert_eq!(mine.len(), 2);
    assert!(mine.iter().all(|r| r.role == RoleKind::Partner));
    let library_role = mine.iter().find(|r| r.partner_id == library).unwrap();
    assert_eq!(library_role.description, "Runs the reading clubs");
    assert_eq!(library_role.tier, Some(RoleTier::Strategic));

    // Removing the school from the worksheet puts its role in the trash, not away for good.
    fx.clock.advance(60);
    let input = WorksheetInput {
        partners: vec![partner(&library, "Runs the reading clubs")],
        ..WorksheetInput::default()
    };
    let w = fx.store.save_worksheet(&m.id, &input).unwrap();
    assert_eq!(w.partners.len(), 1);
    let live: i64 = fx
        .raw()
        .query_row(
            "SELECT count(*) FROM partner_roles WHERE target_id = ?1 AND deleted_at IS NULL",
            [&m.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(live, 1);
    assert_eq!(
        fx.count("partner_roles"),
        2,
        "the school's role is soft-deleted"
    );

    // A deleted partner stays on the worksheet as a former partner.
    fx.clock.advance(60);
    fx.store.delete_item(EntityKind::Partner, &library).unwrap();
    let w = fx.store.worksheet(&m.id).unwrap();
    assert_eq!(w.partners.len(), 1);
    assert!(w.partners[0].former);
    assert_eq!(w.partners[0].partner_name, "City Library");
    // Saving with the former partner kept keeps it; taking it off the worksheet removes it.
    fx.clock.advance(60);
    let kept = WorksheetInput {
        story: "Still ours.".into(),
        partners: vec![partner(&library, "Ran the reading clubs")],
        ..WorksheetInput::default()
    };
    let w = fx.store.save_worksheet(&m.id, &kept).unwrap();
    assert_eq!(w.partners.len(), 1);
    assert!(w.partners[0].former);
    assert_eq!(w.partners[0].role, "Ran the reading clubs");
    fx.clock.advance(60);
    let gone = WorksheetInput {
        story: "Still ours.".into(),
        ..WorksheetInput::default()
    };
    assert!(fx
        .store
        .save_worksheet(&m.id, &gone)
        .unwrap()
        .partners
        .is_empty());
    assert_eq!(
        fx.store.worksheet_revisions(&m.id).unwrap()[0].summary,
        "partners changed"
    );

    // Only live partners of the same initiative can be added.
    let other = fx.store.create_initiative(&initiative("Other")).unwrap();
    let stranger = fx
        .store
        .create_partner(&other.id, &partner_input("Far away", Sector::Business))
        .unwrap();
    let bad = WorksheetInput {
        partners: vec![partner(&stranger.id, "")],
        ..WorksheetInput::default()
    };
    expect_invalid(
        fx.store.save_worksheet(&m.id, &bad),
        "partners.0.partner_id",
    );
}

#[test]
fn input_is_checked_and_ranks_are_renumbered() {
    let (mut fx, m, _) = setup();
    let blank = WorksheetInput {
        factors: vec![factor(FactorKind::Contributing, "   ", 1)],
        ..WorksheetInput::default()
    };
    expect_invalid(fx.store.save_worksheet(&m.id, &blank), "factors.0.text");
    let blank_idea = WorksheetInput {
        ideas: vec![idea("ok"), idea("")],
        ..WorksheetInput::default()
    };
    expect_invalid(fx.store.save_worksheet(&m.id, &blank_idea), "ideas.1.text");
    let long = WorksheetInput {
        story: "x".repeat(20_001),
        ..WorksheetInput::default()
    };
    expect_invalid(fx.store.save_worksheet(&m.id, &long), "story");
    assert_eq!(fx.count("worksheets"), 0, "nothing was written");

    let input = WorksheetInput {
        factors: vec![
            factor(FactorKind::Restricting, "Third", 9),
            factor(FactorKind::Contributing, "First", 1),
            factor(FactorKind::Restricting, "Second", 1),
        ],
        ..WorksheetInput::default()
    };
    let w = fx.store.save_worksheet(&m.id, &input).unwrap();
    let ranked: Vec<(u32, &str)> = w
        .factors
        .iter()
        .map(|f| (f.rank, f.text.as_str()))
        .collect();
    assert_eq!(ranked, vec![(1, "First"), (2, "Second"), (3, "Third")]);
}

#[test]
fn a_value_entered_after_the_last_save_makes_the_worksheet_stale() {
    let (mut fx, m, _) = setup();
    // The scorecard's "story updated since the latest value": (measures, of those with data).
    let story_share = |fx: &Fixture| {
        let card = fx.store.scorecard(&m.initiative_id, None).unwrap();
        let s = &card.rollups.initiative.story_updated;
        (s.numerator, s.denominator)
    };
    // The worksheet is out of date, since the data changed just now.
    let stale_since_now = |fx: &Fixture, why: &str| {
        let w = fx.store.worksheet(&m.id).unwrap();
        assert!(w.stale, "{why}");
        assert_eq!(
            w.latest_value_at.as_deref(),
            Some(fx.clock.stamp().as_str())
        );
    };
    let save = |fx: &mut Fixture, story: &str| {
        let input = WorksheetInput {
            story: story.into(),
            ..WorksheetInput::default()
        };
        fx.store.save_worksheet(&m.id, &input).unwrap()
    };
    fx.store
        .save_observations(&m.id, &[value("2024", "70")])
        .unwrap();
    fx.clock.advance(60);
    let w = save(&mut fx, "Up two points.");
    assert!(!w.stale, "saved after the latest value");
    assert!(w.latest_value_at.is_some());
    assert_eq!(story_share(&fx), (Some(1), Some(1)));

    fx.clock.advance(3600);
    fx.store
        .save_observations(&m.id, &[value("2025", "72")])
        .unwrap();
    stale_since_now(&fx, "a value arrived after the last revision");
    assert_eq!(story_share(&fx), (Some(0), Some(1)));

    // Saving again brings it up to date.
    fx.clock.advance(60);
    assert!(!save(&mut fx, "Up two points, then two more.").stale);

    // Clearing a value changes the data too: the story may rest on it.
    fx.clock.advance(3600);
    fx.store
        .save_observations(&m.id, &[value("2025", "")])
        .unwrap();
    stale_since_now(&fx, "a value was deleted after the last revision");
    assert_eq!(story_share(&fx), (Some(0), Some(1)));
    fx.clock.advance(60);
    assert!(!save(&mut fx, "Up two points; the 2025 figure was withdrawn.").stale);
    assert_eq!(story_share(&fx), (Some(1), Some(1)));
}

#[test]
fn a_revision_records_the_linked_actions() {
    let (mut fx, m, library) = setup();
    let action = fx
        .store
        .create_action(
            &m.initiative_id,
            &ActionInput {
                title: "Hire ten tutors".into(),
                description: String::new(),
                owner_partner_id: Some(library),
                owner_person: "Ana".into(),
                start_date: None,
                due_date: Some("2027-01-31".into()),
                status: ActionStatus::OnTrack,
                links: vec![ActionLinkInput {
                    target_kind: LinkTarget::Measure,
                    target_id: m.id.clone(),
                }],
            },
        )
        .unwrap();
    let input = WorksheetInput {
        action_plan: "Tutors first.".into(),
        ..WorksheetInput::default()
    };
    fx.store.save_worksheet(&m.id, &input).unwrap();
    let r = fx.store.worksheet_revision(&m.id, 1).unwrap();
    assert_eq!(r.actions.len(), 1);
    assert_eq!(r.actions[0].id, action.id);
    assert_eq!(r.actions[0].title, "Hire ten tutors");
    assert_eq!(r.actions[0].status, "on_track");
}

#[test]
fn the_cli_prints_the_worksheet_as_markdown_and_json() {
    let (mut fx, m, library) = setup();
    fx.store.set_author_name("Ana Ruiz").unwrap();
    fx.store
        .create_action(
            &m.initiative_id,
            &ActionInput {
                title: "Hire ten tutors".into(),
                description: String::new(),
                owner_partner_id: Some(library.clone()),
                owner_person: String::new(),
                start_date: None,
                due_date: Some("2027-01-31".into()),
                status: ActionStatus::AtRisk,
                links: vec![ActionLinkInput {
                    target_kind: LinkTarget::Measure,
                    target_id: m.id.clone(),
                }],
            },
        )
        .unwrap();
    let input = WorksheetInput {
        story: "Buses are **late**.".into(),
        factors: vec![
            factor(FactorKind::Restricting, "Late buses", 1),
            factor(FactorKind::Contributing, "Strong clubs", 2),
        ],
        partners: vec![partner(&library, "Runs the reading clubs")],
        ideas: vec![idea("Reading buddies")],
        ..WorksheetInput::default()
    };
    fx.store.save_worksheet(&m.id, &input).unwrap();
    let path = fx.path.clone();
    drop(fx.store);

    let (code, out, err) = run(
        &path,
        &[
            "worksheet",
            "--measure",
            "Graduation rate",
            "--format",
            "md",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("# Turn the Curve: Graduation rate\n"),
        "{out}"
    );
    assert!(
        out.contains("Revision 1 by Ana Ruiz on 2026-11-24."),
        "{out}"
    );
    assert!(
        out.contains("## Story behind the curve\n\nBuses are **late**.\n"),
        "{out}"
    );
    assert!(
        out.contains("### Restricting factors\n\n1. Late buses\n"),
        "{out}"
    );
    assert!(
        out.contains("### Contributing factors\n\n2. Strong clubs\n"),
        "{out}"
    );
    assert!(
        out.contains("### Strategic partners\n\n- **City Library**: Runs the reading clubs\n"),
        "{out}"
    );
    assert!(
        out.contains("- Reading buddies (source: community; no cost)"),
        "{out}"
    );
    assert!(
        out.contains("| Hire ten tutors | City Library | 2027-01-31 | At risk |"),
        "{out}"
    );

    let (code, out, err) = run(
        &path,
        &["worksheet", "--measure", &m.id, "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["worksheet"]["revision"], 1);
    assert_eq!(
        v["worksheet"]["partners"][0]["role"],
        "Runs the reading clubs"
    );
    assert_eq!(v["actions"][0]["title"], "Hire ten tutors");
    assert_eq!(v["actions"][0]["status"], "at_risk");

    let (code, _, err) = run(&path, &["worksheet", "--measure", "No such measure"]);
    assert_eq!(code, 1, "an unknown measure is an error");
    assert!(!err.is_empty());
}
