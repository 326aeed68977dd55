//! The meeting report and the data-walk pack: the HTML is self-contained (no reference to
//! anything outside the file), the PDF opens in poppler (every page renders, the first has
//! the initiative's name as text), a meeting's pack holds its record, user text is escaped,
//! and the CLI writes both formats. The sample's report and pack are saved in
//! `test-artifacts/`.

use crate::support::*;
use backbone::model::{
    AgendaItem, Attendee, CaptureInput, CaptureKind, CommunityEventInput, EventKind,
    InitiativeInput, MeetingInput, SlideKind, StationInput,
};
use backbone::report::Paper;
use std::path::{Path, PathBuf};
use std::process::Command;

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every reference in `html` to something outside the file: `http:`/`https:` anywhere,
/// `href`/`src`/... attributes that are not `#fragment` or `data:`, `//host` values,
/// CSS `url(...)` and `@import` that are not fragments or data.
fn external_references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    for scheme in ["http:", "https:", "file:", "ftp:"] {
        if let Some(at) = lower.find(scheme) {
            found.push(format!(
                "{scheme} at {at}: {}",
                &html[at.saturating_sub(40)..at + 20]
            ));
        }
    }
    if lower.contains("@import") {
        found.push("@import".into());
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        let value = rest[at + 4..].trim_start_matches(['"', '\'', ' ']);
        if !(value.starts_with('#') || value.starts_with("data:")) {
            found.push(format!("url({}", &value[..value.len().min(30)]));
        }
        rest = &rest[at + 4..];
    }
    // Attributes of every tag.
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' || html[i..].starts_with("<!") || html[i..].starts_with("</") {
            i += 1;
            continue;
        }
        i += 1;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
            i += 1;
        }
        // name="value", name='value', name=value, or a bare name, until '>'.
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let start = i;
            while i < bytes.len() && !b"=> \t\n\r/".contains(&bytes[i]) {
                i += 1;
            }
            let name = html[start..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                let quote = bytes.get(i).copied().filter(|q| *q == b'"' || *q == b'\'');
                if let Some(q) = quote {
                    i += 1;
                    let vs = i;
                    while i < bytes.len() && bytes[i] != q {
                        i += 1;
                    }
                    value = html[vs..i].to_string();
                    i += 1;
                } else {
                    let vs = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = html[vs..i].to_string();
                }
            }
            let v = value.trim().to_ascii_lowercase();
            let refers = [
                "href",
                "src",
                "xlink:href",
                "srcset",
                "action",
                "data",
                "poster",
                "background",
            ]
            .contains(&name.as_str());
            if refers && !(v.starts_with('#') || v.starts_with("data:")) {
                found.push(format!("{name}=\"{value}\""));
            }
            if v.starts_with("//") {
                found.push(format!("{name}=\"{value}\" (a //host reference)"));
            }
        }
    }
    found
}

#[test]
fn the_checker_finds_external_references() {
    for bad in [
        "<img src=\"chart.png\">",
        "<a href='//example.org/x'>x</a>",
        "<link rel=stylesheet href=style.css>",
        "<p style=\"background: url(bg.png)\">",
        "<svg><use xlink:href=\"other.svg#a\"/></svg>",
        "<p>see https://example.org</p>",
    ] {
        assert!(!external_references(bad).is_empty(), "{bad}");
    }
    assert!(
        external_references("<a href=\"#top\">top</a><svg><path d=\"M0 0\"/></svg>").is_empty()
    );
}

fn sample() -> (Fixture, String) {
    let mut f = Fixture::new();
    let id = f.store.load_sample().unwrap();
    (f, id)
}

