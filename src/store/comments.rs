//! Comments on values, measures, worksheet sections and actions.
//!
//! A comment is written under the user's name ([`Store::user`]: the name given in
//! Settings, else the system's user name) at the store's clock. Resolving keeps the
//! comment with who resolved it and when; deleting moves it to the trash (restorable).
//! The target must be live and belong to the comment's initiative when it is written.

use super::observations::by_id_static;
use super::{new_id, Store};
use crate::error::{Error, Result};
use crate::model::{
    Comment, CommentCounts, CommentTarget, CommentTargetKind, ValueCommentCount, WorksheetSection,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// The longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 10_000;

const COLUMNS: &str = "id, initiative_id, target_kind, target_id, section, body, author, \
    created_at, updated_at, resolved_at, resolved_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Comment> {
    Ok(Comment {
        id: r.get(0)?,
        initiative_id: r.get(1)?,
        target_kind: r.get(2)?,
        target_id: r.get(3)?,
        section: r.get(4)?,
        body: r.get(5)?,
        author: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        resolved_at: r.get(9)?,
        resolved_by: r.get(10)?,
    })
}

/// The body as stored: trailing spaces and blank lines around it trimmed, inner line
/// breaks kept.
fn check_body(body: &str) -> Result<String> {
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::invalid("body", "Write something before posting"));
    }
    let chars = body.chars().count();
    if chars > MAX_COMMENT_CHARS {
        return Err(Error::invalid(
            "body",
            format!(
                "A comment can be at most {MAX_COMMENT_CHARS} characters (this one has {chars})"
            ),
        ));
    }
    Ok(body.to_string())
}

static LIVE_VALUE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The initiative of a live target, or why it cannot be commented on.
fn target_initiative(conn: &Connection, target: &CommentTarget) -> Result<String> {
    let (sql, what) = match target.kind {
        CommentTargetKind::Observation => (
            by_id_static(
                &LIVE_VALUE,
                "SELECT m.initiative_id FROM observations o JOIN measures m ON m.id = o.measure_id
                  WHERE o.deleted_at IS NULL AND m.deleted_at IS NULL AND",
            ),
            "value",
        ),
        CommentTargetKind::Measure => (
            "SELECT initiative_id FROM measures WHERE id = ?1 AND deleted_at IS NULL",
            "measure",
        ),
        CommentTargetKind::Worksheet => (
            "SELECT w.initiative_id FROM worksheets w JOIN measures m ON m.id = w.measure_id
              WHERE w.id = ?1 AND w.deleted_at IS NULL AND m.deleted_at IS NULL",
            "worksheet",
        ),
        CommentTargetKind::Action => (
            "SELECT initiative_id FROM actions WHERE id = ?1 AND deleted_at IS NULL",
            "action",
        ),
    };
    let found: Option<String> = conn.query_row(sql, [&target.id], |r| r.get(0)).optional()?;
    match found {
        Some(initiative) => Ok(initiative),
        None if target.kind == CommentTargetKind::Worksheet => Err(Error::invalid(
            "target",
            "This worksheet has not been saved yet: save the worksheet first, then comment on it",
        )),
        None => Err(Error::NotFound {
            what,
            id: target.id.clone(),
        }),
    }
}

fn check_section(target: &CommentTarget) -> Result<Option<WorksheetSection>> {
    match (target.kind, target.section) {
        (CommentTargetKind::Worksheet, None) => Err(Error::invalid(
            "section",
            "A comment on a worksheet belongs to one of its sections: say which",
        )),
        (CommentTargetKind::Worksheet, Some(section)) => Ok(Some(section)),
        (_, Some(_)) => Err(Error::invalid(
            "section",
            format!(
                "Only worksheet comments have a section (this one is on a {})",
                target.kind
            ),
        )),
        (_, None) => Ok(None),
    }
}

fn get(conn: &Connection, id: &str) -> Result<Comment> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM comments WHERE id = ?1 AND deleted_at IS NULL"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "comment",
        id: id.to_string(),
    })
}

impl Store {
    /// Writes a comment on `target` (which must be live and belong to `initiative_id`),
    /// by the user, now.
    pub fn add_comment(
        &mut self,
        initiative_id: &str,
        target: &CommentTarget,
        body: &str,
    ) -> Result<Comment> {
        let body = check_body(body)?;
        let section = check_section(target)?;
        let owner = target_initiative(&self.conn, target)?;
        if owner != initiative_id {
            return Err(Error::invalid(
                "target",
                format!("That {} belongs to another initiative", target.kind),
            ));
        }
        let id = new_id();
        let now = self.now();
        self.conn.execute(
            "INSERT INTO comments (id, initiative_id, target_kind, target_id, section, body,
                 author, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![
                id,
                initiative_id,
                target.kind,
                target.id,
                section,
                body,
                self.user(),
                now
            ],
        )?;
        get(&self.conn, &id)
    }

