//! Importing the real files in `../shared/data/` and hand-made files of every format:
//! counts of values, missing and suppressed (counted independently from the files with
//! Python's csv module while writing these tests), spot-checked values, and the stored
//! rows read back with SQL.

use crate::support::*;
use backbone::import::{import_file, Format, ImportOptions, ImportSummary};
use backbone::model::{Polarity, Unit};
use std::path::{Path, PathBuf};

pub fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

pub fn import(f: &mut Fixture, path: &Path, opts: &ImportOptions) -> ImportSummary {
    import_file(&mut f.store, path, opts, &mut |_| true).expect("the store works")
}

fn ok(s: &ImportSummary) {
    assert!(
        s.errors.is_empty(),
        "{}: {:?}",
        s.file,
        s.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>()
    );
    assert!(s.imported || s.dry_run);
}

/// (live values with a number, suppression markers) stored for `measure`.
fn stored(f: &Fixture, measure: &str) -> (i64, i64) {
    f.raw()
        .query_row(
            "SELECT count(o.value), coalesce(sum(o.suppressed), 0) FROM observations o
             JOIN measures m ON m.id = o.measure_id
             WHERE m.name = ?1 AND o.deleted_at IS NULL",
            [measure],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// The value of `measure` in `period` for the group labelled `group` ("" for the total).
fn value(f: &Fixture, measure: &str, period: &str, groups: &[&str]) -> Option<f64> {
    let conn = f.raw();
    let mut stmt = conn
        .prepare(
            "SELECT o.value, (SELECT group_concat(g.name, '|') FROM
                 (SELECT g.name FROM disaggregation_groups dg JOIN groups g ON g.id = dg.group_id
                  WHERE dg.disaggregation_id = o.disaggregation_id ORDER BY g.name) g)
             FROM observations o JOIN measures m ON m.id = o.measure_id
             JOIN periods p ON p.id = o.period_id
             WHERE m.name = ?1 AND p.label = ?2 AND o.deleted_at IS NULL",
        )
        .unwrap();
    let mut want: Vec<&str> = groups.to_vec();
    want.sort();
    let want = want.join("|");
    let rows: Vec<(Option<f64>, Option<String>)> = stmt
        .query_map([measure, period], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.into_iter()
        .find(|(_, g)| g.clone().unwrap_or_default() == want)
        .and_then(|(v, _)| v)
}

fn measure_unit(f: &Fixture, name: &str) -> (String, String, String) {
    f.raw()
        .query_row(
            "SELECT unit, calendar, polarity FROM measures WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

struct Expect {
    file: &'static str,
    rows: u64,
    created: u64,
    missing: u64,
    suppressed: u64,
    repeated: u64,
    measures: usize,
}

const KIDS_COUNT: [Expect; 7] = [
    Expect {
        file: "kidscount-colorado/average-proficiency-on-the-csap-tcap-by-race-ethnicity-math.csv",
        rows: 5792,
        created: 2912,
        missing: 816,
        suppressed: 2064,
        repeated: 0,
        measures: 1,
    },
    Expect {
        file: "kidscount-colorado/dropout-rates-by-race-and-ethnicity.csv",
        rows: 3620,
        created: 3580,
        missing: 40,
        suppressed: 0,
        repeated: 0,
        measures: 1,
    },
    Expect {
        file: "kidscount-colorado/high-school-graduation-rates.csv",
        rows: 905,
        created: 895,
        missing: 10,
        suppressed: 0,
        repeated: 0,
        measures: 1,
    },
    Expect {
        file: "kidscount-colorado/kindergartners-in-full-day-program.csv",
        rows: 1991,
        created: 1963,
        missing: 28,
        suppressed: 0,
        repeated: 0,
        measures: 1,
    },
    Expect {
        file: "kidscount-colorado/median-household-income.csv",
        rows: 905,
        created: 895,
        missing: 10,
        suppressed: 0,
        repeated: 0,
        measures: 1,
    },
    Expect {
        file: "kidscount-colorado/remediation-in-higher-education.csv",
        rows: 543,
        created: 275,
        missing: 268,
        suppressed: 0,
        repeated: 0,
        measures: 1,
    },
    Expect {
        file: "kidscount-colorado/school-aged-children-in-poverty.csv",
        rows: 4140,
        created: 4090,
        missing: 50,
        suppressed: 0,
        repeated: 0,
        measures: 2,
    },
];

const OPEN_SDG: [Expect; 7] = [
    Expect {
        file: "opensdg-usa/indicator_1-2-1.csv",
        rows: 138,
        created: 138,
        missing: 0,
        suppressed: 0,
        repeated: 0,
        measures: 1,
    },
    Expect {
        file: "opensdg-usa/indicator_16-1-1.csv",
        rows: 92,
        created: 92,
        missing: 0,
        suppressed: 0,
        repeated: 0,
        measures: 2,
    },
    Expect {
        file: "opensdg-usa/indicator_3-3-1.csv",
        rows: 150,
        created: 150,
        missing: 0,
        suppressed: 0,
        repeated: 0,
        measures: 1,
    },
    Expect {
        file: "opensdg-usa/indicator_3-3-4.csv",
        rows: 224,
        created: 219,
        missing: 0,
        suppressed: 0,
        repeated: 5,
        measures: 1,
    },
    Expect {
        file: "opensdg-usa/indicator_3-4-1.csv",
        rows: 23,
        created: 23,
        missing: 0,
        suppressed: 0,
        repeated: 0,
        measures: 1,
    },
    Expect {
        file: "opensdg-usa/indicator_4-1-1.csv",
        rows: 129,
        created: 129,
        missing: 0,
        suppressed: 0,
        repeated: 0,
        measures: 1,
    },
    Expect {
        file: "opensdg-usa/indicator_8-5-2.csv",
        rows: 660,
        created: 660,
        missing: 0,
        suppressed: 0,
        repeated: 0,
        measures: 1,
    },
];

#[test]
fn every_shared_file_imports_with_the_expected_counts() {
    let mut f = Fixture::new();
    for (e, format) in KIDS_COUNT
        .iter()
        .map(|e| (e, "kids_count"))
        .chain(OPEN_SDG.iter().map(|e| (e, "open_sdg")))
    {
        let path = shared(e.file);
        let s = import(&mut f, &path, &ImportOptions::default());
        ok(&s);
        assert_eq!(s.format, format, "{}", e.file);
        assert_eq!(
            (
                s.rows_read,
                s.created,
                s.skipped_missing,
                s.skipped_suppressed,
                s.repeated
            ),
            (e.rows, e.created, e.missing, e.suppressed, e.repeated),
            "{}: rows, created, missing, suppressed, repeated",
            e.file
        );
        assert_eq!((s.updated, s.unchanged, s.skipped_existing), (0, 0, 0));
        assert_eq!(s.measures_created.len(), e.measures, "{}", e.file);
        let (values, markers): (i64, i64) = s
            .measures_created
            .iter()
            .map(|m| stored(&f, m))
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        assert_eq!(values as u64, e.created, "{}: values stored", e.file);
        assert_eq!(
            markers as u64, e.suppressed,
            "{}: suppression markers",
            e.file
        );
    }
    // All of it went into one new initiative ("Imported data"), one import row per file.
    assert_eq!(f.count("initiatives"), 1);
    assert_eq!(f.count("imports"), 14);
    // Imports are logged once each, not per value.
    let logged: i64 = f
        .raw()
        .query_row(
            "SELECT count(*) FROM change_log WHERE table_name = 'observations'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 0);
    let check = f.store.check().unwrap();
    assert!(check.ok(), "{check:?}");
}

#[test]
fn kids_count_values_and_dimensions() {
    let mut f = Fixture::new();
    let s = import(
        &mut f,
        &shared("kidscount-colorado/high-school-graduation-rates.csv"),
        &ImportOptions::default(),
    );
    ok(&s);
    assert_eq!(s.measures_created, ["High school graduation rates"]);
    // 0.724 in the file is 72.4 on Backbone's 0-100 scale, exactly.
    assert_eq!(
        value(&f, "High school graduation rates", "2010", &["Colorado"]),
        Some(72.4)
    );
    assert_eq!(
        value(&f, "High school graduation rates", "2012", &["Colorado"]),
        Some(75.354)
    );
    assert_eq!(
        measure_unit(&f, "High school graduation rates"),
        ("percent".into(), "year".into(), "higher".into())
    );
    // Locations are groups of a geography dimension.
    let (kind, groups): (String, i64) = f
        .raw()
        .query_row(
            "SELECT d.kind, count(g.id) FROM dimensions d JOIN groups g ON g.dimension_id = d.id
             WHERE d.name = 'Location' GROUP BY d.id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // 181 locations, of which 179 have at least one value (groups are made for values).
    assert_eq!((kind.as_str(), groups), ("geography", 179));
    assert!(
        s.flags.iter().any(|f| f.contains("higher or lower")),
        "{:?}",
        s.flags
    );

    // Spans are a calendar of their own; currency stays as written.
    let s = import(
        &mut f,
        &shared("kidscount-colorado/median-household-income.csv"),
        &ImportOptions::default(),
    );
    ok(&s);
    assert_eq!(
        measure_unit(&f, "Median household income").0.as_str(),
        "currency"
    );
    assert_eq!(
        measure_unit(&f, "Median household income").1.as_str(),
        "span"
    );
    assert_eq!(
        value(&f, "Median household income", "2005-2009", &["Colorado"]),
        Some(56222.0)
    );
}

#[test]
fn a_location_becomes_the_total_series_and_categories_a_dimension() {
    let mut f = Fixture::new();
    let s = import(
        &mut f,
        &shared("kidscount-colorado/dropout-rates-by-race-and-ethnicity.csv"),
        &ImportOptions {
            location: Some("Colorado".into()),
            measure: Some("Dropout rate".into()),
            polarity: Some(Polarity::Lower),
            ..ImportOptions::default()
        },
    );
    ok(&s);
    assert_eq!(
        (s.rows_read, s.created, s.skipped_filtered),
        (3620, 20, 3600)
    );
    // "All Students" is the total; the other categories are groups of the dimension they
    // name: the column mixes sexes and races, which equity figures must not compare.
    assert_eq!(value(&f, "Dropout rate", "2011", &[]), Some(3.0));
    assert_eq!(
        value(&f, "Dropout rate", "2011", &["Female Students"]),
        Some(2.8)
    );
    assert_eq!(measure_unit(&f, "Dropout rate").2.as_str(), "lower");
    let groups = |dimension: &str| -> (String, i64) {
        f.raw()
            .query_row(
                "SELECT d.kind, count(g.id) FROM dimensions d
                 LEFT JOIN groups g ON g.dimension_id = d.id WHERE d.name = ?1 GROUP BY d.id",
                [dimension],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    assert_eq!(
        groups("Sex"),
        ("sex_gender".into(), 2),
        "Female and Male Students"
    );
    assert_eq!(
        groups("Race/ethnicity"),
        ("race_ethnicity".into(), 7),
        "the ten categories less All Students and the two sexes"
    );
    assert_eq!(
        f.count("dimensions"),
        2,
        "no \"Category\" dimension: every label named a sex or a race"
    );
    // The scorecard sees the imported total series.
    let initiative = s.initiative_id.clone().unwrap();
    let card = f.store.scorecard(&initiative, None).unwrap();
    assert!(
        card.rows
            .iter()
            .any(|r| r.name == "Dropout rate" && r.figures.actual == Some(2.9)),
        "{:?}",
        card.rows
            .iter()
            .map(|r| (&r.name, r.figures.actual))
            .collect::<Vec<_>>()
    );
}

#[test]
fn open_sdg_totals_groups_and_combined_disaggregations() {
    let mut f = Fixture::new();
    let s = import(
        &mut f,
        &shared("opensdg-usa/indicator_3-3-1.csv"),
        &ImportOptions::default(),
    );
    ok(&s);
    assert_eq!(value(&f, "Indicator 3 3 1", "2008", &[]), Some(18.6));
    assert_eq!(
        value(&f, "Indicator 3 3 1", "2015", &["black_nh"]),
        Some(50.8)
    );
    // Units: one measure per unit, the first taking the plain name.
    let s = import(
        &mut f,
        &shared("opensdg-usa/indicator_16-1-1.csv"),
        &ImportOptions::default(),
    );
    ok(&s);
    assert_eq!(
        s.measures_created,
        ["Indicator 16 1 1", "Indicator 16 1 1 (Total)"],
        "the file starts with its Rate rows"
    );
    // "Rate" without its base (per 1,000? per 100,000?) cannot be a rate yet: a number,
    // flagged for the user to finish.
    assert_eq!(measure_unit(&f, "Indicator 16 1 1").0.as_str(), "number");
    assert!(
        s.flags.iter().any(|f| f.contains("per 100,000")),
        "{:?}",
        s.flags
    );
    // indicator_8-5-2: every row is sex × age × disability: three groups per value.
    let s = import(
        &mut f,
        &shared("opensdg-usa/indicator_8-5-2.csv"),
        &ImportOptions::default(),
    );
    ok(&s);
    assert_eq!(
        value(
            &f,
            "Indicator 8 5 2",
            "2009",
            &["Men", "16 +", "Persons with a disability"]
        ),
        Some(15.1)
    );
    assert_eq!(measure_unit(&f, "Indicator 8 5 2").0.as_str(), "percent");
}

#[test]
fn the_same_file_twice_changes_nothing_and_update_replaces() {
    let mut f = Fixture::new();
    let path = shared("kidscount-colorado/high-school-graduation-rates.csv");
    ok(&import(&mut f, &path, &ImportOptions::default()));
    let before = f.count("observations");
    let s = import(&mut f, &path, &ImportOptions::default());
    ok(&s);
    assert_eq!((s.created, s.unchanged, s.updated), (0, 895, 0));
    assert!(s.measures_created.is_empty());
    assert_eq!(f.count("observations"), before);

    // A corrected file: without --update the stored value stays, with it it is replaced
    // and the change log keeps the old value.
    let dir = tempfile::TempDir::new().unwrap();
    let fixed = dir.path().join("high-school-graduation-rates.csv");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Colorado,2010,Percent,0.724", "Colorado,2010,Percent,0.725");
    std::fs::write(&fixed, text).unwrap();
    let s = import(&mut f, &fixed, &ImportOptions::default());
    ok(&s);
    assert_eq!((s.skipped_existing, s.updated, s.unchanged), (1, 0, 894));
    assert_eq!(
        value(&f, "High school graduation rates", "2010", &["Colorado"]),
        Some(72.4)
    );
    let s = import(
        &mut f,
        &fixed,
        &ImportOptions {
            update: true,
            ..ImportOptions::default()
        },
    );
    ok(&s);
    assert_eq!((s.updated, s.unchanged), (1, 894));
    assert_eq!(
        value(&f, "High school graduation rates", "2010", &["Colorado"]),
        Some(72.5)
    );
    let (old, new): (String, String) = f
        .raw()
        .query_row(
            "SELECT old_values, new_values FROM change_log
             WHERE table_name = 'observations' AND op = 'update'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        old.contains("72.4") && new.contains("72.5"),
        "{old} → {new}"
    );
}

#[test]
fn a_dry_run_reports_everything_and_writes_nothing() {
    let mut f = Fixture::new();
    let before = std::fs::read(&f.path).ok();
    let changes = f.count("change_log");
    let s = import(
        &mut f,
        &shared("kidscount-colorado/dropout-rates-by-race-and-ethnicity.csv"),
        &ImportOptions {
            dry_run: true,
            ..ImportOptions::default()
        },
    );
    ok(&s);
    assert!(!s.imported);
    assert_eq!((s.created, s.skipped_missing), (3580, 40));
    assert_eq!(s.measures_created.len(), 1);
    assert!(s.initiative_created);
    assert_eq!(f.count("initiatives"), 0);
    assert_eq!(f.count("observations"), 0);
    assert_eq!(f.count("imports"), 0);
    assert_eq!(f.count("change_log"), changes);
    let _ = before;
}

#[test]
fn imports_go_into_the_named_initiative_or_refuse_when_it_is_ambiguous() {
    let mut f = Fixture::new();
    f.store.load_sample().unwrap();
    let path = shared("opensdg-usa/indicator_3-4-1.csv");
    // Only the sample: a new "Imported data" initiative, never the sample.
    let s = import(&mut f, &path, &ImportOptions::default());
    ok(&s);
    assert_eq!(s.initiative_name.as_deref(), Some("Imported data"));
    assert!(s.initiative_created);
    // A named one is created when missing, then used.
    let opts = ImportOptions {
        initiative: Some("County Health".into()),
        ..ImportOptions::default()
    };
    let s = import(&mut f, &path, &opts);
    ok(&s);
    assert!(s.initiative_created);
    let s = import(&mut f, &path, &opts);
    ok(&s);
    assert!(!s.initiative_created);
    assert_eq!(s.unchanged, 23);
    // Two real initiatives and none named: refused, listing them.
    let s = import(&mut f, &path, &ImportOptions::default());
    assert!(!s.imported);
    assert!(
        s.errors[0].message.contains("County Health")
            && s.errors[0].message.contains("Imported data"),
        "{:?}",
        s.errors
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn long_format_with_targets_notes_combined_groups_and_suppression() {
    let mut f = Fixture::new();
    let dir = tempfile::TempDir::new().unwrap();
    let p = write(
        dir.path(),
        "long.csv",
        "Measure,Period,Dimension,Group,Dimension_2,Group_2,Value,Target,Note,Unit,Polarity,Margin_of_error,Suppressed,Source\r\n\
         Third-grade reading,2022-23,,,,,61.5,65,,percent,higher,,,State report card\r\n\
         Third-grade reading,2023-24,,,,,\"63,5\",66,\"Test changed, see memo\",percent,higher,1.2,,\n\
         Third-grade reading,2024-25,,,,,,67,,percent,higher,,,\r\n\
         Third-grade reading,2023-24,Race/ethnicity,Black,Geography,North,52,,,percent,higher,,,\n\
         Third-grade reading,2023-24,Race/ethnicity,Asian,Geography,North,,,,percent,higher,,yes,\n\
         Third-grade reading,2023-24,Race/ethnicity,White,,,N/A,,,percent,higher,,,\n",
    );
    let s = import(&mut f, &p, &ImportOptions::default());
    ok(&s);
    assert_eq!(s.format, "long");
    assert_eq!(
        (
            s.rows_read,
            s.created,
            s.skipped_missing,
            s.skipped_suppressed
        ),
        (6, 4, 1, 1)
    );
    assert_eq!(
        measure_unit(&f, "Third-grade reading"),
        ("percent".into(), "school_year".into(), "higher".into())
    );
    assert_eq!(value(&f, "Third-grade reading", "2023-24", &[]), Some(63.5));
    assert_eq!(
        value(&f, "Third-grade reading", "2023-24", &["Black", "North"]),
        Some(52.0)
    );
    // The target-only row sets a target for a future period, no value.
    let (v, t): (Option<f64>, Option<f64>) = f
        .raw()
        .query_row(
            "SELECT o.value, o.target FROM observations o JOIN periods p ON p.id = o.period_id
             WHERE p.label = '2024-25'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((v, t), (None, Some(67.0)));
    let (note, moe): (String, f64) = f
        .raw()
        .query_row(
            "SELECT note, margin_of_error FROM observations WHERE note IS NOT NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((note.as_str(), moe), ("Test changed, see memo", 1.2));
    assert_eq!(stored(&f, "Third-grade reading"), (3, 1));
}

#[test]
fn clear_impact_dhis2_and_wide_files() {
    let mut f = Fixture::new();
    let dir = tempfile::TempDir::new().unwrap();
    let ci = write(
        dir.path(),
        "clear-impact.csv",
        "id,actual_value_date,target_value,actual_value,comment\n\
         4521,06/30/2022,90,88,\n\
         4521,06/30/2023,90,91,New site opened\n\
         4521,03/15/2024,92,,\n",
    );
    let s = import(
        &mut f,
        &ci,
        &ImportOptions {
            measure: Some("Families served on time".into()),
            unit: Some(Unit::Percent),
            ..ImportOptions::default()
        },
    );
    ok(&s);
    assert_eq!(s.format, "clear_impact");
    assert_eq!(
        (s.created, s.skipped_missing),
        (3, 0),
        "the target-only row counts"
    );
    assert_eq!(
        value(&f, "Families served on time", "2023", &[]),
        Some(91.0)
    );

    let dhis = write(
        dir.path(),
        "dhis2.csv",
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\n\
         fbfJHSPpUQD,202401,DiszpKrYNg8,HllvX50cXC0,HllvX50cXC0,12,admin,2024-02-01,,false\n\
         fbfJHSPpUQD,202402,DiszpKrYNg8,HllvX50cXC0,HllvX50cXC0,15,admin,2024-03-01,late report,false\n\
         fbfJHSPpUQD,202402,ImspTQPwCqd,HllvX50cXC0,HllvX50cXC0,40,admin,2024-03-01,,false\n",
    );
    let s = import(
        &mut f,
        &dhis,
        &ImportOptions {
            measure: Some("ANC visits".into()),
            location: Some("ImspTQPwCqd".into()),
            ..ImportOptions::default()
        },
    );
    ok(&s);
    assert_eq!(s.format, "dhis2");
    assert_eq!((s.created, s.skipped_filtered), (1, 2));
    assert_eq!(measure_unit(&f, "ANC visits").1.as_str(), "month");
    assert_eq!(value(&f, "ANC visits", "2024-02", &[]), Some(40.0));

    let wide = write(
        dir.path(),
        "wide.csv",
        "School year,Kindergarten readiness,Chronic absence,Note\n\
         2021-22,48.5,31.0,Pandemic recovery\n\
         2022-23,51.2,27.5,\n\
         2023-24,53.0,-,\n",
    );
    let s = import(&mut f, &wide, &ImportOptions::default());
    ok(&s);
    assert_eq!(s.format, "wide");
    assert_eq!(
        s.measures_created,
        ["Kindergarten readiness", "Chronic absence"]
    );
    assert_eq!((s.rows_read, s.created, s.skipped_missing), (3, 5, 1));
    assert_eq!(value(&f, "Chronic absence", "2022-23", &[]), Some(27.5));
}

#[test]
fn xlsx_workbooks_import_like_csv() {
    use rust_xlsxwriter::Workbook;
    let mut f = Fixture::new();
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("book.xlsx");
    let mut book = Workbook::new();
    let first = book.add_worksheet();
    first.set_name("Notes").unwrap();
    first.write(0, 0, "Read the other sheet").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Data").unwrap();
    for (c, h) in ["measure", "period", "value", "target"].iter().enumerate() {
        sheet.write(0, c as u16, *h).unwrap();
    }
    sheet.write(1, 0, "Attendance").unwrap();
    sheet.write(1, 1, 2023).unwrap();
    sheet.write(1, 2, 91.5).unwrap();
    sheet.write(2, 0, "Attendance").unwrap();
    sheet.write(2, 1, 2024).unwrap();
    sheet.write(2, 2, "N/A").unwrap();
    sheet.write(2, 3, 95).unwrap();
    book.save(&path).unwrap();

    let s = import(
        &mut f,
        &path,
        &ImportOptions {
            sheet: Some("data".into()),
            ..ImportOptions::default()
        },
    );
    ok(&s);
    assert_eq!((s.format.as_str(), s.rows_read, s.created), ("long", 2, 2));
    assert_eq!(value(&f, "Attendance", "2023", &[]), Some(91.5));
    let s = import(
        &mut f,
        &path,
        &ImportOptions {
            sheet: Some("Nope".into()),
            ..ImportOptions::default()
        },
    );
    assert!(
        s.errors[0].message.contains("Notes, Data"),
        "{:?}",
        s.errors
    );
}

#[test]
fn the_format_can_be_forced_and_is_checked() {
    let mut f = Fixture::new();
    let s = import(
        &mut f,
        &shared("opensdg-usa/indicator_3-4-1.csv"),
        &ImportOptions {
            format: Format::KidsCount,
            ..ImportOptions::default()
        },
    );
    assert!(!s.imported);
    assert_eq!(s.errors[0].row, Some(1));
    assert!(s.errors[0].message.contains("Location"), "{:?}", s.errors);
    assert_eq!(f.count("observations"), 0);
}

#[test]
fn after_an_import_values_typed_in_are_logged_again_and_foreign_keys_are_on() {
    let mut f = Fixture::new();
    let s = import(
        &mut f,
        &shared("opensdg-usa/indicator_3-4-1.csv"),
        &ImportOptions::default(),
    );
    ok(&s);
    let measure: String = f
        .raw()
        .query_row("SELECT id FROM measures", [], |r| r.get(0))
        .unwrap();
    f.store
        .save_observations(
            &measure,
            &[backbone::model::ObservationEdit {
                period: "2023".into(),
                value: Some("1.5".into()),
                ..Default::default()
            }],
        )
        .unwrap();
    let logged: i64 = f
        .raw()
        .query_row(
            "SELECT count(*) FROM change_log WHERE table_name = 'observations' AND op = 'insert'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 1, "the insert trigger is back after the import");
    // The import switched foreign keys off for its transaction only.
    let err = f
        .store
        .save_observations(
            "no-such-measure",
            &[backbone::model::ObservationEdit {
                period: "2023".into(),
                value: Some("1".into()),
                ..Default::default()
            }],
        )
        .unwrap_err();
    assert_eq!(err.code(), backbone::ErrorCode::NotFound);
    let check = f.store.check().unwrap();
    assert!(check.ok(), "{check:?}");
}

/// A long file of `measures` × 10 years × `groups` rows, values from `value(m, y, g)`,
/// then `extra` lines as they are.
fn big_long_file(
    dir: &Path,
    name: &str,
    measures: usize,
    groups: usize,
    value: impl Fn(usize, usize, usize) -> f64,
    extra: &[&str],
) -> PathBuf {
    let mut text = String::from("measure,period,dimension,group,value\n");
    for m in 0..measures {
        for y in 0..10 {
            for g in 0..groups {
                text.push_str(&format!(
                    "Big {m},{},Area,Zone {g},{}\n",
                    2010 + y,
                    value(m, y, g)
                ));
            }
        }
    }
    for line in extra {
        text.push_str(line);
        text.push('\n');
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Files larger than the writer's chunks (values are written 256 at a time, in key
/// order, inside a savepoint that is rolled back when a cell exists already) give the
/// outcomes a row-by-row write gives: new, unchanged, repeated, kept or updated, and a
/// conflicting repeat is an error at its row with nothing written.
#[test]
fn large_files_are_written_by_chunks_with_row_by_row_outcomes() {
    let mut f = Fixture::new();
    let dir = f.dir.path().to_path_buf();
    let base = |m: usize, y: usize, g: usize| (m * 1000 + y * 50 + g) as f64 / 10.0;
    let first = big_long_file(
        &dir,
        "first.csv",
        3,
        70,
        base,
        &["Big 1,2012,Area,Zone 5,110.5"],
    );
    let s = import(&mut f, &first, &ImportOptions::default());
    ok(&s);
    assert_eq!((s.rows_read, s.created, s.repeated), (2101, 2100, 1));
    assert_eq!(stored(&f, "Big 1"), (700, 0));
    assert_eq!(
        value(&f, "Big 2", "2019", &["Zone 69"]),
        Some(base(2, 9, 69))
    );

    let s = import(&mut f, &first, &ImportOptions::default());
    ok(&s);
    assert_eq!((s.created, s.unchanged, s.repeated), (0, 2101, 0));

    // Every third value of measure 0 differs.
    let changed = |m: usize, y: usize, g: usize| {
        if m == 0 && g.is_multiple_of(3) {
            base(m, y, g) + 1.0
        } else {
            base(m, y, g)
        }
    };
    let second = big_long_file(&dir, "second.csv", 3, 70, changed, &[]);
    let s = import(&mut f, &second, &ImportOptions::default());
    ok(&s);
    assert_eq!((s.skipped_existing, s.unchanged), (240, 1860));
    assert_eq!(value(&f, "Big 0", "2010", &["Zone 3"]), Some(base(0, 0, 3)));
    let logged_before = count(&f.raw(), "change_log");
    let s = import(
        &mut f,
        &second,
        &ImportOptions {
            update: true,
            ..ImportOptions::default()
        },
    );
    ok(&s);
    assert_eq!((s.updated, s.unchanged), (240, 1860));
    assert_eq!(
        value(&f, "Big 0", "2010", &["Zone 3"]),
        Some(base(0, 0, 3) + 1.0)
    );
    let updates = f
        .raw()
        .query_row(
            "SELECT count(*) FROM change_log WHERE table_name = 'observations' AND op = 'update'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap();
    assert_eq!(updates, 240, "each update is logged");
    assert!(count(&f.raw(), "change_log") >= logged_before + 240);

    // A new measure whose last line contradicts its first: refused whole.
    let values_before = count(&f.raw(), "observations");
    let third = big_long_file(&dir, "third.csv", 1, 300, |_, y, g| (y + g) as f64, &[]);
    let text = std::fs::read_to_string(&third)
        .unwrap()
        .replace("Big 0", "Other")
        + "Other,2010,Area,Zone 0,99\n";
    std::fs::write(&third, text).unwrap();
    let s = import(&mut f, &third, &ImportOptions::default());
    assert!(!s.imported);
    assert_eq!(s.errors.len(), 1, "{:?}", s.errors);
    assert_eq!(s.errors[0].row, Some(3002), "{:?}", s.errors);
    assert!(
        s.errors[0]
            .message
            .contains("an earlier row of this file has value 0"),
        "{}",
        s.errors[0].message
    );
    assert_eq!(count(&f.raw(), "observations"), values_before);
}
