//! The import benchmark of issue 5: a generated long CSV of 1,000,000 rows (100 measures ×
//! 20 years × 500 groups of one dimension) imported into a new database file, against the
//! `sqlite3` shell's `.import` of the same file into a plain table, in the same run.
//! Target: at least 0.8× the shell's rows per second, with peak memory under 200 MB.
//!
//! Run with `scripts/bench-import.sh` (installs `sqlite3` when missing) or
//! `cargo bench -p backbone --bench import`. After criterion's report it prints both
//! rates, their ratio, and the peak resident memory (VmHWM) of a separate process that
//! runs one import (this binary, re-run with `BACKBONE_BENCH_CHILD` set).

use backbone::import::{import_file, ImportOptions};
use backbone::Store;
use criterion::Criterion;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const MEASURES: usize = 100;
const YEARS: usize = 20;
const GROUPS: usize = 500;
const ROWS: usize = MEASURES * YEARS * GROUPS;

/// The generated file (kept between runs in target/bench-data).
fn data_file() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("long-1m.csv");
    if !path.exists() {
        let tmp = dir.join("long-1m.csv.part");
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
        writeln!(w, "measure,period,dimension,group,value").unwrap();
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for m in 0..MEASURES {
            for y in 0..YEARS {
                for g in 0..GROUPS {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    let v = (x % 10_000) as f64 / 100.0;
                    writeln!(w, "Measure {m},{},Neighborhood,Group {g},{v}", 2000 + y).unwrap();
                }
            }
        }
        w.flush().unwrap();
        drop(w);
        std::fs::rename(&tmp, &path).unwrap();
    }
    path
}

fn import_once(csv: &Path, db: &Path) -> Duration {
    let mut store = Store::open(db).unwrap();
    store.decline_sample().unwrap();
    let start = Instant::now();
    let summary = import_file(&mut store, csv, &ImportOptions::default(), &mut |_| true).unwrap();
    let took = start.elapsed();
    assert!(summary.errors.is_empty(), "{:?}", summary.errors);
    assert_eq!(summary.created as usize, ROWS);
    took
}

fn sqlite3_once(csv: &Path, db: &Path) -> Duration {
    let start = Instant::now();
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(format!(".import --csv {} t", csv.display()))
        .output()
        .expect("the sqlite3 shell (scripts/bench-import.sh installs it)");
    let took = start.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

/// Peak resident memory (KiB) of the current process.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    if let Ok(csv) = std::env::var("BACKBONE_BENCH_CHILD") {
        let dir = tempfile::TempDir::new().unwrap();
        import_once(Path::new(&csv), &dir.path().join("child.sqlite"));
        println!("{}", peak_kib());
        return;
    }
    let csv = data_file();
    let mut ours = Vec::new();
    let mut shell = Vec::new();
    let mut c = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(60))
        .warm_up_time(Duration::from_millis(1))
        .configure_from_args();
    let mut group = c.benchmark_group("import 1,000,000-row long CSV");
    // Turns: each sample of one is followed by a sample of the other, so both see the
    // same machine load.
    group.bench_function("backbone import", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let dir = tempfile::TempDir::new().unwrap();
                let t = import_once(&csv, &dir.path().join("bench.sqlite"));
                ours.push(t);
                let dir2 = tempfile::TempDir::new().unwrap();
                shell.push(sqlite3_once(&csv, &dir2.path().join("plain.sqlite")));
                total += t;
            }
            total
        })
    });
    group.finish();
    c.final_summary();

    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (ours, shell) = (median(&mut ours), median(&mut shell));
    let rate = |d: Duration| ROWS as f64 / d.as_secs_f64();
    let child = Command::new(std::env::current_exe().unwrap())
        .env("BACKBONE_BENCH_CHILD", &csv)
        .output()
        .unwrap();
    let peak: u64 = String::from_utf8_lossy(&child.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    println!(
        "import of {ROWS} rows: backbone {:.2} s = {:.0} rows/s; sqlite3 .import {:.2} s = {:.0} rows/s; ratio {:.2} (target >= 0.80); peak memory of one import {:.1} MB (target < 200 MB)",
        ours.as_secs_f64(),
        rate(ours),
        shell.as_secs_f64(),
        rate(shell),
        rate(ours) / rate(shell),
        peak as f64 / 1024.0
    );
}
