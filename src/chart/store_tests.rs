//! Chart tests on the sample store: every chart drawn to PNG with its title really
//! rendered, what a stored measure's chart holds, comparing measures, and previews.

use super::*;
use crate::model::{Calendar, Unit};
use crate::store::{system_clock, Store};
use resvg::tiny_skia::Pixmap;

/// Near-black pixels (every channel below 60) in a rectangle of a pixmap: the title's ink
/// (#1A1A1A) counts, the grey subtitle, labels and grid do not.
fn dark_pixels(p: &Pixmap, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
    let mut n = 0;
    for y in y0..y1.min(p.height()) {
        for x in x0..x1.min(p.width()) {
            let c = p.pixel(x, y).unwrap().demultiply();
            if c.alpha() > 200 && c.red() < 60 && c.green() < 60 && c.blue() < 60 {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn every_sample_chart_renders_to_png_with_its_title() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("sample.backbone")).unwrap();
    let initiative = store.load_sample().unwrap();
    let measures = store.list_measures(&initiative).unwrap();
    assert!(measures.len() >= 10);
    for m in &measures {
        let spec = measure_trend(&store, &m.id, &[]).unwrap();
        let svg = render(&spec, ChartSize::Print).unwrap();
        let bytes = png::to_png(&svg, 1.0).unwrap();
        let p = Pixmap::decode_png(&bytes).unwrap();
        assert_eq!((p.width(), p.height()), (1000, 600));
        let distinct: std::collections::HashSet<_> = p
            .pixels()
            .iter()
            .map(|c| (c.red(), c.green(), c.blue()))
            .collect();
        assert!(distinct.len() > 20, "{}: the PNG is not blank", m.name);
        // The title's line (20 to 44 px from the top in print size): its ink is there,
        // and goes when the title goes (the grey subtitle moving up has none).
        let with = dark_pixels(&p, 0, 0, 1000, 44);
        let untitled = TrendChart {
            title: String::new(),
            ..spec.clone()
        };
        let blank = png::render_pixmap(&render(&untitled, ChartSize::Print).unwrap(), 1.0).unwrap();
        let without = dark_pixels(&blank, 0, 0, 1000, 44);
        assert!(
            with > 300 && without < with / 10,
            "{}: title pixels {with} vs {without}",
            m.name
        );
    }
}

#[test]
fn sample_charts_show_forecast_baseline_and_sample_footnote() {
    let mut store = Store::open_in_memory(system_clock()).unwrap();
    let initiative = store.load_sample().unwrap();
    let measures = store.list_measures(&initiative).unwrap();
    let reading = measures
        .iter()
        .find(|m| m.name == "Third-grade reading proficiency")
        .unwrap();
    let spec = measure_trend(&store, &reading.id, &[]).unwrap();
    assert_eq!(
        spec.baseline.as_deref(),
        Some("2017-18"),
        "the measure's own baseline"
    );
    assert_eq!(spec.forecast.first().unwrap().period, "2024-25");
    assert_eq!(
        spec.forecast.last().unwrap().period,
        "2026-27",
        "reaches the last target"
    );
    assert!(spec
        .footnote
        .as_deref()
        .unwrap()
        .contains("Sample: fictional data"));
    let chart = measure_chart(&store, &reading.id, ChartSize::Print, &[]).unwrap();
    assert_eq!(chart.title, "Third-grade reading proficiency");
    // Three data notes, and the sample's open comment on 2017-18 (a line and a marker).
    assert_eq!(chart.notes.len(), 4, "{:?}", chart.notes);
    assert!(
        chart
            .notes
            .iter()
            .any(|n| n.starts_with("2017-18: 1 comment: The drop is the new state test")),
        "{:?}",
        chart.notes
    );
    assert!(chart.svg.contains("Forecast if nothing changes") && chart.svg.contains("Baseline"));

    let sparks = initiative_sparklines(&store, &initiative).unwrap();
    assert_eq!(sparks.len(), measures.len());
    assert!(sparks.iter().all(|s| s.svg.starts_with("<svg")));
}

#[test]
fn comparing_needs_the_same_calendar_and_unit() {
    let mut store = Store::open_in_memory(system_clock()).unwrap();
    let initiative = store.load_sample().unwrap();
    let ms = store.list_measures(&initiative).unwrap();
    let by = |name: &str| ms.iter().find(|m| m.name == name).unwrap().id.clone();
    let fafsa = by("Attending seniors who submitted a FAFSA");
    let helpful = by("Families rating the session helpful");
    let grad = by("High-school graduation rate (4-year cohort)");
    let served = by("Students served at FAFSA nights");
    let both = measure_chart(&store, &fafsa, ChartSize::Print, &[&helpful]).unwrap();
    assert!(both.svg.contains("Families rating the session helpful"));
    let e = measure_chart(&store, &fafsa, ChartSize::Print, &[&grad]).unwrap_err();
    assert!(e.to_string().contains("same calendar"), "{e}");
    let e = measure_chart(&store, &fafsa, ChartSize::Print, &[&served]).unwrap_err();
    assert!(e.to_string().contains("same unit"), "{e}");
}

/// Not a check: draws every sample chart (print and presentation), the snapshots, a
/// 1,000-point chart and some sparklines as PNG into `target/chart-previews/`, to look at
/// when reviewing a snapshot change. `cargo test -p backbone --lib previews -- --ignored`.
#[test]
#[ignore]
fn previews() {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/chart-previews");
    let out = out.as_path();
    std::fs::create_dir_all(out).unwrap();
    let mut store = Store::open_in_memory(system_clock()).unwrap();
    let initiative = store.load_sample().unwrap();
    for (k, m) in store.list_measures(&initiative).unwrap().iter().enumerate() {
        for (name, size) in [
            ("print", ChartSize::Print),
            ("pres", ChartSize::Presentation),
        ] {
            let c = measure_chart(&store, &m.id, size, &[]).unwrap();
            std::fs::write(out.join(format!("{k:02}-{name}.svg")), &c.svg).unwrap();
            export(&c.svg, &out.join(format!("{k:02}-{name}.png")), 1.0).unwrap();
        }
    }
    let values: Vec<Option<f64>> = (0..1000)
        .map(|i| Some(100.0 + 40.0 * (i as f64 * 0.05).sin() + i as f64 * 0.02))
        .collect();
    let mut big = super::tests::chart("Weekly visits", Unit::Number, &values);
    big.calendar = Some(Calendar::Week.into());
    big.periods = (0..1000)
        .map(|i| format!("{}W{:02}", 2000 + i / 52, i % 52 + 1))
        .collect();
    for (p, label) in big.series[0].points.iter_mut().zip(&big.periods) {
        p.period = label.clone();
    }
    export(&super::tests::print(&big), &out.join("big.png"), 1.0).unwrap();
    export(
        &render(
            &big,
            ChartSize::Custom {
                width: 640,
                height: 360,
            },
        )
        .unwrap(),
        &out.join("big-small.png"),
        1.0,
    )
    .unwrap();
    for s in initiative_sparklines(&store, &initiative)
        .unwrap()
        .iter()
        .take(6)
    {
        export(
            &s.svg,
            &out.join(format!("spark-{}.png", &s.measure_id[..8])),
            4.0,
        )
        .unwrap();
    }
    let snaps = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/chart/snapshots");
    for entry in std::fs::read_dir(snaps).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let svg = &text[text.find("<svg").unwrap()..];
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        std::fs::write(
            out.join(format!("snap-{name}.png")),
            png::to_png(svg, 1.0).unwrap(),
        )
        .unwrap();
    }
}
