//! Partners' roles and contributions in the real window, on the sample: a partner's page
//! lists the program it leads and its role on the reading indicator in words; a role added
//! there shows on the Results screen; the Contributions screen draws the matrix (screenshot
//! e2e-contributions.png).

use super::{artifacts, click, launch, sandbox, wait_text};
use crate::webdriver::{Driver, Session};
use serde_json::json;

const DISTRICT: &str = "Riverbend Unified School District";
const CHAMBER: &str = "Riverbend Area Chamber of Commerce";

/// Opens a partner's page from the Partners screen.
fn open_partner(s: &Session, name: &str) {
    click(s, "[data-testid=\"nav-partners\"]");
    let id = s.wait(&format!("{name} on the Partners screen"), || {
        s.execute(
            "const row = [...document.querySelectorAll('[data-testid=\"item\"][data-kind=\"partner\"]')]
               .find(r => r.querySelector('[data-testid=\"open-partner\"]')?.textContent.trim() === arguments[0]);
             return row ? row.dataset.id : null;",
            vec![json!(name)],
        )
        .as_str()
        .map(str::to_string)
    });
    click(
        s,
        &format!("[data-testid=\"item\"][data-id=\"{id}\"] [data-testid=\"open-partner\"]"),
    );
    s.find("[data-testid=\"partner-detail\"]");
}

#[test]
fn a_partners_page_a_results_partners_and_the_contributions_matrix() {
    let sb = sandbox();
    let driver = Driver::start(4504);
    let s = launch(&driver, &sb.db);

    // The district leads Reading Buddies and has a role, in words, on the reading indicator.
    open_partner(&s, DISTRICT);
    wait_text(
        &s,
        "[data-testid=\"partner-programs\"]",
        "Reading Buddies tutoring",
    );
    wait_text(
        &s,
        "[data-testid=\"partner-role\"]",
        "Shares attendance data monthly",
    );
    click(&s, "[data-testid=\"close-partner\"]");

    // The Chamber gets a role on the first result, with a tier.
    open_partner(&s, CHAMBER);
    let target = s.execute(
        "const o = [...document.querySelectorAll('select[name=\"role_target\"] option')]
           .find(o => o.value.startsWith('result:'));
         return o ? o.value : null;",
        vec![],
    );
    let target = target.as_str().expect("a result to choose").to_string();
    s.select("select[name=\"role_target\"]", &target);
    let words = s.find("textarea[name=\"role_description\"]");
    s.type_text(
        &words,
        "Summer internships for rising kindergarten families",
    );
    s.select("select[name=\"role_tier\"]", "mid_tier");
    click(&s, "[data-testid=\"save-role\"]");
    wait_text(
        &s,
        "[data-testid=\"partner-role\"]",
        "Summer internships for rising kindergarten families",
    );
    click(&s, "[data-testid=\"close-partner\"]");

    // The Results screen lists it among the result's partners, saying through what.
    click(&s, "[data-testid=\"nav-results\"]");
    let line = s.wait("the Chamber's new role among the result's partners", || {
        let v = s.execute(
            "const li = [...document.querySelectorAll('[data-testid=\"result-partner\"]')]
               .find(l => l.textContent.includes('Summer internships for rising kindergarten families'));
             return li ? li.textContent.replace(/\\s+/g, ' ').trim() : null;",
            vec![],
        );
        v.as_str().map(str::to_string)
    });
    assert!(line.starts_with(CHAMBER), "{line}");
    assert!(line.contains("Mid-tier"), "{line}");
    assert!(line.contains("through the result itself"), "{line}");

    // The matrix: one row per partner, the Chamber's new role in the first result's column.
    click(&s, "[data-testid=\"nav-contributions\"]");
    s.find("[data-testid=\"contributions-matrix\"]");
    s.find("[data-testid=\"contributions-legend\"]");
    let chamber_first = s.wait("the Chamber's row in the matrix", || {
        let v = s.execute(
            "const row = [...document.querySelectorAll('[data-testid=\"matrix-row\"]')]
               .find(r => r.querySelector('th').textContent.trim() === arguments[0]);
             return row ? row.querySelector('[data-testid=\"matrix-cell\"]').textContent : null;",
            vec![json!(CHAMBER)],
        );
        v.as_str().map(str::to_string)
    });
    assert!(
        chamber_first.contains("partner: Summer internships for rising kindergarten families"),
        "{chamber_first}"
    );
    let partners = s.execute(
        "return document.querySelectorAll('[data-testid=\"matrix-row\"]').length;",
        vec![],
    );
    let columns = s.execute(
        "return document.querySelectorAll('[data-testid=\"matrix-column\"]').length;",
        vec![],
    );
    assert!(partners.as_u64().unwrap_or(0) >= 8, "{partners}");
    assert!(columns.as_u64().unwrap_or(0) >= 4, "{columns}");

    std::fs::create_dir_all(artifacts()).expect("artifacts folder");
    s.screenshot(&artifacts().join("e2e-contributions.png"))
        .expect("screenshot");
    s.close();
}
