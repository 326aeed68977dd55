//! Partner meetings: agenda validation, captures, finishing (which files actions and
//! worksheet ideas in one go and keeps the record), and preparing the next meeting.

use crate::support::*;
use backbone::model::{
    ActionFilter, AgendaItem, Attendee, CaptureInput, CaptureKind, EntityKind, IdeaSource,
    LinkTarget, MeetingInput, MeetingStatus, Sector, SlideKind,
};
use backbone::ErrorCode;

struct World {
    f: Fixture,
    initiative: String,
    result: String,
    measure: String,
    ymca: String,
}

fn world() -> World {
    let mut f = Fixture::new();
    let m = f.indicator();
    let initiative = m.initiative_id.clone();
    let ymca = f
        .store
        .create_partner(&initiative, &partner_input("YMCA", Sector::Nonprofit))
        .unwrap()
        .id;
    World {
        f,
        initiative,
        result: m.result_id.clone().unwrap(),
        measure: m.id,
        ymca,
    }
}

fn slide(kind: SlideKind, target: Option<&str>) -> AgendaItem {
    AgendaItem {
        kind,
        target_id: target.map(str::to_string),
        title: String::new(),
    }
}

fn input(w: &World) -> MeetingInput {
    MeetingInput {
        title: "Quarterly partners".into(),
        meeting_date: "2026-12-03".into(),
        place: "Library, room 2".into(),
        agenda: vec![
            AgendaItem {
                kind: SlideKind::Text,
                target_id: None,
                title: "Welcome".into(),
            },
            slide(SlideKind::Rollup, None),
            slide(SlideKind::ResultScorecard, Some(&w.result)),
            slide(SlideKind::MeasureCurve, Some(&w.measure)),
            slide(SlideKind::Worksheet, Some(&w.measure)),
        ],
        attendees: vec![
            Attendee {
                partner_id: Some(w.ymca.clone()),
                partner_name: String::new(),
                people: "Ana, Ben".into(),
            },
            Attendee {
                partner_id: None,
                partner_name: "Parents' council".into(),
                people: "Chris".into(),
            },
        ],
    }
}

fn capture(kind: CaptureKind, text: &str, index: Option<u32>) -> CaptureInput {
    CaptureInput {
        kind,
        text: text.into(),
        agenda_index: index,
        measure_id: None,
        owner_partner_id: None,
        owner_person: String::new(),
        due_date: None,
        idea_source: None,
    }
}

#[test]
fn a_meeting_keeps_its_agenda_and_attendees_by_partner() {
    let mut w = world();
    let m = w.f.store.create_meeting(&w.initiative, &input(&w)).unwrap();
    assert_eq!(m.status, MeetingStatus::Planned);
    assert_eq!(m.agenda.len(), 5);
    assert_eq!(m.agenda[0].title, "Welcome");
    assert_eq!(m.agenda[3].target_id.as_deref(), Some(w.measure.as_str()));
    assert_eq!(m.attendees.len(), 2);
    assert_eq!(m.attendees[0].partner_name, "YMCA");
    assert_eq!(m.attendees[0].people, "Ana, Ben");
    assert_eq!(m.attendees[1].partner_name, "Parents' council");

    // Reopened from the file, newest date first.
    drop(w.f.store);
    let (store, _) = open_at(&w.f.path, &w.f.clock).unwrap();
    w.f.store = store;
    let mut later = input(&w);
    later.meeting_date = "2027-03-04".into();
    later.title = "Spring partners".into();
    w.f.store.create_meeting(&w.initiative, &later).unwrap();
    let list = w.f.store.list_meetings(&w.initiative).unwrap();
    let titles: Vec<&str> = list.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(titles, ["Spring partners", "Quarterly partners"]);
    assert_eq!(list[1].agenda, m.agenda);
}

