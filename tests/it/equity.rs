//! The equity lens on real data: the race/ethnicity dropout rates of KIDS COUNT Colorado
//! and the race/ethnicity series of Open SDG indicator 3.3.1, imported through the
//! importer; the expected figures are computed here from the files (DOMAIN.md "Equity
//! lens", written out again independently), never copied from the output. The CLI's JSON
//! shape and the charts are checked on the same stores.

use crate::import::{import, shared};
use crate::support::*;
use backbone::equity::{EquityFigures, GapTrend};
use backbone::import::ImportOptions;
use backbone::model::{Measure, MeasureInput, Polarity, Unit};
use std::collections::BTreeMap;

/// Equal within 1e-9 of the larger magnitude (the figures are unrounded).
fn near(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0))
}

/// The expected figures of one period from `now` (group → value) and `before` (the
/// previous period's values), for a rate measure with the reference the most favourable.
struct Expected {
    reference: String,
    rd: BTreeMap<String, f64>,
    rr: BTreeMap<String, f64>,
    trend: BTreeMap<String, Option<GapTrend>>,
    max_rr: f64,
    max_rd: f64,
    index: f64,
}

fn expected(
    now: &BTreeMap<String, f64>,
    before: &BTreeMap<String, f64>,
    lower_is_better: bool,
) -> Expected {
    let (reference, r) = now
        .iter()
        .fold(None::<(&String, f64)>, |best, (g, &v)| match best {
            Some((_, b)) if (lower_is_better && b <= v) || (!lower_is_better && b >= v) => best,
            _ => Some((g, v)),
        })
        .map(|(g, v)| (g.clone(), v))
        .unwrap();
    let mut e = Expected {
        reference: reference.clone(),
        rd: BTreeMap::new(),
        rr: BTreeMap::new(),
        trend: BTreeMap::new(),
        max_rr: f64::MIN,
        max_rd: 0.0,
        index: 0.0,
    };
    let mut sum = 0.0;
    for (g, &v) in now.iter().filter(|(g, _)| **g != reference) {
        let rd = v - r;
        let rr = if lower_is_better { v / r } else { r / v };
        e.rd.insert(g.clone(), rd);
        e.rr.insert(g.clone(), rr);
        e.max_rr = e.max_rr.max(rr);
        e.max_rd = e.max_rd.max(rd.abs());
        sum += rd.abs();
        let trend = match (before.get(g), before.get(&reference)) {
            (Some(b), Some(br)) => {
                let (old, new) = ((b - br).abs(), rd.abs());
                Some(if (old - new).abs() <= 1e-9 * old.max(new) {
                    GapTrend::Unchanged
                } else if new < old {
                    GapTrend::Closing
                } else {
                    GapTrend::Widening
                })
            }
            _ => None,
        };
        e.trend.insert(g.clone(), trend);
    }
    e.index = sum / (now.len() - 1) as f64 / r.abs() * 100.0;
    e
}

fn check(f: &EquityFigures, e: &Expected) {
    assert_eq!(f.reference_group.as_deref(), Some(e.reference.as_str()));
    for g in f.groups.iter().filter(|g| g.group != e.reference) {
        let name = &g.group;
        assert!(
            near(g.rate_difference, e.rd[name]),
            "{name}: RD {:?} != {}",
            g.rate_difference,
            e.rd[name]
        );
        assert!(
            near(g.rate_ratio, e.rr[name]),
            "{name}: RR {:?}",
            g.rate_ratio
        );
        assert_eq!(g.gap_trend, e.trend[name], "{name}: gap trend");
    }
    assert!(
        near(f.max_rate_ratio, e.max_rr),
        "{:?} != {}",
        f.max_rate_ratio,
        e.max_rr
    );
    assert!(near(f.max_rate_difference, e.max_rd));
    assert!(near(f.index_of_disparity, e.index));
}

