//! Actions: validation, links, the status log, overdue with the store's clock, the trash,
//! and what happens to the actions of a deleted partner.

use crate::support::*;
use backbone::model::{
    ActionFilter, ActionInput, ActionLinkInput, ActionStatus, EntityKind, LinkTarget, OwnedActions,
    ProgramInput, Sector,
};
use backbone::ErrorCode;

struct World {
    f: Fixture,
    initiative: String,
    result: String,
    measure: String,
    program: String,
    ymca: String,
    library: String,
}

fn world() -> World {
    let mut f = Fixture::new();
    let m = f.indicator();
    let initiative = m.initiative_id.clone();
    let result = m.result_id.clone().unwrap();
    let ymca = f
        .store
        .create_partner(&initiative, &partner_input("YMCA", Sector::Nonprofit))
        .unwrap()
        .id;
    let library = f
        .store
        .create_partner(
            &initiative,
            &partner_input("Public Library", Sector::Public),
        )
        .unwrap()
        .id;
    let program = f
        .store
        .create_program(
            &initiative,
            &ProgramInput {
                name: "Summer reading".into(),
                description: String::new(),
                lead_partner_id: None,
                result_ids: vec![],
                contributor_ids: vec![],
            },
        )
        .unwrap()
        .id;
    World {
        f,
        initiative,
        result,
        measure: m.id,
        program,
        ymca,
        library,
    }
}

fn input(title: &str, due: Option<&str>) -> ActionInput {
    ActionInput {
        title: title.into(),
        description: String::new(),
        owner_partner_id: None,
        owner_person: String::new(),
        start_date: None,
        due_date: due.map(Into::into),
        status: ActionStatus::NotStarted,
        links: vec![],
    }
}

fn link(kind: LinkTarget, id: &str) -> ActionLinkInput {
    ActionLinkInput {
        target_kind: kind,
        target_id: id.into(),
    }
}

fn all() -> ActionFilter {
    ActionFilter {
        include_closed: true,
        ..ActionFilter::default()
    }
}

#[test]
fn an_action_keeps_its_owner_dates_and_named_links() {
    let mut w = world();
    let a =
        w.f.store
            .create_action(
                &w.initiative,
                &ActionInput {
                    description: "Ten sites".into(),
                    owner_partner_id: Some(w.ymca.clone()),
                    owner_person: " Dana Reyes ".into(),
                    start_date: Some("2026-12-01".into()),
                    links: vec![
                        link(LinkTarget::Measure, &w.measure),
                        link(LinkTarget::Result, &w.result),
                        link(LinkTarget::Program, &w.program),
                        link(LinkTarget::Measure, &w.measure),
                    ],
                    ..input("  Open homework clubs ", Some("2027-03-31"))
                },
            )
            .unwrap();
    assert_eq!(a.title, "Open homework clubs");
    assert_eq!(a.owner_partner_name.as_deref(), Some("YMCA"));
    assert_eq!(a.owner_person, "Dana Reyes");
    assert!(!a.owner_is_former && !a.overdue);
    let names: Vec<(LinkTarget, &str)> = a
        .links
        .iter()
        .map(|l| (l.target_kind, l.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            (LinkTarget::Result, "Children thrive"),
            (LinkTarget::Measure, "Graduation rate"),
            (LinkTarget::Program, "Summer reading"),
        ]
    );
    assert_eq!(w.f.store.get_action(&a.id).unwrap(), a);
    assert_eq!(
        w.f.store
            .actions_for(LinkTarget::Program, &w.program)
            .unwrap(),
        std::slice::from_ref(&a)
    );

    // Editing the links drops the ones left out.
    let edited =
        w.f.store
            .update_action(
                &a.id,
                &ActionInput {
                    links: vec![link(LinkTarget::Measure, &w.measure)],
                    ..input("Open homework clubs", Some("2027-03-31"))
                },
            )
            .unwrap();
    assert_eq!(edited.links.len(), 1);
    assert_eq!(edited.owner_partner_id, None);
    assert!(w
        .f
        .store
        .actions_for(LinkTarget::Program, &w.program)
        .unwrap()
        .is_empty());
}