#[test]
fn every_slide_target_must_be_live_and_of_the_right_kind_in_the_initiative() {
    let mut w = world();
    let mut bad = input(&w);
    // A measure slide pointing at a result.
    bad.agenda = vec![slide(SlideKind::MeasureCurve, Some(&w.result))];
    expect_invalid(
        w.f.store.create_meeting(&w.initiative, &bad),
        "agenda.0.target_id",
    );
    // A scorecard slide with no result.
    bad.agenda = vec![
        slide(SlideKind::Rollup, None),
        slide(SlideKind::ResultScorecard, None),
    ];
    let msg = expect_invalid(
        w.f.store.create_meeting(&w.initiative, &bad),
        "agenda.1.target_id",
    );
    assert!(msg.contains("needs its result"), "{msg}");
    // A title slide without words.
    bad.agenda = vec![slide(SlideKind::Text, None)];
    expect_invalid(
        w.f.store.create_meeting(&w.initiative, &bad),
        "agenda.0.title",
    );
    // A measure of another initiative.
    let other = w.f.store.create_initiative(&initiative("Other")).unwrap();
    let other_result =
        w.f.store
            .create_result(&other.id, &result_input("Elsewhere"))
            .unwrap();
    let foreign =
        w.f.store
            .create_measure(&other.id, &indicator_input(&other_result.id, "Foreign"))
            .unwrap();
    bad.agenda = vec![slide(SlideKind::Worksheet, Some(&foreign.id))];
    let msg = expect_invalid(
        w.f.store.create_meeting(&w.initiative, &bad),
        "agenda.0.target_id",
    );
    assert!(msg.contains("another initiative"), "{msg}");
    // A measure in the trash.
    let m = w.f.store.create_meeting(&w.initiative, &input(&w)).unwrap();
    let doomed =
        w.f.store
            .create_measure(&w.initiative, &indicator_input(&w.result, "Doomed"))
            .unwrap();
    w.f.store
        .delete_item(EntityKind::Measure, &doomed.id)
        .unwrap();
    let mut edit = input(&w);
    edit.agenda
        .push(slide(SlideKind::MeasureByGroup, Some(&doomed.id)));
    expect_invalid(w.f.store.update_meeting(&m.id, &edit), "agenda.5.target_id");
    // An actions slide may point at a result, a measure, or nothing (every open action).
    edit.agenda = vec![
        slide(SlideKind::Actions, Some(&w.result)),
        slide(SlideKind::Actions, None),
        slide(SlideKind::Equity, None),
    ];
    let m = w.f.store.update_meeting(&m.id, &edit).unwrap();
    assert_eq!(m.agenda.len(), 3);
    // Nothing was stored by the refused edits: the bad date is refused too.
    edit.meeting_date = "3 Dec".into();
    expect_invalid(w.f.store.update_meeting(&m.id, &edit), "meeting_date");
    assert_eq!(w.f.store.meeting(&m.id).unwrap().meeting_date, "2026-12-03");
}

