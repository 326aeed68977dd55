//! The generated store both the scorecard and the equity benchmarks read: 1,000 measures
//! × 20 yearly periods × (6 groups of one dimension + the total), half percent indicators
//! and half count performance measures, polarities in turn.

use backbone::model::{
    Calendar, InitiativeInput, MeasureInput, MeasureKind, ObservationEdit, Polarity, ProgramInput,
    RbaCategory, ResultInput, SectoralHome, Unit,
};
use backbone::Store;
use std::path::Path;

pub const MEASURES: usize = 1_000;
pub const PERIODS: i32 = 20;
pub const GROUPS: usize = 6;

fn measure(kind: MeasureKind, owner: &str, i: usize) -> MeasureInput {
    let indicator = kind == MeasureKind::Indicator;
    MeasureInput {
        kind,
        result_id: indicator.then(|| owner.to_string()),
        program_id: (!indicator).then(|| owner.to_string()),
        category: (!indicator).then_some(RbaCategory::ALL[i % 3]),
        name: format!("Measure {i}"),
        definition: String::new(),
        unit: if i.is_multiple_of(2) {
            Unit::Percent
        } else {
            Unit::Number
        },
        rate_per: None,
        polarity: [Polarity::Higher, Polarity::Lower, Polarity::Range][i % 3],
        calendar: Calendar::Year,
        calendar_start_month: None,
        baseline_period: None,
        data_source: String::new(),
        headline: false,
        data_development: false,
        cumulative: false,
    }
}

/// Builds the store; returns the initiative's id.
pub fn generate(path: &Path) -> String {
    let mut store = Store::open(path).unwrap();
    let initiative = store
        .create_initiative(&InitiativeInput {
            name: "Benchmark".into(),
            shared_result: String::new(),
            geography: String::new(),
            sectoral_home: SectoralHome::Public,
            backbone_org: String::new(),
            equity_statement: String::new(),
        })
        .unwrap();
    let result = store
        .create_result(
            &initiative.id,
            &ResultInput {
                name: "Children thrive".into(),
                description: String::new(),
            },
        )
        .unwrap();
    let program = store
        .create_program(
            &initiative.id,
            &ProgramInput {
                name: "Tutoring".into(),
                description: String::new(),
                lead_partner_id: None,
                result_ids: Vec::new(),
                contributor_ids: Vec::new(),
            },
        )
        .unwrap();
    let dimension = store
        .create_dimension(&initiative.id, "Race/ethnicity", "race_ethnicity")
        .unwrap();
    let groups: Vec<String> = (0..GROUPS)
        .map(|g| {
            store
                .create_group(&dimension.id, &format!("Group {g}"))
                .unwrap()
                .id
        })
        .collect();
    let ids: Vec<String> = (0..MEASURES)
        .map(|i| {
            let input = if i % 2 == 0 {
                measure(MeasureKind::Indicator, &result.id, i)
            } else {
                measure(MeasureKind::Performance, &program.id, i)
            };
            store.create_measure(&initiative.id, &input).unwrap().id
        })
        .collect();
    // The first measure through the API (which creates the periods and disaggregations),
    // then copies of its rows for the others in one transaction.
    let disaggregations: Vec<Vec<String>> = std::iter::once(Vec::new())
        .chain(groups.iter().map(|g| vec![g.clone()]))
        .collect();
    let edits: Vec<ObservationEdit> = (0..PERIODS)
        .flat_map(|p| {
            disaggregations
                .iter()
                .map(move |group_ids| ObservationEdit {
                    period: (2005 + p).to_string(),
                    group_ids: group_ids.clone(),
                    value: Some(format!(
                        "{}",
                        40.0 + f64::from(p) * 0.7 + group_ids.len() as f64
                    )),
                    target: (p >= 15).then(|| format!("{}", 50.0 + f64::from(p - 15))),
                    target_low: None,
                    target_high: None,
                    note: None,
                    suppressed: None,
                })
        })
        .collect();
    store.save_observations(&ids[0], &edits).unwrap();
    let mut conn = rusqlite::Connection::open(path).unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut copy = tx
            .prepare(
                "INSERT INTO observations (id, measure_id, period_id, disaggregation_id, value,
                     target, target_low, target_high, entered_by, entered_at, created_at, updated_at)
                 SELECT lower(hex(randomblob(16))), ?1, period_id, disaggregation_id,
                        value * (0.9 + (?2 % 20) / 100.0), target,
                        CASE WHEN target IS NULL THEN NULL ELSE target - 5 END,
                        CASE WHEN target IS NULL THEN NULL ELSE target + 5 END,
                        entered_by, entered_at, created_at, updated_at
                 FROM observations WHERE measure_id = ?3",
            )
            .unwrap();
        for (i, id) in ids.iter().enumerate().skip(1) {
            copy.execute(rusqlite::params![id, i as i64, ids[0]])
                .unwrap();
        }
    }
    tx.commit().unwrap();
    initiative.id
}
