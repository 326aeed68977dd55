//! Chart tests on specs: SVG snapshots of the shapes a chart must handle (insta; review
//! changes to `snapshots/` like code, with `store_tests.rs`'s previews), escaping, the
//! embedded font, crowded axes. The sample store's charts are `store_tests.rs`'s.

use super::spec::*;
use super::*;
use crate::model::{Calendar, Polarity, Unit};

fn years(from: i32, to: i32) -> Vec<String> {
    (from..=to).map(|y| y.to_string()).collect()
}

pub(super) fn chart(title: &str, unit: Unit, values: &[Option<f64>]) -> TrendChart {
    let periods = years(2015, 2015 + values.len() as i32 - 1);
    TrendChart {
        title: title.to_string(),
        subtitle: "Indicator of: Every young person graduates ready".to_string(),
        unit,
        difference: false,
        rate_per: None,
        polarity: Polarity::Higher,
        series: vec![Series {
            name: title.to_string(),
            points: periods
                .iter()
                .zip(values)
                .map(|(p, v)| match v {
                    Some(v) => Point::actual(p, *v),
                    None => Point::missing(p),
                })
                .collect(),
        }],
        periods,
        calendar: Some(Calendar::Year.into()),
        targets: Vec::new(),
        baseline: None,
        forecast: Vec::new(),
        footnote: None,
    }
}

/// Adds `n` forecast periods continuing the straight line through the last two values.
fn with_forecast(mut c: TrendChart, n: usize) -> TrendChart {
    let vals: Vec<f64> = c.series[0].points.iter().filter_map(|p| p.value).collect();
    let last_year: i32 = c.periods.last().unwrap().parse().unwrap();
    let (a, b) = (vals[vals.len() - 2], vals[vals.len() - 1]);
    for k in 1..=n {
        let period = (last_year + k as i32).to_string();
        c.periods.push(period.clone());
        c.forecast.push(ForecastPoint {
            period,
            value: b + (b - a) * k as f64,
        });
    }
    c
}

pub(super) fn print(c: &TrendChart) -> String {
    render(c, ChartSize::Print).unwrap()
}

#[test]
fn snapshot_rising() {
    let mut c = chart(
        "High-school graduation rate",
        Unit::Percent,
        &[
            Some(81.1),
            Some(81.5),
            Some(82.3),
            Some(83.1),
            Some(83.7),
            Some(85.2),
        ],
    );
    c.baseline = Some("2015".into());
    c.footnote = Some("Source: State report card · Sample: fictional data".into());
    insta::assert_snapshot!("rising", print(&with_forecast(c, 3)));
}

#[test]
fn snapshot_falling() {
    let mut c = chart(
        "Children in poverty",
        Unit::Number,
        &[
            Some(14_200.0),
            Some(13_900.0),
            Some(13_100.0),
            Some(12_400.0),
            Some(11_800.0),
        ],
    );
    c.polarity = Polarity::Lower;
    insta::assert_snapshot!("falling", print(&with_forecast(c, 3)));
}

#[test]
fn snapshot_flat() {
    let c = chart("Families served", Unit::Currency, &[Some(1200.0); 5]);
    insta::assert_snapshot!("flat", print(&with_forecast(c, 3)));
}

#[test]
fn snapshot_one_point() {
    let c = chart("Students tutored", Unit::Number, &[Some(120.0)]);
    let svg = print(&c);
    assert!(
        svg.contains(">\n120\n</text>"),
        "the lone value is labelled"
    );
    insta::assert_snapshot!("one_point", svg);
}

#[test]
fn snapshot_gaps() {
    let c = chart(
        "Kindergarten readiness",
        Unit::Percent,
        &[
            Some(50.3),
            Some(51.0),
            None,
            Some(47.4),
            None,
            None,
            Some(54.6),
        ],
    );
    let svg = print(&c);
    assert!(
        svg.contains("Gap: no value reported"),
        "the legend explains gaps"
    );
    insta::assert_snapshot!("gaps", svg);
}

