//! Merging group B into group A: the user's explicit "these two are one group".
//!
//! Every live value of a disaggregation naming B (B alone, or B with groups of other
//! dimensions) goes to the same disaggregation with A instead (created when needed):
//! - where A has no value for that measure, period and other groups, B's value moves
//!   (the row itself, so its history stays with it; a row of A's in the trash there is
//!   brought back with B's content instead);
//! - where A has the same value, or none while B has one, A's row keeps what it has and
//!   takes from B what it lacks (a note, a target, B's value), and B's row goes to the
//!   trash with B;
//! - where A has another value, the merge is refused, listing the first such conflicts,
//!   and nothing changes.
//!
//! Then B's aliases become A's, B's name becomes an alias of A (so files that say B land
//! on A), A becomes the reference group if B was, and B goes to the trash. All in one
//! transaction; a dry run rolls it back and reports what would happen.

use super::{disaggregation_for_key, find_label, label_key, live_group, read_dimension};
use crate::error::{Error, Result};
use crate::model::{EntityKind, MergeReport};
use crate::store::observations::by_id;
use crate::store::{new_id, trash, Store};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeSet;

/// How many conflicts the refusal lists.
const LISTED: usize = 10;

/// The fields of a value that a merge carries over.
#[derive(Debug, Clone, Default, PartialEq)]
struct Content {
    value: Option<f64>,
    suppressed: bool,
    numerator: Option<f64>,
    denominator: Option<f64>,
    target: Option<f64>,
    target_low: Option<f64>,
    target_high: Option<f64>,
    note: Option<String>,
    margin_of_error: Option<f64>,
    source: Option<String>,
    entered_by: Option<String>,
    entered_at: Option<String>,
}

impl Content {
    const COLUMNS: &'static str = "value, suppressed, numerator, denominator, target, target_low,
         target_high, note, margin_of_error, source, entered_by, entered_at";

