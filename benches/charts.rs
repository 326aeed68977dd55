//! Chart speed (issue 4): one 1,000-point trend chart to SVG (< 2 ms), 200 sparklines
//! (< 5 ms), and PNG export of a presentation-size chart (< 150 ms).
//!
//! `cargo bench -p backbone --bench charts`; compare with `benches/matplotlib_chart.py`,
//! which times matplotlib writing the same 1,000-point SVG line chart.

use backbone::chart::{
    self, ChartSize, ForecastPoint, Point, Series, SparklineSpec, Target, TargetPoint, TrendChart,
};
use backbone::model::{Calendar, Polarity, Unit};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// A weekly series of `n` points (the same shape the matplotlib script draws), with a
/// target for the last year and a three-period forecast.
fn big_chart(n: usize) -> TrendChart {
    let periods: Vec<String> = (0..n + 3)
        .map(|i| format!("{}W{:02}", 2000 + i / 52, i % 52 + 1))
        .collect();
    let value = |i: usize| 100.0 + 40.0 * (i as f64 * 0.05).sin() + i as f64 * 0.02;
    TrendChart {
        title: "Weekly visits to the family resource centres".into(),
        subtitle: "Family Resource Network · How much did we do?".into(),
        unit: Unit::Number,
        difference: false,
        rate_per: None,
        polarity: Polarity::Higher,
        series: vec![Series {
            name: "Visits".into(),
            points: (0..n)
                .map(|i| Point::actual(&periods[i], value(i)))
                .collect(),
        }],
        targets: (n - 52..n)
            .map(|i| TargetPoint {
                period: periods[i].clone(),
                target: Target::Value(150.0),
            })
            .collect(),
        baseline: Some(periods[0].clone()),
        forecast: (n..n + 3)
            .map(|i| ForecastPoint {
                period: periods[i].clone(),
                value: value(i),
            })
            .collect(),
        footnote: Some("Source: centre sign-in sheets".into()),
        periods,
        calendar: Some(Calendar::Week.into()),
    }
}

/// A presentation chart like the sample's: twelve school years, notes, targets, forecast.
fn slide_chart() -> TrendChart {
    let periods: Vec<String> = (2014..2027)
        .map(|y| format!("{y}-{:02}", (y + 1) % 100))
        .collect();
    let values = [81.1, 81.5, 82.3, 83.1, 83.7, 85.9, 84.1, 85.2, 86.5, 87.2];
    let mut points: Vec<Point> = periods
        .iter()
        .zip(values)
        .map(|(p, v)| Point::actual(p, v))
        .collect();
    points[5].note =
        Some("The state waived some graduation requirements during the COVID-19 emergency.".into());
    points[6].note =
        Some("Requirements restored; seniors finished a year of hybrid learning.".into());
    TrendChart {
        title: "High-school graduation rate (4-year cohort)".into(),
        subtitle: "Indicator of: Young people graduate high school ready for career".into(),
        unit: Unit::Percent,
        difference: false,
        rate_per: None,
        polarity: Polarity::Higher,
        series: vec![Series {
            name: "Graduation rate".into(),
            points,
        }],
        targets: (8..12)
            .map(|i| TargetPoint {
                period: periods[i].clone(),
                target: Target::Value(86.0 + i as f64 * 0.5),
            })
            .collect(),
        baseline: Some(periods[0].clone()),
        forecast: (10..13)
            .map(|i| ForecastPoint {
                period: periods[i].clone(),
                value: 87.5 + (i - 10) as f64 * 0.6,
            })
            .collect(),
        footnote: Some("Source: State report card · Sample: fictional data".into()),
        periods,
        calendar: Some(Calendar::SchoolYear.into()),
    }
}

fn sparkline_specs(n: usize) -> Vec<SparklineSpec> {
    (0..n)
        .map(|k| SparklineSpec {
            values: (0..12)
                .map(|i| (i != 4 || !k.is_multiple_of(3)).then(|| 50.0 + ((i * 7 + k) % 11) as f64))
                .collect(),
            polarity: if k.is_multiple_of(2) {
                Polarity::Higher
            } else {
                Polarity::Lower
            },
            target_low: None,
            target_high: None,
            width: 120,
            height: 32,
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let big = big_chart(1000);
    c.bench_function("trend chart, 1,000 points, to SVG", |b| {
        b.iter(|| chart::render(black_box(&big), ChartSize::Print).unwrap())
    });
    let specs = sparkline_specs(200);
    c.bench_function("200 sparklines to SVG", |b| {
        b.iter(|| {
            black_box(&specs)
                .iter()
                .map(|s| chart::sparkline(s).unwrap().len())
                .sum::<usize>()
        })
    });
    let slide = slide_chart();
    let mut group = c.benchmark_group("presentation chart to PNG");
    group.sample_size(20);
    group.bench_function("SVG + PNG at 1x", |b| {
        b.iter(|| {
            let svg = chart::render(black_box(&slide), ChartSize::Presentation).unwrap();
            chart::png::to_png(&svg, 1.0).unwrap()
        })
    });
    group.bench_function("SVG + PNG at 2x", |b| {
        b.iter(|| {
            let svg = chart::render(black_box(&slide), ChartSize::Presentation).unwrap();
            chart::png::to_png(&svg, 2.0).unwrap()
        })
    });
    group.finish();
}

criterion_group!(charts, benches);
criterion_main!(charts);
