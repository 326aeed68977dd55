//! The Turn the Curve worksheet in the real window (issue 7's test): open a measure's
//! worksheet, write a story, add a partner with a role and an action, save, edit again and
//! save, then see two revisions in the history, and what changed between them.

use super::{click, fill, launch, open_measure, sandbox, shot, wait_text};
use crate::webdriver::{keys, Driver};
use serde_json::json;

/// A sample measure with no worksheet yet.
const MEASURE: &str = "Kindergarten readiness";
const PARTNER: &str = "Riverbend Community Foundation";

#[test]
fn write_a_worksheet_save_twice_and_see_two_revisions_in_the_history() {
    let sb = sandbox();
    let driver = Driver::start(4544);
    let s = launch(&driver, &sb.db);

    // Open the measure from the scorecard, then its Worksheet tab.
    open_measure(&s, MEASURE);
    click(&s, "[data-testid=\"tab-worksheet\"]");
    wait_text(&s, "[data-testid=\"worksheet-revision\"]", "Not saved yet");

    // Write the story, add a partner with its role.
    fill(
        &s,
        "[data-testid=\"ws-story-text\"]",
        "Fewer children attend pre-K since the centre on River Road closed.",
    );
    s.select_by_text("[data-testid=\"ws-pick-partner\"]", PARTNER);
    click(&s, "[data-testid=\"ws-add-partner\"]");
    fill(
        &s,
        "[data-testid=\"ws-partner-role\"]",
        "Funds pre-K seats for families on the waiting list",
    );

    // Add an action linked to the measure.
    click(&s, "[data-testid=\"ws-add-action\"]");
    fill(
        &s,
        "[data-testid=\"form-dialog\"] input[name=\"title\"]",
        "Reopen the River Road pre-K centre",
    );
    click(&s, "[data-testid=\"form-dialog\"] [data-testid=\"save\"]");
    wait_text(
        &s,
        "[data-testid=\"ws-action\"]",
        "Reopen the River Road pre-K centre",
    );

    // Save: revision 1.
    click(&s, "[data-testid=\"worksheet-save\"]");
    wait_text(&s, "[data-testid=\"worksheet-revision\"]", "Revision 1");
    wait_text(&s, "[data-testid=\"ws-partners-read\"]", PARTNER);

    // Edit again and save: revision 2.
    click(&s, "[data-testid=\"worksheet-edit\"]");
    fill(
        &s,
        "[data-testid=\"ws-story-text\"]",
        &format!(
            "Fewer children attend pre-K since the centre on River Road closed.{}Bus routes changed too.",
            keys::ENTER
        ),
    );
    click(&s, "[data-testid=\"worksheet-save\"]");
    wait_text(&s, "[data-testid=\"worksheet-revision\"]", "Revision 2");

    // The history: two revisions, and the added line.
    click(&s, "[data-testid=\"worksheet-history\"]");
    let revisions = s.wait("two revisions in the history", || {
        let rows = s.execute(
            "return [...document.querySelectorAll('[data-testid=\"revision-row\"]')]
               .map(r => r.dataset.revision);",
            vec![],
        );
        (rows.as_array().map_or(0, Vec::len) == 2).then_some(rows)
    });
    assert_eq!(revisions, json!(["2", "1"]));
    s.wait("the added line in the diff", || {
        let added = s.execute(
            "return [...document.querySelectorAll('[data-testid=\"diff-line\"][data-kind=\"added\"]')]
               .map(l => l.textContent);",
            vec![],
        );
        added
            .as_array()
            .is_some_and(|a| {
                a.iter()
                    .any(|t| t.as_str().is_some_and(|t| t.contains("Bus routes changed too.")))
            })
            .then_some(())
    });
    // The first line is unchanged between the two revisions.
    let kept = s.execute(
        "return [...document.querySelectorAll('[data-testid=\"diff-line\"][data-kind=\"kept\"]')]
           .map(l => l.textContent);",
        vec![],
    );
    assert!(
        kept.as_array().is_some_and(|k| k.len() == 1),
        "one kept line: {kept}"
    );

    shot(
        &s,
        "[data-testid=\"worksheet-history-view\"]",
        "start",
        "e2e-worksheet.png",
    );
    s.close();
}