#[test]
fn snapshot_note() {
    let mut c = chart(
        "Postsecondary enrolment",
        Unit::Percent,
        &[Some(58.7), Some(58.8), Some(52.5), Some(54.6)],
    );
    c.series[0].points[2].note = Some("Fall 2020 enrolment fell sharply (COVID-19).".into());
    let svg = print(&c);
    assert_eq!(
        notes(&c),
        vec!["2017: Fall 2020 enrolment fell sharply (COVID-19).".to_string()]
    );
    assert!(
        svg.contains("2017: Fall 2020 enrolment fell sharply"),
        "listed under the chart"
    );
    insta::assert_snapshot!("note", svg);
}

#[test]
fn snapshot_suppressed() {
    let mut c = chart(
        "Youth in foster care",
        Unit::Number,
        &[Some(41.0), Some(38.0), None, Some(35.0), Some(0.0)],
    );
    c.series[0].points[2] = Point::suppressed("2017");
    let svg = print(&c);
    assert!(
        svg.contains(">\nS\n</text>"),
        "a suppressed period has an S marker"
    );
    assert!(svg.contains("Suppressed (withheld for privacy)"));
    assert!(!svg.contains("Gap: no value"), "suppressed is not missing");
    insta::assert_snapshot!("suppressed", svg);
}

#[test]
fn snapshot_target_range() {
    let mut c = chart(
        "Students per tutor",
        Unit::Number,
        &[
            Some(4.0),
            Some(4.3),
            Some(5.6),
            Some(6.2),
            Some(5.4),
            Some(4.8),
        ],
    );
    c.polarity = Polarity::Range;
    c.targets = c
        .periods
        .iter()
        .map(|p| TargetPoint {
            period: p.clone(),
            target: Target::Range {
                low: Some(3.0),
                high: Some(5.0),
            },
        })
        .collect();
    let svg = print(&c);
    assert!(svg.contains("Target range") && svg.contains("Inside the target range is better"));
    insta::assert_snapshot!("target_range", svg);
}

#[test]
fn snapshot_negative_values() {
    let mut c = chart(
        "Net change in licensed child-care seats",
        Unit::Number,
        &[
            Some(120.0),
            Some(-45.0),
            Some(-310.0),
            Some(-80.0),
            Some(60.0),
        ],
    );
    c.targets = vec![TargetPoint {
        period: "2019".into(),
        target: Target::Value(100.0),
    }];
    let svg = print(&c);
    assert!(
        svg.contains("−300") || svg.contains("−400"),
        "negative ticks use a minus sign"
    );
    insta::assert_snapshot!("negative_values", svg);
}

#[test]
fn snapshot_long_name() {
    let name = "Share of <students> in grades 9 & 10 who say \"I have an adult at school I can talk to\" – and the 'other' long tail of a very long measure name";
    let mut c = chart(name, Unit::Percent, &[Some(61.0), Some(64.5), Some(66.0)]);
    c.subtitle = "Program: Mentoring <Matters> & Friends".into();
    let svg = print(&c);
    assert!(svg.contains("&lt;students&gt;") && svg.contains("&amp;") && svg.contains("&quot;I"));
    insta::assert_snapshot!("long_name", svg);
}

#[test]
fn snapshot_two_series_and_presentation_size() {
    let mut c = chart(
        "Attending seniors who submitted a FAFSA",
        Unit::Percent,
        &[Some(68.5), Some(72.0), Some(74.1), Some(41.0)],
    );
    c.series.push(Series {
        name: "Families rating the session helpful".into(),
        points: c
            .periods
            .iter()
            .zip([91.2, 89.5, 93.0, 84.0])
            .map(|(p, v)| Point::actual(p, v))
            .collect(),
    });
    let svg = render(&c, ChartSize::Presentation).unwrap();
    assert!(svg.contains("width=\"1600\" height=\"900\""));
    assert!(
        svg.contains("#0072B2") && svg.contains("#D55E00"),
        "Okabe-Ito blue and vermillion"
    );
    insta::assert_snapshot!("two_series_presentation", svg);
}

/// Every `<text>` element's content, as written.
fn text_contents(svg: &str) -> Vec<&str> {
    svg.split("<text")
        .skip(1)
        .filter_map(|chunk| {
            let start = chunk.find('>')? + 1;
            let end = chunk.find("</text>")?;
            Some(&chunk[start..end])
        })
        .collect()
}

