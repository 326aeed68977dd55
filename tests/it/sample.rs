//! The shipped sample initiative: loaded once on first run, shaped like the real thing,
//! internally consistent, and removable for good.

use crate::support::*;
use backbone::model::{MeasureKind, Observation, RbaCategory};
use backbone::ErrorCode;
use std::collections::{BTreeMap, BTreeSet, HashSet};

#[test]
fn first_run_loads_exactly_one_sample_and_only_once() {
    let mut f = Fixture::new();
    let id = f
        .store
        .load_sample_on_first_run()
        .unwrap()
        .expect("a new store gets the sample");
    let all = f.store.list_initiatives().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, id);
    assert!(all[0].is_sample);
    assert!(
        all[0].name.starts_with("Sample:"),
        "the sample says it is one wherever its name shows: {}",
        all[0].name
    );
    assert_eq!(f.store.sample_initiative_id().unwrap(), Some(id.clone()));

    let log = f.count("change_log");
    assert_eq!(f.store.load_sample_on_first_run().unwrap(), None);
    assert_eq!(f.store.list_initiatives().unwrap().len(), 1);
    assert_eq!(f.count("change_log"), log, "the second call wrote nothing");
}

#[test]
fn a_store_with_the_users_own_initiative_gets_no_sample() {
    let mut f = Fixture::new();
    f.store.create_initiative(&initiative("Ours")).unwrap();
    assert_eq!(f.store.load_sample_on_first_run().unwrap(), None);
    assert_eq!(f.store.list_initiatives().unwrap().len(), 1);
}

#[test]
fn the_sample_is_shaped_like_a_real_initiative() {
    let mut f = Fixture::new();
    let id = f.store.load_sample().unwrap();
    assert_eq!(f.store.list_results(&id).unwrap().len(), 2);

    let measures = f.store.list_measures(&id).unwrap();
    let indicators: Vec<_> = measures
        .iter()
        .filter(|m| m.kind == MeasureKind::Indicator)
        .collect();
    let mut with_history = 0;
    for m in &indicators {
        let periods: HashSet<String> = f
            .store
            .list_observations(&m.id)
            .unwrap()
            .into_iter()
            .filter(|o| o.group_ids.is_empty() && o.value.is_some())
            .map(|o| o.period)
            .collect();
        if (6..=10).contains(&periods.len()) {
            with_history += 1;
        } else {
            assert!(
                periods.is_empty() && m.data_development,
                "{}: {} periods with a total; an indicator without data belongs on the \
                 data development agenda",
                m.name,
                periods.len()
            );
        }
    }
    assert!(
        with_history >= 5,
        "{with_history} indicators have 6-10 years of totals"
    );

    let programs = f.store.list_programs(&id).unwrap();
    assert_eq!(programs.len(), 2);
    for p in &programs {
        let categories: HashSet<RbaCategory> = measures
            .iter()
            .filter(|m| m.program_id.as_deref() == Some(p.id.as_str()))
            .filter_map(|m| m.category)
            .collect();
        assert_eq!(
            categories.len(),
            3,
            "{} should answer how much, how well and is anyone better off",
            p.name
        );
        assert!(p.lead_partner_id.is_some(), "{} has a lead partner", p.name);
    }

    let partners = f.store.list_partners(&id).unwrap();
    assert_eq!(partners.len(), 8);
    let sectors: HashSet<_> = partners.iter().map(|p| p.sector).collect();
    assert!(sectors.len() >= 6, "cross-sector: {sectors:?}");

    let dimensions = f.store.list_dimensions(&id).unwrap();
    let race = dimensions
        .iter()
        .find(|d| d.kind == "race_ethnicity")
        .expect("a race/ethnicity dimension for the equity lens");
    assert!(race.groups.len() >= 3);
    let with_values: HashSet<String> = indicators
        .iter()
        .flat_map(|m| f.store.list_observations(&m.id).unwrap())
        .filter(|o| o.value.is_some())
        .flat_map(|o| o.group_ids)
        .collect();
    for g in &race.groups {
        assert!(
            with_values.contains(&g.id),
            "group {} has no values",
            g.name
        );
    }
    assert!(f.store.check().unwrap().ok());
}

