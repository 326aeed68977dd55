//! The property test of field sync (issue 9): three laptops start from one store, make
//! random edits with clocks a day apart, exchange change files in random orders with
//! duplicates and omissions, then exchange everything: all three hold the same data, and
//! every concurrent edit that survives is in every laptop's conflict records, once.
//!
//! The test keeps its own account of causality: each tracked field write (found by
//! reading the tracked fields before and after each operation) is numbered per laptop
//! and remembers how many writes of each laptop its laptop had received (its context);
//! a file carries what its sender had. At the end, per field, the writes that no other
//! write knew of (the heads) are what the merge must have kept: one applied, every other
//! one with a different value in a conflict record.

use crate::support::*;
use crate::sync::{snapshot, Laptop};
use backbone::import::{import_file, ImportOptions};
use backbone::model::{EntityKind, ResultInput, Sector};
use proptest::prelude::*;
use rusqlite::types::Value as Sql;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

const N: usize = 3;

/// A local operation; `a` and `b` pick what it acts on and the value it writes.
#[derive(Debug, Clone, Copy)]
enum Op {
    CreateMeasure,
    CreatePartner,
    RenameMeasure,
    RenamePartner,
    DescribeResult,
    DeleteMeasure,
    DeletePartner,
    RestoreMeasure,
    RestorePartner,
    SaveValue,
    ImportCsv,
}

#[derive(Debug, Clone)]
enum Step {
    Local {
        on: usize,
        op: Op,
        a: u8,
        b: u8,
    },
    /// `from` writes a file for `to` (made "for" it, or holding everything) into `to`'s
    /// mailbox.
    Export {
        from: usize,
        to: usize,
        for_it: bool,
    },
    /// `to` imports one file of its mailbox; a duplicated one stays for later.
    Deliver {
        to: usize,
        pick: u8,
        dup: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => Just(Op::CreateMeasure),
        1 => Just(Op::CreatePartner),
        3 => Just(Op::RenameMeasure),
        2 => Just(Op::RenamePartner),
        2 => Just(Op::DescribeResult),
        1 => Just(Op::DeleteMeasure),
        1 => Just(Op::DeletePartner),
        1 => Just(Op::RestoreMeasure),
        1 => Just(Op::RestorePartner),
        4 => Just(Op::SaveValue),
        1 => Just(Op::ImportCsv),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..N, op(), any::<u8>(), 0..4u8).prop_map(|(on, op, a, b)| Step::Local { on, op, a, b }),
        2 => (0..N, 0..N, any::<bool>()).prop_map(|(from, to, for_it)| Step::Export { from, to, for_it }),
        3 => (0..N, any::<u8>(), prop::bool::weighted(0.2)).prop_map(|(to, pick, dup)| Step::Deliver { to, pick, dup }),
    ]
}

/// A tracked field: (table, row id, field).
type Key = (String, String, String);

/// One write of a tracked field, as the test saw it.
#[derive(Debug, Clone)]
struct Write {
    origin: usize,
    /// 1-based, per origin.
    n: u32,
    /// How many writes of each laptop its laptop had when it was made.
    ctx: [u32; N],
    value: String,
}

impl Write {
    /// `self` was made knowing `other`.
    fn knows(&self, other: &Write) -> bool {
        self.ctx[other.origin] >= other.n || (self.origin == other.origin && self.n > other.n)
    }
}

/// A stored value as text (numbers as numbers: 72 and 72.0 are one value).
fn norm(v: &Sql) -> String {
    match v {
        Sql::Null => "null".into(),
        Sql::Integer(i) => (*i as f64).to_string(),
        Sql::Real(f) => f.to_string(),
        Sql::Text(s) => s.clone(),
        Sql::Blob(b) => format!("{b:?}"),
    }
}

fn norm_json(text: Option<&str>) -> String {
    match text.and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok()) {
        None | Some(serde_json::Value::Null) => "null".into(),
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.as_f64().unwrap().to_string(),
        Some(other) => other.to_string(),
    }
}

const TRACKED: [(&str, &str); 4] = [
    ("measures", "name"),
    ("partners", "name"),
    ("results", "description"),
    ("observations", "value"),
];