#[test]
fn bad_input_is_refused_naming_the_field() {
    let mut w = world();
    let s = &mut w.f.store;
    let i = &w.initiative;
    expect_invalid(s.create_action(i, &input("   ", None)), "title");
    expect_invalid(s.create_action(i, &input(&"x".repeat(301), None)), "title");
    assert!(s.create_action(i, &input(&"x".repeat(300), None)).is_ok());
    let msg = expect_invalid(
        s.create_action(i, &input("A", Some("2026-02-30"))),
        "due_date",
    );
    assert!(
        msg.contains("due date") && msg.contains("2026-02-30"),
        "{msg}"
    );
    expect_invalid(
        s.create_action(i, &input("A", Some("31/03/2027"))),
        "due_date",
    );
    let bad_start = ActionInput {
        start_date: Some("2026-13-01".into()),
        ..input("A", None)
    };
    let msg = expect_invalid(s.create_action(i, &bad_start), "start_date");
    assert!(msg.contains("start date"), "{msg}");
    let backwards = ActionInput {
        start_date: Some("2027-01-02".into()),
        ..input("A", Some("2027-01-01"))
    };
    expect_invalid(s.create_action(i, &backwards), "due_date");
    let stranger = ActionInput {
        owner_partner_id: Some("no-such-partner".into()),
        ..input("A", None)
    };
    expect_invalid(s.create_action(i, &stranger), "owner_partner_id");
    let bad_link = ActionInput {
        links: vec![link(LinkTarget::Measure, &w.program)],
        ..input("A", None)
    };
    expect_invalid(s.create_action(i, &bad_link), "links");

    // Another initiative's partner or measure cannot be used.
    let other = s.create_initiative(&initiative("Other")).unwrap().id;
    let theirs = ActionInput {
        owner_partner_id: Some(w.ymca.clone()),
        ..input("A", None)
    };
    let msg = expect_invalid(s.create_action(&other, &theirs), "owner_partner_id");
    assert!(msg.contains("another initiative"), "{msg}");
    let theirs = ActionInput {
        links: vec![link(LinkTarget::Measure, &w.measure)],
        ..input("A", None)
    };
    expect_invalid(s.create_action(&other, &theirs), "links");
    assert_eq!(w.f.count("actions"), 1, "only the valid one was written");
}

#[test]
fn overdue_follows_the_store_clock_and_done_is_never_overdue() {
    // The clock says 2026-11-24.
    let mut w = world();
    let s = &mut w.f.store;
    let i = &w.initiative;
    let late = s
        .create_action(i, &input("Late", Some("2026-11-23")))
        .unwrap();
    let today = s
        .create_action(i, &input("Today", Some("2026-11-24")))
        .unwrap();
    let undated = s.create_action(i, &input("Undated", None)).unwrap();
    let done = s
        .create_action(
            i,
            &ActionInput {
                status: ActionStatus::Done,
                ..input("Done long ago", Some("2020-01-01"))
            },
        )
        .unwrap();
    assert!(late.overdue);
    assert!(!today.overdue && !undated.overdue && !done.overdue);

    // Open ones by due date, undated last; done ones only when asked for.
    let titles = |list: Vec<backbone::model::Action>| -> Vec<String> {
        list.into_iter().map(|a| a.title).collect()
    };
    assert_eq!(
        titles(s.list_actions(i, &ActionFilter::default()).unwrap()),
        ["Late", "Today", "Undated"]
    );
    assert_eq!(
        titles(s.list_actions(i, &all()).unwrap()),
        ["Done long ago", "Late", "Today", "Undated"]
    );
    let overdue = ActionFilter {
        overdue: true,
        ..ActionFilter::default()
    };
    assert_eq!(titles(s.list_actions(i, &overdue).unwrap()), ["Late"]);

    // A day later, "Today" is overdue too.
    w.f.clock.advance(24 * 3600);
    assert!(w.f.store.get_action(&today.id).unwrap().overdue);
    assert_eq!(
        titles(w.f.store.list_actions(&w.initiative, &overdue).unwrap()),
        ["Late", "Today"]
    );
}