#[test]
fn captures_take_the_measure_of_their_slide_and_are_checked() {
    let mut w = world();
    let m = w.f.store.create_meeting(&w.initiative, &input(&w)).unwrap();
    let started = w.f.store.start_meeting(&m.id).unwrap();
    assert_eq!(started.status, MeetingStatus::InProgress);
    assert!(started.started_at.is_some());

    let note =
        w.f.store
            .capture(
                &m.id,
                &capture(CaptureKind::Note, "Attendance is up", Some(1)),
            )
            .unwrap();
    assert_eq!(note.measure_id, None);
    // Slide 3 shows the measure's curve: the action serves it.
    let mut action = capture(CaptureKind::Action, "Call every family", Some(3));
    action.owner_partner_id = Some(w.ymca.clone());
    action.due_date = Some("2027-01-15".into());
    let a = w.f.store.capture(&m.id, &action).unwrap();
    assert_eq!(a.measure_id.as_deref(), Some(w.measure.as_str()));
    assert_eq!(a.owner_partner_id.as_deref(), Some(w.ymca.as_str()));
    assert_eq!(a.filed_id, None);

    // An idea needs a measure: the roll-up slide has none.
    expect_invalid(
        w.f.store.capture(
            &m.id,
            &capture(CaptureKind::Idea, "Walking school bus", Some(1)),
        ),
        "measure_id",
    );
    expect_invalid(
        w.f.store
            .capture(&m.id, &capture(CaptureKind::Note, "   ", Some(1))),
        "text",
    );
    expect_invalid(
        w.f.store
            .capture(&m.id, &capture(CaptureKind::Note, "Off the end", Some(9))),
        "agenda_index",
    );
    action.due_date = Some("next week".into());
    expect_invalid(w.f.store.capture(&m.id, &action), "due_date");

    // Edit and remove.
    action.due_date = Some("2027-02-01".into());
    let a = w.f.store.update_capture(&a.id, &action).unwrap();
    assert_eq!(a.due_date.as_deref(), Some("2027-02-01"));
    let after = w.f.store.remove_capture(&note.id).unwrap();
    assert_eq!(after.items.len(), 1);
    assert_eq!(after.items[0].text, "Call every family");
}

#[test]
fn finishing_files_actions_and_ideas_and_keeps_the_record() {
    let mut w = world();
    let m = w.f.store.create_meeting(&w.initiative, &input(&w)).unwrap();
    w.f.store.start_meeting(&m.id).unwrap();
    let mut action = capture(CaptureKind::Action, "Call every family", Some(3));
    action.owner_partner_id = Some(w.ymca.clone());
    action.owner_person = "Ana".into();
    action.due_date = Some("2027-01-15".into());
    w.f.store.capture(&m.id, &action).unwrap();
    // On the result's scorecard slide: the action is linked to the result.
    w.f.store
        .capture(
            &m.id,
            &capture(CaptureKind::Action, "Ask the district for data", Some(2)),
        )
        .unwrap();
    let mut idea = capture(CaptureKind::Idea, "Walking school bus", Some(4));
    idea.idea_source = Some(IdeaSource::Community);
    w.f.store.capture(&m.id, &idea).unwrap();
    w.f.store
        .capture(&m.id, &capture(CaptureKind::Decision, "Meet monthly", None))
        .unwrap();
    w.f.store
        .set_meeting_record(
            &m.id,
            "We looked at the curve.",
            "Meet monthly.",
            &input(&w).attendees,
        )
        .unwrap();
    assert_eq!(w.f.store.worksheet(&w.measure).unwrap().revision, 0);

    w.f.clock.advance(3600);
    let done = w.f.store.finish_meeting(&m.id).unwrap();
    assert_eq!(done.status, MeetingStatus::Finished);
    assert_eq!(done.finished_by.as_deref(), Some("Test User"));
    assert_eq!(
        done.finished_at.as_deref(),
        Some(w.f.clock.stamp().as_str())
    );
    assert_eq!(done.notes, "We looked at the curve.");
    assert_eq!(done.decisions, "Meet monthly.");
    assert_eq!(done.attendees.len(), 2);

    // The actions are real actions now.
    let filed: Vec<_> = done
        .items
        .iter()
        .filter(|i| i.kind == CaptureKind::Action)
        .collect();
    assert_eq!(filed.len(), 2);
    let first =
        w.f.store
            .get_action(filed[0].filed_id.as_deref().unwrap())
            .unwrap();
    assert_eq!(filed[0].filed_kind.as_deref(), Some("action"));
    assert_eq!(first.title, "Call every family");
    assert_eq!(first.owner_partner_name.as_deref(), Some("YMCA"));
    assert_eq!(first.owner_person, "Ana");
    assert_eq!(first.due_date.as_deref(), Some("2027-01-15"));
    assert_eq!(
        first.description,
        "From the meeting Quarterly partners on 2026-12-03"
    );
    assert_eq!(first.links.len(), 1);
    assert_eq!(first.links[0].target_kind, LinkTarget::Measure);
    assert_eq!(first.links[0].target_id, w.measure);
    let second =
        w.f.store
            .get_action(filed[1].filed_id.as_deref().unwrap())
            .unwrap();
    assert_eq!(second.links[0].target_kind, LinkTarget::Result);
    let open =
        w.f.store
            .list_actions(&w.initiative, &ActionFilter::default())
            .unwrap();
    assert_eq!(open.len(), 2);

    // The idea is in the worksheet's "What works", a new revision by the user.
    let ws = w.f.store.worksheet(&w.measure).unwrap();
    assert_eq!(ws.revision, 1);
    assert_eq!(ws.updated_by, "Test User");
    assert_eq!(ws.ideas.len(), 1);
    assert_eq!(ws.ideas[0].text, "Walking school bus");
    assert_eq!(ws.ideas[0].source, IdeaSource::Community);
    let idea_item = done
        .items
        .iter()
        .find(|i| i.kind == CaptureKind::Idea)
        .unwrap();
    assert_eq!(idea_item.filed_kind.as_deref(), Some("worksheet"));
    assert_eq!(idea_item.filed_id.as_deref(), Some(ws.id.as_str()));
    // Notes and decisions are not filed anywhere.
    assert!(done
        .items
        .iter()
        .filter(|i| i.kind == CaptureKind::Decision)
        .all(|i| i.filed_id.is_none()));

    // Twice is refused, and nothing more can be captured or planned; the record can still
    // be corrected.
    expect_code(w.f.store.finish_meeting(&m.id), ErrorCode::Conflict);
    expect_code(
        w.f.store
            .capture(&m.id, &capture(CaptureKind::Note, "Late", None)),
        ErrorCode::Conflict,
    );
    expect_code(
        w.f.store.update_meeting(&m.id, &input(&w)),
        ErrorCode::Conflict,
    );
    expect_code(
        w.f.store.remove_capture(&done.items[0].id),
        ErrorCode::Conflict,
    );
    let fixed =
        w.f.store
            .set_meeting_record(
                &m.id,
                "We looked at the curve together.",
                "Meet monthly.",
                &[],
            )
            .unwrap();
    assert_eq!(fixed.notes, "We looked at the curve together.");
    assert_eq!(
        w.f.store
            .list_actions(&w.initiative, &ActionFilter::default())
            .unwrap()
            .len(),
        2
    );
    assert_eq!(w.f.store.worksheet(&w.measure).unwrap().revision, 1);
}

