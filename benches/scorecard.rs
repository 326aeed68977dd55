//! The scorecard benchmark of issue 3: a generated store of 1,000 measures × 20 periods ×
//! (6 groups + the total) in a temporary file; `Store::scorecard` for the whole initiative
//! against a plain `SELECT count(*) FROM observations` in the same run. Target: under
//! 50 ms, and within 10× of the count. Run with `cargo bench -p backbone --bench scorecard`;
//! it prints both medians and their ratio after criterion's report.

use backbone::Store;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "support/generate.rs"]
mod generate;
use generate::{generate, GROUPS, MEASURES, PERIODS};

/// How long `f` takes.
fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

/// The median of `values`.
fn median<T: PartialOrd + Copy>(mut values: Vec<T>) -> T {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    values[values.len() / 2]
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.backbone");
    let initiative = generate(&path);
    let store = Store::open(&path).unwrap();
    let rows = store.count_observations().unwrap();
    assert_eq!(rows, (MEASURES * PERIODS as usize * (GROUPS + 1)) as i64);
    let card = store.scorecard(&initiative, None).unwrap();
    assert_eq!(card.rows.len(), MEASURES);
    // SC_LOOP=N: only N scorecards, for counting instructions with `perf stat`.
    if let Some(n) = std::env::var("SC_LOOP")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        for _ in 0..n {
            black_box(store.scorecard(&initiative, None).unwrap());
        }
        return;
    }

    let mut group = c.benchmark_group("scorecard");
    group.sample_size(30);
    group.bench_function("whole initiative (1,000 measures)", |b| {
        b.iter(|| black_box(store.scorecard(black_box(&initiative), None).unwrap()))
    });
    group.bench_function("SELECT count(*) FROM observations", |b| {
        b.iter(|| black_box(store.count_observations().unwrap()))
    });
    group.finish();

    // The summary: scorecard and count(*) timed in turns, so that both meet the same
    // load on a shared machine; the ratio is the median of the pairs' ratios.
    let pairs: Vec<(Duration, Duration)> = (0..40)
        .map(|_| {
            let card = time(|| {
                black_box(store.scorecard(&initiative, None).unwrap());
            });
            let count = time(|| {
                black_box(store.count_observations().unwrap());
            });
            (card, count)
        })
        .collect();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let card = median(pairs.iter().map(|p| ms(p.0)).collect());
    let count = median(pairs.iter().map(|p| ms(p.1)).collect());
    let ratio = median(pairs.iter().map(|p| ms(p.0) / ms(p.1)).collect());
    println!(
        "\nscorecard of {MEASURES} measures over {rows} observations: median {card:.2} ms; \
         count(*): median {count:.3} ms; ratio {ratio:.1}× (targets: < 50 ms, < 10×)"
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