/// The tracked fields of a store.
fn tracked(path: &Path) -> BTreeMap<Key, String> {
    let conn = raw(path);
    let mut out = BTreeMap::new();
    for (table, field) in TRACKED {
        let mut stmt = conn
            .prepare(&format!("SELECT id, \"{field}\" FROM \"{table}\""))
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Sql>(1)?)))
            .unwrap();
        for row in rows {
            let (id, v) = row.unwrap();
            out.insert((table.to_string(), id, field.to_string()), norm(&v));
        }
    }
    out
}

/// Ids of a table's rows, live or trashed, sorted.
fn ids(path: &Path, table: &str, trashed: bool) -> Vec<String> {
    let conn = raw(path);
    let mut stmt = conn
        .prepare(&format!(
            "SELECT id FROM \"{table}\" WHERE (deleted_at IS NOT NULL) = ?1 AND name NOT LIKE 'Imported%' ORDER BY id"
        ))
        .unwrap();
    let rows = stmt
        .query_map([trashed], |r| r.get::<_, String>(0))
        .unwrap();
    rows.map(|r| r.unwrap()).collect()
}

/// What a laptop knows after importing a file from a sender that had `had`.
fn learn(know: &mut [u32; N], had: &[u32; N]) {
    for (k, h) in know.iter_mut().zip(had) {
        *k = (*k).max(*h);
    }
}

fn pick(list: &[String], a: u8) -> Option<&String> {
    (!list.is_empty()).then(|| &list[a as usize % list.len()])
}

struct World {
    dir: PathBuf,
    laptops: Vec<Laptop>,
    initiative: String,
    result: String,
    /// Writes known to each laptop, per origin.
    know: [[u32; N]; N],
    writes: HashMap<Key, Vec<Write>>,
    /// Files waiting in each laptop's mailbox, each with what its sender had.
    mailbox: [Vec<(PathBuf, [u32; N])>; N],
    files: usize,
}

impl World {
    fn new(dir: &Path, skew: [i64; N]) -> World {
        let mut laptops: Vec<Laptop> = ["Ana", "Ben", "Cleo"]
            .iter()
            .map(|n| Laptop::new(dir, n))
            .collect();
        for (l, s) in laptops.iter().zip(skew) {
            l.clock.advance(s * 86_400);
        }
        let a = &mut laptops[0];
        let i = a.store.create_initiative(&initiative("Eastside")).unwrap();
        let r = a
            .store
            .create_result(&i.id, &result_input("Children thrive"))
            .unwrap();
        for name in ["Graduation rate", "Attendance"] {
            let m = a
                .store
                .create_measure(&i.id, &indicator_input(&r.id, name))
                .unwrap();
            a.store
                .save_observations(&m.id, &[value("2022", "50")])
                .unwrap();
        }
        a.store
            .create_partner(&i.id, &partner_input("Library", Sector::Public))
            .unwrap();
        let join = a.export_all(dir, "join.bbsync");
        for l in &mut laptops[1..] {
            let got = l.store.sync_import(&join).unwrap();
            assert!(got.applied > 0);
        }
        World {
            dir: dir.to_path_buf(),
            laptops,
            initiative: i.id,
            result: r.id,
            know: [[0; N]; N],
            writes: HashMap::new(),
            mailbox: Default::default(),
            files: 0,
        }
    }

