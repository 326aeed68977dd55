//! The trash: soft delete with cascade, restore, and listing.
//!
//! Deleting a row stamps `deleted_at` on it and on its live children with the same time,
//! so restoring it brings back exactly what went with it (and not children deleted on
//! their own before). A row whose parent is in the trash cannot be restored on its own.
//! A group's values are its children (alone or with groups of other dimensions); a value
//! stays in the trash while any of its groups is there.

use super::observations::{by_id, by_id_static};
use super::{dimensions, Store};
use crate::error::{Error, Result};
use crate::model::{EntityKind, TrashItem};
use rusqlite::{params, Connection, OptionalExtension};

/// Children soft-deleted with a parent: (child kind, SQL selecting child ids for `?1`).
fn children(kind: EntityKind) -> &'static [(EntityKind, &'static str)] {
    match kind {
        EntityKind::Initiative => &[
            (
                EntityKind::Partner,
                "SELECT id FROM partners WHERE initiative_id = ?1",
            ),
            (
                EntityKind::Result,
                "SELECT id FROM results WHERE initiative_id = ?1",
            ),
            (
                EntityKind::Program,
                "SELECT id FROM programs WHERE initiative_id = ?1",
            ),
            (
                EntityKind::Dimension,
                "SELECT id FROM dimensions WHERE initiative_id = ?1",
            ),
            (
                EntityKind::Action,
                "SELECT id FROM actions WHERE initiative_id = ?1",
            ),
            (
                EntityKind::Meeting,
                "SELECT id FROM meetings WHERE initiative_id = ?1",
            ),
            (
                EntityKind::CommunityEvent,
                "SELECT id FROM community_events WHERE initiative_id = ?1",
            ),
        ],
        EntityKind::Result => &[(
            EntityKind::Measure,
            "SELECT id FROM measures WHERE result_id = ?1",
        )],
        EntityKind::Program => &[(
            EntityKind::Measure,
            "SELECT id FROM measures WHERE program_id = ?1",
        )],
        EntityKind::Partner => &[(
            EntityKind::PartnerRole,
            "SELECT id FROM partner_roles WHERE partner_id = ?1",
        )],
        EntityKind::Dimension => &[(
            EntityKind::Group,
            "SELECT id FROM groups WHERE dimension_id = ?1",
        )],
        // A group's values go with it too, in one statement: see `values_of`.
        EntityKind::Measure
        | EntityKind::Observation
        | EntityKind::PartnerRole
        | EntityKind::Group
        | EntityKind::Action
        | EntityKind::Comment
        | EntityKind::Meeting
        | EntityKind::CommunityEvent => &[],
    }
}

static VALUE_PARENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The parent a row cannot be restored without: (kind, SQL selecting the parent id).
fn parent(kind: EntityKind) -> Option<(EntityKind, &'static str)> {
    match kind {
        EntityKind::Initiative => None,
        EntityKind::Partner => Some((
            EntityKind::Initiative,
            "SELECT initiative_id FROM partners WHERE id = ?1",
        )),
        EntityKind::Result => Some((
            EntityKind::Initiative,
            "SELECT initiative_id FROM results WHERE id = ?1",
        )),
        EntityKind::Program => Some((
            EntityKind::Initiative,
            "SELECT initiative_id FROM programs WHERE id = ?1",
        )),
        EntityKind::Dimension => Some((
            EntityKind::Initiative,
            "SELECT initiative_id FROM dimensions WHERE id = ?1",
        )),
        EntityKind::Measure => None,
        EntityKind::Observation => Some((
            EntityKind::Measure,
            by_id_static(
                &VALUE_PARENT,
                "SELECT o.measure_id FROM observations o WHERE",
            ),
        )),
        EntityKind::PartnerRole => Some((
            EntityKind::Partner,
            "SELECT partner_id FROM partner_roles WHERE id = ?1",
        )),
        EntityKind::Group => Some((
            EntityKind::Dimension,
            "SELECT dimension_id FROM groups WHERE id = ?1",
        )),
        EntityKind::Action => Some((
            EntityKind::Initiative,
            "SELECT initiative_id FROM actions WHERE id = ?1",
        )),
        EntityKind::Meeting => Some((
            EntityKind::Initiative,
            "SELECT initiative_id FROM meetings WHERE id = ?1",
        )),
        EntityKind::CommunityEvent => Some((
            EntityKind::Initiative,
            "SELECT initiative_id FROM community_events WHERE id = ?1",
        )),
        // A comment's target is checked on restore (it may be one of several kinds).
        EntityKind::Comment => None,
    }
}