fn pdf_pages(path: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info = String::from_utf8_lossy(&out.stdout).to_string();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

fn pdf_text(path: &Path, first: usize, last: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-f", &first.to_string(), "-l", &last.to_string(), "-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Words only, one space apart (a long name wraps over lines).
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Renders every page of the PDF with pdftoppm; returns how many PNGs it made.
fn render_pages(path: &Path) -> usize {
    let dir = tempfile::TempDir::new().unwrap();
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "50"])
        .arg(path)
        .arg(dir.path().join("page"))
        .output()
        .expect("pdftoppm runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            let p = e.as_ref().unwrap().path();
            p.extension().is_some_and(|x| x == "png") && std::fs::metadata(&p).unwrap().len() > 100
        })
        .count()
}

#[test]
fn the_sample_report_is_self_contained_html() {
    let (f, id) = sample();
    let initiative = f.store.get_initiative(&id).unwrap();
    let html = f.store.report_html(&id, None).unwrap();
    std::fs::write(artifacts().join("report-sample.html"), &html).unwrap();
    let external = external_references(&html);
    assert!(external.is_empty(), "external references: {external:#?}");
    assert!(!html.contains("<script"), "no scripts");
    assert!(html.contains(&backbone::report::escape(&initiative.name)));
    assert!(html.contains(&backbone::report::escape(initiative.shared_result.trim())));
    // Roll-ups, the scorecard with sparklines, the headline measures' charts, equity.
    for part in [
        "Roll-ups",
        "Scorecard",
        "Equity summary",
        "Made ",
        "with Backbone, offline",
    ] {
        assert!(html.contains(part), "{part}");
    }
    let card = f.store.scorecard(&id, None).unwrap();
    let headline: Vec<_> = card.rows.iter().filter(|r| r.headline).collect();
    assert!(!headline.is_empty(), "the sample has headline measures");
    for row in &headline {
        assert!(
            html.contains(&format!("<h2>{}</h2>", backbone::report::escape(&row.name))),
            "{} has its own section",
            row.name
        );
    }
    assert!(html.matches("<td class=\"spark\"><svg").count() >= card.rows.len() / 2);
    assert!(html.matches("<figure>").count() >= headline.len());
    // Prints on A4 and Letter: margins only, whole figures and rows.
    assert!(html.contains("@page"));
    assert!(html.contains("break-inside: avoid"));
}

#[test]
fn the_sample_report_pdf_opens_with_text_on_the_first_page() {
    let (f, id) = sample();
    let initiative = f.store.get_initiative(&id).unwrap();
    let pdf = f.store.report_pdf(&id, None, Paper::A4).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let path = artifacts().join("report-sample.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let pages = pdf_pages(&path);
    assert!(
        pages >= 4,
        "cover, roll-ups, scorecard, measures, equity: {pages} pages"
    );
    assert_eq!(render_pages(&path), pages, "one PNG per page");
    let first = pdf_text(&path, 1, 1);
    assert!(first.contains(&initiative.name), "first page: {first}");
    assert!(first.contains(&format!("Page 1 of {pages}")), "{first}");
    let all = pdf_text(&path, 1, pages);
    for part in [
        "Roll-ups",
        "Scorecard",
        "Equity summary",
        "with Backbone, offline",
    ] {
        assert!(all.contains(part), "{part}");
    }
}

#[test]
fn a_letter_pdf_is_letter_sized() {
    let (f, id) = sample();
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, f.store.report_pdf(&id, None, Paper::Letter).unwrap()).unwrap();
    let out = Command::new("pdfinfo").arg(&path).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout);
    assert!(info.contains("612 x 792"), "{info}");
}

