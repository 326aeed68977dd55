//! Dimensions, their groups and the groups' aliases: reading them, creating them (here and
//! for imports and the sample), and the disaggregations that name groups. What the user
//! does to them on the Groups screen (renaming, reordering, the reference group, aliases,
//! merging) is in [`edit`] and [`merge`].
//!
//! Labels are compared trimmed and case-insensitively ([`label_key`]). Within a dimension
//! a label means one group: a live group's name or live alias is never another live
//! group's name or alias (checked here for everything the store creates or renames, since
//! the rule spans two tables). Dimension names are unique within an initiative the same
//! way.

mod edit;
mod merge;
#[cfg(test)]
mod tests;

pub(crate) use edit::{before_dimension_restore, before_group_restore};

use super::{initiatives, new_id, validate, Store};
use crate::error::{Error, Result};
use crate::model::{Dimension, Group, GroupAlias};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// How labels are compared: trimmed, lower case ("Asian " and "asian" are one label).
pub(crate) fn label_key(label: &str) -> String {
    label.trim().to_lowercase()
}

/// What a label already names in a dimension.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Taken {
    /// The name of a live group.
    Name { group_id: String, group: String },
    /// A live alias of a live group.
    Alias {
        group_id: String,
        group: String,
        alias_id: String,
    },
}

/// What `label` names among the live groups and aliases of `dimension_id`, if anything.
pub(crate) fn find_label(
    conn: &Connection,
    dimension_id: &str,
    label: &str,
) -> Result<Option<Taken>> {
    let key = label_key(label);
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.name, NULL, NULL FROM groups g
          WHERE g.dimension_id = ?1 AND g.deleted_at IS NULL
         UNION ALL
         SELECT g.id, g.name, a.id, a.alias FROM group_aliases a JOIN groups g ON g.id = a.group_id
          WHERE g.dimension_id = ?1 AND g.deleted_at IS NULL AND a.deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([dimension_id])?;
    while let Some(r) = rows.next()? {
        let (group_id, group): (String, String) = (r.get(0)?, r.get(1)?);
        let alias: Option<(String, String)> = match r.get::<_, Option<String>>(2)? {
            Some(id) => Some((id, r.get(3)?)),
            None => None,
        };
        match alias {
            None if label_key(&group) == key => return Ok(Some(Taken::Name { group_id, group })),
            Some((alias_id, alias)) if label_key(&alias) == key => {
                return Ok(Some(Taken::Alias {
                    group_id,
                    group,
                    alias_id,
                }))
            }
            _ => {}
        }
    }
    Ok(None)
}

/// Refuses `name` for a group of `dimension_id` when another group already answers to it
/// (`except`: the group being renamed, which may keep or recase its own name).
pub(crate) fn check_group_name(
    conn: &Connection,
    dimension_id: &str,
    name: &str,
    except: Option<&str>,
) -> Result<()> {
    match find_label(conn, dimension_id, name)? {
        Some(Taken::Name { group_id, group }) if Some(group_id.as_str()) != except => {
            Err(Error::invalid(
                "name",
                format!(
                    "This dimension already has a group \"{group}\"; if they are one group, merge them instead"
                ),
            ))
        }
        Some(Taken::Alias {
            group_id, group, ..
        }) if Some(group_id.as_str()) != except => Err(Error::invalid(
            "name",
            format!(
                "\"{}\" is an alias of the group \"{group}\"; remove that alias first, or merge the groups",
                name.trim()
            ),
        )),
        _ => Ok(()),
    }
}

/// Refuses `name` for a dimension of `initiative_id` when another live dimension has it.
pub(crate) fn check_dimension_name(
    conn: &Connection,
    initiative_id: &str,
    name: &str,
    except: Option<&str>,
) -> Result<()> {
    let key = label_key(name);
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM dimensions WHERE initiative_id = ?1 AND deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([initiative_id])?;
    while let Some(r) = rows.next()? {
        let (id, other): (String, String) = (r.get(0)?, r.get(1)?);
        if label_key(&other) == key && Some(id.as_str()) != except {
            return Err(Error::invalid(
                "name",
                format!("This initiative already has a dimension \"{other}\""),
            ));
        }
    }
    Ok(())
}

pub(crate) fn insert_dimension(
    conn: &Connection,
    now: &str,
    initiative_id: &str,
    name: &str,
    kind: &str,
) -> Result<String> {
    let name = validate::name("name", "dimension", name)?;
    initiatives::require(conn, initiative_id)?;
    check_dimension_name(conn, initiative_id, &name, None)?;
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
    check_group_name(conn, dimension_id, &name, None)?;
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
    disaggregation_for_key(conn, now, &key)
}