fn measure_parent(conn: &Connection, id: &str) -> Result<Option<(EntityKind, String)>> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT result_id, program_id FROM measures WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        Some((Some(result), _)) => Some((EntityKind::Result, result)),
        Some((None, Some(program))) => Some((EntityKind::Program, program)),
        _ => None,
    })
}

/// Whether one of the groups of value `id` is in the trash (then the value stays there).
fn in_trashed_group(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.query_row(
        &format!(
            "SELECT EXISTS (SELECT 1 FROM observations o
                    JOIN disaggregation_groups dg ON dg.disaggregation_id = o.disaggregation_id
                    JOIN groups g ON g.id = dg.group_id
                   WHERE {} AND g.deleted_at IS NOT NULL)",
            by_id("o.", "?1")
        ),
        [id],
        |r| r.get(0),
    )?)
}

/// The SQL that finds row `?1` of `kind`'s table (values by their cell: migration 9).
fn row_is(kind: EntityKind) -> String {
    match kind {
        EntityKind::Observation => by_id("", "?1"),
        _ => "id = ?1".to_string(),
    }
}

fn deleted_at(conn: &Connection, kind: EntityKind, id: &str) -> Result<Option<Option<String>>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT deleted_at FROM {} WHERE {}",
                kind.table(),
                row_is(kind)
            ),
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Every child row (live or not) of row `id` of `kind`.
fn child_rows(conn: &Connection, kind: EntityKind, id: &str) -> Result<Vec<(EntityKind, String)>> {
    let mut out = Vec::new();
    for (child, sql) in children(kind) {
        let mut stmt = conn.prepare_cached(sql)?;
        let ids = stmt.query_map([id], |r| r.get::<_, String>(0))?;
        for child_id in ids {
            out.push((*child, child_id?));
        }
    }
    Ok(out)
}

/// The values that go to the trash with a group or a dimension (`?1`): those whose
/// disaggregation names it (or one of its groups). One statement for them all, not one
/// per row: the observations table has no index by disaggregation, and a dimension of a
/// few hundred places has thousands of values.
fn values_of(kind: EntityKind) -> Option<&'static str> {
    match kind {
        EntityKind::Group => Some(
            "disaggregation_id IN (SELECT disaggregation_id FROM disaggregation_groups
                                    WHERE group_id = ?1)",
        ),
        EntityKind::Dimension => Some(
            "disaggregation_id IN (SELECT dg.disaggregation_id FROM disaggregation_groups dg
                                     JOIN groups g ON g.id = dg.group_id
                                    WHERE g.dimension_id = ?1)",
        ),
        _ => None,
    }
}

/// Moves row `id` of `kind` and its live children to the trash, stamped `now`.
pub(crate) fn stamp(conn: &Connection, kind: EntityKind, id: &str, now: &str) -> Result<()> {
    stamp_row(conn, kind, id, now, true)
}

/// `values`: stamp the values of a group or dimension too (a dimension's groups leave it
/// to the dimension, which stamps them all at once).
fn stamp_row(conn: &Connection, kind: EntityKind, id: &str, now: &str, values: bool) -> Result<()> {
    conn.execute(
        &format!(
            "UPDATE {} SET deleted_at = ?2, updated_at = ?2 WHERE {} AND deleted_at IS NULL",
            kind.table(),
            row_is(kind)
        ),
        params![id, now],
    )?;
    if let Some(which) = values_of(kind).filter(|_| values) {
        conn.execute(
            &format!(
                "UPDATE observations SET deleted_at = ?2, updated_at = ?2
                 WHERE deleted_at IS NULL AND {which}"
            ),
            params![id, now],
        )?;
    }
    for (child, child_id) in child_rows(conn, kind, id)? {
        if deleted_at(conn, child, &child_id)? == Some(None) {
            stamp_row(conn, child, &child_id, now, kind != EntityKind::Dimension)?;
        }
    }
    Ok(())
}

fn unstamp(conn: &Connection, kind: EntityKind, id: &str, when: &str, now: &str) -> Result<()> {
    unstamp_row(conn, kind, id, when, now, true)
}

