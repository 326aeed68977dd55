//! The sync benchmark of issue 9: a store with 100,000 changes (200 monthly measures ×
//! 500 months of values, typed through `save_observations` in batches), exported whole
//! and imported into a laptop that joined before the values were entered.
//! Targets: export and import under 2 s each; the change file under 5 MB.
//!
//! Run with `cargo bench -p backbone --bench sync`. The stores are built once per run (in
//! a temporary folder, about a minute in release). Besides criterion's report it prints
//! the first export's time (which also stamps the 100,000 new changes), the file size,
//! and what the import applied.

use backbone::model::{
    Calendar, InitiativeInput, MeasureInput, MeasureKind, ObservationEdit, Polarity, ResultInput,
    SectoralHome, Unit,
};
use backbone::Store;
use criterion::{BatchSize, Criterion};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const MEASURES: usize = 200;
const MONTHS: usize = 500;
const VALUES: usize = MEASURES * MONTHS;

fn measure(result_id: &str, n: usize) -> MeasureInput {
    MeasureInput {
        kind: MeasureKind::Indicator,
        result_id: Some(result_id.into()),
        program_id: None,
        category: None,
        name: format!("Measure {n}"),
        definition: String::new(),
        unit: Unit::Number,
        rate_per: None,
        polarity: Polarity::Higher,
        calendar: Calendar::Month,
        calendar_start_month: None,
        baseline_period: None,
        data_source: String::new(),
        headline: false,
        data_development: false,
        cumulative: false,
    }
}

/// Laptop A with the initiative and its measures; laptop B joined from A's export; then
/// A enters every value. Returns (A's path, B's path: closed, to be copied per import).
fn build(dir: &Path) -> (PathBuf, PathBuf) {
    let a_path = dir.join("a.backbone");
    let b_path = dir.join("b.backbone");
    let mut a = Store::open(&a_path).unwrap();
    a.decline_sample().unwrap();
    a.set_author_name("Ana").unwrap();
    let i = a
        .create_initiative(&InitiativeInput {
            name: "Bench".into(),
            shared_result: "Every child thrives".into(),
            geography: "Bench County".into(),
            sectoral_home: SectoralHome::CoLed,
            backbone_org: "Bench Foundation".into(),
            equity_statement: String::new(),
        })
        .unwrap();
    let r = a
        .create_result(
            &i.id,
            &ResultInput {
                name: "Children thrive".into(),
                description: String::new(),
            },
        )
        .unwrap();
    let ids: Vec<String> = (0..MEASURES)
        .map(|n| a.create_measure(&i.id, &measure(&r.id, n)).unwrap().id)
        .collect();
    let join = dir.join("join.bbsync");
    a.sync_export(None, &join).unwrap();
    {
        let mut b = Store::open(&b_path).unwrap();
        b.decline_sample().unwrap();
        b.set_author_name("Ben").unwrap();
        b.sync_import(&join).unwrap();
        // B tells A what it has, so A's later export for B holds only the values.
        b.sync_export(None, &dir.join("b.bbsync")).unwrap();
    }
    a.sync_import(&dir.join("b.bbsync")).unwrap();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for id in &ids {
        let edits: Vec<ObservationEdit> = (0..MONTHS)
            .map(|m| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                ObservationEdit {
                    period: format!("{}-{:02}", 1990 + m / 12, m % 12 + 1),
                    value: Some(format!("{}", (x % 100_000) as f64 / 100.0)),
                    ..ObservationEdit::default()
                }
            })
            .collect();
        a.save_observations(id, &edits).unwrap();
    }
    (a_path, b_path)
}

fn main() {
    let dir = tempfile::TempDir::new().unwrap();
    let started = Instant::now();
    let (a_path, b_path) = build(dir.path());
    println!(
        "built: {VALUES} values entered on A in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut a = Store::open(&a_path).unwrap();
    let b_id = {
        let mut b = Store::open(&b_path).unwrap();
        b.replica_id().unwrap()
    };
    let file = dir.path().join("a-for-b.bbsync");
    let t = Instant::now();
    let first = a.sync_export(Some(&b_id), &file).unwrap();
    let first_took = t.elapsed();
    assert!(first.changes as usize >= VALUES, "{first:?}");

    let mut c = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_millis(1))
        .configure_from_args();
    let mut group = c.benchmark_group("sync 100,000 changes");
    group.bench_function("export", |bench| {
        bench.iter(|| a.sync_export(Some(&b_id), &file).unwrap())
    });
    let mut imports = Vec::new();
    let mut last = None;
    group.bench_function("import", |bench| {
        bench.iter_batched(
            || {
                let copy = tempfile::TempDir::new().unwrap();
                let p = copy.path().join("b.backbone");
                std::fs::copy(&b_path, &p).unwrap();
                (copy, Store::open(&p).unwrap())
            },
            |(copy, mut b)| {
                let t = Instant::now();
                let got = b.sync_import(&file).unwrap();
                imports.push(t.elapsed());
                last = Some(got);
                (copy, b)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
    c.final_summary();

    imports.sort();
    let median_import = imports[imports.len() / 2];
    let got = last.expect("the import ran");
    assert_eq!(
        got.applied, first.changes,
        "every change of the file is new to B"
    );
    assert_eq!(got.conflicts_new, 0);
    println!(
        "sync of {} changes: first export (stamping them too) {:.2} s; import {:.2} s (median, target < 2 s); file {:.2} MB (target < 5 MB)",
        first.changes,
        first_took.as_secs_f64(),
        median_import.as_secs_f64(),
        first.bytes as f64 / 1e6,
    );
}
