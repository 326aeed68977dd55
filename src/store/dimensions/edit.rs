//! What the user changes on the Groups screen: names and kinds of dimensions, group
//! names, the reference group, the display order, and aliases. Each change is one
//! transaction; a change that changes nothing writes (and logs) nothing.

use super::{
    check_dimension_name, check_group_name, find_label, live_group, read_dimension,
    read_dimensions, Taken,
};
use crate::error::{Error, Result};
use crate::model::{Dimension, MoveDirection};
use crate::store::{new_id, require_live, validate, Store};
use rusqlite::{params, Connection, OptionalExtension};

/// The kinds the app knows (DOMAIN.md "Equity lens"); any other snake_case word is a
/// user-defined kind.
pub(crate) const KNOWN_KINDS: [&str; 6] = [
    "race_ethnicity",
    "geography",
    "sex_gender",
    "age_band",
    "income_band",
    "other",
];

/// A dimension kind: one of [`KNOWN_KINDS`] or a user-defined word of lowercase letters,
/// digits and `_` (at most 40 characters).
pub(crate) fn check_kind(kind: &str) -> Result<String> {
    let kind = kind.trim();
    let word = !kind.is_empty()
        && kind.len() <= 40
        && kind.starts_with(|c: char| c.is_ascii_lowercase())
        && kind
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if KNOWN_KINDS.contains(&kind) || word {
        Ok(kind.to_string())
    } else {
        Err(Error::invalid(
            "kind",
            format!(
                "\"{kind}\" is not a dimension kind: use {}, or a word of your own in lowercase letters, digits and _",
                KNOWN_KINDS.join(", ")
            ),
        ))
    }
}

/// Gives `ids` (live rows of `table`, in their current display order) the order with `id`
/// moved one place `direction`. The positions the rows had are handed out again in the new
/// order (so rows in the trash keep their places), unless two rows shared one: then they
/// are numbered 1, 2, 3... Only rows whose position changes are written.
fn reorder(
    conn: &Connection,
    now: &str,
    table: &str,
    rows: &[(String, i64)],
    id: &str,
    direction: MoveDirection,
) -> Result<()> {
    let Some(at) = rows.iter().position(|(r, _)| r == id) else {
        return Err(Error::Internal(format!(
            "{id} is not among the rows it moves in"
        )));
    };
    let to = match direction {
        MoveDirection::Up if at > 0 => at - 1,
        MoveDirection::Down if at + 1 < rows.len() => at + 1,
        _ => return Ok(()),
    };
    let mut order: Vec<&str> = rows.iter().map(|(r, _)| r.as_str()).collect();
    order.swap(at, to);
    let mut positions: Vec<i64> = rows.iter().map(|(_, p)| *p).collect();
    positions.sort_unstable();
    if positions.windows(2).any(|w| w[0] == w[1]) {
        positions = (1..=rows.len() as i64).collect();
    }
    let mut stmt = conn.prepare(&format!(
        "UPDATE {table} SET position = ?2, updated_at = ?3 WHERE id = ?1 AND position IS NOT ?2"
    ))?;
    for (row, position) in order.iter().zip(positions) {
        stmt.execute(params![row, position, now])?;
    }
    Ok(())
}

