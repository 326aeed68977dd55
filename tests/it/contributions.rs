//! Partners' roles and contributions on real files: a partner's profile, the partners of a
//! result, setting and removing roles on results and measures, and the contributions
//! matrix with its CSV (parsed back with the csv crate), through the store and the CLI.

use crate::support::*;
use backbone::model::{
    ActionInput, ActionStatus, EntityKind, ProgramInput, RbaCategory, RoleKind, RoleTarget,
    RoleTier, Sector,
};
use backbone::ErrorCode;

/// An initiative with two results, an indicator, two programs, a performance measure and
/// four partners; roles set through the program form and on a result and measures.
struct World {
    f: Fixture,
    initiative: String,
    children: String,
    families: String,
    graduation: String,
    tutoring: String,
    housing: String,
    attendance: String,
    alpha: String,
    bright: String,
    city: String,
    dawn: String,
}

fn world() -> World {
    let mut f = Fixture::new();
    let (initiative, children) = f.initiative_with_result();
    let families = f
        .store
        .create_result(&initiative, &result_input("Families are stable"))
        .unwrap()
        .id;
    let graduation = f
        .store
        .create_measure(&initiative, &indicator_input(&children, "Graduation rate"))
        .unwrap()
        .id;
    let mut partner = |name: &str, sector| {
        f.store
            .create_partner(&initiative, &partner_input(name, sector))
            .unwrap()
            .id
    };
    // Created out of name order: rows come by name.
    let city = partner("City Library", Sector::Public);
    let alpha = partner("Alpha Schools", Sector::Education);
    let dawn = partner("Dawn Foundation", Sector::Philanthropy);
    let bright = partner("Bright Futures", Sector::Nonprofit);
    let tutoring = f
        .store
        .create_program(
            &initiative,
            &ProgramInput {
                name: "Tutoring".into(),
                description: String::new(),
                lead_partner_id: Some(alpha.clone()),
                result_ids: vec![children.clone()],
                contributor_ids: vec![bright.clone()],
            },
        )
        .unwrap()
        .id;
    let housing = f
        .store
        .create_program(
            &initiative,
            &ProgramInput {
                name: "Housing help".into(),
                description: String::new(),
                lead_partner_id: Some(bright.clone()),
                result_ids: vec![families.clone()],
                contributor_ids: vec![],
            },
        )
        .unwrap()
        .id;
    let attendance = f
        .store
        .create_measure(
            &initiative,
            &performance_input(&tutoring, RbaCategory::HowMuch, "Students tutored"),
        )
        .unwrap()
        .id;
    f.store
        .set_partner_role(
            &city,
            RoleTarget::Result,
            &children,
            RoleKind::Partner,
            "Convenes the data walk",
            Some(RoleTier::Strategic),
        )
        .unwrap();
    f.store
        .set_partner_role(
            &alpha,
            RoleTarget::Measure,
            &graduation,
            RoleKind::Partner,
            "Shares attendance data",
            Some(RoleTier::MidTier),
        )
        .unwrap();
    f.store
        .set_partner_role(
            &city,
            RoleTarget::Measure,
            &attendance,
            RoleKind::Partner,
            "",
            None,
        )
        .unwrap();
    World {
        f,
        initiative,
        children,
        families,
        graduation,
        tutoring,
        housing,
        attendance,
        alpha,
        bright,
        city,
        dawn,
    }
}

fn action(title: &str, owner: &str, due: Option<&str>, status: ActionStatus) -> ActionInput {
    ActionInput {
        title: title.into(),
        description: String::new(),
        owner_partner_id: Some(owner.into()),
        owner_person: String::new(),
        start_date: None,
        due_date: due.map(String::from),
        status,
        links: vec![],
    }
}