/// The measure named `name` with a new unit and polarity (as a user sets them after an
/// import that could not tell).
fn set_unit(
    f: &mut Fixture,
    name: &str,
    unit: Unit,
    rate_per: Option<f64>,
    polarity: Polarity,
) -> Measure {
    let initiative = f
        .store
        .list_initiatives()
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let m = f
        .store
        .list_measures(&initiative.id)
        .unwrap()
        .into_iter()
        .find(|m| m.name == name)
        .unwrap();
    let input = MeasureInput {
        kind: m.kind,
        result_id: m.result_id.clone(),
        program_id: m.program_id.clone(),
        category: m.category,
        name: m.name.clone(),
        definition: m.definition.clone(),
        unit,
        rate_per,
        polarity,
        calendar: m.calendar,
        calendar_start_month: m.calendar_start_month,
        baseline_period: m.baseline_period.clone(),
        data_source: m.data_source.clone(),
        headline: m.headline,
        data_development: m.data_development,
        cumulative: m.cumulative,
    };
    f.store.update_measure(&m.id, &input).unwrap()
}

/// The KIDS COUNT Colorado dropout file's state-wide race/ethnicity rates on a 0-100
/// scale, by year then group (the sex groups and "All Students" are not races).
fn colorado_dropout_by_race() -> BTreeMap<String, BTreeMap<String, f64>> {
    let mut out: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let mut reader = csv::Reader::from_path(shared(
        "kidscount-colorado/dropout-rates-by-race-and-ethnicity.csv",
    ))
    .unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let (location, category, year, value) = (&row[0], &row[1], &row[2], &row[4]);
        if location != "Colorado"
            || ["All Students", "Female Students", "Male Students"].contains(&category)
        {
            continue;
        }
        if let Ok(v) = value.trim().parse::<f64>() {
            out.entry(year.to_string())
                .or_default()
                .insert(category.to_string(), v * 100.0);
        }
    }
    out
}

fn race_dimension(f: &Fixture, measure_id: &str) -> String {
    let dims = f.store.measure_dimensions(measure_id).unwrap();
    dims.iter()
        .find(|d| d.name.to_lowercase().contains("race"))
        .unwrap_or_else(|| panic!("no race dimension in {dims:?}"))
        .id
        .clone()
}