/// A finished meeting on the sample with a measure on its agenda, notes, decisions, a
/// captured decision and an action.
fn meeting(f: &mut Fixture, initiative_id: &str, notes: &str) -> (String, String) {
    let card = f.store.scorecard(initiative_id, None).unwrap();
    let measure = card.rows.iter().find(|r| r.headline).unwrap();
    let partner = f.store.list_partners(initiative_id).unwrap().remove(0);
    let m = f
        .store
        .create_meeting(
            initiative_id,
            &MeetingInput {
                title: "Spring partner meeting".into(),
                meeting_date: "2026-04-14".into(),
                place: "Eastside library".into(),
                agenda: vec![
                    AgendaItem {
                        kind: SlideKind::Rollup,
                        target_id: None,
                        title: String::new(),
                    },
                    AgendaItem {
                        kind: SlideKind::MeasureCurve,
                        target_id: Some(measure.id.clone()),
                        title: String::new(),
                    },
                ],
                attendees: vec![Attendee {
                    partner_id: Some(partner.id.clone()),
                    partner_name: String::new(),
                    people: "Ana, Ben".into(),
                }],
            },
        )
        .unwrap();
    f.store.start_meeting(&m.id).unwrap();
    f.store
        .capture(
            &m.id,
            &CaptureInput {
                kind: CaptureKind::Action,
                text: "Call every family with a child absent 5 days".into(),
                agenda_index: Some(1),
                measure_id: Some(measure.id.clone()),
                owner_partner_id: Some(partner.id.clone()),
                owner_person: "Ben".into(),
                due_date: Some("2026-06-01".into()),
                idea_source: None,
            },
        )
        .unwrap();
    let attendees = f.store.meeting(&m.id).unwrap().attendees;
    f.store
        .set_meeting_record(
            &m.id,
            notes,
            "- Adopt the **attendance** pledge\n- Meet again in June",
            &attendees,
        )
        .unwrap();
    f.store.finish_meeting(&m.id).unwrap();
    (m.id, measure.name.clone())
}

#[test]
fn a_meeting_pack_holds_its_record_and_agenda_measures() {
    let (mut f, id) = sample();
    let (meeting_id, measure) = meeting(&mut f, &id, "We looked at the curve together.");
    let html = f.store.report_html(&id, Some(&meeting_id)).unwrap();
    assert!(external_references(&html).is_empty());
    assert!(html.contains("<h1>Spring partner meeting</h1>"));
    assert!(html.contains("2026-04-14") && html.contains("Eastside library"));
    assert!(html.contains("Ana, Ben"));
    assert!(html.contains("<p>We looked at the curve together.</p>"));
    assert!(html.contains("<li>Adopt the <strong>attendance</strong> pledge</li>"));
    assert!(html.contains("Call every family with a child absent 5 days"));
    assert!(html.contains(&format!("<h2>{}</h2>", backbone::report::escape(&measure))));
    assert!(html.contains("Measures on the agenda"));

    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("pack.pdf");
    std::fs::write(
        &path,
        f.store
            .report_pdf(&id, Some(&meeting_id), Paper::A4)
            .unwrap(),
    )
    .unwrap();
    let pages = pdf_pages(&path);
    assert_eq!(render_pages(&path), pages);
    let text = pdf_text(&path, 1, pages);
    assert!(pdf_text(&path, 1, 1).contains("Spring partner meeting"));
    for words in [
        "Notes and decisions",
        "Adopt the attendance pledge",
        "Call every family",
    ] {
        assert!(text.contains(words), "{words} in {text}");
    }
}

#[test]
fn a_meeting_of_another_initiative_is_refused() {
    let (mut f, id) = sample();
    let (meeting_id, _) = meeting(&mut f, &id, "");
    let other = f.store.create_initiative(&initiative("Other")).unwrap();
    expect_invalid(f.store.report_html(&other.id, Some(&meeting_id)), "meeting");
}

#[test]
fn user_text_is_escaped_never_markup() {
    let (mut f, id) = sample();
    let i = f.store.get_initiative(&id).unwrap();
    f.store
        .update_initiative(
            &id,
            &InitiativeInput {
                name: i.name.clone(),
                shared_result: "<script>alert('result')</script> & **all** thrive".into(),
                geography: i.geography.clone(),
                sectoral_home: i.sectoral_home,
                backbone_org: "<img src=x onerror=alert(1)>".into(),
                equity_statement: i.equity_statement.clone(),
            },
        )
        .unwrap();
    let (meeting_id, _) = meeting(&mut f, &id, "<script>alert(\"notes\")</script>");
    for html in [
        f.store.report_html(&id, None).unwrap(),
        f.store.report_html(&id, Some(&meeting_id)).unwrap(),
    ] {
        assert!(!html.contains("<script"), "a script tag got through");
        assert!(!html.contains("<img"), "an img tag got through");
        assert!(external_references(&html).is_empty());
    }
    let html = f.store.report_html(&id, Some(&meeting_id)).unwrap();
    assert!(html.contains("&lt;script&gt;alert(&quot;notes&quot;)&lt;/script&gt;"));
    assert!(html.contains(
        "&lt;script&gt;alert(&#39;result&#39;)&lt;/script&gt; &amp; <strong>all</strong> thrive"
    ));
}

