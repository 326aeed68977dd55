//! Community input in the real window, on the sample: an event logged on the Community
//! screen and linked to the reading measure shows in the log, on that measure's detail,
//! and as "last heard" for its result on the Overview (screenshot e2e-community.png).

use super::{click, fill, launch, open_measure, sandbox, shot, wait_text};
use crate::webdriver::Driver;
use serde_json::json;

const MEASURE: &str = "Third-grade reading proficiency";
const TITLE: &str = "Listening session at the Eastside library";

#[test]
fn an_event_linked_to_a_measure_shows_on_the_measure_and_the_overview() {
    let sb = sandbox();
    let driver = Driver::start(4624);
    let s = launch(&driver, &sb.db);

    click(&s, "[data-testid=\"nav-community\"]");
    click(&s, "[data-testid=\"add-event\"]");
    s.find("[data-testid=\"event-form\"]");
    fill(
        &s,
        "[data-testid=\"form-dialog\"] input[name=\"title\"]",
        TITLE,
    );
    // Today (later than the sample's own events); a date input takes its value as the
    // browser's date picker would set it.
    let today = s.execute(
        "const d = document.querySelector('[data-testid=\"form-dialog\"] input[name=\"event_date\"]');
         d.value = new Date().toISOString().slice(0, 10);
         d.dispatchEvent(new Event('input', {bubbles: true}));
         d.dispatchEvent(new Event('change', {bubbles: true}));
         return d.value;",
        vec![],
    );
    let today = today.as_str().expect("the date was set").to_string();
    fill(
        &s,
        "[data-testid=\"form-dialog\"] input[name=\"participants\"]",
        "24",
    );
    // Link the reading measure (its checkbox among the measures the input informs).
    let linked = s.wait("the measure to link", || {
        let id = s.execute(
            "const label = [...document.querySelectorAll('[data-testid=\"event-links\"] label')]
               .find(l => l.textContent.trim() === arguments[0]);
             if (!label) return null;
             const box = document.getElementById(label.htmlFor);
             box.scrollIntoView({block: 'center'});
             box.click();
             return box.checked ? box.value : null;",
            vec![json!(MEASURE)],
        );
        id.as_str().map(str::to_string)
    });
    assert!(!linked.is_empty());
    click(&s, "[data-testid=\"form-dialog\"] [data-testid=\"save\"]");

    // The log holds it, with what it informs.
    wait_text(&s, "[data-testid=\"event-title\"]", TITLE);
    wait_text(&s, "[data-testid=\"event-links\"]", MEASURE);
    shot(
        &s,
        "[data-testid=\"community-log\"]",
        "start",
        "e2e-community.png",
    );

    // The measure's detail lists it.
    open_measure(&s, MEASURE);
    wait_text(&s, "[data-testid=\"measure-community-input-event\"]", TITLE);

    // The Overview: the measure's result was last heard about at this event.
    click(&s, "[data-testid=\"nav-overview\"]");
    wait_text(
        &s,
        "[data-testid=\"last-heard-event\"]",
        &format!("{today}: {TITLE}"),
    );
}