#[test]
fn filters_by_partner_and_by_measure() {
    let mut w = world();
    let s = &mut w.f.store;
    let i = &w.initiative;
    s.create_action(
        i,
        &ActionInput {
            owner_partner_id: Some(w.ymca.clone()),
            links: vec![link(LinkTarget::Measure, &w.measure)],
            ..input("Y on measure", None)
        },
    )
    .unwrap();
    s.create_action(
        i,
        &ActionInput {
            owner_partner_id: Some(w.library.clone()),
            ..input("Library", None)
        },
    )
    .unwrap();
    let by = |partner: Option<&str>, measure: Option<&str>| -> Vec<String> {
        let filter = ActionFilter {
            partner_id: partner.map(Into::into),
            measure_id: measure.map(Into::into),
            ..ActionFilter::default()
        };
        s.list_actions(i, &filter)
            .unwrap()
            .into_iter()
            .map(|a| a.title)
            .collect()
    };
    assert_eq!(by(Some(&w.library), None), ["Library"]);
    assert_eq!(by(None, Some(&w.measure)), ["Y on measure"]);
    assert!(by(Some(&w.library), Some(&w.measure)).is_empty());
}

#[test]
fn status_updates_are_dated_signed_and_newest_first() {
    let mut w = world();
    w.f.store.set_author_name("Ana Lima").unwrap();
    let a =
        w.f.store
            .create_action(&w.initiative, &input("Tutoring", Some("2027-01-31")))
            .unwrap();
    assert!(a.updates.is_empty());
    let a =
        w.f.store
            .add_action_update(&a.id, ActionStatus::OnTrack, "  Two sites open ")
            .unwrap();
    assert_eq!(a.status, ActionStatus::OnTrack);
    assert_eq!(a.updates.len(), 1);
    assert_eq!(a.updates[0].update_date, "2026-11-24");
    assert_eq!(a.updates[0].author, "Ana Lima");
    assert_eq!(a.updates[0].comment, "Two sites open");

    w.f.clock.advance(3 * 24 * 3600);
    let a =
        w.f.store
            .add_action_update(&a.id, ActionStatus::AtRisk, "Funding late")
            .unwrap();
    assert_eq!(a.status, ActionStatus::AtRisk);
    let log: Vec<(&str, ActionStatus)> = a
        .updates
        .iter()
        .map(|u| (u.update_date.as_str(), u.status))
        .collect();
    assert_eq!(
        log,
        [
            ("2026-11-27", ActionStatus::AtRisk),
            ("2026-11-24", ActionStatus::OnTrack)
        ]
    );

    // Editing the action with a new status logs it too; an edit keeping it does not.
    w.f.clock.advance(24 * 3600);
    let a =
        w.f.store
            .update_action(
                &a.id,
                &ActionInput {
                    status: ActionStatus::Done,
                    ..input("Tutoring", Some("2027-01-31"))
                },
            )
            .unwrap();
    assert_eq!(a.updates.len(), 3);
    assert_eq!(a.updates[0].status, ActionStatus::Done);
    assert_eq!(a.updates[0].update_date, "2026-11-28");
    let a =
        w.f.store
            .update_action(
                &a.id,
                &ActionInput {
                    status: ActionStatus::Done,
                    ..input("Tutoring, all sites", Some("2027-01-31"))
                },
            )
            .unwrap();
    assert_eq!(a.updates.len(), 3);
    expect_code(
        w.f.store.add_action_update("nope", ActionStatus::Done, ""),
        ErrorCode::NotFound,
    );
}