#[test]
fn a_partners_profile_lists_its_programs_roles_and_open_actions() {
    let mut w = world();
    let i = w.initiative.clone();
    w.f.store
        .create_action(
            &i,
            &action("Send the data", &w.alpha, None, ActionStatus::OnTrack),
        )
        .unwrap();
    w.f.store
        .create_action(
            &i,
            &action(
                "Book rooms",
                &w.alpha,
                Some("2026-12-01"),
                ActionStatus::NotStarted,
            ),
        )
        .unwrap();
    w.f.store
        .create_action(
            &i,
            &action("Old work", &w.alpha, Some("2026-01-01"), ActionStatus::Done),
        )
        .unwrap();
    w.f.store
        .create_action(
            &i,
            &action("Not theirs", &w.bright, None, ActionStatus::OnTrack),
        )
        .unwrap();

    let alpha = w.f.store.partner_profile(&w.alpha).unwrap();
    assert_eq!(alpha.partner.name, "Alpha Schools");
    let programs: Vec<(&str, RoleKind)> = alpha
        .programs
        .iter()
        .map(|p| (p.program_name.as_str(), p.role))
        .collect();
    assert_eq!(programs, [("Tutoring", RoleKind::Lead)]);
    assert_eq!(alpha.roles.len(), 1);
    let role = &alpha.roles[0];
    assert_eq!(role.target_kind, RoleTarget::Measure);
    assert_eq!(role.target_id, w.graduation);
    assert_eq!(role.target_name, "Graduation rate");
    assert_eq!(role.parent_name.as_deref(), Some("Children thrive"));
    assert_eq!(role.description, "Shares attendance data");
    assert_eq!(role.tier, Some(RoleTier::MidTier));
    // Open ones only, by due date, undated last.
    let titles: Vec<&str> = alpha
        .open_actions
        .iter()
        .map(|a| a.title.as_str())
        .collect();
    assert_eq!(titles, ["Book rooms", "Send the data"]);

    let bright = w.f.store.partner_profile(&w.bright).unwrap();
    let programs: Vec<(&str, RoleKind)> = bright
        .programs
        .iter()
        .map(|p| (p.program_name.as_str(), p.role))
        .collect();
    assert_eq!(
        programs,
        [
            ("Tutoring", RoleKind::Contributor),
            ("Housing help", RoleKind::Lead)
        ]
    );
    assert!(bright.roles.is_empty());

    // The result's own role before roles on measures of programs.
    let city = w.f.store.partner_profile(&w.city).unwrap();
    let targets: Vec<(&str, Option<&str>)> = city
        .roles
        .iter()
        .map(|r| (r.target_name.as_str(), r.parent_name.as_deref()))
        .collect();
    assert_eq!(
        targets,
        [
            ("Children thrive", None),
            ("Students tutored", Some("Tutoring"))
        ]
    );
    assert!(city.programs.is_empty());
    assert_eq!(city.roles[0].tier, Some(RoleTier::Strategic));

    let dawn = w.f.store.partner_profile(&w.dawn).unwrap();
    assert!(dawn.programs.is_empty() && dawn.roles.is_empty() && dawn.open_actions.is_empty());
}

#[test]
fn a_results_partners_say_through_what() {
    let w = world();
    let partners = w.f.store.result_partners(&w.children).unwrap();
    let seen: Vec<(&str, RoleKind, RoleTarget, &str)> = partners
        .iter()
        .map(|p| {
            (
                p.partner_name.as_str(),
                p.role,
                p.through_kind,
                p.through_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "Alpha Schools",
                RoleKind::Partner,
                RoleTarget::Measure,
                "Graduation rate"
            ),
            (
                "Alpha Schools",
                RoleKind::Lead,
                RoleTarget::Program,
                "Tutoring"
            ),
            (
                "Bright Futures",
                RoleKind::Contributor,
                RoleTarget::Program,
                "Tutoring"
            ),
            (
                "City Library",
                RoleKind::Partner,
                RoleTarget::Result,
                "Children thrive"
            ),
        ]
    );
    assert_eq!(partners[3].description, "Convenes the data walk");

    // The other result: only the lead of the program serving it.
    let families = w.f.store.result_partners(&w.families).unwrap();
    assert_eq!(families.len(), 1);
    assert_eq!(families[0].partner_id, w.bright);
    assert_eq!(families[0].through_id, w.housing);
}

