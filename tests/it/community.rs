//! Community input: events with themes, quotes and links; where linked input shows up
//! (a measure, its worksheet); "last heard" per result; reusable themes; data walks.

use crate::support::*;
use backbone::model::{
    ActionInput, ActionLinkInput, ActionStatus, CommunityEventInput, CommunityLinkInput,
    CommunityTarget, EntityKind, EventKind, HeardThemeInput, LinkTarget, MoveDirection, QuoteInput,
    ReactionInput, ReactionKind, StationInput, WorksheetInput,
};
use backbone::ErrorCode;

struct World {
    f: Fixture,
    initiative: String,
    result: String,
    measure: String,
}

fn world() -> World {
    let mut f = Fixture::new();
    let m = f.indicator();
    World {
        initiative: m.initiative_id.clone(),
        result: m.result_id.clone().unwrap(),
        measure: m.id,
        f,
    }
}

fn event(title: &str, date: &str) -> CommunityEventInput {
    CommunityEventInput {
        kind: EventKind::ListeningSession,
        title: title.into(),
        event_date: date.into(),
        place: "Eastside library".into(),
        participants: Some(24),
        communities: "Parents of young children".into(),
        group_ids: vec![],
        summary: String::new(),
        themes: vec![],
        links: vec![],
    }
}

fn theme(name: &str, quotes: &[(&str, &str)]) -> HeardThemeInput {
    HeardThemeInput {
        theme_id: None,
        name: name.into(),
        summary: format!("What we heard about {name}"),
        quotes: quotes
            .iter()
            .map(|(text, who)| QuoteInput {
                id: None,
                text: text.to_string(),
                attribution: who.to_string(),
            })
            .collect(),
    }
}

fn link(kind: CommunityTarget, id: &str) -> CommunityLinkInput {
    CommunityLinkInput {
        target_kind: kind,
        target_id: id.into(),
    }
}

fn save_worksheet(w: &mut World) -> String {
    w.f.store
        .save_worksheet(
            &w.measure,
            &WorksheetInput {
                how_doing: "Flat for three years".into(),
                story: String::new(),
                factors: vec![],
                partners: vec![],
                ideas: vec![],
                action_plan: String::new(),
            },
        )
        .unwrap()
        .id
}

#[test]
fn an_event_keeps_its_themes_quotes_groups_and_links() {
    let mut w = world();
    let dim =
        w.f.store
            .create_dimension(&w.initiative, "Neighborhood", "geography")
            .unwrap();
    let eastside = w.f.store.create_group(&dim.id, "Eastside").unwrap();
    let mut input = event("Eastside listening session", "2026-10-02");
    input.group_ids = vec![eastside.id.clone()];
    input.themes = vec![theme(
        "Transportation",
        &[("The bus stops at 6", "a parent"), ("No car, no job", "")],
    )];
    input.links = vec![link(CommunityTarget::Measure, &w.measure)];
    let e =
        w.f.store
            .create_community_event(&w.initiative, &input)
            .unwrap();
    let again = w.f.store.community_event(&e.id).unwrap();
    assert_eq!(again, e);
    assert_eq!(e.participants, Some(24));
    assert_eq!(e.groups.len(), 1);
    assert_eq!(e.groups[0].name, "Eastside");
    assert_eq!(e.groups[0].dimension_name, "Neighborhood");
    assert_eq!(e.themes.len(), 1);
    let quotes: Vec<(&str, &str)> = e.themes[0]
        .quotes
        .iter()
        .map(|q| (q.text.as_str(), q.attribution.as_str()))
        .collect();
    assert_eq!(
        quotes,
        [("The bus stops at 6", "a parent"), ("No car, no job", "")]
    );
    assert_eq!(e.links.len(), 1);
    assert_eq!(e.links[0].name, "Graduation rate");

    // Editing replaces what was heard and linked.
    input.themes = vec![theme("Child care", &[])];
    input.links = vec![link(CommunityTarget::Result, &w.result)];
    input.group_ids = vec![];
    let edited = w.f.store.update_community_event(&e.id, &input).unwrap();
    let names: Vec<&str> = edited.themes.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Child care"]);
    assert!(edited.themes[0].quotes.is_empty());
    assert_eq!(edited.links[0].target_kind, CommunityTarget::Result);
    assert!(edited.groups.is_empty());
}

