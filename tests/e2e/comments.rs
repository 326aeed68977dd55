//! Comments in the real window, on the sample: your name set in Settings becomes the author;
//! the reading indicator's 2017-18 value carries the sample's open comment as a marker in
//! the data grid; a comment posted there raises the count, and resolving it folds it away
//! (screenshot e2e-comments.png).

use super::{click, fill, launch, sandbox, shot, wait_text};
use crate::webdriver::{Driver, Session};

const MARKER_2017: &str =
    "[data-testid=\"grid-row\"][data-period=\"2017-18\"] [data-testid=\"comment-marker\"]";

fn marker_label(s: &Session) -> String {
    let e = s.find(MARKER_2017);
    s.execute(
        "return arguments[0].getAttribute('aria-label');",
        vec![Session::arg(&e)],
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[test]
fn a_comment_on_a_value_under_your_name_with_its_marker_in_the_grid() {
    let sb = sandbox();
    let driver = Driver::start(4564);
    let s = launch(&driver, &sb.db);

    // Your name, once, in Settings.
    click(&s, "[data-testid=\"nav-settings\"]");
    fill(&s, "[data-testid=\"settings-author-name\"]", "Ana Lima");
    click(&s, "[data-testid=\"settings-author-save\"]");
    wait_text(&s, "[data-testid=\"toast\"]", "Your name is now Ana Lima");

    // The sample's open comment on the reading indicator's 2017-18 value is a marker.
    click(&s, "[data-testid=\"nav-data\"]");
    s.select_by_text(
        "[data-testid=\"measure-picker\"]",
        "Third-grade reading proficiency",
    );
    s.wait("the 2017-18 marker to say 1 comment", || {
        (marker_label(&s) == "1 comment").then_some(())
    });

    // Open its thread, post a comment: it is yours and the count goes up.
    click(&s, MARKER_2017);
    wait_text(
        &s,
        "[data-testid=\"value-comments\"] [data-testid=\"comment-body\"]",
        "The drop is the new state test",
    );
    fill(
        &s,
        "[data-testid=\"value-comments\"] [data-testid=\"comment-draft\"]",
        "Checked with the district: same cut scores since.",
    );
    click(
        &s,
        "[data-testid=\"value-comments\"] [data-testid=\"comment-post\"]",
    );
    wait_text(
        &s,
        "[data-testid=\"value-comments\"] [data-testid=\"comment\"]",
        "Ana Lima",
    );
    s.wait("the 2017-18 marker to say 2 comments", || {
        (marker_label(&s) == "2 comments").then_some(())
    });

    // Resolving the first folds it under "1 resolved" and the marker counts one.
    click(
        &s,
        "[data-testid=\"value-comments\"] [data-testid=\"comment-resolve\"]",
    );
    wait_text(
        &s,
        "[data-testid=\"comments-resolved-toggle\"]",
        "1 resolved",
    );
    s.wait("the 2017-18 marker to say 1 comment again", || {
        (marker_label(&s) == "1 comment").then_some(())
    });

    shot(
        &s,
        "[data-testid=\"value-comments\"]",
        "end",
        "e2e-comments.png",
    );
    s.close();
}