#[test]
fn setting_a_role_again_replaces_its_words_and_removing_it_goes_to_the_trash() {
    let mut w = world();
    let first =
        w.f.store
            .set_partner_role(
                &w.dawn,
                RoleTarget::Result,
                &w.families,
                RoleKind::Partner,
                "Funds rent help",
                Some(RoleTier::Strategic),
            )
            .unwrap();
    w.f.clock.advance(5);
    let again =
        w.f.store
            .set_partner_role(
                &w.dawn,
                RoleTarget::Result,
                &w.families,
                RoleKind::Partner,
                "  Funds rent help and legal aid  ",
                Some(RoleTier::MidTier),
            )
            .unwrap();
    assert_eq!(again.id, first.id, "one role, edited");
    assert_eq!(again.description, "Funds rent help and legal aid");
    assert_eq!(again.tier, Some(RoleTier::MidTier));

    w.f.store.remove_partner_role(&first.id).unwrap();
    assert!(w.f.store.partner_profile(&w.dawn).unwrap().roles.is_empty());
    assert!(w
        .f
        .store
        .list_trash(Some(&w.initiative))
        .unwrap()
        .iter()
        .any(|t| t.kind == EntityKind::PartnerRole && t.id == first.id));
    w.f.store
        .restore_item(EntityKind::PartnerRole, &first.id)
        .unwrap();
    let roles = w.f.store.partner_profile(&w.dawn).unwrap().roles;
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0].description, "Funds rent help and legal aid");

    // Moving the role to the trash and setting it again brings the same row back.
    w.f.store.remove_partner_role(&first.id).unwrap();
    let back =
        w.f.store
            .set_partner_role(
                &w.dawn,
                RoleTarget::Result,
                &w.families,
                RoleKind::Partner,
                "Funds rent help",
                None,
            )
            .unwrap();
    assert_eq!(back.id, first.id);
    assert_eq!(back.tier, None);
}

#[test]
fn roles_on_programs_and_other_initiatives_targets_are_refused() {
    let mut w = world();
    expect_invalid(
        w.f.store.set_partner_role(
            &w.dawn,
            RoleTarget::Program,
            &w.tutoring,
            RoleKind::Contributor,
            "",
            None,
        ),
        "target_kind",
    );
    expect_invalid(
        w.f.store.set_partner_role(
            &w.dawn,
            RoleTarget::Result,
            &w.children,
            RoleKind::Lead,
            "",
            None,
        ),
        "role",
    );
    let other = w.f.store.create_initiative(&initiative("Other")).unwrap();
    let elsewhere =
        w.f.store
            .create_result(&other.id, &result_input("Elsewhere"))
            .unwrap();
    expect_invalid(
        w.f.store.set_partner_role(
            &w.dawn,
            RoleTarget::Result,
            &elsewhere.id,
            RoleKind::Partner,
            "",
            None,
        ),
        "target_id",
    );
    // A program's lead is changed on the program, not removed as a role.
    let lead =
        w.f.store
            .list_partner_roles(&w.initiative)
            .unwrap()
            .into_iter()
            .find(|r| r.role == RoleKind::Lead && r.target_id == w.tutoring)
            .unwrap();
    expect_invalid(w.f.store.remove_partner_role(&lead.id), "role_id");
    expect_code(
        w.f.store.remove_partner_role("no-such-role"),
        ErrorCode::NotFound,
    );
}