#[test]
fn events_are_validated_with_field_errors() {
    let mut w = world();
    let mut input = event("  ", "2026-10-02");
    expect_invalid(
        w.f.store.create_community_event(&w.initiative, &input),
        "title",
    );
    input.title = "Town hall".into();
    input.event_date = "2026-02-30".into();
    expect_invalid(
        w.f.store.create_community_event(&w.initiative, &input),
        "event_date",
    );
    input.event_date = "2026-02-03".into();
    input.participants = Some(-1);
    expect_invalid(
        w.f.store.create_community_event(&w.initiative, &input),
        "participants",
    );
    input.participants = None;
    input.summary = "x".repeat(20_001);
    expect_invalid(
        w.f.store.create_community_event(&w.initiative, &input),
        "summary",
    );
    input.summary = String::new();
    input.links = vec![link(CommunityTarget::Measure, "no-such-measure")];
    expect_invalid(
        w.f.store.create_community_event(&w.initiative, &input),
        "links",
    );
    // A result of another initiative cannot be linked.
    let other =
        w.f.store
            .create_initiative(&initiative("Other town"))
            .unwrap();
    let other_result =
        w.f.store
            .create_result(&other.id, &result_input("Jobs"))
            .unwrap()
            .id;
    input.links = vec![link(CommunityTarget::Result, &other_result)];
    expect_invalid(
        w.f.store.create_community_event(&w.initiative, &input),
        "links",
    );
    input.links = vec![];
    input.themes = vec![theme("Safety", &[("  ", "")])];
    expect_invalid(
        w.f.store.create_community_event(&w.initiative, &input),
        "quotes",
    );
    input.themes = vec![theme("Safety", &[]), theme(" safety ", &[])];
    expect_invalid(
        w.f.store.create_community_event(&w.initiative, &input),
        "themes",
    );
    assert_eq!(w.f.count("community_events"), 0);
}