    fn local(&mut self, on: usize, op: Op, a: u8, b: u8) {
        let path = self.laptops[on].path.clone();
        let before = tracked(&path);
        let (ini, res) = (self.initiative.clone(), self.result.clone());
        let l = &mut self.laptops[on];
        l.clock.advance(1 + i64::from(a % 40));
        let names = ["Alpha", "Beta", "Gamma", "Delta"];
        let name = names[b as usize % 4];
        match op {
            Op::CreateMeasure => {
                let n = format!("Measure {name} {on}");
                l.store
                    .create_measure(&ini, &indicator_input(&res, &n))
                    .unwrap();
            }
            Op::CreatePartner => {
                let n = format!("Partner {name} {on}");
                l.store
                    .create_partner(&ini, &partner_input(&n, Sector::Community))
                    .unwrap();
            }
            Op::RenameMeasure => {
                if let Some(id) = pick(&ids(&path, "measures", false), a) {
                    let n = format!("Measure {name}");
                    l.store
                        .update_measure(id, &indicator_input(&res, &n))
                        .unwrap();
                }
            }
            Op::RenamePartner => {
                if let Some(id) = pick(&ids(&path, "partners", false), a) {
                    let n = format!("Partner {name}");
                    l.store
                        .update_partner(id, &partner_input(&n, Sector::Public))
                        .unwrap();
                }
            }
            Op::DescribeResult => {
                let input = ResultInput {
                    name: "Children thrive".into(),
                    description: format!("{name} said so"),
                };
                l.store.update_result(&res, &input).unwrap();
            }
            Op::DeleteMeasure | Op::DeletePartner => {
                let (table, kind) = if matches!(op, Op::DeleteMeasure) {
                    ("measures", EntityKind::Measure)
                } else {
                    ("partners", EntityKind::Partner)
                };
                if let Some(id) = pick(&ids(&path, table, false), a) {
                    l.store.delete_item(kind, id).unwrap();
                }
            }
            Op::RestoreMeasure | Op::RestorePartner => {
                let (table, kind) = if matches!(op, Op::RestoreMeasure) {
                    ("measures", EntityKind::Measure)
                } else {
                    ("partners", EntityKind::Partner)
                };
                if let Some(id) = pick(&ids(&path, table, true), a) {
                    l.store.restore_item(kind, id).unwrap();
                }
            }
            Op::SaveValue => {
                if let Some(id) = pick(&ids(&path, "measures", false), a) {
                    let period = format!("{}", 2022 + u32::from(a % 3));
                    let v = format!("{}", 60 + u32::from(b) * 5);
                    l.store
                        .save_observations(id, &[value(&period, &v)])
                        .unwrap();
                }
            }
            Op::ImportCsv => {
                let csv = self.dir.join(format!("import-{}.csv", self.files));
                self.files += 1;
                std::fs::write(
                    &csv,
                    format!(
                        "measure,period,value\nImported {on},{},{}\nImported {on},2024,{}\n",
                        2020 + u32::from(a % 4),
                        40 + u32::from(b),
                        30 + u32::from(a % 7),
                    ),
                )
                .unwrap();
                let opts = ImportOptions {
                    initiative: Some(ini.clone()),
                    update: true,
                    ..ImportOptions::default()
                };
                let done = import_file(&mut l.store, &csv, &opts, &mut |_| true).unwrap();
                assert!(done.errors.is_empty(), "{:?}", done.errors);
            }
        }
        let after = tracked(&path);
        for (key, v) in after {
            if before.get(&key) != Some(&v) {
                let ctx = self.know[on];
                self.know[on][on] += 1;
                let w = Write {
                    origin: on,
                    n: self.know[on][on],
                    ctx,
                    value: v,
                };
                self.writes.entry(key).or_default().push(w);
            }
        }
    }

    fn export(&mut self, from: usize, to: usize, for_it: bool) {
        let f = self.dir.join(format!("{}.bbsync", self.files));
        self.files += 1;
        let target = self.laptops[to].store.replica_id().unwrap();
        let l = &mut self.laptops[from];
        l.store
            .sync_export(for_it.then_some(target.as_str()), &f)
            .unwrap();
        self.mailbox[to].push((f, self.know[from]));
    }

    fn deliver(&mut self, to: usize, pick: u8, dup: bool) {
        if self.mailbox[to].is_empty() {
            return;
        }
        let i = pick as usize % self.mailbox[to].len();
        let (f, had) = if dup {
            self.mailbox[to][i].clone()
        } else {
            self.mailbox[to].remove(i)
        };
        self.laptops[to].store.sync_import(&f).unwrap();
        learn(&mut self.know[to], &had);
    }

    /// Everyone exports everything, everyone imports everyone's.
    fn full_exchange(&mut self, round: usize) {
        let files: Vec<(PathBuf, [u32; N])> = (0..N)
            .map(|i| {
                let f = self.laptops[i].export_all(&self.dir, &format!("final-{round}-{i}.bbsync"));
                (f, self.know[i])
            })
            .collect();
        for to in 0..N {
            for (from, (f, had)) in files.iter().enumerate() {
                if from != to {
                    self.laptops[to].store.sync_import(f).unwrap();
                    learn(&mut self.know[to], had);
                }
            }
        }
    }

