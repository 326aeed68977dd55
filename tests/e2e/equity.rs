//! The equity lens in the real window: the sample's third-grade reading measure, opened from
//! the scorecard, shows its "By group" tab with the six race/ethnicity groups, a reference
//! group, and both charts drawn by the core.

use super::{click, launch, open_measure, sandbox, shot};
use crate::webdriver::Driver;
use serde_json::{json, Value};

const MEASURE: &str = "Third-grade reading proficiency";

#[test]
fn by_group_tab_lists_the_groups_with_a_reference_and_draws_both_charts() {
    let sb = sandbox();
    let driver = Driver::start(4494);
    let s = launch(&driver, &sb.db);

    // The sample is loaded on first run; open its reading measure from the scorecard.
    open_measure(&s, MEASURE);

    // The tabs: Trend first, then By group.
    let tab = s.find("[data-testid=\"tab-by_group\"]");
    assert_eq!(s.text(&tab), "By group");
    click(&s, "[data-testid=\"tab-by_group\"]");
    let selected = s.execute(
        "return document.querySelector('[data-testid=\"tab-by_group\"]').getAttribute('aria-selected');",
        vec![],
    );
    assert_eq!(selected, json!("true"));

    // Six race/ethnicity groups, one of them the reference.
    let rows: Value = s.wait("six groups in the table", || {
        let rows = s.execute(
            "return [...document.querySelectorAll('[data-testid=\"group-row\"]')]
               .map(r => ({group: r.dataset.group, reference: r.dataset.reference, text: r.textContent}));",
            vec![],
        );
        (rows.as_array().map_or(0, Vec::len) == 6).then_some(rows)
    });
    let groups: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["group"].as_str().unwrap())
        .collect();
    for expected in ["Asian", "Black", "White"] {
        assert!(
            groups.iter().any(|g| g.contains(expected)),
            "{expected} among {groups:?}"
        );
    }
    let references: Vec<&Value> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["reference"] == json!("true"))
        .collect();
    assert_eq!(references.len(), 1, "one reference group in {rows}");
    assert!(references[0]["text"]
        .as_str()
        .unwrap()
        .contains("(reference"));
    let note = s.text(&s.find("[data-testid=\"reference-note\"]"));
    assert!(note.starts_with("Reference: "), "reference note {note:?}");

    // Both charts, drawn by the core as SVG.
    for chart in ["group-chart", "gap-chart"] {
        s.wait(&format!("the {chart}'s <svg>"), || {
            let found = s.execute(
                "return !!document.querySelector(`[data-testid=\"${arguments[0]}\"] svg`);",
                vec![json!(chart)],
            );
            (found == json!(true)).then_some(())
        });
    }
    // The disparity figures and at least one gap sentence.
    let figures = s.text(&s.find("[data-testid=\"disparity-figures\"]"));
    assert!(
        figures.to_lowercase().contains("maximal rate ratio"),
        "{figures:?}"
    );
    s.find("[data-testid=\"gap-sentence\"]");

    shot(&s, "[role=\"tablist\"]", "start", "e2e-by-group.png");
    s.close();
}