/// (id, position) of the live rows `sql` selects for `parent`, in display order.
fn ordered(conn: &Connection, sql: &str, parent: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([parent], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn initiative_of(conn: &Connection, dimension_id: &str) -> Result<String> {
    require_live(conn, "dimensions", "dimension", dimension_id)?;
    Ok(conn.query_row(
        "SELECT initiative_id FROM dimensions WHERE id = ?1",
        [dimension_id],
        |r| r.get(0),
    )?)
}

/// Before a group comes back from the trash: refused when its name or one of its aliases
/// now names another live group of its dimension (say which, so the user can rename,
/// remove the alias or merge); when another group has become the reference meanwhile,
/// the group comes back as an ordinary group.
pub(crate) fn before_group_restore(conn: &Connection, id: &str, now: &str) -> Result<()> {
    let (dimension, name, is_reference): (String, String, bool) = conn.query_row(
        "SELECT dimension_id, name, is_reference FROM groups WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut labels = vec![name.clone()];
    let mut stmt = conn.prepare(
        "SELECT alias FROM group_aliases WHERE group_id = ?1 AND deleted_at IS NULL ORDER BY alias",
    )?;
    for alias in stmt.query_map([id], |r| r.get::<_, String>(0))? {
        labels.push(alias?);
    }
    for label in &labels {
        let clash = match find_label(conn, &dimension, label)? {
            Some(Taken::Name { group, .. }) => format!("the group \"{group}\""),
            Some(Taken::Alias { group, .. }) => format!("an alias of the group \"{group}\""),
            None => continue,
        };
        return Err(Error::Conflict(format!(
            "The group \"{name}\" cannot come back: \"{label}\" is now {clash}. Rename one of them, remove the alias, or leave \"{name}\" in the trash"
        )));
    }
    if is_reference {
        let other: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM groups WHERE dimension_id = ?1 AND is_reference = 1
                 AND deleted_at IS NULL)",
            [&dimension],
            |r| r.get(0),
        )?;
        if other {
            conn.execute(
                "UPDATE groups SET is_reference = 0, updated_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
        }
    }
    Ok(())
}

/// Before a dimension comes back from the trash: refused when a live dimension of its
/// initiative now has its name.
pub(crate) fn before_dimension_restore(conn: &Connection, id: &str) -> Result<()> {
    let (initiative, name): (String, String) = conn.query_row(
        "SELECT initiative_id, name FROM dimensions WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    check_dimension_name(conn, &initiative, &name, Some(id)).map_err(|_| {
        Error::Conflict(format!(
            "The dimension \"{name}\" cannot come back: another dimension has that name now. Rename it first"
        ))
    })
}

impl Store {
    /// Renames a dimension (unique among the initiative's dimensions).
    pub fn rename_dimension(&mut self, id: &str, name: &str) -> Result<Dimension> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let initiative = initiative_of(&tx, id)?;
        let name = validate::name("name", "dimension", name)?;
        check_dimension_name(&tx, &initiative, &name, Some(id))?;
        tx.execute(
            "UPDATE dimensions SET name = ?2, updated_at = ?3 WHERE id = ?1 AND name IS NOT ?2",
            params![id, name, now],
        )?;
        let dimension = read_dimension(&tx, id)?;
        tx.commit()?;
        Ok(dimension)
    }

    /// Sets what kind of dimension it is (`race_ethnicity`, `geography`, ... or a
    /// user-defined word).
    pub fn set_dimension_kind(&mut self, id: &str, kind: &str) -> Result<Dimension> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        initiative_of(&tx, id)?;
        let kind = check_kind(kind)?;
        tx.execute(
            "UPDATE dimensions SET kind = ?2, updated_at = ?3 WHERE id = ?1 AND kind IS NOT ?2",
            params![id, kind, now],
        )?;
        let dimension = read_dimension(&tx, id)?;
        tx.commit()?;
        Ok(dimension)
    }

    /// Moves a dimension one place up or down among its initiative's dimensions (the first
    /// stays first); returns the initiative's dimensions in their new order.
    pub fn move_dimension(&mut self, id: &str, direction: MoveDirection) -> Result<Vec<Dimension>> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let initiative = initiative_of(&tx, id)?;
        let rows = ordered(
            &tx,
            "SELECT id, position FROM dimensions WHERE initiative_id = ?1 AND deleted_at IS NULL
             ORDER BY position, created_at, id",
            &initiative,
        )?;
        reorder(&tx, &now, "dimensions", &rows, id, direction)?;
        let dimensions = read_dimensions(&tx, &initiative, None)?;
        tx.commit()?;
        Ok(dimensions)
    }

    /// Renames a group. The name must not be another group's name or alias in the
    /// dimension (to make two groups one, merge them). Renaming a group to one of its own
    /// aliases removes that alias, which the name now says.
    pub fn rename_group(&mut self, id: &str, name: &str) -> Result<Dimension> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let (dimension, _, _) = live_group(&tx, id)?;
        let name = validate::name("name", "group", name)?;
        check_group_name(&tx, &dimension, &name, Some(id))?;
        if let Some(Taken::Alias { alias_id, .. }) = find_label(&tx, &dimension, &name)? {
            tx.execute(
                "UPDATE group_aliases SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                params![alias_id, now],
            )?;
        }
        tx.execute(
            "UPDATE groups SET name = ?2, updated_at = ?3 WHERE id = ?1 AND name IS NOT ?2",
            params![id, name, now],
        )?;
        let dimension = read_dimension(&tx, &dimension)?;
        tx.commit()?;
        Ok(dimension)
    }

    /// Makes `group_id` the dimension's reference group for disparity figures, or (None)
    /// clears it: the figures then use the most favourable group of each period. A
    /// dimension has at most one reference group.
    pub fn set_reference_group(
        &mut self,
        dimension_id: &str,
        group_id: Option<&str>,
    ) -> Result<Dimension> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        initiative_of(&tx, dimension_id)?;
        if let Some(group) = group_id {
            let owner: Option<String> = tx
                .query_row(
                    "SELECT dimension_id FROM groups WHERE id = ?1 AND deleted_at IS NULL",
                    [group],
                    |r| r.get(0),
                )
                .optional()?;
            if owner.as_deref() != Some(dimension_id) {
                return Err(Error::invalid(
                    "group_id",
                    format!("No live group with id {group} belongs to this dimension"),
                ));
            }
        }
        tx.execute(
            "UPDATE groups SET is_reference = 0, updated_at = ?3
             WHERE dimension_id = ?1 AND is_reference = 1 AND deleted_at IS NULL AND id IS NOT ?2",
            params![dimension_id, group_id, now],
        )?;
        if let Some(group) = group_id {
            tx.execute(
                "UPDATE groups SET is_reference = 1, updated_at = ?2 WHERE id = ?1 AND is_reference = 0",
                params![group, now],
            )?;
        }
        let dimension = read_dimension(&tx, dimension_id)?;
        tx.commit()?;
        Ok(dimension)
    }

    /// Moves a group one place up or down in its dimension's display order.
    pub fn move_group(&mut self, id: &str, direction: MoveDirection) -> Result<Dimension> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let (dimension, _, _) = live_group(&tx, id)?;
        let rows = ordered(
            &tx,
            "SELECT id, position FROM groups WHERE dimension_id = ?1 AND deleted_at IS NULL
             ORDER BY position, created_at, id",
            &dimension,
        )?;
        reorder(&tx, &now, "groups", &rows, id, direction)?;
        let dimension = read_dimension(&tx, &dimension)?;
        tx.commit()?;
        Ok(dimension)
    }

    /// Adds another label of a group, which imports then match. Refused when the label
    /// already names a group of the dimension (another group's name: merge the groups
    /// instead) or is an alias already.
    pub fn add_group_alias(&mut self, group_id: &str, alias: &str) -> Result<Dimension> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let (dimension, name, _) = live_group(&tx, group_id)?;
        let alias = alias.trim();
        if alias.is_empty() {
            return Err(Error::invalid("alias", "Type the other label of the group"));
        }
        if alias.chars().count() > validate::MAX_NAME {
            return Err(Error::invalid(
                "alias",
                format!("An alias is at most {} characters", validate::MAX_NAME),
            ));
        }
        let refused = match find_label(&tx, &dimension, alias)? {
            None => None,
            Some(Taken::Name { group_id: g, .. }) if g == group_id => Some(format!(
                "\"{alias}\" is this group's name already"
            )),
            Some(Taken::Name { group, .. }) => Some(format!(
                "\"{alias}\" is the name of another group of this dimension; to make \"{group}\" and \"{name}\" one group, merge \"{group}\" into \"{name}\" instead of adding an alias"
            )),
            Some(Taken::Alias { group_id: g, .. }) if g == group_id => Some(format!(
                "\"{alias}\" is an alias of this group already"
            )),
            Some(Taken::Alias { group, .. }) => Some(format!(
                "\"{alias}\" is an alias of the group \"{group}\" already; remove it there first"
            )),
        };
        if let Some(message) = refused {
            return Err(Error::invalid("alias", message));
        }
        tx.execute(
            "INSERT INTO group_aliases (id, group_id, alias, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![new_id(), group_id, alias, now],
        )?;
        let dimension = read_dimension(&tx, &dimension)?;
        tx.commit()?;
        Ok(dimension)
    }

    /// Removes an alias (to the trash): imports no longer match it.
    pub fn remove_group_alias(&mut self, alias_id: &str) -> Result<Dimension> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let group: Option<String> = tx
            .query_row(
                "SELECT group_id FROM group_aliases WHERE id = ?1 AND deleted_at IS NULL",
                [alias_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(group) = group else {
            return Err(Error::NotFound {
                what: "alias",
                id: alias_id.to_string(),
            });
        };
        let (dimension, _, _) = live_group(&tx, &group)?;
        tx.execute(
            "UPDATE group_aliases SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![alias_id, now],
        )?;
        let dimension = read_dimension(&tx, &dimension)?;
        tx.commit()?;
        Ok(dimension)
    }
}