fn unstamp_row(
    conn: &Connection,
    kind: EntityKind,
    id: &str,
    when: &str,
    now: &str,
    values: bool,
) -> Result<()> {
    conn.execute(
        &format!(
            "UPDATE {} SET deleted_at = NULL, updated_at = ?3 WHERE {} AND deleted_at = ?2",
            kind.table(),
            row_is(kind)
        ),
        params![id, when, now],
    )?;
    for (child, child_id) in child_rows(conn, kind, id)? {
        if deleted_at(conn, child, &child_id)?.flatten().as_deref() == Some(when) {
            unstamp_row(
                conn,
                child,
                &child_id,
                when,
                now,
                kind != EntityKind::Dimension,
            )?;
        }
    }
    // After the groups: a value stays in the trash while any of its groups is there.
    if let Some(which) = values_of(kind).filter(|_| values) {
        conn.execute(
            &format!(
                "UPDATE observations SET deleted_at = NULL, updated_at = ?3
                 WHERE deleted_at = ?2 AND {which}
                   AND NOT EXISTS (SELECT 1 FROM disaggregation_groups dg
                                     JOIN groups g ON g.id = dg.group_id
                                    WHERE dg.disaggregation_id = observations.disaggregation_id
                                      AND g.deleted_at IS NOT NULL)"
            ),
            params![id, when, now],
        )?;
    }
    Ok(())
}

