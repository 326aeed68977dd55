//! Reads for charts: every total-series value of an initiative in one query (the
//! scorecard's sparklines), so drawing a scorecard does not cost a query per measure.

use super::measures::TOTAL;
use super::{initiatives, Store};
use crate::error::Result;
use crate::model::Observation;

impl Store {
    /// Every live total (not disaggregated) observation of an initiative's live measures,
    /// by measure then period start.
    pub fn initiative_totals(&self, initiative_id: &str) -> Result<Vec<Observation>> {
        initiatives::require(&self.conn, initiative_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT o.id, o.measure_id, p.label, p.start_date, o.value, o.target, o.target_low,
                    o.target_high, o.note, o.margin_of_error, o.suppressed, o.source,
                    o.entered_by, o.entered_at, o.updated_at
             FROM observations o
             JOIN periods p ON p.id = o.period_id
             JOIN measures m ON m.id = o.measure_id
             WHERE m.initiative_id = ?1 AND m.deleted_at IS NULL
               AND o.disaggregation_id = ?2 AND o.deleted_at IS NULL
             ORDER BY o.measure_id, p.start_date",
        )?;
        let rows = stmt.query_map([initiative_id, TOTAL], |r| {
            Ok(Observation {
                id: r.get(0)?,
                measure_id: r.get(1)?,
                period: r.get(2)?,
                period_start: r.get(3)?,
                group_ids: Vec::new(),
                value: r.get(4)?,
                target: r.get(5)?,
                target_low: r.get(6)?,
                target_high: r.get(7)?,
                note: r.get(8)?,
                margin_of_error: r.get(9)?,
                suppressed: r.get(10)?,
                source: r.get(11)?,
                entered_by: r.get(12)?,
                entered_at: r.get(13)?,
                updated_at: r.get(14)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{system_clock, Store};

    #[test]
    fn initiative_totals_match_each_measures_total_series() {
        let mut store = Store::open_in_memory(system_clock()).unwrap();
        let id = store.load_sample().unwrap();
        let all = store.initiative_totals(&id).unwrap();
        assert!(!all.is_empty());
        for m in store.list_measures(&id).unwrap() {
            let mine: Vec<_> = all.iter().filter(|o| o.measure_id == m.id).collect();
            let expected: Vec<_> = store
                .list_observations(&m.id)
                .unwrap()
                .into_iter()
                .filter(|o| o.group_ids.is_empty())
                .collect();
            assert_eq!(mine.len(), expected.len(), "{}", m.name);
            for (a, b) in mine.iter().zip(&expected) {
                assert_eq!(
                    (&a.period, a.value, a.suppressed),
                    (&b.period, b.value, b.suppressed)
                );
            }
        }
    }
}