#[test]
fn a_failed_finish_files_nothing() {
    let mut w = world();
    let m = w.f.store.create_meeting(&w.initiative, &input(&w)).unwrap();
    w.f.store
        .capture(
            &m.id,
            &capture(CaptureKind::Action, "Call every family", Some(3)),
        )
        .unwrap();
    let mut idea = capture(CaptureKind::Idea, "Walking school bus", None);
    idea.measure_id = Some(w.measure.clone());
    w.f.store.capture(&m.id, &idea).unwrap();
    // The owner chosen at capture time went to the trash since.
    let mut late = capture(CaptureKind::Action, "Owner left", None);
    late.owner_partner_id = Some(w.ymca.clone());
    w.f.store.capture(&m.id, &late).unwrap();
    w.f.store.delete_item(EntityKind::Partner, &w.ymca).unwrap();

    expect_code(w.f.store.finish_meeting(&m.id), ErrorCode::InvalidInput);
    let still = w.f.store.meeting(&m.id).unwrap();
    assert_eq!(still.status, MeetingStatus::Planned);
    assert!(still.items.iter().all(|i| i.filed_id.is_none()));
    assert_eq!(w.f.count("actions"), 0);
    assert_eq!(w.f.store.worksheet(&w.measure).unwrap().revision, 0);
}