#[test]
fn actions_go_to_the_trash_and_come_back() {
    let mut w = world();
    let a =
        w.f.store
            .create_action(&w.initiative, &input("Mentoring", None))
            .unwrap();
    w.f.store.delete_item(EntityKind::Action, &a.id).unwrap();
    assert!(w
        .f
        .store
        .list_actions(&w.initiative, &all())
        .unwrap()
        .is_empty());
    expect_code(w.f.store.get_action(&a.id), ErrorCode::NotFound);
    let trash = w.f.store.list_trash(Some(&w.initiative)).unwrap();
    assert!(
        trash
            .iter()
            .any(|t| t.kind == EntityKind::Action && t.id == a.id && t.name == "Mentoring"),
        "{trash:?}"
    );
    w.f.store.restore_item(EntityKind::Action, &a.id).unwrap();
    assert_eq!(w.f.store.get_action(&a.id).unwrap().title, "Mentoring");

    // With its initiative.
    w.f.store
        .delete_item(EntityKind::Initiative, &w.initiative)
        .unwrap();
    expect_code(w.f.store.get_action(&a.id), ErrorCode::NotFound);
    w.f.store
        .restore_item(EntityKind::Initiative, &w.initiative)
        .unwrap();
    assert!(w.f.store.get_action(&a.id).is_ok());
}

enum Who {
    Ymca,
}

fn owned_by(w: &mut World, who: Who, title: &str) -> String {
    let partner = match who {
        Who::Ymca => w.ymca.clone(),
    };
    w.f.store
        .create_action(
            &w.initiative,
            &ActionInput {
                owner_partner_id: Some(partner),
                status: ActionStatus::OnTrack,
                ..input(title, Some("2027-06-30"))
            },
        )
        .unwrap()
        .id
}

#[test]
fn a_partner_owning_actions_cannot_be_deleted_without_the_question() {
    let mut w = world();
    owned_by(&mut w, Who::Ymca, "Clubs");
    let e = expect_code(
        w.f.store.delete_item(EntityKind::Partner, &w.ymca),
        ErrorCode::Conflict,
    );
    assert!(e.to_string().contains("owns 1 action"), "{e}");
    assert!(w.f.store.get_partner(&w.ymca).is_ok(), "nothing moved");
    // A partner with no actions goes as before.
    w.f.store
        .delete_item(EntityKind::Partner, &w.library)
        .unwrap();
}

#[test]
fn reassigning_moves_the_actions_and_logs_it() {
    let mut w = world();
    w.f.store.set_author_name("Ana Lima").unwrap();
    let a = owned_by(&mut w, Who::Ymca, "Clubs");
    let b = owned_by(&mut w, Who::Ymca, "Camps");
    // Reassigning to itself or to a stranger is refused, and nothing changes.
    expect_invalid(
        w.f.store
            .delete_partner_with_actions(&w.ymca, &OwnedActions::Reassign(w.ymca.clone())),
        "partner_id",
    );
    expect_invalid(
        w.f.store
            .delete_partner_with_actions(&w.ymca, &OwnedActions::Reassign("nobody".into())),
        "partner_id",
    );
    assert!(w.f.store.get_partner(&w.ymca).is_ok());

    w.f.store
        .delete_partner_with_actions(&w.ymca, &OwnedActions::Reassign(w.library.clone()))
        .unwrap();
    expect_code(w.f.store.get_partner(&w.ymca), ErrorCode::NotFound);
    for id in [a, b] {
        let action = w.f.store.get_action(&id).unwrap();
        assert_eq!(action.owner_partner_id.as_deref(), Some(w.library.as_str()));
        assert_eq!(action.owner_partner_name.as_deref(), Some("Public Library"));
        assert!(!action.owner_is_former);
        assert_eq!(action.status, ActionStatus::OnTrack, "the status stays");
        let entry = &action.updates[0];
        assert!(
            entry.comment.contains("YMCA") && entry.comment.contains("Public Library"),
            "{entry:?}"
        );
        assert_eq!(entry.author, "Ana Lima");
    }
}