#[test]
fn the_data_walk_pack_has_one_station_per_page() {
    let (mut f, id) = sample();
    // The sample's data walk when it has one, else one made here.
    let event = match f
        .store
        .community_events(&id)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == EventKind::DataWalk && e.stations.len() >= 2)
    {
        Some(e) => e,
        None => {
            let card = f.store.scorecard(&id, None).unwrap();
            let e = f
                .store
                .create_community_event(
                    &id,
                    &CommunityEventInput {
                        kind: EventKind::DataWalk,
                        title: "Data walk at the rec center".into(),
                        event_date: "2026-03-02".into(),
                        place: "Rec center".into(),
                        participants: Some(30),
                        communities: String::new(),
                        group_ids: vec![],
                        summary: String::new(),
                        themes: vec![],
                        links: vec![],
                    },
                )
                .unwrap();
            for (row, title) in card
                .rows
                .iter()
                .zip(["Kids <reading> by 3rd grade", "Who finishes high school"])
            {
                f.store
                    .add_station(
                        &e.id,
                        &StationInput {
                            measure_id: row.id.clone(),
                            plain_title: title.into(),
                            question: "What do you notice?".into(),
                        },
                    )
                    .unwrap();
            }
            f.store.community_event(&e.id).unwrap()
        }
    };
    let html = f.store.data_walk_pack(&event.id).unwrap();
    std::fs::write(artifacts().join("data-walk-sample.html"), &html).unwrap();
    assert!(
        external_references(&html).is_empty(),
        "{:#?}",
        external_references(&html)
    );
    assert_eq!(
        html.matches("<section class=\"station\">").count(),
        event.stations.len()
    );
    for s in &event.stations {
        assert!(html.contains(&format!(
            "<h1>{}</h1>",
            backbone::report::escape(&s.plain_title)
        )));
        assert!(html.contains(&backbone::report::escape(&s.question)));
    }
    assert!(html.matches("<figure>\n<svg").count() >= 1);
    assert!(html.contains("page-break-after: always") && html.contains("100vh"));
    assert!(!html.contains("<script"));
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_backbone-cli"))
}

#[test]
fn the_real_binary_writes_html_and_letter_pdf() {
    let (f, id) = sample();
    let db = f.path.clone();
    let name = f.store.get_initiative(&id).unwrap().name;
    drop(f.store);
    let dir = tempfile::TempDir::new().unwrap();
    let html = dir.path().join("report.html");
    let out = Command::new(bin())
        .args([
            "--db",
            db.to_str().unwrap(),
            "report",
            "--initiative",
            &id,
            "--format",
            "html",
            "--out",
        ])
        .arg(&html)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Wrote the report of"));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(external_references(&text).is_empty());
    assert!(text.contains(&backbone::report::escape(&name)));

    let pdf = dir.path().join("report.pdf");
    let out = Command::new(bin())
        .args([
            "--db",
            db.to_str().unwrap(),
            "report",
            "--format",
            "pdf",
            "--paper",
            "letter",
            "--out",
        ])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(pdf_text(&pdf, 1, 1).contains(&name));

    let out = Command::new(bin())
        .args([
            "--db",
            db.to_str().unwrap(),
            "report",
            "--meeting",
            "nope",
            "--format",
            "html",
            "--out",
        ])
        .arg(dir.path().join("x.html"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("x.html").exists());
}
