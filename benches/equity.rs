//! The equity benchmark of issue 6: equity figures for every measure of a store with 1,000
//! measures × 20 periods × 6 groups (the scorecard benchmark's store, with the total too):
//! `Store::equity_summary` computes each measure's figures now and at baseline, its gap
//! trends and the roll-ups. Target: under 100 ms in total. Run with
//! `cargo bench -p backbone --bench equity`; it prints the median after criterion's report.

#[path = "support/generate.rs"]
mod generate;

use backbone::Store;
use criterion::{criterion_group, criterion_main, Criterion};
use generate::{generate, MEASURES};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.backbone");
    let initiative = generate(&path);
    let store = Store::open(&path).unwrap();
    let summary = store.equity_summary(&initiative).unwrap();
    assert_eq!(summary.rows.len(), MEASURES);
    assert!(summary.rows.iter().all(|r| r.groups == 6));

    // EQ_LOOP=N: only N summaries, for profiling with `perf record`.
    if let Some(n) = std::env::var("EQ_LOOP")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        for _ in 0..n {
            black_box(store.equity_summary(&initiative).unwrap());
        }
        return;
    }

    let mut group = c.benchmark_group("equity");
    group.sample_size(30);
    group.bench_function(
        "every measure's figures (1,000 measures × 20 periods × 6 groups)",
        |b| b.iter(|| black_box(store.equity_summary(black_box(&initiative)).unwrap())),
    );
    group.finish();

    let mut times: Vec<Duration> = (0..30)
        .map(|_| {
            let start = Instant::now();
            black_box(store.equity_summary(&initiative).unwrap());
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "equity figures for every measure ({MEASURES} measures): median {:.1} ms, slowest {:.1} ms (target < 100 ms)",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