    fn long_csvs(&self, l: &Laptop) -> BTreeMap<String, String> {
        l.store
            .list_initiatives()
            .unwrap()
            .into_iter()
            .map(|i| {
                let mut out = Vec::new();
                backbone::export::long::write_csv(&l.store, &i.id, &mut out).unwrap();
                (i.id, String::from_utf8(out).unwrap())
            })
            .collect()
    }
}

/// A conflict record: (table, row, field, loser replica, loser value, status).
type Record = (String, String, String, String, String, String);

fn records(path: &Path) -> Vec<Record> {
    let conn = raw(path);
    let mut stmt = conn
        .prepare(
            "SELECT table_name, row_id, field, loser_origin, loser_value, status, loser_hlc
             FROM sync_conflicts",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                norm_json(r.get::<_, Option<String>>(4)?.as_deref()),
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })
        .unwrap();
    let all: Vec<(String, String, String, String, String, String, String)> =
        rows.map(|r| r.unwrap()).collect();
    // No two records name the same losing write.
    let mut losers: Vec<_> = all.iter().map(|r| (&r.0, &r.1, &r.2, &r.3, &r.6)).collect();
    let n = losers.len();
    losers.sort();
    losers.dedup();
    assert_eq!(losers.len(), n, "a losing write recorded twice");
    all.into_iter()
        .map(|(t, row, f, o, v, s, _)| (t, row, f, o, v, s))
        .collect()
}

fn check(world: &mut World) {
    let first = snapshot(&world.laptops[0].path);
    let csv = world.long_csvs(&world.laptops[0]);
    for l in &world.laptops[1..] {
        let other = snapshot(&l.path);
        for (table, rows) in &first {
            assert_eq!(rows, &other[table], "table {table} differs");
        }
        assert_eq!(csv, world.long_csvs(l), "long CSV exports differ");
    }
    for l in &world.laptops {
        let pending = count(&raw(&l.path), "sync_pending");
        assert_eq!(pending, 0, "rows left waiting on {}", l.path.display());
    }
    let replica: Vec<String> = world
        .laptops
        .iter_mut()
        .map(|l| l.store.replica_id().unwrap())
        .collect();
    let now = tracked(&world.laptops[0].path);
    let mut expected: Vec<(Key, String, String)> = Vec::new();
    for (key, writes) in &world.writes {
        let heads: Vec<&Write> = writes
            .iter()
            .filter(|w| !writes.iter().any(|o| o.knows(w)))
            .collect();
        let stored = &now[key];
        assert!(
            heads.iter().any(|h| &h.value == stored),
            "{key:?} holds {stored}, which no surviving write wrote: {heads:?}"
        );
        for h in heads.iter().filter(|h| &h.value != stored) {
            expected.push((key.clone(), replica[h.origin].clone(), h.value.clone()));
        }
    }
    expected.sort();
    for l in &world.laptops {
        let recs = records(&l.path);
        let mut open: Vec<(Key, String, String)> = recs
            .iter()
            .filter(|r| r.5 == "open")
            .filter(|r| TRACKED.iter().any(|(t, f)| *t == r.0 && *f == r.2))
            .map(|r| {
                (
                    (r.0.clone(), r.1.clone(), r.2.clone()),
                    r.3.clone(),
                    r.4.clone(),
                )
            })
            .collect();
        open.sort();
        assert_eq!(
            open,
            expected,
            "{}: the open conflicts on tracked fields are the surviving concurrent writes",
            l.path.display()
        );
    }
}

fn run(skew: [i64; N], steps: &[Step]) {
    let dir = tempfile::TempDir::new().unwrap();
    let mut world = World::new(dir.path(), skew);
    for s in steps {
        match *s {
            Step::Local { on, op, a, b } => world.local(on, op, a, b),
            Step::Export { from, to, for_it } => world.export(from, to, for_it),
            Step::Deliver { to, pick, dup } => world.deliver(to, pick, dup),
        }
    }
    world.full_exchange(0);
    world.full_exchange(1);
    check(&mut world);
}

fn skew() -> impl Strategy<Value = i64> {
    prop_oneof![Just(-1i64), Just(0), Just(1)]
}

proptest! {
    // 24 cases in CI; `PROPTEST_CASES=150` runs deeper.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    #[test]
    fn sync_three_laptops_converge_and_keep_every_concurrent_edit(
        skew in [skew(), skew(), skew()],
        steps in prop::collection::vec(step(), 10..40),
    ) {
        run(skew, &steps);
    }
}
