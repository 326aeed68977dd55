//! Shared fixtures: a store in a temporary folder with a clock the test controls, plain
//! SQLite access to the same file, and inputs with sensible defaults.

use backbone::model::{
    Calendar, InitiativeInput, Measure, MeasureInput, MeasureKind, ObservationEdit, PartnerInput,
    Polarity, RbaCategory, ResultInput, Sector, SectoralHome, Unit,
};
use backbone::store::{Clock, OpenReport};
use backbone::{Error, ErrorCode, Store};
use chrono::{DateTime, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tempfile::TempDir;

/// The date every test runs "on" unless it moves the clock.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

/// A clock that stands still until the test moves it.
#[derive(Clone)]
pub struct TestClock(Arc<Mutex<DateTime<Utc>>>);

impl TestClock {
    pub fn new() -> TestClock {
        TestClock(Arc::new(Mutex::new(start_time())))
    }

    /// The store's view of this clock.
    pub fn clock(&self) -> Clock {
        let now = self.0.clone();
        Arc::new(move || *now.lock().unwrap())
    }

    /// Moves "now" forward, as a person taking a few seconds between two actions.
    pub fn advance(&self, seconds: i64) {
        let mut now = self.0.lock().unwrap();
        *now += chrono::TimeDelta::seconds(seconds);
    }

    /// "now" as the store writes it.
    pub fn stamp(&self) -> String {
        self.0
            .lock()
            .unwrap()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }
}

/// A store on a new file in its own temporary folder.
pub struct Fixture {
    pub dir: TempDir,
    pub path: PathBuf,
    pub clock: TestClock,
    pub store: Store,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("test.backbone");
        let clock = TestClock::new();
        let (mut store, _) = open_at(&path, &clock).unwrap();
        store.set_user("Test User");
        Fixture {
            dir,
            path,
            clock,
            store,
        }
    }

    /// A plain SQLite connection on the same file (the store's writes are committed, and
    /// WAL lets a second connection read them).
    pub fn raw(&self) -> rusqlite::Connection {
        raw(&self.path)
    }

    /// `SELECT count(*)` of `table` (every row, trashed or not).
    pub fn count(&self, table: &str) -> i64 {
        count(&self.raw(), table)
    }

    /// An initiative with a result, ready for measures.
    pub fn initiative_with_result(&mut self) -> (String, String) {
        let i = self.store.create_initiative(&initiative("Test")).unwrap();
        let r = self
            .store
            .create_result(&i.id, &result_input("Children thrive"))
            .unwrap();
        (i.id, r.id)
    }

    /// An initiative, a result and a yearly percent indicator on it.
    pub fn indicator(&mut self) -> Measure {
        let (initiative_id, result_id) = self.initiative_with_result();
        self.store
            .create_measure(
                &initiative_id,
                &indicator_input(&result_id, "Graduation rate"),
            )
            .unwrap()
    }
}

pub fn open_at(path: &Path, clock: &TestClock) -> backbone::Result<(Store, OpenReport)> {
    Store::open_with_clock(path, clock.clock())
}

pub fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

pub fn count(conn: &rusqlite::Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Asserts an invalid-input error on `field` and returns its message.
#[track_caller]
pub fn expect_invalid<T: std::fmt::Debug>(result: backbone::Result<T>, field: &str) -> String {
    let e = result.expect_err("the input breaks a rule, so it must be refused");
    assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
    match &e {
        Error::Invalid { field: f, .. } => {
            assert_eq!(f.as_deref(), Some(field), "wrong field for: {e}")
        }
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
    e.to_string()
}

#[track_caller]
pub fn expect_code<T: std::fmt::Debug>(result: backbone::Result<T>, code: ErrorCode) -> Error {
    let e = result.expect_err("expected an error");
    assert_eq!(e.code(), code, "{e}");
    e
}

pub fn initiative(name: &str) -> InitiativeInput {
    InitiativeInput {
        name: name.into(),
        shared_result: "Every young person graduates ready for college and career".into(),
        geography: "Test County".into(),
        sectoral_home: SectoralHome::CoLed,
        backbone_org: "Test Foundation".into(),
        equity_statement: String::new(),
    }
}

pub fn partner_input(name: &str, sector: Sector) -> PartnerInput {
    PartnerInput {
        name: name.into(),
        sector,
        tier: None,
        contact_name: String::new(),
        contact_email: String::new(),
        contact_phone: String::new(),
        notes: String::new(),
    }
}

pub fn result_input(name: &str) -> ResultInput {
    ResultInput {
        name: name.into(),
        description: String::new(),
    }
}

/// A yearly, higher-is-better percent indicator of `result_id`.
pub fn indicator_input(result_id: &str, name: &str) -> MeasureInput {
    MeasureInput {
        kind: MeasureKind::Indicator,
        result_id: Some(result_id.into()),
        program_id: None,
        category: None,
        name: name.into(),
        definition: String::new(),
        unit: Unit::Percent,
        rate_per: None,
        polarity: Polarity::Higher,
        calendar: Calendar::Year,
        calendar_start_month: None,
        baseline_period: None,
        data_source: String::new(),
        headline: false,
        data_development: false,
        cumulative: false,
    }
}

/// A yearly count performance measure of `program_id`.
pub fn performance_input(program_id: &str, category: RbaCategory, name: &str) -> MeasureInput {
    MeasureInput {
        kind: MeasureKind::Performance,
        result_id: None,
        program_id: Some(program_id.into()),
        category: Some(category),
        unit: Unit::Number,
        ..indicator_input("", name)
    }
}

/// A grid edit that types `value` into the total row of `period`.
pub fn value(period: &str, value: &str) -> ObservationEdit {
    ObservationEdit {
        period: period.into(),
        value: Some(value.into()),
        ..ObservationEdit::default()
    }
}

/// Every byte of a file, to prove a refused open left it alone.
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// The names in a folder, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs `backbone --db <db> <args...>` in-process; returns (exit code, stdout, stderr).
pub fn cli(db: &Path, args: &[&str]) -> (i32, String, String) {
    let mut argv = vec![
        "backbone".to_string(),
        "--db".into(),
        db.display().to_string(),
    ];
    argv.extend(args.iter().map(|a| a.to_string()));
    let parsed = backbone::cli::parse(argv).expect("the arguments parse");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = backbone::cli::run(parsed, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}