#[test]
fn kids_count_dropout_rates_by_race_hand_checked() {
    let mut f = Fixture::new();
    let s = import(
        &mut f,
        &shared("kidscount-colorado/dropout-rates-by-race-and-ethnicity.csv"),
        &ImportOptions {
            measure: Some("Dropout rate".into()),
            location: Some("Colorado".into()),
            polarity: Some(Polarity::Lower),
            ..ImportOptions::default()
        },
    );
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let m = set_unit(&mut f, "Dropout rate", Unit::Percent, None, Polarity::Lower);
    let race = race_dimension(&f, &m.id);
    let file = colorado_dropout_by_race();
    let years: Vec<&String> = file.keys().collect();
    assert!(years.len() >= 2, "the file has {years:?}");

    // The latest year, against the one before.
    let (last, prev) = (years[years.len() - 1], years[years.len() - 2]);
    let figures = f.store.equity(&m.id, Some(&race), None).unwrap();
    assert_eq!(figures.period.as_deref(), Some(last.as_str()));
    let groups: Vec<&str> = figures.groups.iter().map(|g| g.group.as_str()).collect();
    let mut want: Vec<&str> = file[last].keys().map(String::as_str).collect();
    let mut got = groups.clone();
    want.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, want, "the race groups are the file's, and only those");
    check(&figures, &expected(&file[last], &file[prev], true));

    // The first year: no earlier period, so no gap trends.
    let first = f.store.equity(&m.id, Some(&race), Some(years[0])).unwrap();
    let e = expected(&file[years[0]], &BTreeMap::new(), true);
    check(&first, &e);
    assert!(first.groups.iter().all(|g| g.gap_trend.is_none()));

    // Gaps as series: one point per year with both values, the latest matching the
    // figures.
    let set = f.store.gap_series(&m.id, Some(&race)).unwrap();
    assert_eq!(
        set.reference_group.as_deref(),
        Some(figures.reference_group.as_deref().unwrap())
    );
    for s in &set.series {
        let last_point = s.points.last().unwrap();
        let g = figures.groups.iter().find(|g| g.group == s.group).unwrap();
        assert!(near(g.rate_difference, last_point.rate_difference));
        assert!(near(s.figures.actual, last_point.rate_difference.abs()));
    }

    // The summary: this measure, its maximal ratio now and at baseline.
    let initiative = f.store.list_initiatives().unwrap().remove(0);
    let summary = f.store.equity_summary(&initiative.id).unwrap();
    let row = summary
        .rows
        .iter()
        .find(|r| r.measure_id == m.id && r.dimension_id == race)
        .unwrap();
    assert!(near(
        row.max_rate_ratio,
        expected(&file[last], &file[prev], true).max_rr
    ));
    assert_eq!(row.baseline_period.as_deref(), Some(years[0].as_str()));
    assert!(near(row.baseline_max_rate_ratio, e.max_rr));
    let e_last = expected(&file[last], &file[prev], true);
    let closing = e_last
        .trend
        .values()
        .filter(|t| **t == Some(GapTrend::Closing))
        .count();
    let widening = e_last
        .trend
        .values()
        .filter(|t| **t == Some(GapTrend::Widening))
        .count();
    assert_eq!(row.gaps_closing as usize, closing);
    assert_eq!(row.gaps_widening as usize, widening);
    assert_eq!(
        summary.initiative.gaps_closing.numerator,
        Some(summary.rows.iter().map(|r| r.gaps_closing).sum::<u32>())
    );

    // A gap between two percentages is in points: the gap chart's axis and labels say
    // "pts" and never "%", while the groups' own chart stays in percent.
    let size = backbone::chart::ChartSize::Print;
    let gaps = backbone::chart::gap_chart(&f.store, &m.id, Some(&race), size).unwrap();
    let labels = |svg: &str| -> Vec<String> {
        svg.split("</text>")
            .filter_map(|t| t.rsplit_once('>').map(|(_, l)| l.trim().to_string()))
            .collect()
    };
    let gap_labels = labels(&gaps.svg);
    assert!(
        gap_labels.iter().any(|l| l.ends_with(" pts")),
        "the gap chart reads in points: {gap_labels:?}"
    );
    assert!(
        !gap_labels.iter().any(|l| l.ends_with('%')),
        "no percent label on the gap chart: {gap_labels:?}"
    );
    let groups = backbone::chart::group_chart(&f.store, &m.id, Some(&race), size).unwrap();
    let group_labels = labels(&groups.svg);
    assert!(
        group_labels.iter().any(|l| l.ends_with('%')),
        "{group_labels:?}"
    );
    assert!(!group_labels.iter().any(|l| l.ends_with(" pts")));
}