#[test]
fn every_label_is_escaped() {
    let hostile = "<script>alert('x')</script> & \"quoted\" \u{0}\u{7}";
    let mut c = chart(
        hostile,
        Unit::Percent,
        &[Some(10.0), Some(20.0), Some(30.0)],
    );
    c.subtitle = hostile.into();
    c.series[0].name = hostile.into();
    c.series[0].points[1].note = Some(hostile.into());
    c.footnote = Some(hostile.into());
    c.series.push(Series {
        name: hostile.into(),
        points: vec![Point::actual("2015", 12.0)],
    });
    let svg = print(&c);
    let texts = text_contents(&svg);
    assert!(texts.len() > 10);
    for t in &texts {
        assert!(
            !t.contains('<') && !t.contains('>'),
            "raw markup in a label: {t:?}"
        );
        assert!(
            !t.contains('"') && !t.contains('\''),
            "raw quote in a label: {t:?}"
        );
        assert!(
            !t.chars().any(|ch| ch.is_control() && ch != '\n'),
            "control char: {t:?}"
        );
        // Every & starts an entity.
        for (i, _) in t.match_indices('&') {
            let rest = &t[i..];
            assert!(
                ["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| rest.starts_with(e)),
                "bare & in {t:?}"
            );
        }
    }
    assert!(!svg.contains("<script"), "no element was injected");
    assert!(svg.contains("&lt;script&gt;"), "the name is shown as text");
    // The SVG stays well-formed XML: resvg parses it.
    png::render_pixmap(&svg, 1.0).unwrap();
}

#[test]
fn the_svg_names_the_embedded_font() {
    let svg = print(&chart("x", Unit::Number, &[Some(1.0), Some(2.0)]));
    assert!(svg.contains("font-family=\"DejaVu Sans, sans-serif\""));
    assert!(!svg.contains("font-family=\"sans-serif\""));
}

#[test]
fn a_thousand_points_thin_their_labels_and_drop_markers() {
    let values: Vec<Option<f64>> = (0..1000)
        .map(|i| Some((i as f64 * 0.1).sin() * 50.0 + 100.0))
        .collect();
    let mut c = chart("Weekly", Unit::Number, &values);
    c.periods = (0..1000).map(|i| format!("W{i:04}")).collect();
    for (p, label) in c.series[0].points.iter_mut().zip(&c.periods) {
        p.period = label.clone();
    }
    let svg = print(&c);
    let labels = text_contents(&svg)
        .iter()
        .filter(|t| t.trim().starts_with('W'))
        .count();
    assert!((5..=25).contains(&labels), "{labels} period labels");
    assert!(
        svg.matches("<circle").count() <= 3,
        "only the latest point has a marker"
    );
}

/// A value's open comments: a filled numbered badge on the point (a data note's is
/// hollow) and a line among the notes with the count and the latest comment, cut short.
#[test]
fn snapshot_comments() {
    let mut c = chart(
        "Third-grade reading proficiency",
        Unit::Percent,
        &[Some(61.0), Some(58.5), Some(63.0), Some(64.2)],
    );
    let long = "Is this the fall count or the spring count? The district changed the testing window in 2016 and nobody wrote it down anywhere.";
    let p = &mut c.series[0].points;
    p[1] = p[1]
        .clone()
        .with_note("New state test.")
        .with_comments(2, long);
    p[3] = p[3]
        .clone()
        .with_comments(1, "Confirmed <with> the\ndistrict");
    let svg = print(&c);
    assert_eq!(
        notes(&c),
        vec![
            "2016: New state test.".to_string(),
            "2016: 2 comments, latest: Is this the fall count or the spring count? The district changed the testing wi…".to_string(),
            "2018: 1 comment: Confirmed <with> the district".to_string(),
        ],
        "the data note first, then the comments; line breaks folded, the long one cut at 80 characters"
    );
    // Two filled (comment) badges on the plot and two in the list under it; the data
    // note's badge stays hollow (white).
    let badge = |fill: &str| {
        svg.matches(&format!(r#"r="9" opacity="1" fill="{fill}" stroke="none""#))
            .count()
    };
    assert_eq!(badge("#1A1A1A"), 4, "comment badges:\n{svg}");
    assert_eq!(badge("#FFFFFF"), 2, "data note badges:\n{svg}");
    assert!(svg.contains("2018: 1 comment: Confirmed &lt;with&gt; the district"));
    insta::assert_snapshot!("comments", svg);
}
