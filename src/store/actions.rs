//! Actions, their links to measures, results and programs, and their status log.
//!
//! An action's owner is a partner and/or a person. A partner that owns live actions cannot
//! simply go to the trash: [`Store::delete_partner_with_actions`] reassigns its actions or
//! keeps them with it as a former partner (`former_owner` keeps the name), in one
//! transaction with the delete.

use super::{initiatives, new_id, require_in_initiative, require_live, trash, validate, Store};
use crate::actions::{is_overdue, parse_date};
use crate::error::{Error, Result};
use crate::model::{
    Action, ActionFilter, ActionInput, ActionLink, ActionStatus, ActionUpdate, EntityKind,
    LinkTarget, OwnedActions,
};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

/// The longest action title.
pub const MAX_TITLE: usize = 300;

struct Checked {
    title: String,
    description: String,
    owner_person: String,
    start_date: Option<String>,
    due_date: Option<String>,
}

/// A `YYYY-MM-DD` date of the form, or none when blank.
fn date(field: &str, label: &str, value: &Option<String>) -> Result<Option<String>> {
    let Some(text) = value.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    match parse_date(text) {
        Some(d) if d.format("%Y-%m-%d").to_string() == text => Ok(Some(text.to_string())),
        _ => Err(Error::invalid(
            field,
            format!(
                "The {label} \"{text}\" is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31"
            ),
        )),
    }
}

fn check(conn: &Connection, initiative_id: &str, input: &ActionInput) -> Result<Checked> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(Error::invalid("title", "The action needs a title"));
    }
    if title.chars().count() > MAX_TITLE {
        return Err(Error::invalid(
            "title",
            format!("The action's title is longer than {MAX_TITLE} characters"),
        ));
    }
    let description = validate::text("description", &input.description)?;
    let owner_person = input.owner_person.trim().to_string();
    if owner_person.chars().count() > validate::MAX_NAME {
        return Err(Error::invalid(
            "owner_person",
            format!(
                "The owner's name is longer than {} characters",
                validate::MAX_NAME
            ),
        ));
    }
    let start_date = date("start_date", "start date", &input.start_date)?;
    let due_date = date("due_date", "due date", &input.due_date)?;
    if let (Some(start), Some(due)) = (&start_date, &due_date) {
        if due < start {
            return Err(Error::invalid(
                "due_date",
                format!("The due date ({due}) is before the start date ({start})"),
            ));
        }
    }
    if let Some(partner) = &input.owner_partner_id {
        require_in_initiative(
            conn,
            "partners",
            "partner",
            partner,
            initiative_id,
            "owner_partner_id",
        )?;
    }
    for link in &input.links {
        let (table, what) = target_table(link.target_kind);
        require_in_initiative(conn, table, what, &link.target_id, initiative_id, "links")?;
    }
    Ok(Checked {
        title: title.to_string(),
        description,
        owner_person,
        start_date,
        due_date,
    })
}

fn target_table(kind: LinkTarget) -> (&'static str, &'static str) {
    match kind {
        LinkTarget::Measure => ("measures", "measure"),
        LinkTarget::Result => ("results", "result"),
        LinkTarget::Program => ("programs", "program"),
    }
}

/// Makes the action's live links exactly `links` (duplicates count once).
fn set_links(conn: &Connection, now: &str, action_id: &str, input: &ActionInput) -> Result<()> {
    let wanted: Vec<(String, String)> = input
        .links
        .iter()
        .map(|l| (l.target_kind.as_str().to_string(), l.target_id.clone()))
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT id, target_kind, target_id FROM action_links
         WHERE action_id = ?1 AND deleted_at IS NULL",
    )?;
    let current = stmt
        .query_map([action_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, kind, target) in current {
        if !wanted.contains(&(kind, target)) {
            conn.execute(
                "UPDATE action_links SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
        }
    }
    for (kind, target) in &wanted {
        conn.execute(
            "INSERT INTO action_links (id, action_id, target_kind, target_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (action_id, target_kind, target_id) DO UPDATE
                 SET deleted_at = NULL, updated_at = excluded.updated_at
                 WHERE deleted_at IS NOT NULL",
            params![
                super::derived_id(&["action_links", action_id, kind.as_str(), target]),
                action_id,
                kind,
                target,
                now
            ],
        )?;
    }
    Ok(())
}

fn log_update(
    conn: &Connection,
    now: &str,
    today: NaiveDate,
    action_id: &str,
    status: ActionStatus,
    comment: &str,
    author: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO action_updates (id, action_id, update_date, status, comment, author,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            new_id(),
            action_id,
            today.format("%Y-%m-%d").to_string(),
            status,
            comment,
            author,
            now
        ],
    )?;
    Ok(())
}