    /// The live comments on `target`, oldest first, resolved ones included. For a
    /// worksheet without a section: the comments on every section.
    pub fn comments_on(&self, target: &CommentTarget) -> Result<Vec<Comment>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM comments
              WHERE target_kind = ?1 AND target_id = ?2 AND deleted_at IS NULL
                AND (?3 IS NULL OR section = ?3)
              ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map(params![target.kind, target.id, target.section], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One live comment.
    pub fn get_comment(&self, id: &str) -> Result<Comment> {
        get(&self.conn, id)
    }

    /// Marks a comment resolved, by the user, now (already resolved: unchanged).
    pub fn resolve_comment(&mut self, id: &str) -> Result<Comment> {
        let comment = get(&self.conn, id)?;
        if comment.resolved_at.is_none() {
            let now = self.now();
            self.conn.execute(
                "UPDATE comments SET resolved_at = ?2, resolved_by = ?3, updated_at = ?2
                  WHERE id = ?1",
                params![id, now, self.user()],
            )?;
        }
        get(&self.conn, id)
    }

    /// Opens a resolved comment again (open already: unchanged).
    pub fn reopen_comment(&mut self, id: &str) -> Result<Comment> {
        let comment = get(&self.conn, id)?;
        if comment.resolved_at.is_some() {
            let now = self.now();
            self.conn.execute(
                "UPDATE comments SET resolved_at = NULL, resolved_by = NULL, updated_at = ?2
                  WHERE id = ?1",
                params![id, now],
            )?;
        }
        get(&self.conn, id)
    }

    /// Moves a comment to the trash (restore it with `restore_item(Comment, id)`).
    pub fn delete_comment(&mut self, id: &str) -> Result<()> {
        self.delete_item(crate::model::EntityKind::Comment, id)
    }

    /// A measure's comment counts: on the measure itself, and per live value that has
    /// live comments (the grid's markers).
    pub fn comment_counts(&self, measure_id: &str) -> Result<CommentCounts> {
        super::require_live(&self.conn, "measures", "measure", measure_id)?;
        let (open, resolved): (u32, u32) = self.conn.query_row(
            "SELECT coalesce(sum(resolved_at IS NULL), 0), coalesce(sum(resolved_at IS NOT NULL), 0)
               FROM comments
              WHERE target_kind = 'measure' AND target_id = ?1 AND deleted_at IS NULL",
            [measure_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.target_id, sum(c.resolved_at IS NULL), sum(c.resolved_at IS NOT NULL)
               FROM comments c JOIN observations o ON o.id = c.target_id
              WHERE c.target_kind = 'observation' AND c.deleted_at IS NULL
                AND o.measure_id = ?1 AND o.deleted_at IS NULL
              GROUP BY c.target_id
              ORDER BY c.target_id",
        )?;
        let values = stmt
            .query_map([measure_id], |r| {
                Ok(ValueCommentCount {
                    observation_id: r.get(0)?,
                    open: r.get(1)?,
                    resolved: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(CommentCounts {
            measure_id: measure_id.to_string(),
            open,
            resolved,
            values,
        })
    }
}

impl Store {
    /// The open comments on each live value of a measure that has any, by observation id:
    /// (count, the latest one's text). The chart's comment markers.
    pub fn open_value_comments(
        &self,
        measure_id: &str,
    ) -> Result<std::collections::HashMap<String, (u32, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.target_id, count(*),
                    (SELECT c2.body FROM comments c2
                      WHERE c2.target_kind = 'observation' AND c2.target_id = c.target_id
                        AND c2.deleted_at IS NULL AND c2.resolved_at IS NULL
                      ORDER BY c2.created_at DESC, c2.id DESC LIMIT 1)
               FROM comments c JOIN observations o ON o.id = c.target_id
              WHERE c.target_kind = 'observation' AND c.deleted_at IS NULL
                AND c.resolved_at IS NULL AND o.measure_id = ?1 AND o.deleted_at IS NULL
              GROUP BY c.target_id",
        )?;
        let rows = stmt.query_map([measure_id], |r| {
            Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Whether the target of comment `id` is live (a comment cannot come back from the trash
/// onto a deleted value, measure, worksheet or action).
pub(crate) fn target_is_live(conn: &Connection, id: &str) -> Result<bool> {
    let row: Option<(CommentTargetKind, String)> = conn
        .query_row(
            "SELECT target_kind, target_id FROM comments WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((kind, target_id)) = row else {
        return Ok(false);
    };
    let table = match kind {
        CommentTargetKind::Observation => "observations",
        CommentTargetKind::Measure => "measures",
        CommentTargetKind::Worksheet => "worksheets",
        CommentTargetKind::Action => "actions",
    };
    Ok(conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1 AND deleted_at IS NULL)"),
        [target_id],
        |r| r.get(0),
    )?)
}