/// The matrix's cells as text, by partner name.
fn cells_text(m: &backbone::model::ContributionsMatrix) -> Vec<(String, Vec<String>)> {
    m.rows
        .iter()
        .map(|r| {
            (
                r.partner_name.clone(),
                r.cells
                    .iter()
                    .map(|c| {
                        c.iter()
                            .map(|x| x.label.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn the_matrix_puts_indicator_roles_under_their_result_and_measure_roles_under_their_program() {
    let w = world();
    let m = w.f.store.contributions_matrix(&w.initiative).unwrap();
    let columns: Vec<(RoleTarget, &str)> = m
        .columns
        .iter()
        .map(|c| (c.kind, c.name.as_str()))
        .collect();
    assert_eq!(
        columns,
        [
            (RoleTarget::Result, "Children thrive"),
            (RoleTarget::Result, "Families are stable"),
            (RoleTarget::Program, "Tutoring"),
            (RoleTarget::Program, "Housing help"),
        ]
    );
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        cells_text(&m),
        [
            (
                "Alpha Schools".to_string(),
                s(&[
                    "partner on Graduation rate: Shares attendance data",
                    "",
                    "lead",
                    ""
                ])
            ),
            (
                "Bright Futures".to_string(),
                s(&["", "", "contributor", "lead"])
            ),
            (
                "City Library".to_string(),
                s(&[
                    "partner: Convenes the data walk",
                    "",
                    "partner on Students tutored",
                    ""
                ])
            ),
            ("Dawn Foundation".to_string(), s(&["", "", "", ""])),
        ]
    );
    assert_eq!(m.rows[0].cells[0][0].tier, Some(RoleTier::MidTier));
    assert_eq!(
        m.rows[0].cells[0][0].measure_name.as_deref(),
        Some("Graduation rate")
    );
    let _ = (&w.attendance, &w.city);
}

#[test]
fn trashed_targets_and_partners_leave_the_matrix() {
    let mut w = world();
    w.f.store
        .delete_item(EntityKind::Measure, &w.graduation)
        .unwrap();
    w.f.store
        .delete_item(EntityKind::Program, &w.housing)
        .unwrap();
    w.f.store.delete_item(EntityKind::Partner, &w.city).unwrap();
    let m = w.f.store.contributions_matrix(&w.initiative).unwrap();
    let names: Vec<&str> = m.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["Children thrive", "Families are stable", "Tutoring"]
    );
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        cells_text(&m),
        [
            ("Alpha Schools".to_string(), s(&["", "", "lead"])),
            ("Bright Futures".to_string(), s(&["", "", "contributor"])),
            ("Dawn Foundation".to_string(), s(&["", "", ""])),
        ]
    );
    let partners = w.f.store.result_partners(&w.children).unwrap();
    assert!(partners.iter().all(|p| p.partner_id != w.city));
    assert!(partners.iter().all(|p| p.through_id != w.graduation));
}

fn parse_csv(text: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text)
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn the_csv_has_a_partner_column_then_one_per_result_and_program() {
    let mut w = world();
    // Two roles in one cell, and text that needs quoting.
    w.f.store
        .set_partner_role(
            &w.bright,
            RoleTarget::Result,
            &w.families,
            RoleKind::Partner,
            "Runs the \"Home\" clinic, Tuesdays",
            None,
        )
        .unwrap();
    w.f.store
        .set_partner_role(
            &w.bright,
            RoleTarget::Measure,
            &w.attendance,
            RoleKind::Partner,
            "Counts sessions; weekly",
            None,
        )
        .unwrap();
    let mut out = Vec::new();
    let n =
        w.f.store
            .contributions_csv(&w.initiative, &mut out)
            .unwrap();
    assert_eq!(n, 4);
    let rows = parse_csv(&out);
    assert_eq!(
        rows[0],
        [
            "Partner",
            "Children thrive",
            "Families are stable",
            "Tutoring",
            "Housing help"
        ]
    );
    assert_eq!(
        rows[2],
        [
            "Bright Futures",
            "",
            "partner: Runs the \"Home\" clinic, Tuesdays",
            "contributor | partner on Students tutored: Counts sessions; weekly",
            "lead"
        ]
    );
    assert_eq!(rows.len(), 5);

    // To a file, atomically: the same bytes.
    let path = w.f.dir.path().join("contributions.csv");
    std::fs::write(&path, "old").unwrap();
    w.f.store
        .export_contributions(&w.initiative, &path)
        .unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), out);
}

#[test]
fn the_cli_prints_the_matrix_as_csv_or_a_table_and_writes_a_file() {
    let w = world();
    let World { f, .. } = w;
    let path = f.path.clone();
    let dir = f.dir.path().to_path_buf();
    drop(f.store);

    let (code, out, err) = cli(&path, &["contributions", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let rows = parse_csv(out.as_bytes());
    assert_eq!(rows[0][0], "Partner");
    assert_eq!(rows[1][0], "Alpha Schools");
    assert_eq!(rows[1][3], "lead");
    assert_eq!(rows.len(), 5);

    let (code, out, err) = cli(
        &path,
        &["contributions", "--initiative", "Test", "--format", "table"],
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Partner"), "{out}");
    assert!(lines[0].contains("Children thrive") && lines[0].contains("Housing help"));
    let bright = lines
        .iter()
        .find(|l| l.starts_with("Bright Futures"))
        .unwrap();
    assert!(
        bright.contains("contributor") && bright.contains("lead"),
        "{out}"
    );
    assert!(out.contains("Dawn Foundation"));

    let file = dir.join("matrix.csv");
    let (code, out, err) = cli(
        &path,
        &[
            "contributions",
            "--format",
            "csv",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("4 partners"), "{out}");
    let rows = parse_csv(&std::fs::read(&file).unwrap());
    assert_eq!(rows.len(), 5);

    let (code, _, err) = cli(
        &path,
        &["contributions", "--initiative", "Nope", "--format", "csv"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("Nope"), "{err}");
}

#[test]
fn the_real_binary_prints_the_csv() {
    let w = world();
    let path = w.f.path.clone();
    drop(w.f.store);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_backbone-cli"))
        .args([
            "--db",
            path.to_str().unwrap(),
            "contributions",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = parse_csv(&out.stdout);
    assert_eq!(rows[0][0], "Partner");
    assert_eq!(rows[2], ["Bright Futures", "", "", "contributor", "lead"]);
}