#[test]
fn keeping_actions_with_a_former_partner_then_restoring_it() {
    let mut w = world();
    let a = owned_by(&mut w, Who::Ymca, "Clubs");
    w.f.store
        .delete_partner_with_actions(&w.ymca, &OwnedActions::KeepAsFormer)
        .unwrap();
    let action = w.f.store.get_action(&a).unwrap();
    assert_eq!(action.owner_partner_id.as_deref(), Some(w.ymca.as_str()));
    assert_eq!(action.owner_partner_name.as_deref(), Some("YMCA"));
    assert!(action.owner_is_former);
    let former: String =
        w.f.raw()
            .query_row(
                "SELECT former_owner FROM actions WHERE id = ?1",
                [&a],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(former, "YMCA");
    // Still listed under that partner, and still editable with it as the owner.
    let filter = ActionFilter {
        partner_id: Some(w.ymca.clone()),
        ..ActionFilter::default()
    };
    assert_eq!(
        w.f.store
            .list_actions(&w.initiative, &filter)
            .unwrap()
            .len(),
        1
    );
    let edited =
        w.f.store
            .update_action(
                &a,
                &ActionInput {
                    owner_partner_id: Some(w.ymca.clone()),
                    status: ActionStatus::OnTrack,
                    ..input("Clubs, renamed", Some("2027-06-30"))
                },
            )
            .unwrap();
    assert!(edited.owner_is_former && edited.title == "Clubs, renamed");

    // Restoring the partner makes it a current owner again.
    w.f.store
        .restore_item(EntityKind::Partner, &w.ymca)
        .unwrap();
    let action = w.f.store.get_action(&a).unwrap();
    assert!(!action.owner_is_former);
    assert_eq!(action.owner_partner_name.as_deref(), Some("YMCA"));

    // Purged for good, the name survives.
    w.f.store
        .delete_partner_with_actions(&w.ymca, &OwnedActions::KeepAsFormer)
        .unwrap();
    let raw = w.f.raw();
    raw.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    raw.execute("DELETE FROM partner_roles WHERE partner_id = ?1", [&w.ymca])
        .unwrap();
    raw.execute("DELETE FROM partners WHERE id = ?1", [&w.ymca])
        .unwrap();
    let action = w.f.store.get_action(&a).unwrap();
    assert_eq!(action.owner_partner_id, None);
    assert_eq!(action.owner_partner_name.as_deref(), Some("YMCA"));
    assert!(action.owner_is_former);
}

/// A file with three actions the CLI can see; dates far in the past and future, so
/// "overdue" does not depend on the day the tests run (the CLI uses the system clock).
fn cli_world() -> World {
    let mut w = world();
    let s = &mut w.f.store;
    s.create_action(
        &w.initiative,
        &ActionInput {
            owner_partner_id: Some(w.ymca.clone()),
            owner_person: "Dana, \"DR\" Reyes".into(),
            links: vec![link(LinkTarget::Measure, &w.measure)],
            status: ActionStatus::AtRisk,
            ..input("Open clubs, ten sites", Some("2001-01-31"))
        },
    )
    .unwrap();
    s.create_action(
        &w.initiative,
        &ActionInput {
            owner_partner_id: Some(w.library.clone()),
            ..input("Summer books", Some("2999-06-30"))
        },
    )
    .unwrap();
    s.create_action(
        &w.initiative,
        &ActionInput {
            status: ActionStatus::Done,
            ..input("Finished long ago", Some("2000-01-01"))
        },
    )
    .unwrap();
    w
}

fn run_binary(db: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(crate::malformed::cli_binary())
        .arg("--db")
        .arg(db)
        .arg("actions")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_cli_lists_actions_as_json_an_array_of_actions() {
    let w = cli_world();
    let (code, out, err) = run_binary(&w.f.path, &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let actions: Vec<backbone::model::Action> = serde_json::from_str(&out).unwrap();
    let titles: Vec<(&str, bool)> = actions
        .iter()
        .map(|a| (a.title.as_str(), a.overdue))
        .collect();
    assert_eq!(
        titles,
        [("Open clubs, ten sites", true), ("Summer books", false)],
        "open ones by due date"
    );
    assert_eq!(actions[0].links[0].name, "Graduation rate");

    let (code, out, _) = run_binary(&w.f.path, &["--format", "json", "--all"]);
    assert_eq!(code, 0);
    let all: Vec<backbone::model::Action> = serde_json::from_str(&out).unwrap();
    assert_eq!(all.len(), 3);
    assert!(!all[0].overdue, "done is never overdue");
}

#[test]
fn the_cli_filters_overdue_by_partner_and_by_measure() {
    let w = cli_world();
    let titles = |args: &[&str]| -> Vec<String> {
        let mut argv = vec!["actions", "--format", "json"];
        argv.extend_from_slice(args);
        let (code, out, err) = cli(&w.f.path, &argv);
        assert_eq!(code, 0, "{args:?}: {err}");
        serde_json::from_str::<Vec<backbone::model::Action>>(&out)
            .unwrap()
            .into_iter()
            .map(|a| a.title)
            .collect()
    };
    assert_eq!(titles(&["--overdue"]), ["Open clubs, ten sites"]);
    assert_eq!(titles(&["--partner", "public library"]), ["Summer books"]);
    assert_eq!(titles(&["--partner", &w.ymca]), ["Open clubs, ten sites"]);
    assert_eq!(
        titles(&["--measure", "Graduation rate", "--initiative", "Test"]),
        ["Open clubs, ten sites"]
    );
    assert!(titles(&["--overdue", "--partner", "Public Library"]).is_empty());
}

#[test]
fn the_cli_writes_rfc4180_csv_with_a_header() {
    let w = cli_world();
    let (code, out, err) = run_binary(&w.f.path, &["--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, backbone::cli::actions::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "Open clubs, ten sites");
    assert_eq!(&rows[0][2], "at_risk");
    assert_eq!(&rows[0][3], "YMCA");
    assert_eq!(
        &rows[0][5], "Dana, \"DR\" Reyes",
        "quotes and commas survive"
    );
    assert_eq!(&rows[0][8], "true");
    assert_eq!(&rows[0][9], "Graduation rate");
    assert!(out.contains("\"Dana, \"\"DR\"\" Reyes\""), "{out}");
    assert!(out.contains("\r\n"), "RFC 4180 line ends");
}

#[test]
fn the_cli_table_is_aligned_and_marks_overdue() {
    let w = cli_world();
    let (code, out, err) = cli(&w.f.path, &["actions"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("Due"), "{out}");
    assert!(
        lines[1].contains("2001-01-31 OVERDUE") && lines[1].contains("At risk"),
        "{out}"
    );
    let column = |line: &str| {
        line.find("Action")
            .or_else(|| line.find("Open clubs"))
            .or_else(|| line.find("Summer books"))
    };
    assert_eq!(column(lines[0]), column(lines[1]), "{out}");
    assert_eq!(column(lines[1]), column(lines[2]), "{out}");
}

#[test]
fn the_cli_refuses_unknown_partners_and_missing_files_with_exit_1() {
    let w = cli_world();
    let (code, _, err) = run_binary(&w.f.path, &["--partner", "Nobody"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("No partner") && err.contains("Nobody"),
        "{err}"
    );
    let (code, _, err) = run_binary(&w.f.path, &["--measure", "Nothing"]);
    assert_eq!(code, 1);
    assert!(err.contains("No measure"), "{err}");
    let missing = w.f.dir.path().join("missing.backbone");
    let (code, _, _) = run_binary(&missing, &[]);
    assert_eq!(code, 1);
    assert!(!missing.exists(), "a missing file is not created");
    let (code, _, _) = run_binary(&w.f.path, &["--format", "xml"]);
    assert_eq!(code, 2, "a usage error");
}