#[test]
fn input_linked_to_a_measure_shows_for_the_measure_and_its_worksheet() {
    let mut w = world();
    let worksheet = save_worksheet(&mut w);
    let mut on_measure = event("Parents at the school", "2026-09-01");
    on_measure.links = vec![link(CommunityTarget::Measure, &w.measure)];
    let a =
        w.f.store
            .create_community_event(&w.initiative, &on_measure)
            .unwrap();
    let mut on_worksheet = event("Youth interviews", "2026-10-01");
    on_worksheet.links = vec![link(CommunityTarget::Worksheet, &worksheet)];
    let b =
        w.f.store
            .create_community_event(&w.initiative, &on_worksheet)
            .unwrap();
    let unrelated =
        w.f.store
            .create_community_event(&w.initiative, &event("Unlinked survey", "2026-11-01"))
            .unwrap();

    let ids = |events: Vec<backbone::model::CommunityEvent>| {
        events.into_iter().map(|e| e.id).collect::<Vec<_>>()
    };
    // Newest first, both for the measure and for its worksheet.
    assert_eq!(
        ids(w
            .f
            .store
            .events_for(CommunityTarget::Measure, &w.measure)
            .unwrap()),
        [b.id.clone(), a.id.clone()]
    );
    assert_eq!(
        ids(w
            .f
            .store
            .events_for(CommunityTarget::Worksheet, &worksheet)
            .unwrap()),
        [b.id.clone(), a.id.clone()]
    );
    assert!(w
        .f
        .store
        .events_for(CommunityTarget::Result, &w.result)
        .unwrap()
        .is_empty());
    // The log holds all three, newest first.
    assert_eq!(
        ids(w.f.store.community_events(&w.initiative).unwrap()),
        [unrelated.id, b.id.clone(), a.id.clone()]
    );
    // A deleted event no longer shows; restored, it is back.
    w.f.store.delete_community_event(&a.id).unwrap();
    assert_eq!(
        ids(w
            .f
            .store
            .events_for(CommunityTarget::Measure, &w.measure)
            .unwrap()),
        vec![b.id.clone()]
    );
    let trash = w.f.store.list_trash(Some(&w.initiative)).unwrap();
    assert!(trash
        .iter()
        .any(|t| t.kind == EntityKind::CommunityEvent && t.id == a.id));
    w.f.store
        .restore_item(EntityKind::CommunityEvent, &a.id)
        .unwrap();
    assert_eq!(
        w.f.store
            .events_for(CommunityTarget::Measure, &w.measure)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn last_heard_is_the_latest_live_event_about_a_result_or_its_work() {
    let mut w = world();
    let quiet =
        w.f.store
            .create_result(&w.initiative, &result_input("Families are stable"))
            .unwrap();
    let heard = |w: &World| {
        w.f.store
            .last_heard(&w.initiative)
            .unwrap()
            .into_iter()
            .map(|l| (l.result_name, l.event.map(|e| (e.title, e.event_date))))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        heard(&w),
        [
            ("Children thrive".to_string(), None),
            ("Families are stable".to_string(), None)
        ]
    );

    // Through an indicator.
    let mut e1 = event("On the indicator", "2026-03-01");
    e1.links = vec![link(CommunityTarget::Measure, &w.measure)];
    w.f.store
        .create_community_event(&w.initiative, &e1)
        .unwrap();
    assert_eq!(
        heard(&w)[0].1,
        Some(("On the indicator".to_string(), "2026-03-01".to_string()))
    );

    // Through an action serving the result: later, so it wins.
    let action =
        w.f.store
            .create_action(
                &w.initiative,
                &ActionInput {
                    title: "Later buses".into(),
                    description: String::new(),
                    owner_partner_id: None,
                    owner_person: String::new(),
                    start_date: None,
                    due_date: None,
                    status: ActionStatus::NotStarted,
                    links: vec![ActionLinkInput {
                        target_kind: LinkTarget::Result,
                        target_id: w.result.clone(),
                    }],
                },
            )
            .unwrap();
    let mut e2 = event("On the action", "2026-05-01");
    e2.links = vec![link(CommunityTarget::Action, &action.id)];
    let e2 =
        w.f.store
            .create_community_event(&w.initiative, &e2)
            .unwrap();
    assert_eq!(
        heard(&w)[0].1,
        Some(("On the action".to_string(), "2026-05-01".to_string()))
    );

    // Through the worksheet: an older event does not win.
    let worksheet = save_worksheet(&mut w);
    let mut e3 = event("On the worksheet", "2026-04-01");
    e3.links = vec![link(CommunityTarget::Worksheet, &worksheet)];
    w.f.store
        .create_community_event(&w.initiative, &e3)
        .unwrap();
    assert_eq!(heard(&w)[0].1.as_ref().unwrap().0, "On the action");

    // A deleted event is ignored.
    w.f.store.delete_community_event(&e2.id).unwrap();
    assert_eq!(
        heard(&w)[0].1,
        Some(("On the worksheet".to_string(), "2026-04-01".to_string()))
    );
    // The other result heard nothing.
    assert_eq!(heard(&w)[1], (quiet.name.clone(), None));
}

#[test]
fn themes_are_reused_across_events() {
    let mut w = world();
    let mut first = event("First", "2026-01-10");
    first.themes = vec![theme("Transportation", &[]), theme("Safety", &[])];
    let first =
        w.f.store
            .create_community_event(&w.initiative, &first)
            .unwrap();
    let mut second = event("Second", "2026-02-10");
    second.themes = vec![theme("  transportation ", &[("Buses are late", "")])];
    let second =
        w.f.store
            .create_community_event(&w.initiative, &second)
            .unwrap();
    assert_eq!(second.themes[0].theme_id, first.themes[1].theme_id);
    assert_eq!(second.themes[0].name, "Transportation");

    let counts = |w: &World| {
        w.f.store
            .themes(&w.initiative)
            .unwrap()
            .into_iter()
            .map(|t| (t.name, t.events))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        counts(&w),
        [("Safety".to_string(), 1), ("Transportation".to_string(), 2)]
    );
    assert_eq!(w.f.count("community_themes"), 2);
    // Picking the theme by id works too; a deleted event no longer counts.
    let id = first.themes[0].theme_id.clone();
    let mut third = event("Third", "2026-03-10");
    third.themes = vec![HeardThemeInput {
        theme_id: Some(id),
        name: String::new(),
        summary: String::new(),
        quotes: vec![],
    }];
    w.f.store
        .create_community_event(&w.initiative, &third)
        .unwrap();
    w.f.store.delete_community_event(&first.id).unwrap();
    assert_eq!(
        counts(&w),
        [("Safety".to_string(), 1), ("Transportation".to_string(), 1)]
    );
    // Making a theme by a name already taken returns that theme.
    let again = w.f.store.create_theme(&w.initiative, "SAFETY").unwrap();
    assert_eq!(again.name, "Safety");
    assert_eq!(w.f.count("community_themes"), 2);
}

#[test]
fn a_data_walk_has_stations_in_order_with_reactions() {
    let mut w = world();
    let second_measure =
        w.f.store
            .create_measure(&w.initiative, &indicator_input(&w.result, "Attendance"))
            .unwrap();
    let listening =
        w.f.store
            .create_community_event(&w.initiative, &event("Not a walk", "2026-06-01"))
            .unwrap();
    let station = |m: &str, title: &str| StationInput {
        measure_id: m.into(),
        plain_title: title.into(),
        question: "What do you notice?".into(),
    };
    expect_invalid(
        w.f.store
            .add_station(&listening.id, &station(&w.measure, "Finishing school")),
        "kind",
    );

    let mut walk = event("Data walk at the rec center", "2026-06-15");
    walk.kind = EventKind::DataWalk;
    let walk =
        w.f.store
            .create_community_event(&w.initiative, &walk)
            .unwrap();
    expect_invalid(
        w.f.store.add_station(&walk.id, &station(&w.measure, " ")),
        "plain_title",
    );
    w.f.store
        .add_station(&walk.id, &station(&w.measure, "Finishing school"))
        .unwrap();
    let e =
        w.f.store
            .add_station(&walk.id, &station(&second_measure.id, "Being in class"))
            .unwrap();
    let titles = |e: &backbone::model::CommunityEvent| {
        e.stations
            .iter()
            .map(|s| s.plain_title.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(&e), ["Finishing school", "Being in class"]);
    let e =
        w.f.store
            .move_station(&e.stations[1].id, MoveDirection::Up)
            .unwrap();
    assert_eq!(titles(&e), ["Being in class", "Finishing school"]);
    assert_eq!(e.stations[0].measure_name, "Attendance");

    let target = e.stations[1].id.clone();
    w.f.store
        .add_reaction(
            &target,
            &ReactionInput {
                kind: ReactionKind::Surprised,
                reaction: "It went down in 2024".into(),
            },
        )
        .unwrap();
    let e =
        w.f.store
            .add_reaction(
                &target,
                &ReactionInput {
                    kind: ReactionKind::WouldDo,
                    reaction: "Tutoring at the library".into(),
                },
            )
            .unwrap();
    expect_invalid(
        w.f.store.add_reaction(
            &target,
            &ReactionInput {
                kind: ReactionKind::Other,
                reaction: "   ".into(),
            },
        ),
        "reaction",
    );
    let reactions: Vec<(ReactionKind, &str)> = e.stations[1]
        .reactions
        .iter()
        .map(|r| (r.kind, r.reaction.as_str()))
        .collect();
    assert_eq!(
        reactions,
        [
            (ReactionKind::Surprised, "It went down in 2024"),
            (ReactionKind::WouldDo, "Tutoring at the library")
        ]
    );
    let e =
        w.f.store
            .remove_reaction(&e.stations[1].reactions[0].id)
            .unwrap();
    assert_eq!(e.stations[1].reactions.len(), 1);
    assert!(e.stations[0].reactions.is_empty());

    let e = w.f.store.remove_station(&e.stations[0].id).unwrap();
    assert_eq!(titles(&e), ["Finishing school"]);
    expect_code(
        w.f.store.remove_station("no-such-station"),
        ErrorCode::NotFound,
    );
}

fn run_binary(db: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(crate::malformed::cli_binary())
        .arg("--db")
        .arg(db)
        .arg("community")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Two events: an older one linked to the measure and the result, with a theme and a
/// quote holding a comma and quotes; a newer one linked to nothing.
fn cli_world() -> World {
    let mut w = world();
    let mut older = event("Parents' night, Eastside", "2026-03-05");
    older.themes = vec![
        theme(
            "Transportation",
            &[("Buses \"never\" come, ever", "a parent")],
        ),
        theme("Child care", &[]),
    ];
    older.links = vec![
        link(CommunityTarget::Measure, &w.measure),
        link(CommunityTarget::Result, &w.result),
    ];
    w.f.store
        .create_community_event(&w.initiative, &older)
        .unwrap();
    let mut newer = event("Youth survey", "2026-09-20");
    newer.kind = EventKind::Survey;
    newer.participants = None;
    w.f.store
        .create_community_event(&w.initiative, &newer)
        .unwrap();
    w
}

#[test]
fn the_cli_lists_events_as_json_newest_first_with_their_links() {
    let w = cli_world();
    let (code, out, err) = run_binary(&w.f.path, &["--format", "json", "--initiative", "Test"]);
    assert_eq!(code, 0, "{err}");
    let events: Vec<backbone::model::CommunityEvent> = serde_json::from_str(&out).unwrap();
    let titles: Vec<&str> = events.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Youth survey", "Parents' night, Eastside"]);
    let links: Vec<&str> = events[1].links.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(links, ["Children thrive", "Graduation rate"]);
    assert_eq!(
        events[1].themes[1].quotes[0].text,
        "Buses \"never\" come, ever"
    );
    let (code, _, err) = run_binary(&w.f.path, &["--initiative", "Nowhere"]);
    assert_ne!(code, 0);
    assert!(err.contains("Nowhere"), "{err}");
}

#[test]
fn the_cli_writes_one_csv_row_per_event_with_links_joined() {
    let w = cli_world();
    let (code, out, err) = run_binary(&w.f.path, &["--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, backbone::cli::community::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][3], "Youth survey");
    assert_eq!(&rows[0][2], "survey");
    assert_eq!(&rows[0][5], "", "unknown participants stay blank");
    assert_eq!(&rows[1][1], "2026-03-05");
    assert_eq!(&rows[1][3], "Parents' night, Eastside");
    assert_eq!(&rows[1][5], "24");
    assert_eq!(&rows[1][8], "Child care; Transportation");
    assert_eq!(&rows[1][9], "1");
    assert_eq!(
        &rows[1][10],
        "result: Children thrive; measure: Graduation rate"
    );
    assert!(out.contains("\r\n"), "RFC 4180 line ends");
}

/// The names of an event's themes, as listed.
fn theme_names(e: &backbone::model::CommunityEvent) -> Vec<&str> {
    e.themes.iter().map(|t| t.name.as_str()).collect()
}

#[test]
fn an_events_themes_are_listed_by_name_in_any_case_everywhere() {
    let mut w = world();
    let mut input = event("Eastside listening session", "2026-10-02");
    input.themes = vec![
        theme("Transportation", &[("The bus stops at 6", "a parent")]),
        theme("child care", &[]),
        theme("Bus stops", &[]),
    ];
    input.links = vec![link(CommunityTarget::Measure, &w.measure)];
    let e =
        w.f.store
            .create_community_event(&w.initiative, &input)
            .unwrap();
    // By name, ignoring case ("child care" between "Bus" and "Transportation"), not in
    // the order they were typed.
    let by_name = ["Bus stops", "child care", "Transportation"];
    assert_eq!(theme_names(&e), by_name);
    assert_eq!(
        theme_names(&w.f.store.community_event(&e.id).unwrap()),
        by_name
    );
    assert_eq!(
        theme_names(&w.f.store.community_events(&w.initiative).unwrap()[0]),
        by_name
    );
    assert_eq!(
        theme_names(
            &w.f.store
                .events_for(CommunityTarget::Measure, &w.measure)
                .unwrap()[0]
        ),
        by_name
    );
    let listed: Vec<String> =
        w.f.store
            .themes(&w.initiative)
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
    assert_eq!(listed, by_name, "the initiative's themes in the same order");

    // A theme added at the end of the form takes its place by name.
    input.themes.push(theme("Afterschool", &[]));
    let edited = w.f.store.update_community_event(&e.id, &input).unwrap();
    let with_new = ["Afterschool", "Bus stops", "child care", "Transportation"];
    assert_eq!(theme_names(&edited), with_new);

    // The CLI lists them in the same order, as JSON and CSV.
    let (code, out, err) = run_binary(&w.f.path, &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let events: Vec<backbone::model::CommunityEvent> = serde_json::from_str(&out).unwrap();
    assert_eq!(theme_names(&events[0]), with_new);
    let (code, out, err) = run_binary(&w.f.path, &["--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(
        &row[8],
        "Afterschool; Bus stops; child care; Transportation"
    );
}

/// How many changes to quotes the change log holds (every insert, edit and removal).
fn quote_changes(path: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT count(*) FROM change_log WHERE table_name = 'community_quotes'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// Every live quote of the event: (id, text), in the order listed.
fn quotes_of(e: &backbone::model::CommunityEvent) -> Vec<(String, String)> {
    e.themes
        .iter()
        .flat_map(|t| t.quotes.iter().map(|q| (q.id.clone(), q.text.clone())))
        .collect()
}

#[test]
fn editing_an_event_keeps_its_quotes_as_the_same_rows() {
    let mut w = world();
    let mut input = event("Eastside listening session", "2026-10-02");
    input.themes = vec![
        theme(
            "Transportation",
            &[("The bus stops at 6", "a parent"), ("No car, no job", "")],
        ),
        theme("Child care", &[("Waitlists everywhere", "a grandmother")]),
    ];
    let e =
        w.f.store
            .create_community_event(&w.initiative, &input)
            .unwrap();
    let before = quotes_of(&e);
    assert_eq!(before.len(), 3);
    let changes = quote_changes(&w.f.path);

    // Saved again unchanged, as a form or the CLI sends it (no quote ids): the same
    // quotes, nothing written to them.
    input.summary = "Edited the summary only".into();
    let same = w.f.store.update_community_event(&e.id, &input).unwrap();
    assert_eq!(quotes_of(&same), before);
    assert_eq!(
        quote_changes(&w.f.path),
        changes,
        "an unchanged quote is not deleted and re-created"
    );

    // With ids (as the app's form sends them): one quote reworded in place, one removed,
    // one added.
    let id_of = |text: &str| before.iter().find(|q| q.1 == text).unwrap().0.clone();
    let quote = |id: Option<String>, text: &str| QuoteInput {
        id,
        text: text.into(),
        attribution: String::new(),
    };
    input.themes[0].quotes = vec![quote(
        Some(id_of("The bus stops at 6")),
        "The last bus is at 6",
    )];
    input.themes[1].quotes = vec![
        QuoteInput {
            id: Some(id_of("Waitlists everywhere")),
            text: "Waitlists everywhere".into(),
            attribution: "a grandmother".into(),
        },
        quote(None, "Nobody answers the phone"),
    ];
    let edited = w.f.store.update_community_event(&e.id, &input).unwrap();
    let after = quotes_of(&edited);
    let texts: Vec<&str> = after.iter().map(|q| q.1.as_str()).collect();
    // Child care is listed first (by name), then Transportation.
    assert_eq!(
        texts,
        [
            "Waitlists everywhere",
            "Nobody answers the phone",
            "The last bus is at 6"
        ]
    );
    assert_eq!(after[0].0, id_of("Waitlists everywhere"), "kept");
    assert_eq!(after[2].0, id_of("The bus stops at 6"), "reworded in place");
    assert!(
        before.iter().all(|q| q.0 != after[1].0),
        "the new quote is a new row"
    );
    assert!(
        after.iter().all(|q| q.0 != id_of("No car, no job")),
        "the quote left out is gone"
    );

    // An id that is not one of this event's quotes is refused, and nothing changes.
    let mut other = event("Another session", "2026-10-09");
    other.themes = vec![theme("Child care", &[("Someone else's words", "")])];
    let other =
        w.f.store
            .create_community_event(&w.initiative, &other)
            .unwrap();
    input.themes[1].quotes.push(QuoteInput {
        id: Some(other.themes[0].quotes[0].id.clone()),
        text: "Someone else's words".into(),
        attribution: String::new(),
    });
    expect_code(
        w.f.store.update_community_event(&e.id, &input),
        ErrorCode::InvalidInput,
    );
    assert_eq!(quotes_of(&w.f.store.community_event(&e.id).unwrap()), after);
    assert_eq!(
        quotes_of(&w.f.store.community_event(&other.id).unwrap()).len(),
        1
    );
}
