//! Actions in the real window, on the sample: the Overview lists the overdue action first
//! and the one due soon; opening it lands on the Actions board with it open; a status
//! update posted there heads its dated log, under your name; deleting a partner that
//! owns actions asks what to do with them (screenshot e2e-actions.png).

use super::{click, fill, launch, sandbox, shot, wait_text};
use crate::webdriver::{keys, Driver};

const OVERDUE: &str = "Pilot attendance buddies in two elementary schools";
const SOON: &str = "Install little free libraries at three River Road bus stops";

#[test]
fn overdue_actions_on_the_overview_open_on_the_board_with_their_status_log() {
    let sb = sandbox();
    let driver = Driver::start(4574);
    let s = launch(&driver, &sb.db);

    click(&s, "[data-testid=\"nav-settings\"]");
    fill(&s, "[data-testid=\"settings-author-name\"]", "Ana Lima");
    click(&s, "[data-testid=\"settings-author-save\"]");
    wait_text(&s, "[data-testid=\"toast\"]", "Your name is now Ana Lima");

    // The Overview: the overdue action first, in words, then the one due soon.
    click(&s, "[data-testid=\"nav-overview\"]");
    wait_text(&s, "[data-testid=\"due-item\"]", SOON);
    let items: Vec<String> = s
        .find_all("[data-testid=\"due-item\"]")
        .iter()
        .map(|e| s.text(e))
        .collect();
    assert!(
        items[0].contains(OVERDUE) && items[0].contains("Overdue"),
        "{items:?}"
    );
    assert!(items
        .iter()
        .any(|t| t.contains(SOON) && !t.contains("Overdue")));

    // Opening it: the board, with the action open.
    click(&s, "[data-testid=\"due-item\"] button");
    wait_text(&s, "[data-testid=\"action-detail\"]", OVERDUE);
    s.find("[data-testid=\"actions-board\"]");

    // A status update heads the log, dated today, under your name.
    s.select("[data-testid=\"update-status\"]", "on_track");
    fill(
        &s,
        "[data-testid=\"update-comment\"]",
        "Both schools matched their buddies",
    );
    click(&s, "[data-testid=\"post-update\"]");
    s.wait("the new update to head the log", || {
        let first = s.find_all("[data-testid=\"log-entry\"]").first().cloned()?;
        let text = s.text(&first);
        (text.contains("Both schools matched their buddies") && text.contains("Ana Lima"))
            .then_some(())
    });
    wait_text(&s, "[data-testid=\"detail-status\"]", "On track");
    shot(
        &s,
        "[data-testid=\"status-log\"]",
        "center",
        "e2e-actions.png",
    );

    // Deleting the partner that owns it asks what to do with its actions.
    s.type_text(&s.find("[data-testid=\"update-comment\"]"), keys::ESCAPE);
    s.wait("the action to close", || {
        s.find_all("[data-testid=\"action-detail\"]")
            .is_empty()
            .then_some(())
    });
    click(&s, "[data-testid=\"nav-partners\"]");
    click(
        &s,
        "button[aria-label=\"Delete Riverbend Unified School District\"]",
    );
    wait_text(
        &s,
        "[data-testid=\"owned-count\"]",
        "Riverbend Unified School District owns",
    );
    click(
        &s,
        "[data-testid=\"delete-partner-dialog\"] input[value=\"keep\"]",
    );
    click(
        &s,
        "[data-testid=\"delete-partner-dialog\"] [data-testid=\"confirm\"]",
    );
    wait_text(
        &s,
        "[data-testid=\"toast\"]",
        "stay with it as a former partner",
    );
    click(&s, "[data-testid=\"nav-actions\"]");
    wait_text(
        &s,
        "[data-testid=\"action-owner\"]",
        "Riverbend Unified School District (former partner)",
    );
    s.close();
}
