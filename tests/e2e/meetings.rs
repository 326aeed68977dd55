//! Meeting mode in the real window, on the sample: a meeting planned on the Meetings
//! screen (the default agenda: at least three slides), presented full screen and paged
//! with the keyboard (ArrowRight, PageDown, Space), an action captured with its owner and
//! due date, the meeting finished; the action is then on the Actions board and the
//! meeting's record in the list (screenshot of a projected slide: e2e-meeting-slide.png).

use super::{click, fill, launch, sandbox, shot, wait_text};
use crate::webdriver::Driver;
use serde_json::json;

const TITLE: &str = "Riverbend partners, end of year";
const ACTION: &str = "Share the reading curve with every principal";
const OWNER: &str = "Riverbend Unified School District";

/// The counter's "n / total".
fn counter(s: &crate::webdriver::Session) -> String {
    s.text(&s.find("[data-testid=\"slide-counter\"]"))
}

/// A key as a clicker or keyboard sends it, to the meeting-mode window.
fn key(s: &crate::webdriver::Session, key: &str) {
    let e = s.find("[data-testid=\"meeting-mode\"]");
    s.type_text(&e, key);
}

#[test]
fn a_meeting_is_presented_with_the_keyboard_and_files_its_action() {
    let sb = sandbox();
    let driver = Driver::start(4614);
    let s = launch(&driver, &sb.db);

    // Plan it: the default agenda (roll-up, each result's scorecard, equity, actions).
    click(&s, "[data-testid=\"nav-meetings\"]");
    click(&s, "[data-testid=\"new-meeting\"]");
    s.find("[data-testid=\"meeting-form\"]");
    fill(&s, "input[name=\"meeting-title\"]", TITLE);
    let slides = s.find_all("[data-testid=\"agenda-slide\"]").len();
    assert!(slides >= 3, "the default agenda has {slides} slides");
    click(&s, "[data-testid=\"meeting-save\"]");
    wait_text(&s, "[data-testid=\"record-title\"]", TITLE);

    // Meeting mode: full screen, no app chrome visible over it.
    click(&s, "[data-testid=\"start-meeting\"]");
    s.find("[data-testid=\"meeting-mode\"]");
    assert_eq!(counter(&s), format!("1 / {slides}"));
    key(&s, "\u{E014}"); // ArrowRight
    wait_text(
        &s,
        "[data-testid=\"slide-counter\"]",
        &format!("2 / {slides}"),
    );
    key(&s, "\u{E00F}"); // PageDown
    wait_text(
        &s,
        "[data-testid=\"slide-counter\"]",
        &format!("3 / {slides}"),
    );
    key(&s, " "); // Space
    let expected = format!("{} / {slides}", 4.min(slides));
    wait_text(&s, "[data-testid=\"slide-counter\"]", &expected);
    // The slide has loaded its live data (no "Loading…" left), then it is projected.
    s.wait("the slide to load", || {
        let text = s.text(&s.find("[data-testid=\"slide-area\"]"));
        (!text.contains("Loading")).then_some(())
    });
    let covers = s.execute(
        "const r = document.querySelector('[data-testid=\"meeting-mode\"]').getBoundingClientRect();
         return r.left <= 0 && r.top <= 0 && r.width >= window.innerWidth && r.height >= window.innerHeight;",
        vec![],
    );
    assert_eq!(covers, json!(true), "meeting mode covers the whole window");
    shot(
        &s,
        "[data-testid=\"meeting-mode\"]",
        "start",
        "e2e-meeting-slide.png",
    );

    // Capture an action: N opens the pane.
    key(&s, "n");
    s.find("[data-testid=\"capture-pane\"]");
    s.select("[data-testid=\"capture-kind\"]", "action");
    fill(&s, "[data-testid=\"capture-text\"]", ACTION);
    s.select_by_text("[data-testid=\"capture-owner\"]", OWNER);
    // A date input takes its value as the browser's date picker would set it.
    s.execute(
        "const d = document.querySelector('[data-testid=\"capture-due\"]');
         d.value = '2027-01-29';
         d.dispatchEvent(new Event('input', {bubbles: true}));
         d.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    );
    click(&s, "[data-testid=\"capture-save\"]");
    wait_text(&s, "[data-testid=\"captured-items\"]", ACTION);

    // Finish: what will be filed is shown first.
    click(&s, "[data-testid=\"finish-meeting\"]");
    wait_text(&s, "[data-testid=\"finish-confirm\"]", ACTION);
    click(&s, "[data-testid=\"finish-confirm-yes\"]");
    wait_text(&s, "[data-testid=\"record-status\"]", "Finished");
    wait_text(&s, "[data-testid=\"record-actions\"]", ACTION);
    assert!(s.find_all("[data-testid=\"meeting-mode\"]").is_empty());

    // The action is on the Actions board, with its owner.
    click(&s, "[data-testid=\"nav-actions\"]");
    wait_text(&s, "[data-testid=\"actions-board\"]", ACTION);
    let card = s.wait("the new action's card", || {
        s.find_all("[data-testid=\"action-card\"]")
            .into_iter()
            .find(|c| s.text(c).contains(ACTION))
    });
    assert!(s.text(&card).contains(OWNER), "{}", s.text(&card));

    // And the meeting's record is in the list.
    click(&s, "[data-testid=\"nav-meetings\"]");
    wait_text(&s, "[data-testid=\"meeting-row\"]", TITLE);
    let row = s.wait("the meeting's row", || {
        s.find_all("[data-testid=\"meeting-row\"]")
            .into_iter()
            .find(|r| s.text(r).contains(TITLE))
    });
    assert!(s.text(&row).contains("Finished"), "{}", s.text(&row));
    s.close();
}