    fn read(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Content> {
        Ok(Content {
            value: r.get(at)?,
            suppressed: r.get(at + 1)?,
            numerator: r.get(at + 2)?,
            denominator: r.get(at + 3)?,
            target: r.get(at + 4)?,
            target_low: r.get(at + 5)?,
            target_high: r.get(at + 6)?,
            note: r.get(at + 7)?,
            margin_of_error: r.get(at + 8)?,
            source: r.get(at + 9)?,
            entered_by: r.get(at + 10)?,
            entered_at: r.get(at + 11)?,
        })
    }

    /// The value as a person reads it: a number, "suppressed", or nothing.
    fn has_value(&self) -> bool {
        self.value.is_some() || self.suppressed
    }

    fn same_value(&self, other: &Content) -> bool {
        self.value == other.value && self.suppressed == other.suppressed
    }

    fn describe(&self) -> String {
        match (self.value, self.suppressed) {
            (Some(v), _) => v.to_string(),
            (None, true) => "suppressed".into(),
            (None, false) => "no value".into(),
        }
    }

    /// `self` (A's row) completed with what `b` has and `self` lacks. Pairs that belong
    /// together (value and suppression, numerator and denominator, a target range) come
    /// from one side.
    fn completed_by(&self, b: &Content) -> Content {
        let mut out = self.clone();
        if !self.has_value() && b.has_value() {
            out.value = b.value;
            out.suppressed = b.suppressed;
            out.entered_by = b.entered_by.clone();
            out.entered_at = b.entered_at.clone();
        }
        if self.numerator.is_none() && self.denominator.is_none() {
            out.numerator = b.numerator;
            out.denominator = b.denominator;
        }
        if self.target_low.is_none() && self.target_high.is_none() {
            out.target_low = b.target_low;
            out.target_high = b.target_high;
        }
        out.target = self.target.or(b.target);
        out.note = self.note.clone().or_else(|| b.note.clone());
        out.margin_of_error = self.margin_of_error.or(b.margin_of_error);
        out.source = self.source.clone().or_else(|| b.source.clone());
        out
    }
}

/// One live value of B.
struct Value {
    id: String,
    measure_id: String,
    measure: String,
    period_id: String,
    period: String,
    disaggregation_id: String,
    /// The disaggregation key with A in B's place.
    target_key: String,
    content: Content,
}

/// What happens to one of B's values.
enum Step {
    /// Nothing of A's there: B's row moves.
    Move,
    /// A's row there is in the trash: it comes back with B's content.
    Revive(String),
    /// A's live row there takes what it lacks from B's (`true`: B's value too).
    Complete(String, Box<Content>, bool),
}

fn values_of(conn: &Connection, from: &str, into: &str) -> Result<Vec<Value>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT o.id, o.measure_id, m.name, o.period_id, p.label, o.disaggregation_id, d.key, {}
           FROM observations o
           JOIN measures m ON m.id = o.measure_id
           JOIN periods p ON p.id = o.period_id
           JOIN disaggregations d ON d.id = o.disaggregation_id
          WHERE o.deleted_at IS NULL
            AND o.disaggregation_id IN (SELECT disaggregation_id FROM disaggregation_groups
                                         WHERE group_id = ?1)
          ORDER BY m.position, m.name, p.start_date, p.label, o.id",
        Content::COLUMNS
            .split(',')
            .map(|c| format!("o.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    let mut rows = stmt.query([from])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let key: String = r.get(6)?;
        let mut ids: Vec<&str> = key
            .split(',')
            .map(|g| if g == from { into } else { g })
            .collect();
        if ids.iter().filter(|g| **g == into).count() != 1 {
            return Err(Error::Internal(format!(
                "disaggregation {key} names group {into} next to {from}, of the same dimension"
            )));
        }
        ids.sort_unstable();
        out.push(Value {
            id: r.get(0)?,
            measure_id: r.get(1)?,
            measure: r.get(2)?,
            period_id: r.get(3)?,
            period: r.get(4)?,
            disaggregation_id: r.get(5)?,
            target_key: ids.join(","),
            content: Content::read(r, 7)?,
        });
    }
    Ok(out)
}

/// "Location: Denver, Sex: Female": the groups of a disaggregation other than `except`.
fn other_groups(conn: &Connection, disaggregation_id: &str, except: &str) -> Result<String> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.name, g.name FROM disaggregation_groups dg
           JOIN groups g ON g.id = dg.group_id JOIN dimensions d ON d.id = g.dimension_id
          WHERE dg.disaggregation_id = ?1 AND g.id <> ?2
          ORDER BY d.position, d.created_at",
    )?;
    let names = stmt
        .query_map([disaggregation_id, except], |r| {
            Ok(format!(
                "{}: {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names.join(", "))
}

fn write_content(conn: &Connection, id: &str, c: &Content, now: &str) -> Result<()> {
    conn.execute(
        &format!(
            "UPDATE observations SET value = ?2, suppressed = ?3, numerator = ?4, denominator = ?5,
                 target = ?6, target_low = ?7, target_high = ?8, note = ?9, margin_of_error = ?10,
                 source = ?11, entered_by = ?12, entered_at = ?13, deleted_at = NULL, updated_at = ?14
             WHERE {}",
            by_id("", "?1")
        ),
        params![
            id,
            c.value,
            c.suppressed,
            c.numerator,
            c.denominator,
            c.target,
            c.target_low,
            c.target_high,
            c.note,
            c.margin_of_error,
            c.source,
            c.entered_by,
            c.entered_at,
            now
        ],
    )?;
    Ok(())
}

impl Store {
    /// Merges group `from_id` (B) into group `into_id` (A) of the same dimension (see the
    /// module documentation). With `dry_run` nothing is written and the report says what
    /// would happen; a conflict is refused either way.
    pub fn merge_groups(
        &mut self,
        from_id: &str,
        into_id: &str,
        dry_run: bool,
    ) -> Result<MergeReport> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        if from_id == into_id {
            return Err(Error::invalid(
                "into_id",
                "A group cannot be merged into itself; choose another group",
            ));
        }
        let (dimension, from_name, from_reference) = live_group(&tx, from_id)?;
        let (into_dimension, into_name, _) = live_group(&tx, into_id)?;
        if dimension != into_dimension {
            return Err(Error::invalid(
                "into_id",
                format!(
                    "\"{from_name}\" and \"{into_name}\" are groups of different dimensions; only groups of one dimension can be merged"
                ),
            ));
        }

        // Decide everything before writing anything.
        let values = values_of(&tx, from_id, into_id)?;
        let mut steps = Vec::with_capacity(values.len());
        let mut conflicts = Vec::new();
        for v in &values {
            let target = match super::find_disaggregation(&tx, &v.target_key)? {
                Some(d) => tx
                    .query_row(
                        &format!(
                            "SELECT id, deleted_at IS NULL, {} FROM observations
                             WHERE measure_id = ?1 AND disaggregation_id = ?2 AND period_id = ?3",
                            Content::COLUMNS
                        ),
                        params![v.measure_id, d, v.period_id],
                        |r| {
                            Ok((
                                r.get::<_, String>(0)?,
                                r.get::<_, bool>(1)?,
                                Content::read(r, 2)?,
                            ))
                        },
                    )
                    .optional()?,
                None => None,
            };
            steps.push(match target {
                None => Step::Move,
                Some((id, false, _)) => Step::Revive(id),
                Some((id, true, a)) => {
                    if a.has_value() && v.content.has_value() && !a.same_value(&v.content) {
                        conflicts.push((v, a));
                        continue;
                    }
                    let takes_value = !a.has_value() && v.content.has_value();
                    Step::Complete(id, Box::new(a.completed_by(&v.content)), takes_value)
                }
            });
        }
        if !conflicts.is_empty() {
            let mut lines = Vec::new();
            for (v, a) in conflicts.iter().take(LISTED) {
                let others = other_groups(&tx, &v.disaggregation_id, from_id)?;
                let place = if others.is_empty() {
                    format!("{}, {}", v.measure, v.period)
                } else {
                    format!("{}, {} ({others})", v.measure, v.period)
                };
                lines.push(format!(
                    "  {place}: \"{into_name}\" has {}, \"{from_name}\" has {}",
                    a.describe(),
                    v.content.describe()
                ));
            }
            if conflicts.len() > LISTED {
                lines.push(format!("  and {} more", conflicts.len() - LISTED));
            }
            let n = conflicts.len();
            return Err(Error::Conflict(format!(
                "\"{from_name}\" cannot be merged into \"{into_name}\": {n} value{} differ{}, so nothing was changed. Correct or delete one of each pair, then merge again:\n{}",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" },
                lines.join("\n")
            )));
        }

        let (mut moved, mut already_there) = (0u64, 0u64);
        let mut measures = BTreeSet::new();
        for (v, step) in values.iter().zip(&steps) {
            measures.insert(v.measure.clone());
            match step {
                Step::Move => {
                    let d = disaggregation_for_key(&tx, &now, &v.target_key)?;
                    tx.execute(
                        &format!(
                            "UPDATE observations SET disaggregation_id = ?2, updated_at = ?3 WHERE {}",
                            by_id("", "?1")
                        ),
                        params![v.id, d, now],
                    )?;
                    moved += 1;
                }
                Step::Revive(id) => {
                    write_content(&tx, id, &v.content, &now)?;
                    moved += 1;
                }
                Step::Complete(id, content, takes_value) => {
                    let current = tx.query_row(
                        &format!(
                            "SELECT {} FROM observations WHERE {}",
                            Content::COLUMNS,
                            by_id("", "?1")
                        ),
                        [id],
                        |r| Content::read(r, 0),
                    )?;
                    if current != **content {
                        write_content(&tx, id, content, &now)?;
                    }
                    if *takes_value {
                        moved += 1;
                    } else {
                        already_there += 1;
                    }
                }
            }
        }
        tx.execute(
            "UPDATE group_aliases SET group_id = ?2, updated_at = ?3
             WHERE group_id = ?1 AND deleted_at IS NULL",
            params![from_id, into_id, now],
        )?;
        if from_reference {
            tx.execute(
                "UPDATE groups SET is_reference = 0, updated_at = ?2 WHERE id = ?1",
                params![from_id, now],
            )?;
            tx.execute(
                "UPDATE groups SET is_reference = 1, updated_at = ?2 WHERE id = ?1",
                params![into_id, now],
            )?;
        }
        // B goes to the trash, and with it its leftover rows (those A already had).
        trash::stamp(&tx, EntityKind::Group, from_id, &now)?;
        if label_key(&from_name) != label_key(&into_name)
            && find_label(&tx, &dimension, &from_name)?.is_none()
        {
            tx.execute(
                "INSERT INTO group_aliases (id, group_id, alias, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![new_id(), into_id, from_name, now],
            )?;
        }
        let report = MergeReport {
            from: from_name,
            into: into_name,
            moved,
            already_there,
            measures: measures.into_iter().collect(),
            dry_run,
            dimension: read_dimension(&tx, &dimension)?,
        };
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::Content;

    fn value(v: Option<f64>, suppressed: bool) -> Content {
        Content {
            value: v,
            suppressed,
            ..Content::default()
        }
    }

    #[test]
    fn a_row_keeps_what_it_has_and_takes_what_it_lacks() {
        let a = Content {
            note: Some("A's note".into()),
            target_low: Some(1.0),
            ..value(Some(5.0), false)
        };
        let b = Content {
            note: Some("B's note".into()),
            target: Some(9.0),
            target_high: Some(3.0),
            numerator: Some(10.0),
            denominator: Some(200.0),
            ..value(Some(5.0), false)
        };
        let merged = a.completed_by(&b);
        assert_eq!(merged.note.as_deref(), Some("A's note"));
        assert_eq!(merged.target, Some(9.0));
        // A target range comes from one side, so the low bound never meets B's high.
        assert_eq!((merged.target_low, merged.target_high), (Some(1.0), None));
        assert_eq!(
            (merged.numerator, merged.denominator),
            (Some(10.0), Some(200.0))
        );
    }

    #[test]
    fn a_blank_row_takes_the_value_and_suppression_stays_with_no_number() {
        let blank = Content {
            note: Some("note only".into()),
            ..Content::default()
        };
        let merged = blank.completed_by(&value(None, true));
        assert!(merged.suppressed && merged.value.is_none());
        assert_eq!(
            blank.completed_by(&value(Some(2.5), false)).value,
            Some(2.5)
        );
        assert!(
            value(None, true).has_value(),
            "suppressed is a value to compare"
        );
        assert!(!value(Some(1.0), false).same_value(&value(None, true)));
        assert_eq!(value(Some(1.5), false).describe(), "1.5");
    }
}
