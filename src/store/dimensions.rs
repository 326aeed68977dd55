//! Dimensions and groups (the equity issue builds the screens; this is the storage).

use super::{initiatives, new_id, validate, Store};
use crate::error::{Error, Result};
use crate::model::{Dimension, Group};
use rusqlite::{params, Connection, OptionalExtension};

pub(crate) fn insert_dimension(
    conn: &Connection,
    now: &str,
    initiative_id: &str,
    name: &str,
    kind: &str,
) -> Result<String> {
    let name = validate::name("name", "dimension", name)?;
    initiatives::require(conn, initiative_id)?;
    let id = new_id();
    conn.execute(
        "INSERT INTO dimensions (id, initiative_id, name, kind, position, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4,
                 (SELECT coalesce(max(position), 0) + 1 FROM dimensions WHERE initiative_id = ?2),
                 ?5, ?5)",
        params![id, initiative_id, name, kind.trim(), now],
    )?;
    Ok(id)
}

pub(crate) fn insert_group(
    conn: &Connection,
    now: &str,
    dimension_id: &str,
    name: &str,
) -> Result<String> {
    let name = validate::name("name", "group", name)?;
    super::require_live(conn, "dimensions", "dimension", dimension_id)?;
    let id = new_id();
    conn.execute(
        "INSERT INTO groups (id, dimension_id, name, position, created_at, updated_at)
         VALUES (?1, ?2, ?3,
                 (SELECT coalesce(max(position), 0) + 1 FROM groups WHERE dimension_id = ?2),
                 ?4, ?4)",
        params![id, dimension_id, name, now],
    )?;
    Ok(id)
}

/// The disaggregation for a set of groups (empty: the total), created on first use. The
/// groups must be live, belong to `initiative_id`, and come from different dimensions.
pub(crate) fn disaggregation(
    conn: &Connection,
    now: &str,
    initiative_id: &str,
    group_ids: &[String],
) -> Result<String> {
    let key = disaggregation_key(conn, initiative_id, group_ids)?;
    if let Some(id) = find_disaggregation(conn, &key)? {
        return Ok(id);
    }
    let id = new_id();
    conn.execute(
        "INSERT INTO disaggregations (id, key, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![id, key, now],
    )?;
    for group in key.split(',') {
        conn.execute(
            "INSERT INTO disaggregation_groups (id, disaggregation_id, group_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![new_id(), id, group, now],
        )?;
    }
    Ok(id)
}

/// The stored disaggregation with `key` ('' is the total), if any. Reads only.
pub(crate) fn find_disaggregation(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM disaggregations WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

/// Checks a set of groups and returns its key: the group ids sorted and joined by ','
/// ('' for the total).
pub(crate) fn disaggregation_key(
    conn: &Connection,
    initiative_id: &str,
    group_ids: &[String],
) -> Result<String> {
    let mut ids: Vec<&str> = group_ids.iter().map(String::as_str).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut dimensions = Vec::new();
    for id in &ids {
        let row: Option<(String, String)> = conn
            .query_row(
                "SELECT d.id, d.initiative_id FROM groups g JOIN dimensions d ON d.id = g.dimension_id
                 WHERE g.id = ?1 AND g.deleted_at IS NULL AND d.deleted_at IS NULL",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            Some((dimension, owner)) if owner == initiative_id => {
                if dimensions.contains(&dimension) {
                    return Err(Error::invalid(
                        "group_ids",
                        "A value can name only one group of each dimension",
                    ));
                }
                dimensions.push(dimension);
            }
            Some(_) => {
                return Err(Error::invalid(
                    "group_ids",
                    "That group belongs to another initiative",
                ))
            }
            None => {
                return Err(Error::invalid(
                    "group_ids",
                    format!("No group with id {id} exists"),
                ))
            }
        }
    }
    Ok(ids.join(","))
}

impl Store {
    /// An initiative's live dimensions with their live groups.
    pub fn list_dimensions(&self, initiative_id: &str) -> Result<Vec<Dimension>> {
        initiatives::require(&self.conn, initiative_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT id, initiative_id, name, kind FROM dimensions
             WHERE initiative_id = ?1 AND deleted_at IS NULL ORDER BY position, created_at",
        )?;
        let mut dims: Vec<Dimension> = stmt
            .query_map([initiative_id], |r| {
                Ok(Dimension {
                    id: r.get(0)?,
                    initiative_id: r.get(1)?,
                    name: r.get(2)?,
                    kind: r.get(3)?,
                    groups: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut groups = self.conn.prepare(
            "SELECT id, dimension_id, name, is_reference, position FROM groups
             WHERE dimension_id = ?1 AND deleted_at IS NULL ORDER BY position, created_at",
        )?;
        for d in &mut dims {
            d.groups = groups
                .query_map([&d.id], |r| {
                    Ok(Group {
                        id: r.get(0)?,
                        dimension_id: r.get(1)?,
                        name: r.get(2)?,
                        is_reference: r.get(3)?,
                        position: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(dims)
    }

    /// Adds a dimension (for example "Race/ethnicity", kind `race_ethnicity`).
    pub fn create_dimension(
        &mut self,
        initiative_id: &str,
        name: &str,
        kind: &str,
    ) -> Result<Dimension> {
        let id = insert_dimension(&self.conn, &self.now(), initiative_id, name, kind)?;
        self.list_dimensions(initiative_id)?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or_else(|| Error::Internal("a new dimension vanished".into()))
    }

    /// Adds a group to a dimension.
    pub fn create_group(&mut self, dimension_id: &str, name: &str) -> Result<Group> {
        let id = insert_group(&self.conn, &self.now(), dimension_id, name)?;
        Ok(self.conn.query_row(
            "SELECT id, dimension_id, name, is_reference, position FROM groups WHERE id = ?1",
            [&id],
            |r| {
                Ok(Group {
                    id: r.get(0)?,
                    dimension_id: r.get(1)?,
                    name: r.get(2)?,
                    is_reference: r.get(3)?,
                    position: r.get(4)?,
                })
            },
        )?)
    }
}