#[test]
fn each_total_lies_between_its_group_values() {
    // Internal consistency: a total is a weighted mean of its groups, so it cannot be
    // below the lowest group or above the highest.
    let mut f = Fixture::new();
    let id = f.store.load_sample().unwrap();
    let mut checked = 0;
    for m in f.store.list_measures(&id).unwrap() {
        if m.kind != MeasureKind::Indicator {
            continue;
        }
        let mut by_period: BTreeMap<String, (Option<f64>, Vec<f64>)> = BTreeMap::new();
        for Observation {
            period,
            group_ids,
            value,
            ..
        } in f.store.list_observations(&m.id).unwrap()
        {
            let Some(v) = value else { continue };
            let entry = by_period.entry(period).or_default();
            if group_ids.is_empty() {
                entry.0 = Some(v);
            } else {
                entry.1.push(v);
            }
        }
        for (period, (total, groups)) in by_period {
            let Some(total) = total else { continue };
            if groups.is_empty() {
                continue;
            }
            let lo = groups.iter().cloned().fold(f64::INFINITY, f64::min);
            let hi = groups.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            assert!(
                (lo..=hi).contains(&total),
                "{} {period}: total {total} outside its groups {lo}..{hi}",
                m.name
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 30,
        "only {checked} periods had totals and groups"
    );
}

#[test]
fn removing_the_sample_sticks_and_leaves_a_whole_file() {
    let mut f = Fixture::new();
    f.store.load_sample_on_first_run().unwrap().unwrap();
    let periods = f.count("periods");
    assert_eq!(f.store.remove_sample().unwrap(), 1);
    assert!(f.store.list_initiatives().unwrap().is_empty());
    assert_eq!(f.store.sample_initiative_id().unwrap(), None);
    let report = f.store.check().unwrap();
    assert!(report.ok(), "{report:?}");
    assert_eq!((report.initiatives, report.observations), (0, 0));
    assert_eq!(
        f.count("observations"),
        0,
        "the sample is purged, not trashed"
    );
    assert_eq!(
        f.count("disaggregations"),
        1,
        "only the total's disaggregation is left"
    );
    assert_eq!(f.count("periods"), periods, "periods are shared and stay");

    assert_eq!(
        f.store.load_sample_on_first_run().unwrap(),
        None,
        "a user who removed the sample does not get it back on the next start"
    );
    assert!(f.store.list_initiatives().unwrap().is_empty());
    drop(f.store);
    let (mut reopened, _) = open_at(&f.path, &f.clock).unwrap();
    assert_eq!(reopened.load_sample_on_first_run().unwrap(), None);

    // Asking for it explicitly still works.
    reopened.load_sample().unwrap();
    assert_eq!(reopened.list_initiatives().unwrap().len(), 1);
}

#[test]
fn the_sample_cannot_be_loaded_twice() {
    let mut f = Fixture::new();
    let id = f.store.load_sample().unwrap();
    let before = f.count("change_log");
    let e = expect_code(f.store.load_sample(), ErrorCode::Conflict);
    assert!(e.to_string().contains(&id), "{e}");
    assert_eq!(f.count("change_log"), before);
    assert_eq!(f.store.remove_sample().unwrap(), 1);
    assert_eq!(
        f.store.remove_sample().unwrap(),
        0,
        "nothing left to remove"
    );
}

#[test]
fn sample_values_are_marked_as_the_samples() {
    let mut f = Fixture::new();
    let id = f.store.load_sample().unwrap();
    let entered_by: BTreeSet<Option<String>> = f
        .store
        .list_measures(&id)
        .unwrap()
        .iter()
        .flat_map(|m| f.store.list_observations(&m.id).unwrap())
        .map(|o| o.entered_by)
        .collect();
    assert_eq!(
        entered_by,
        BTreeSet::from([Some("Backbone sample".to_string())]),
        "nobody typed the sample's numbers"
    );
}

/// The sample shows the work around the numbers too: a worksheet with its history, actions
/// with their logs (one overdue, one due within 14 days), comments, and partners' roles in
/// words, all dated before the day it is loaded and by the people it names.
#[test]
fn the_sample_shows_the_work_around_the_numbers() {
    use backbone::model::{
        ActionFilter, ActionStatus, ChangeKind, CommentTarget, CommentTargetKind, LinkTarget,
        WorksheetSection,
    };
    let mut f = Fixture::new();
    let id = f.store.load_sample().unwrap();
    let today = start_time().date_naive();
    let measures = f.store.list_measures(&id).unwrap();
    let reading = measures
        .iter()
        .find(|m| m.name == "Third-grade reading proficiency")
        .unwrap();

    let sheet = f.store.worksheet(&reading.id).unwrap();
    assert_eq!(
        sheet.revision, 3,
        "saved, an idea filed by the meeting, saved again"
    );
    assert!(!sheet.stale, "saved after the sample's values went in");
    assert_eq!(sheet.factors.len(), 4);
    assert_eq!(sheet.ideas.len(), 4);
    assert_eq!(sheet.partners.len(), 3);
    let history = f.store.worksheet_revisions(&reading.id).unwrap();
    assert_eq!(history.len(), 3);
    assert!(
        history[1].saved_at < history[0].saved_at,
        "newest first, dated apart"
    );
    assert!(history[2].saved_at < history[1].saved_at);
    let diff = f.store.worksheet_diff(&reading.id, 2, 3).unwrap();
    let ideas = diff.sections.iter().find(|s| s.section == "ideas").unwrap();
    let family_night: Vec<_> = ideas
        .items
        .iter()
        .filter(|i| {
            [&i.before, &i.after]
                .iter()
                .any(|t| t.as_deref().is_some_and(|t| t.contains("Family night")))
        })
        .map(|i| i.kind)
        .collect();
    assert_eq!(
        family_night,
        [ChangeKind::Changed],
        "the idea the meeting filed is the same item when the team marks it low-cost"
    );

    let open = f.store.list_actions(&id, &ActionFilter::default()).unwrap();
    assert_eq!(
        open.len(),
        4,
        "the done one is not open; one came from the meeting"
    );
    let overdue: Vec<_> = open.iter().filter(|a| a.overdue).collect();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].status, ActionStatus::AtRisk);
    assert_eq!(
        overdue[0].updates.len(),
        2,
        "its log: on track, then at risk"
    );
    assert!(open.iter().any(|a| {
        let due: chrono::NaiveDate = a.due_date.as_deref().unwrap().parse().unwrap();
        due > today && due <= today + chrono::Duration::days(14)
    }));
    let on_reading = f
        .store
        .actions_for(LinkTarget::Measure, &reading.id)
        .unwrap();
    assert_eq!(on_reading.len(), 3);

    let on_story = f
        .store
        .comments_on(&CommentTarget {
            kind: CommentTargetKind::Worksheet,
            id: sheet.id.clone(),
            section: Some(WorksheetSection::Story),
        })
        .unwrap();
    assert_eq!(on_story.len(), 1);
    assert_eq!(on_story[0].author, "Rev. James Carter");
    let counts = f.store.comment_counts(&reading.id).unwrap();
    assert_eq!(counts.values.len(), 1, "one value has a comment");

    let described: i64 = f
        .raw()
        .query_row(
            "SELECT count(*) FROM partner_roles WHERE initiative_id = ?1 AND description != ''",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        described, 10,
        "7 roles on results and 3 on the worksheet's measure"
    );

    // Its meetings: one held (its record, and what it filed), the next one prepared.
    let meetings = f.store.list_meetings(&id).unwrap();
    assert_eq!(meetings.len(), 2);
    let held = meetings
        .iter()
        .find(|m| m.status == backbone::model::MeetingStatus::Finished)
        .unwrap();
    assert_eq!(held.attendees.len(), 4);
    assert!(held.decisions.contains("attendance buddies"));
    let filed: Vec<_> = held
        .items
        .iter()
        .filter_map(|i| i.filed_kind.as_deref())
        .collect();
    assert_eq!(filed, ["action", "worksheet"]);
    let next = meetings
        .iter()
        .find(|m| m.status == backbone::model::MeetingStatus::Planned)
        .unwrap();
    assert_eq!(next.prepared_from.as_deref(), Some(held.id.as_str()));
    assert_eq!(next.agenda, held.agenda);
    assert!(next.meeting_date.as_str() > today.to_string().as_str());

    // Its community input: a data walk with reactions, a listening session, a theme heard
    // at both, and the results last heard from.
    let events = f.store.community_events(&id).unwrap();
    assert_eq!(events.len(), 2);
    let walk = &events[0];
    assert_eq!(walk.stations.len(), 2);
    assert_eq!(
        walk.stations
            .iter()
            .map(|s| s.reactions.len())
            .sum::<usize>(),
        4
    );
    let themes = f.store.themes(&id).unwrap();
    let shared = themes
        .iter()
        .find(|t| t.name == "Getting to school")
        .unwrap();
    assert_eq!(shared.events, 2, "one theme, heard at two events");
    let heard = f.store.last_heard(&id).unwrap();
    assert_eq!(heard.len(), 2);
    assert!(heard.iter().all(|h| h.event.is_some()));
    assert_eq!(
        f.store
            .events_for(backbone::model::CommunityTarget::Measure, &reading.id)
            .unwrap()
            .len(),
        1
    );

    // Removing the sample takes all of it.
    f.store.remove_sample().unwrap();
    for table in [
        "worksheets",
        "worksheet_revisions",
        "actions",
        "action_links",
        "action_updates",
        "comments",
        "meetings",
        "meeting_items",
        "community_events",
        "community_themes",
        "data_walk_reactions",
    ] {
        assert_eq!(f.count(table), 0, "{table}");
    }
}
