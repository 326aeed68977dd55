//! The meeting pack exported from the real window, as a person does it: a meeting's record,
//! "Export meeting pack…", HTML or PDF, "Export…", then the desktop's own save dialog (a
//! GTK file chooser, driven with `xdotool`: installed by `scripts/setup.sh test`), where
//! the path is typed and Enter pressed. The files are then checked: the web page is
//! self-contained and holds the sample's shared result and a chart; the PDF is a PDF whose
//! first page has the shared result as text (`pdftotext`, poppler-utils).

use super::{click, dialogs, fill, launch, sandbox, wait_text};
use crate::webdriver::{Driver, Session};
use backbone::Store;
use std::path::Path;
use std::process::Command;

const TITLE: &str = "Riverbend partners, pack for the board";

/// Answers the native save dialog titled `title`: the path typed into its name field
/// (GTK takes a whole path there), then Enter.
fn save_as(title: &str, path: &Path) {
    let window = dialogs::wait_for(title);
    dialogs::type_path(&window, &[], path);
    dialogs::xdotool(&["key", "Return"]);
}

/// Exports the open meeting's pack in `format` ("html" or "pdf") to `path` through the
/// record's button, the app's dialog and the save dialog; waits for the toast.
fn export_pack(s: &Session, format: &str, path: &Path) {
    click(s, "[data-testid=\"export-pack\"]");
    s.find("[data-testid=\"export-report-dialog\"]");
    click(
        s,
        &format!("input[name=\"report-format\"][value=\"{format}\"]"),
    );
    click(s, "[data-testid=\"export-report-save\"]");
    save_as(
        if format == "pdf" {
            "Export PDF"
        } else {
            "Export HTML"
        },
        path,
    );
    wait_text(s, "body", &format!("to {}", path.display()));
}

/// References in `html` to anything outside the file: `http:`/`https:`/`file:` anywhere,
/// `src`/`href` values that are not `#fragment` or `data:`, CSS `url(...)` that is not,
/// and `@import`.
fn external_references(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found: Vec<String> = ["http:", "https:", "file:", "@import"]
        .iter()
        .filter(|s| lower.contains(*s))
        .map(|s| s.to_string())
        .collect();
    for attr in ["src=", "href=", "url("] {
        for (at, _) in lower.match_indices(attr) {
            let value = lower[at + attr.len()..].trim_start_matches(['"', '\'', ' ']);
            if !(value.starts_with('#') || value.starts_with("data:")) {
                found.push(format!("{attr}{}", &value[..value.len().min(30)]));
            }
        }
    }
    found
}

/// Runs of whitespace as one space (PDF text comes back with its line breaks).
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_meeting_pack_is_exported_as_html_and_pdf_from_the_record() {
    let sb = sandbox();
    // The file chooser saves its settings; with no session bus, in memory (no warnings).
    std::env::set_var("GSETTINGS_BACKEND", "memory");
    let driver = Driver::start(4644);
    let s = launch(&driver, &sb.db);
    let shared_result = {
        let store = Store::open(&sb.db).expect("open");
        let sample = store.sample_initiative_id().unwrap().expect("the sample");
        store.get_initiative(&sample).unwrap().shared_result
    };
    assert!(
        !shared_result.trim().is_empty(),
        "the sample has a shared result"
    );

    click(&s, "[data-testid=\"nav-meetings\"]");
    click(&s, "[data-testid=\"new-meeting\"]");
    s.find("[data-testid=\"meeting-form\"]");
    fill(&s, "input[name=\"meeting-title\"]", TITLE);
    click(&s, "[data-testid=\"meeting-save\"]");
    wait_text(&s, "[data-testid=\"record-title\"]", TITLE);

    let out = tempfile::tempdir().expect("temp dir");
    let html_path = out.path().join("board-pack.html");
    export_pack(&s, "html", &html_path);
    let html = std::fs::read_to_string(&html_path).expect("the web page was written");
    assert_eq!(
        external_references(&html),
        Vec::<String>::new(),
        "the web page must open with nothing beside it and no network"
    );
    assert!(
        words(&html).contains(&words(&shared_result)),
        "the pack's cover has the shared result"
    );
    assert!(html.contains("<svg"), "the charts are drawn inline");
    assert!(html.contains(TITLE), "it is this meeting's pack");

    let pdf_path = out.path().join("board-pack.pdf");
    export_pack(&s, "pdf", &pdf_path);
    let pdf = std::fs::read(&pdf_path).expect("the PDF was written");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF file");
    let text = Command::new("pdftotext")
        .args(["-f", "1", "-l", "1"])
        .arg(&pdf_path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils: make setup)");
    assert!(text.status.success(), "poppler opens the PDF");
    let first_page = String::from_utf8_lossy(&text.stdout);
    assert!(
        words(&first_page).contains(&words(&shared_result)),
        "page 1 has the shared result as text: {first_page}"
    );
    std::fs::copy(&html_path, super::artifacts().join("e2e-meeting-pack.html")).ok();
    std::fs::copy(&pdf_path, super::artifacts().join("e2e-meeting-pack.pdf")).ok();
    s.close();
}