#[test]
fn preparing_the_next_meeting_copies_the_agenda_and_the_partners() {
    let mut w = world();
    let m = w.f.store.create_meeting(&w.initiative, &input(&w)).unwrap();
    w.f.store.finish_meeting(&m.id).unwrap();
    let next = w.f.store.prepare_next_meeting(&m.id, "2027-03-04").unwrap();
    assert_ne!(next.id, m.id);
    assert_eq!(next.status, MeetingStatus::Planned);
    assert_eq!(next.meeting_date, "2027-03-04");
    assert_eq!(next.prepared_from.as_deref(), Some(m.id.as_str()));
    assert_eq!(next.agenda, m.agenda);
    assert_eq!(next.items.len(), 0);
    assert_eq!(next.notes, "");
    // The partners come along; names typed for a one-off guest do not.
    assert_eq!(next.attendees.len(), 1);
    assert_eq!(
        next.attendees[0].partner_id.as_deref(),
        Some(w.ymca.as_str())
    );
    assert_eq!(next.attendees[0].people, "");
    expect_invalid(
        w.f.store.prepare_next_meeting(&m.id, "soon"),
        "meeting_date",
    );
}

#[test]
fn a_deleted_meeting_goes_to_the_trash_and_comes_back() {
    let mut w = world();
    let m = w.f.store.create_meeting(&w.initiative, &input(&w)).unwrap();
    w.f.store.delete_item(EntityKind::Meeting, &m.id).unwrap();
    assert!(w.f.store.list_meetings(&w.initiative).unwrap().is_empty());
    expect_code(w.f.store.meeting(&m.id), ErrorCode::NotFound);
    let trash = w.f.store.list_trash(Some(&w.initiative)).unwrap();
    assert!(trash
        .iter()
        .any(|t| t.kind == EntityKind::Meeting && t.name == "Quarterly partners (2026-12-03)"));
    w.f.store.restore_item(EntityKind::Meeting, &m.id).unwrap();
    assert_eq!(w.f.store.meeting(&m.id).unwrap().attendees.len(), 2);
}

#[test]
fn the_default_agenda_shows_the_roll_up_then_each_result() {
    let mut w = world();
    let agenda = w.f.store.default_agenda(&w.initiative).unwrap();
    let kinds: Vec<SlideKind> = agenda.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            SlideKind::Rollup,
            SlideKind::ResultScorecard,
            SlideKind::Equity,
            SlideKind::Actions
        ]
    );
    assert_eq!(agenda[1].target_id.as_deref(), Some(w.result.as_str()));
    // It is a valid agenda as it stands.
    let mut i = input(&w);
    i.agenda = agenda;
    w.f.store.create_meeting(&w.initiative, &i).unwrap();
}

#[test]
fn the_cli_lists_the_meetings_newest_first() {
    let mut w = world();
    let first = w.f.store.create_meeting(&w.initiative, &input(&w)).unwrap();
    w.f.store
        .capture(
            &first.id,
            &capture(CaptureKind::Action, "Call every family", Some(3)),
        )
        .unwrap();
    w.f.store.finish_meeting(&first.id).unwrap();
    w.f.store
        .prepare_next_meeting(&first.id, "2027-03-04")
        .unwrap();
    drop(w.f.store);

    let (code, out, err) = cli(&w.f.path, &["meetings"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("date"), "{out}");
    assert!(
        lines[1].starts_with("2027-03-04  Quarterly partners  planned"),
        "{out}"
    );
    assert!(
        lines[2].starts_with("2026-12-03  Quarterly partners  finished"),
        "{out}"
    );
    assert!(lines[2].contains("YMCA; Parents' council"), "{out}");

    let (code, out, _) = cli(&w.f.path, &["meetings", "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json[1]["status"], "finished");
    assert_eq!(json[1]["items"][0]["filed_kind"], "action");
    assert_eq!(json[0]["prepared_from"], json[1]["id"]);
}