const COLUMNS: &str = "a.id, a.initiative_id, a.title, a.description, a.owner_partner_id,
    p.name, p.deleted_at IS NOT NULL, a.former_owner, a.owner_person, a.start_date,
    a.due_date, a.status, a.created_at, a.updated_at";

const FROM: &str = "FROM actions a LEFT JOIN partners p ON p.id = a.owner_partner_id";

fn from_row(r: &rusqlite::Row<'_>, today: NaiveDate) -> rusqlite::Result<Action> {
    let partner_id: Option<String> = r.get(4)?;
    let partner_name: Option<String> = r.get(5)?;
    let partner_gone: bool = r.get(6)?;
    let former: String = r.get(7)?;
    // A partner kept as a former owner: its row is in the trash, or purged (then the
    // pointer is gone and only the name remains).
    let (owner_partner_name, owner_is_former) = match (&partner_id, partner_name) {
        (Some(_), Some(name)) => (Some(name), partner_gone),
        _ if !former.is_empty() => (Some(former), true),
        _ => (None, false),
    };
    let due_date: Option<String> = r.get(10)?;
    let status: ActionStatus = r.get(11)?;
    Ok(Action {
        id: r.get(0)?,
        initiative_id: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        owner_partner_id: partner_id,
        owner_partner_name,
        owner_is_former,
        owner_person: r.get(8)?,
        start_date: r.get(9)?,
        overdue: is_overdue(due_date.as_deref().and_then(parse_date), status, today),
        due_date,
        status,
        links: Vec::new(),
        updates: Vec::new(),
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

/// Fills in an action's live links (to live targets) and its status log, newest first.
fn fill(conn: &Connection, action: &mut Action) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.target_kind, l.target_id, coalesce(m.name, r.name, g.name)
         FROM action_links l
         LEFT JOIN measures m ON l.target_kind = 'measure' AND m.id = l.target_id
             AND m.deleted_at IS NULL
         LEFT JOIN results r ON l.target_kind = 'result' AND r.id = l.target_id
             AND r.deleted_at IS NULL
         LEFT JOIN programs g ON l.target_kind = 'program' AND g.id = l.target_id
             AND g.deleted_at IS NULL
         WHERE l.action_id = ?1 AND l.deleted_at IS NULL
           AND coalesce(m.name, r.name, g.name) IS NOT NULL
         ORDER BY CASE l.target_kind WHEN 'result' THEN 0 WHEN 'measure' THEN 1 ELSE 2 END,
                  3 COLLATE NOCASE",
    )?;
    action.links = stmt
        .query_map([&action.id], |r| {
            Ok(ActionLink {
                target_kind: r.get(0)?,
                target_id: r.get(1)?,
                name: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, update_date, status, comment, author FROM action_updates
         WHERE action_id = ?1 AND deleted_at IS NULL
         ORDER BY update_date DESC, created_at DESC, id DESC",
    )?;
    action.updates = stmt
        .query_map([&action.id], |r| {
            Ok(ActionUpdate {
                id: r.get(0)?,
                update_date: r.get(1)?,
                status: r.get(2)?,
                comment: r.get(3)?,
                author: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(())
}

fn query(
    conn: &Connection,
    today: NaiveDate,
    where_: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Action>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} {FROM} WHERE a.deleted_at IS NULL AND ({where_})
         ORDER BY a.due_date IS NULL, a.due_date, a.title COLLATE NOCASE, a.id"
    ))?;
    let mut actions = stmt
        .query_map(params, |r| from_row(r, today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for action in &mut actions {
        fill(conn, action)?;
    }
    Ok(actions)
}

/// How many live actions partner `partner_id` owns.
pub(crate) fn owned_count(conn: &Connection, partner_id: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM actions WHERE owner_partner_id = ?1 AND deleted_at IS NULL",
        [partner_id],
        |r| r.get(0),
    )?)
}

/// Adds an action through `tx` (the caller commits); returns its id.
pub(crate) fn insert(
    tx: &Connection,
    now: &str,
    initiative_id: &str,
    input: &ActionInput,
) -> Result<String> {
    initiatives::require(tx, initiative_id)?;
    let c = check(tx, initiative_id, input)?;
    let id = new_id();
    tx.execute(
        "INSERT INTO actions (id, initiative_id, title, description, owner_partner_id,
             owner_person, start_date, due_date, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![
            id,
            initiative_id,
            c.title,
            c.description,
            input.owner_partner_id,
            c.owner_person,
            c.start_date,
            c.due_date,
            input.status,
            now
        ],
    )?;
    set_links(tx, now, &id, input)?;
    Ok(id)
}

impl Store {
    /// One live action.
    pub fn get_action(&self, id: &str) -> Result<Action> {
        query(&self.conn, self.today(), "a.id = ?1", [id])?
            .pop()
            .ok_or_else(|| Error::NotFound {
                what: "action",
                id: id.to_string(),
            })
    }

    /// An initiative's live actions that pass `filter`, by due date (undated last).
    pub fn list_actions(&self, initiative_id: &str, filter: &ActionFilter) -> Result<Vec<Action>> {
        initiatives::require(&self.conn, initiative_id)?;
        let actions = query(
            &self.conn,
            self.today(),
            "a.initiative_id = ?1
             AND (?2 IS NULL OR a.owner_partner_id = ?2)
             AND (?3 IS NULL OR EXISTS (SELECT 1 FROM action_links l
                     WHERE l.action_id = a.id AND l.deleted_at IS NULL
                       AND l.target_kind = 'measure' AND l.target_id = ?3))
             AND (?4 OR a.status NOT IN ('done', 'dropped'))",
            params![
                initiative_id,
                filter.partner_id,
                filter.measure_id,
                filter.include_closed
            ],
        )?;
        Ok(actions
            .into_iter()
            .filter(|a| !filter.overdue || a.overdue)
            .collect())
    }

    /// The live actions linked to a measure, result or program (open and closed).
    pub fn actions_for(&self, kind: LinkTarget, target_id: &str) -> Result<Vec<Action>> {
        query(
            &self.conn,
            self.today(),
            "EXISTS (SELECT 1 FROM action_links l
                 WHERE l.action_id = a.id AND l.deleted_at IS NULL
                   AND l.target_kind = ?1 AND l.target_id = ?2)",
            params![kind, target_id],
        )
    }

    /// Adds an action to an initiative.
    pub fn create_action(&mut self, initiative_id: &str, input: &ActionInput) -> Result<Action> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let id = insert(&tx, &now, initiative_id, input)?;
        tx.commit()?;
        self.get_action(&id)
    }

    /// Edits an action. A new status is logged as a status update too (dated today).
    pub fn update_action(&mut self, id: &str, input: &ActionInput) -> Result<Action> {
        let now = self.now();
        let today = self.today();
        let author = self.user().to_string();
        let tx = self.conn.transaction()?;
        let old = tx
            .query_row(
                "SELECT initiative_id, status, owner_partner_id FROM actions
                 WHERE id = ?1 AND deleted_at IS NULL",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, ActionStatus>(1)?,
                        r.get::<_, Option<String>>(2)?,
                    ))
                },
            )
            .optional()?;
        let Some((initiative_id, old_status, old_owner)) = old else {
            return Err(Error::NotFound {
                what: "action",
                id: id.to_string(),
            });
        };
        // Keeping a former partner as the owner is allowed (it is what the action had).
        let keeps_former = input.owner_partner_id.is_some() && input.owner_partner_id == old_owner;
        let mut checked_input = input.clone();
        if keeps_former {
            checked_input.owner_partner_id = None;
        }
        let c = check(&tx, &initiative_id, &checked_input)?;
        tx.execute(
            "UPDATE actions SET title = ?2, description = ?3, owner_partner_id = ?4,
                 owner_person = ?5, start_date = ?6, due_date = ?7, status = ?8,
                 former_owner = CASE WHEN ?4 IS owner_partner_id THEN former_owner ELSE '' END,
                 updated_at = ?9
             WHERE id = ?1 AND (title, description, owner_partner_id, owner_person, start_date,
                 due_date, status) IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                c.title,
                c.description,
                input.owner_partner_id,
                c.owner_person,
                c.start_date,
                c.due_date,
                input.status,
                now
            ],
        )?;
        set_links(&tx, &now, id, input)?;
        if input.status != old_status {
            log_update(&tx, &now, today, id, input.status, "", &author)?;
        }
        tx.commit()?;
        self.get_action(id)
    }

    /// Posts a status update (dated today, by the user's name) and sets the action's status.
    pub fn add_action_update(
        &mut self,
        action_id: &str,
        status: ActionStatus,
        comment: &str,
    ) -> Result<Action> {
        let comment = validate::text("comment", comment)?;
        let now = self.now();
        let today = self.today();
        let author = self.user().to_string();
        let tx = self.conn.transaction()?;
        require_live(&tx, "actions", "action", action_id)?;
        log_update(&tx, &now, today, action_id, status, &comment, &author)?;
        tx.execute(
            "UPDATE actions SET status = ?2, updated_at = ?3 WHERE id = ?1 AND status IS NOT ?2",
            params![action_id, status, now],
        )?;
        tx.commit()?;
        self.get_action(action_id)
    }

    /// Moves a partner to the trash and, in the same transaction, decides what becomes of
    /// the live actions it owns: reassigned to another live partner of the initiative (each
    /// gets a status-log entry saying so), or kept with it as a former partner.
    pub fn delete_partner_with_actions(
        &mut self,
        partner_id: &str,
        owned: &OwnedActions,
    ) -> Result<()> {
        let now = self.now();
        let today = self.today();
        let author = self.user().to_string();
        let tx = self.conn.transaction()?;
        let partner: Option<(String, String)> = tx
            .query_row(
                "SELECT initiative_id, name FROM partners WHERE id = ?1 AND deleted_at IS NULL",
                [partner_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((initiative_id, name)) = partner else {
            return Err(Error::NotFound {
                what: "partner",
                id: partner_id.to_string(),
            });
        };
        match owned {
            OwnedActions::Reassign(to) => {
                if to == partner_id {
                    return Err(Error::invalid(
                        "partner_id",
                        "Choose another partner to take over the actions",
                    ));
                }
                require_in_initiative(
                    &tx,
                    "partners",
                    "partner",
                    to,
                    &initiative_id,
                    "partner_id",
                )?;
                let to_name: String =
                    tx.query_row("SELECT name FROM partners WHERE id = ?1", [to], |r| {
                        r.get(0)
                    })?;
                let mut stmt = tx.prepare(
                    "SELECT id, status FROM actions
                     WHERE owner_partner_id = ?1 AND deleted_at IS NULL",
                )?;
                let owned_actions = stmt
                    .query_map([partner_id], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, ActionStatus>(1)?))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                drop(stmt);
                for (action_id, status) in owned_actions {
                    tx.execute(
                        "UPDATE actions SET owner_partner_id = ?2, former_owner = '',
                             updated_at = ?3 WHERE id = ?1",
                        params![action_id, to, now],
                    )?;
                    log_update(
                        &tx,
                        &now,
                        today,
                        &action_id,
                        status,
                        &format!("Reassigned from {name} to {to_name} ({name} was deleted)"),
                        &author,
                    )?;
                }
            }
            OwnedActions::KeepAsFormer => {
                tx.execute(
                    "UPDATE actions SET former_owner = ?2, updated_at = ?3
                     WHERE owner_partner_id = ?1 AND deleted_at IS NULL",
                    params![partner_id, name, now],
                )?;
            }
        }
        trash::stamp(&tx, EntityKind::Partner, partner_id, &now)?;
        tx.commit()?;
        Ok(())
    }
}