/// The disaggregation with `key` (group ids sorted and joined by ','), created on first
/// use. The key is not checked: callers build it from groups they have checked.
pub(crate) fn disaggregation_for_key(conn: &Connection, now: &str, key: &str) -> Result<String> {
    if let Some(id) = find_disaggregation(conn, key)? {
        return Ok(id);
    }
    let id = super::derived_id(&["disaggregations", key]);
    conn.execute(
        "INSERT INTO disaggregations (id, key, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![id, key, now],
    )?;
    for group in key.split(',') {
        conn.execute(
            "INSERT INTO disaggregation_groups (id, disaggregation_id, group_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![
                super::derived_id(&["disaggregation_groups", &id, group]),
                id,
                group,
                now
            ],
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

/// An initiative's live dimensions (all, or the one with id `only`) with their live groups
/// in display order, each with its live aliases.
pub(crate) fn read_dimensions(
    conn: &Connection,
    initiative_id: &str,
    only: Option<&str>,
) -> Result<Vec<Dimension>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, initiative_id, name, kind FROM dimensions
         WHERE initiative_id = ?1 AND deleted_at IS NULL AND (?2 IS NULL OR id = ?2)
         ORDER BY position, created_at, id",
    )?;
    let mut dims: Vec<Dimension> = stmt
        .query_map(params![initiative_id, only], |r| {
            Ok(Dimension {
                id: r.get(0)?,
                initiative_id: r.get(1)?,
                name: r.get(2)?,
                kind: r.get(3)?,
                groups: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut aliases: HashMap<String, Vec<GroupAlias>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT a.group_id, a.id, a.alias FROM group_aliases a
           JOIN groups g ON g.id = a.group_id JOIN dimensions d ON d.id = g.dimension_id
          WHERE d.initiative_id = ?1 AND (?2 IS NULL OR d.id = ?2) AND a.deleted_at IS NULL
          ORDER BY a.alias COLLATE NOCASE, a.id",
    )?;
    let mut rows = stmt.query(params![initiative_id, only])?;
    while let Some(r) = rows.next()? {
        aliases.entry(r.get(0)?).or_default().push(GroupAlias {
            id: r.get(1)?,
            alias: r.get(2)?,
        });
    }
    let mut groups = conn.prepare_cached(
        "SELECT id, dimension_id, name, is_reference, position FROM groups
         WHERE dimension_id = ?1 AND deleted_at IS NULL ORDER BY position, created_at, id",
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
                    aliases: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        for g in &mut d.groups {
            g.aliases = aliases.remove(&g.id).unwrap_or_default();
        }
    }
    Ok(dims)
}

/// The live dimension `id` (its initiative must be live too).
pub(crate) fn read_dimension(conn: &Connection, id: &str) -> Result<Dimension> {
    let initiative: Option<String> = conn
        .query_row(
            "SELECT d.initiative_id FROM dimensions d JOIN initiatives i ON i.id = d.initiative_id
             WHERE d.id = ?1 AND d.deleted_at IS NULL AND i.deleted_at IS NULL",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(initiative) = initiative else {
        return Err(Error::NotFound {
            what: "dimension",
            id: id.to_string(),
        });
    };
    read_dimensions(conn, &initiative, Some(id))?
        .pop()
        .ok_or_else(|| Error::Internal(format!("dimension {id} vanished while read")))
}

/// A live group of a live dimension: (dimension id, group name, is reference).
pub(crate) fn live_group(conn: &Connection, id: &str) -> Result<(String, String, bool)> {
    conn.query_row(
        "SELECT g.dimension_id, g.name, g.is_reference FROM groups g
           JOIN dimensions d ON d.id = g.dimension_id
          WHERE g.id = ?1 AND g.deleted_at IS NULL AND d.deleted_at IS NULL",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "group",
        id: id.to_string(),
    })
}

impl Store {
    /// An initiative's live dimensions with their live groups (in display order) and the
    /// groups' aliases.
    pub fn list_dimensions(&self, initiative_id: &str) -> Result<Vec<Dimension>> {
        initiatives::require(&self.conn, initiative_id)?;
        read_dimensions(&self.conn, initiative_id, None)
    }

    /// One live dimension with its groups.
    pub fn get_dimension(&self, id: &str) -> Result<Dimension> {
        read_dimension(&self.conn, id)
    }

    /// Adds a dimension (for example "Race/ethnicity", kind `race_ethnicity`). Its name
    /// must differ from the initiative's other dimensions'.
    pub fn create_dimension(
        &mut self,
        initiative_id: &str,
        name: &str,
        kind: &str,
    ) -> Result<Dimension> {
        let kind = edit::check_kind(kind)?;
        let id = insert_dimension(&self.conn, &self.now(), initiative_id, name, &kind)?;
        read_dimension(&self.conn, &id)
    }

    /// Adds a group to a dimension, at the end of its display order. Its name must not be
    /// a name or alias of another of the dimension's groups.
    pub fn create_group(&mut self, dimension_id: &str, name: &str) -> Result<Group> {
        let id = insert_group(&self.conn, &self.now(), dimension_id, name)?;
        read_dimension(&self.conn, dimension_id)?
            .groups
            .into_iter()
            .find(|g| g.id == id)
            .ok_or_else(|| Error::Internal("a new group vanished".into()))
    }
}