impl Store {
    /// Moves a row (and its live children) to the trash.
    pub fn delete_item(&mut self, kind: EntityKind, id: &str) -> Result<()> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        if kind == EntityKind::Partner && deleted_at(&tx, kind, id)? == Some(None) {
            let owned = super::actions::owned_count(&tx, id)?;
            if owned > 0 {
                return Err(Error::Conflict(format!(
                    "This partner owns {owned} action{}: reassign them or keep them with it \
                     as a former partner when deleting it",
                    if owned == 1 { "" } else { "s" }
                )));
            }
        }
        match deleted_at(&tx, kind, id)? {
            Some(None) => stamp(&tx, kind, id, &now)?,
            _ => {
                return Err(Error::NotFound {
                    what: kind.noun(),
                    id: id.to_string(),
                })
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Brings a row (and what was deleted with it) back from the trash.
    pub fn restore_item(&mut self, kind: EntityKind, id: &str) -> Result<()> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let Some(Some(when)) = deleted_at(&tx, kind, id)? else {
            return Err(Error::NotFound {
                what: kind.noun(),
                id: format!("{id} in the trash"),
            });
        };
        let parent = match kind {
            EntityKind::Measure => measure_parent(&tx, id)?,
            _ => match parent(kind) {
                Some((parent_kind, sql)) => tx
                    .query_row(sql, [id], |r| r.get::<_, String>(0))
                    .optional()?
                    .map(|pid| (parent_kind, pid)),
                None => None,
            },
        };
        if let Some((parent_kind, parent_id)) = parent {
            if deleted_at(&tx, parent_kind, &parent_id)? != Some(None) {
                return Err(Error::Conflict(format!(
                    "This {} belongs to a {} that is in the trash; restore that first",
                    kind.noun(),
                    parent_kind.noun()
                )));
            }
        }
        match kind {
            EntityKind::Observation if in_trashed_group(&tx, id)? => {
                return Err(Error::Conflict(
                    "This value belongs to a group that is in the trash; restore that first".into(),
                ))
            }
            EntityKind::Comment if !super::comments::target_is_live(&tx, id)? => {
                return Err(Error::Conflict(
                    "This comment is on something that is in the trash; restore that first".into(),
                ))
            }
            EntityKind::Group => dimensions::before_group_restore(&tx, id, &now)?,
            EntityKind::Dimension => dimensions::before_dimension_restore(&tx, id)?,
            _ => {}
        }
        unstamp(&tx, kind, id, &when, &now)?;
        tx.commit()?;
        Ok(())
    }

    /// What is in the trash (of one initiative, or of all): the rows deleted on their own,
    /// not the children that went with them.
    pub fn list_trash(&self, initiative_id: Option<&str>) -> Result<Vec<TrashItem>> {
        let mut stmt = self.conn.prepare(
            "SELECT kind, id, name, deleted_at, initiative_id FROM (
               SELECT 'initiative' AS kind, id, name, deleted_at, id AS initiative_id
                 FROM initiatives WHERE deleted_at IS NOT NULL
               UNION ALL
               SELECT 'partner', x.id, x.name, x.deleted_at, x.initiative_id FROM partners x
                 JOIN initiatives i ON i.id = x.initiative_id
                WHERE x.deleted_at IS NOT NULL AND i.deleted_at IS NOT x.deleted_at
               UNION ALL
               SELECT 'result', x.id, x.name, x.deleted_at, x.initiative_id FROM results x
                 JOIN initiatives i ON i.id = x.initiative_id
                WHERE x.deleted_at IS NOT NULL AND i.deleted_at IS NOT x.deleted_at
               UNION ALL
               SELECT 'program', x.id, x.name, x.deleted_at, x.initiative_id FROM programs x
                 JOIN initiatives i ON i.id = x.initiative_id
                WHERE x.deleted_at IS NOT NULL AND i.deleted_at IS NOT x.deleted_at
               UNION ALL
               SELECT 'dimension', x.id, x.name, x.deleted_at, x.initiative_id FROM dimensions x
                 JOIN initiatives i ON i.id = x.initiative_id
                WHERE x.deleted_at IS NOT NULL AND i.deleted_at IS NOT x.deleted_at
               UNION ALL
               SELECT 'action', x.id, x.title, x.deleted_at, x.initiative_id FROM actions x
                 JOIN initiatives i ON i.id = x.initiative_id
                WHERE x.deleted_at IS NOT NULL AND i.deleted_at IS NOT x.deleted_at
               UNION ALL
               SELECT 'meeting', x.id, x.title || ' (' || x.meeting_date || ')', x.deleted_at,
                      x.initiative_id FROM meetings x
                 JOIN initiatives i ON i.id = x.initiative_id
                WHERE x.deleted_at IS NOT NULL AND i.deleted_at IS NOT x.deleted_at
               UNION ALL
               SELECT 'community_event', x.id, x.title || ' (' || x.event_date || ')',
                      x.deleted_at, x.initiative_id FROM community_events x
                 JOIN initiatives i ON i.id = x.initiative_id
                WHERE x.deleted_at IS NOT NULL AND i.deleted_at IS NOT x.deleted_at
               UNION ALL
               SELECT 'measure', x.id, x.name, x.deleted_at, x.initiative_id FROM measures x
                 LEFT JOIN results r ON r.id = x.result_id
                 LEFT JOIN programs p ON p.id = x.program_id
                WHERE x.deleted_at IS NOT NULL
                  AND coalesce(r.deleted_at, p.deleted_at) IS NOT x.deleted_at
               UNION ALL
               SELECT 'group', x.id, d.name || ': ' || x.name, x.deleted_at, d.initiative_id FROM groups x
                 JOIN dimensions d ON d.id = x.dimension_id
                WHERE x.deleted_at IS NOT NULL AND d.deleted_at IS NOT x.deleted_at
               UNION ALL
               SELECT 'partner_role', x.id, pa.name || ' (' || x.role || ')', x.deleted_at, x.initiative_id
                 FROM partner_roles x JOIN partners pa ON pa.id = x.partner_id
                WHERE x.deleted_at IS NOT NULL AND pa.deleted_at IS NOT x.deleted_at
                  AND x.role = 'partner'
               UNION ALL
               SELECT 'observation', x.id, m.name || ', ' || pe.label, x.deleted_at, m.initiative_id
                 FROM observations x JOIN measures m ON m.id = x.measure_id
                 JOIN periods pe ON pe.id = x.period_id
                WHERE x.deleted_at IS NOT NULL AND m.deleted_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM disaggregation_groups dg
                                    JOIN groups g ON g.id = dg.group_id
                                   WHERE dg.disaggregation_id = x.disaggregation_id
                                     AND g.deleted_at IS x.deleted_at)
               UNION ALL
               SELECT 'comment', x.id, 'Comment by ' || x.author || ': ' || substr(x.body, 1, 60),
                      x.deleted_at, x.initiative_id
                 FROM comments x WHERE x.deleted_at IS NOT NULL
             )
             WHERE ?1 IS NULL OR initiative_id = ?1
             ORDER BY deleted_at DESC, name",
        )?;
        let rows = stmt.query_map([initiative_id], |r| {
            Ok(TrashItem {
                kind: r.get(0)?,
                id: r.get(1)?,
                name: r.get(2)?,
                deleted_at: r.get(3)?,
                initiative_id: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