/// Open SDG 3.3.1's race/ethnicity series (rows with only `race_ethnicity` set), by year.
fn sdg_by_race() -> BTreeMap<String, BTreeMap<String, f64>> {
    let mut out: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let text = std::fs::read_to_string(shared("opensdg-usa/indicator_3-3-1.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for row in reader.records() {
        let row = row.unwrap();
        if row[1].is_empty() && row[2].is_empty() && !row[3].is_empty() {
            out.entry(row[0].to_string())
                .or_default()
                .insert(row[3].to_string(), row[4].parse().unwrap());
        }
    }
    out
}

#[test]
fn open_sdg_hiv_incidence_by_race_hand_checked() {
    let mut f = Fixture::new();
    let s = import(
        &mut f,
        &shared("opensdg-usa/indicator_3-3-1.csv"),
        &ImportOptions::default(),
    );
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    // New HIV infections per 100,000: a rate, lower is better.
    let m = set_unit(
        &mut f,
        "Indicator 3 3 1",
        Unit::Rate,
        Some(100_000.0),
        Polarity::Lower,
    );
    let race = race_dimension(&f, &m.id);
    let file = sdg_by_race();
    let years: Vec<&String> = file.keys().collect();
    for pair in years.windows(2) {
        let (prev, year) = (pair[0], pair[1]);
        if file[year].len() < 2 {
            continue;
        }
        let figures = f.store.equity(&m.id, Some(&race), Some(year)).unwrap();
        check(&figures, &expected(&file[year], &file[prev], true));
    }
    // As higher-is-better (to check the orientation on the same data): ratios flip.
    let m = set_unit(
        &mut f,
        "Indicator 3 3 1",
        Unit::Rate,
        Some(100_000.0),
        Polarity::Higher,
    );
    let last = years[years.len() - 1];
    let prev = years[years.len() - 2];
    let figures = f.store.equity(&m.id, Some(&race), None).unwrap();
    check(&figures, &expected(&file[last], &file[prev], false));
    for g in figures.groups.iter().filter(|g| !g.is_reference) {
        assert!(
            g.rate_ratio.unwrap() >= 1.0,
            "{}: oriented so above 1 is worse",
            g.group
        );
    }
}

#[test]
fn counts_and_suppressed_values_through_the_store_and_the_cli() {
    let mut f = Fixture::new();
    let dir = tempfile::TempDir::new().unwrap();
    let csv = dir.path().join("served.csv");
    std::fs::write(
        &csv,
        "measure,period,dimension,group,value,suppressed\n\
         Families served,2022,Neighborhood,North,40,\n\
         Families served,2022,Neighborhood,South,10,\n\
         Families served,2022,Neighborhood,East,,yes\n\
         Families served,2023,Neighborhood,North,50,\n\
         Families served,2023,Neighborhood,South,30,\n\
         Families served,2023,Neighborhood,East,,yes\n",
    )
    .unwrap();
    let s = import(
        &mut f,
        &csv,
        &ImportOptions {
            unit: Some(Unit::Number),
            polarity: Some(Polarity::Higher),
            ..ImportOptions::default()
        },
    );
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let initiative = f.store.list_initiatives().unwrap().remove(0);
    let m = f.store.list_measures(&initiative.id).unwrap().remove(0);
    let figures = f.store.equity(&m.id, Some("neighborhood"), None).unwrap();
    assert_eq!(figures.period.as_deref(), Some("2023"));
    assert_eq!(figures.reference_group.as_deref(), Some("North"));
    assert!(!figures.ratios_apply);
    assert_eq!(figures.max_rate_ratio, None);
    assert!(figures.why["max_rate_ratio"].contains("counts get no ratios"));
    assert!(near(figures.max_rate_difference, 20.0));
    assert_eq!(figures.excluded_suppressed, vec!["East".to_string()]);
    let south = figures.groups.iter().find(|g| g.group == "South").unwrap();
    assert_eq!(south.gap_trend, Some(GapTrend::Closing));
    // An unknown dimension or period says what there is.
    let err = expect_invalid(f.store.equity(&m.id, Some("Race"), None), "dimension");
    assert!(err.contains("Neighborhood"), "{err}");
    let err = expect_invalid(f.store.equity(&m.id, None, Some("20x3")), "period");
    assert!(!err.is_empty());
    // The CLI prints the JSON shape, with null where undefined.
    let (code, out, err) = cli(
        &f.path,
        &["equity", "--measure", "Families served", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in [
        "measure",
        "dimension",
        "period",
        "reference_group",
        "groups",
        "max_rate_ratio",
        "max_rate_difference",
        "index_of_disparity",
    ] {
        assert!(json.get(key).is_some(), "{key} missing from {out}");
    }
    assert_eq!(json["measure"], "Families served");
    assert_eq!(json["dimension"], "Neighborhood");
    assert_eq!(json["max_rate_ratio"], serde_json::Value::Null);
    assert_eq!(json["max_rate_difference"], 20.0);
    let south = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "South")
        .unwrap();
    assert_eq!(south["value"], 30.0);
    assert_eq!(south["rate_difference"], -20.0);
    assert_eq!(south["rate_ratio"], serde_json::Value::Null);
    assert_eq!(south["gap_trend"], "closing");
    let (code, out, _) = cli(&f.path, &["equity", "--measure", "Families served"]);
    assert_eq!(code, 0);
    assert!(out.contains("North (reference)"), "{out}");
    assert!(
        out.contains("Excluded (suppressed by the source): East"),
        "{out}"
    );
    // Charts of the groups and of the gaps draw.
    let chart =
        backbone::chart::group_chart(&f.store, &m.id, None, backbone::chart::ChartSize::Print)
            .unwrap();
    assert!(chart.svg.contains("North") && chart.svg.contains("South"));
    let gaps = backbone::chart::gap_chart(&f.store, &m.id, None, backbone::chart::ChartSize::Print)
        .unwrap();
    assert!(gaps.title.contains("North"), "{}", gaps.title);
}
