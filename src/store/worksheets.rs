//! Turn the Curve worksheets: one live worksheet per measure, every save kept whole as a
//! revision (`worksheet_revisions`), and the worksheet's partners kept as the live
//! `partner` roles on its measure (`partner_roles`, with the role in words and a tier).
//!
//! A save runs in one transaction and creates a revision only when something the user
//! edits changed. What changed between two revisions is worked out by the pure
//! [`crate::worksheet`] module.

use super::{measures, new_id, require_in_initiative, validate, Store};
use crate::error::{Error, Result};
use crate::model::partner::RoleTier;
use crate::model::{
    Factor, Idea, RevisionAction, RevisionDiff, RevisionInfo, RoleKind, RoleTarget, Worksheet,
    WorksheetInput, WorksheetPartner, WorksheetRevision,
};
use crate::worksheet;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashSet;

/// At most this many factors, ideas or partners on one worksheet.
pub const MAX_ITEMS: usize = 200;
/// At most this many characters in one factor or idea, or one partner's role.
pub const MAX_ITEM_TEXT: usize = 2_000;

/// The stored row of a worksheet.
struct Row {
    id: String,
    how_doing: String,
    story: String,
    factors: Vec<Factor>,
    ideas: Vec<Idea>,
    action_plan: String,
    revision: u32,
    updated_by: String,
    updated_at: String,
}

fn json_err(e: serde_json::Error) -> Error {
    Error::Internal(format!("a worksheet's stored JSON is unreadable: {e}"))
}

fn load_row(conn: &Connection, measure_id: &str) -> Result<Option<Row>> {
    let raw = conn
        .query_row(
            "SELECT id, how_doing, story, factors, ideas, action_plan, revision, updated_by,
                 updated_at
             FROM worksheets WHERE measure_id = ?1 AND deleted_at IS NULL",
            [measure_id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, u32>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                ))
            },
        )
        .optional()?;
    let Some((id, how_doing, story, factors, ideas, action_plan, revision, updated_by, at)) = raw
    else {
        return Ok(None);
    };
    Ok(Some(Row {
        id,
        how_doing,
        story,
        factors: serde_json::from_str(&factors).map_err(json_err)?,
        ideas: serde_json::from_str(&ideas).map_err(json_err)?,
        action_plan,
        revision,
        updated_by,
        updated_at: at,
    }))
}

/// The worksheet's partners: the live `partner` roles on the measure, and those that went
/// to the trash with their partner (shown as former partners), by name.
fn partners(conn: &Connection, measure_id: &str) -> Result<Vec<WorksheetPartner>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.partner_id, p.name, r.tier, r.description, p.deleted_at IS NOT NULL
         FROM partner_roles r JOIN partners p ON p.id = r.partner_id
         WHERE r.target_kind = 'measure' AND r.target_id = ?1 AND r.role = 'partner'
           AND (r.deleted_at IS NULL OR r.deleted_at = p.deleted_at)
         ORDER BY p.deleted_at IS NOT NULL, p.name COLLATE NOCASE, p.id",
    )?;
    let rows = stmt.query_map([measure_id], |r| {
        Ok(WorksheetPartner {
            partner_id: r.get(0)?,
            partner_name: r.get(1)?,
            tier: r.get::<_, Option<RoleTier>>(2)?,
            role: r.get(3)?,
            former: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The live actions linked to the measure, by due date (undated last), as a revision keeps
/// them.
fn linked_actions(conn: &Connection, measure_id: &str) -> Result<Vec<RevisionAction>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.title, a.status FROM actions a
         JOIN action_links l ON l.action_id = a.id
         WHERE l.target_kind = 'measure' AND l.target_id = ?1
           AND a.deleted_at IS NULL AND l.deleted_at IS NULL
         ORDER BY a.due_date IS NULL, a.due_date, a.title COLLATE NOCASE, a.id",
    )?;
    let rows = stmt.query_map([measure_id], |r| {
        Ok(RevisionAction {
            id: r.get(0)?,
            title: r.get(1)?,
            status: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// When a live value of the measure was last entered or changed.
fn latest_value_at(conn: &Connection, measure_id: &str) -> Result<Option<String>> {
    // A value cleared or deleted changes the data as much as a new one does.
    Ok(conn.query_row(
        "SELECT max(updated_at) FROM observations WHERE measure_id = ?1",
        [measure_id],
        |r| r.get(0),
    )?)
}

/// Measures of an initiative whose worksheet was saved at or after their data last
/// changed (a value entered, changed or deleted), of those with a value: one query for the scorecard's roll-up, which reads the
/// values of the measures with a saved worksheet only (through the observations' unique
/// index on `measure_id`).
pub(crate) fn stories_updated(conn: &Connection, initiative_id: &str) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT w.measure_id FROM worksheets w
         WHERE w.initiative_id = ?1 AND w.deleted_at IS NULL AND w.revision > 0
           AND EXISTS (SELECT 1 FROM observations o
                       WHERE o.measure_id = w.measure_id AND o.deleted_at IS NULL)
           AND w.updated_at >= (SELECT max(o.updated_at) FROM observations o
                                WHERE o.measure_id = w.measure_id)",
    )?;
    let rows = stmt.query_map([initiative_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Trims and checks an item's words.
fn item_text(field: &str, what: &str, text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid(field, format!("{what} needs some words")));
    }
    if text.chars().count() > MAX_ITEM_TEXT {
        return Err(Error::invalid(
            field,
            format!("{what} is longer than {MAX_ITEM_TEXT} characters"),
        ));
    }
    Ok(text.to_string())
}

fn at_most(field: &str, what: &str, n: usize) -> Result<()> {
    if n > MAX_ITEMS {
        return Err(Error::invalid(
            field,
            format!("a worksheet holds at most {MAX_ITEMS} {what}"),
        ));
    }
    Ok(())
}

/// The input checked: texts trimmed and bounded, factors ranked 1..n (by the given ranks,
/// ties in the given order), new items given ids.
fn check(input: &WorksheetInput) -> Result<WorksheetInput> {
    at_most("factors", "factors", input.factors.len())?;
    at_most("ideas", "ideas", input.ideas.len())?;
    at_most("partners", "partners", input.partners.len())?;
    let mut factors = input
        .factors
        .iter()
        .enumerate()
        .map(|(i, f)| {
            Ok(Factor {
                id: fresh_id(&f.id),
                kind: f.kind,
                text: item_text(&format!("factors.{i}.text"), "A factor", &f.text)?,
                rank: f.rank,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    factors.sort_by_key(|f| f.rank);
    for (i, f) in factors.iter_mut().enumerate() {
        f.rank = i as u32 + 1;
    }
    let ideas = input
        .ideas
        .iter()
        .enumerate()
        .map(|(i, idea)| {
            Ok(Idea {
                id: fresh_id(&idea.id),
                text: item_text(&format!("ideas.{i}.text"), "An idea", &idea.text)?,
                ..idea.clone()
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut seen = HashSet::new();
    let mut partners = Vec::with_capacity(input.partners.len());
    for (i, p) in input.partners.iter().enumerate() {
        if !seen.insert(p.partner_id.as_str()) {
            return Err(Error::invalid(
                format!("partners.{i}.partner_id"),
                "that partner is already on the worksheet",
            ));
        }
        let role = p.role.trim();
        if role.chars().count() > MAX_ITEM_TEXT {
            return Err(Error::invalid(
                format!("partners.{i}.role"),
                format!("a partner's role is longer than {MAX_ITEM_TEXT} characters"),
            ));
        }
        partners.push(crate::model::WorksheetPartnerInput {
            partner_id: p.partner_id.clone(),
            tier: p.tier,
            role: role.to_string(),
        });
    }
    Ok(WorksheetInput {
        how_doing: validate::text("how_doing", &input.how_doing)?,
        story: validate::text("story", &input.story)?,
        factors,
        partners,
        ideas,
        action_plan: validate::text("action_plan", &input.action_plan)?,
    })
}

fn fresh_id(id: &str) -> String {
    if id.trim().is_empty() {
        new_id()
    } else {
        id.to_string()
    }
}

/// Whether the checked input says the same as the worksheet (ids of new items aside).
fn unchanged(input: &WorksheetInput, current: &Worksheet) -> bool {
    let factors = |list: &[Factor]| -> Vec<(String, String, u32)> {
        list.iter()
            .map(|f| (f.kind.to_string(), f.text.clone(), f.rank))
            .collect()
    };
    let ideas = |list: &[Idea]| -> Vec<(String, String, bool, bool, bool)> {
        list.iter()
            .map(|i| {
                (
                    i.source.to_string(),
                    i.text.clone(),
                    i.low_cost,
                    i.no_cost,
                    i.needs_research,
                )
            })
            .collect()
    };
    let tier = |t: Option<RoleTier>| t.map_or("", RoleTier::as_str);
    let mut new_partners: Vec<(&str, &str, &str)> = input
        .partners
        .iter()
        .map(|p| (p.partner_id.as_str(), tier(p.tier), p.role.as_str()))
        .collect();
    let mut old_partners: Vec<(&str, &str, &str)> = current
        .partners
        .iter()
        .map(|p| (p.partner_id.as_str(), tier(p.tier), p.role.as_str()))
        .collect();
    new_partners.sort();
    old_partners.sort();
    input.how_doing == current.how_doing
        && input.story == current.story
        && input.action_plan == current.action_plan
        && factors(&input.factors) == factors(&current.factors)
        && ideas(&input.ideas) == ideas(&current.ideas)
        && new_partners == old_partners
}

/// Makes the live `partner` roles on the measure exactly the worksheet's partners.
fn write_partners(
    conn: &Connection,
    now: &str,
    initiative_id: &str,
    measure_id: &str,
    current: &[WorksheetPartner],
    wanted: &[crate::model::WorksheetPartnerInput],
) -> Result<()> {
    for (i, p) in wanted.iter().enumerate() {
        // A partner already on the worksheet may stay as a former partner; a new one must
        // be a live partner of the initiative.
        let known = current.iter().any(|c| c.partner_id == p.partner_id);
        if !known {
            require_in_initiative(
                conn,
                "partners",
                "partner",
                &p.partner_id,
                initiative_id,
                &format!("partners.{i}.partner_id"),
            )?;
        }
        let existing: Option<String> = conn
            .query_row(
                "SELECT id FROM partner_roles WHERE partner_id = ?1 AND target_kind = ?2
                     AND target_id = ?3 AND role = ?4",
                params![
                    p.partner_id,
                    RoleTarget::Measure,
                    measure_id,
                    RoleKind::Partner
                ],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            Some(id) => {
                // A role in the trash with its partner stays there (a former partner); an
                // old role of a live partner comes back.
                let revive = if known { "deleted_at" } else { "NULL" };
                conn.execute(
                    &format!(
                        "UPDATE partner_roles SET description = ?2, tier = ?3, updated_at = ?4,
                             deleted_at = {revive}
                         WHERE id = ?1
                             AND (description, tier, deleted_at) IS NOT (?2, ?3, {revive})"
                    ),
                    params![id, p.role, p.tier, now],
                )?;
            }
            None => {
                conn.execute(
                    "INSERT INTO partner_roles (id, initiative_id, partner_id, target_kind,
                         target_id, role, description, tier, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                    params![
                        super::derived_id(&[
                            "partner_roles",
                            &p.partner_id,
                            RoleTarget::Measure.as_str(),
                            measure_id,
                            RoleKind::Partner.as_str(),
                        ]),
                        initiative_id,
                        p.partner_id,
                        RoleTarget::Measure,
                        measure_id,
                        RoleKind::Partner,
                        p.role,
                        p.tier,
                        now
                    ],
                )?;
            }
        }
    }
    for c in current {
        if !wanted.iter().any(|p| p.partner_id == c.partner_id) {
            // A live role goes to the trash; a former partner's role (in the trash with its
            // partner) is dated apart from it, so restoring the partner leaves it out.
            conn.execute(
                "UPDATE partner_roles SET deleted_at = ?4, updated_at = ?4
                 WHERE partner_id = ?1 AND target_kind = ?2 AND target_id = ?3
                     AND role = 'partner'
                     AND (deleted_at IS NULL
                          OR deleted_at IS (SELECT deleted_at FROM partners WHERE id = ?1))",
                params![c.partner_id, RoleTarget::Measure, measure_id, now],
            )?;
        }
    }
    Ok(())
}

/// A measure's worksheet as it is now, read through `conn` (inside a transaction too).
pub(crate) fn load(conn: &Connection, measure_id: &str) -> Result<Worksheet> {
    let measure = measures::load(conn, measure_id)?;
    let row = load_row(conn, measure_id)?;
    let latest = latest_value_at(conn, measure_id)?;
    let stale = match (&row, &latest) {
        (Some(r), Some(l)) => r.revision > 0 && l.as_str() > r.updated_at.as_str(),
        _ => false,
    };
    let partners = partners(conn, measure_id)?;
    Ok(match row {
        Some(r) => Worksheet {
            id: r.id,
            initiative_id: measure.initiative_id,
            measure_id: measure.id,
            measure_name: measure.name,
            how_doing: r.how_doing,
            story: r.story,
            factors: r.factors,
            partners,
            ideas: r.ideas,
            action_plan: r.action_plan,
            revision: r.revision,
            updated_by: r.updated_by,
            updated_at: Some(r.updated_at),
            latest_value_at: latest,
            stale,
        },
        None => Worksheet {
            id: String::new(),
            initiative_id: measure.initiative_id,
            measure_id: measure.id,
            measure_name: measure.name,
            how_doing: String::new(),
            story: String::new(),
            factors: vec![],
            partners,
            ideas: vec![],
            action_plan: String::new(),
            revision: 0,
            updated_by: String::new(),
            updated_at: None,
            latest_value_at: latest,
            stale: false,
        },
    })
}

/// Saves a checked worksheet through `tx` (the caller commits): a new revision by `author`,
/// unless nothing changed. Returns the worksheet's id (empty if it was never saved and
/// nothing changed).
pub(crate) fn save_in(
    tx: &Connection,
    now: &str,
    author: &str,
    measure_id: &str,
    input: &WorksheetInput,
) -> Result<String> {
    let current = load(tx, measure_id)?;
    if unchanged(input, &current) {
        return Ok(current.id);
    }
    write_partners(
        tx,
        now,
        &current.initiative_id,
        measure_id,
        &current.partners,
        &input.partners,
    )?;
    let revision = current.revision + 1;
    let factors = serde_json::to_string(&input.factors).map_err(json_err)?;
    let ideas = serde_json::to_string(&input.ideas).map_err(json_err)?;
    let id = if current.id.is_empty() {
        // Two laptops starting the same measure's worksheet start the same row (sync
        // merges their sections); a worksheet in the trash keeps its own id.
        let derived = super::derived_id(&["worksheets", measure_id]);
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM worksheets WHERE id = ?1)",
            [&derived],
            |r| r.get(0),
        )?;
        let id = if taken { new_id() } else { derived };
        tx.execute(
            "INSERT INTO worksheets (id, initiative_id, measure_id, how_doing, story, factors,
                 ideas, action_plan, revision, updated_by, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            params![
                id,
                current.initiative_id,
                measure_id,
                input.how_doing,
                input.story,
                factors,
                ideas,
                input.action_plan,
                revision,
                author,
                now
            ],
        )?;
        id
    } else {
        tx.execute(
            "UPDATE worksheets SET how_doing = ?2, story = ?3, factors = ?4, ideas = ?5,
                 action_plan = ?6, revision = ?7, updated_by = ?8, updated_at = ?9
             WHERE id = ?1",
            params![
                current.id,
                input.how_doing,
                input.story,
                factors,
                ideas,
                input.action_plan,
                revision,
                author,
                now
            ],
        )?;
        current.id.clone()
    };
    let snapshot = WorksheetRevision {
        revision,
        author: author.to_string(),
        saved_at: now.to_string(),
        how_doing: input.how_doing.clone(),
        story: input.story.clone(),
        factors: input.factors.clone(),
        partners: partners(tx, measure_id)?,
        ideas: input.ideas.clone(),
        action_plan: input.action_plan.clone(),
        actions: linked_actions(tx, measure_id)?,
    };
    tx.execute(
        "INSERT INTO worksheet_revisions (id, worksheet_id, revision, content, author,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            super::derived_id(&["worksheet_revisions", &id, &revision.to_string()]),
            id,
            revision,
            serde_json::to_string(&snapshot).map_err(json_err)?,
            author,
            now
        ],
    )?;
    Ok(id)
}

/// Adds an idea to a measure's worksheet "What works" through `tx` (the caller commits): a
/// new revision by `author` with the rest of the worksheet as it is. Returns its id.
pub(crate) fn add_idea(
    tx: &Connection,
    now: &str,
    author: &str,
    measure_id: &str,
    idea: Idea,
) -> Result<String> {
    let current = load(tx, measure_id)?;
    let mut ideas = current.ideas.clone();
    ideas.push(idea);
    let input = check(&WorksheetInput {
        how_doing: current.how_doing,
        story: current.story,
        factors: current.factors,
        partners: current
            .partners
            .iter()
            .map(|p| crate::model::WorksheetPartnerInput {
                partner_id: p.partner_id.clone(),
                tier: p.tier,
                role: p.role.clone(),
            })
            .collect(),
        ideas,
        action_plan: current.action_plan,
    })?;
    save_in(tx, now, author, measure_id, &input)
}

impl Store {
    /// A measure's worksheet as it is now (an empty one, revision 0, before the first save).
    pub fn worksheet(&self, measure_id: &str) -> Result<Worksheet> {
        load(&self.conn, measure_id)
    }

    /// Saves a measure's worksheet: a new revision, by the user, with the whole worksheet,
    /// its partners and its linked actions as they are now. Saving what is already there
    /// changes nothing and creates no revision.
    pub fn save_worksheet(
        &mut self,
        measure_id: &str,
        input: &WorksheetInput,
    ) -> Result<Worksheet> {
        let input = check(input)?;
        let now = self.now();
        let author = self.user.clone();
        let tx = self.conn.transaction()?;
        save_in(&tx, &now, &author, measure_id, &input)?;
        tx.commit()?;
        self.worksheet(measure_id)
    }

    fn all_revisions(&self, measure_id: &str) -> Result<Vec<WorksheetRevision>> {
        measures::load(&self.conn, measure_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.content FROM worksheet_revisions v JOIN worksheets w ON w.id = v.worksheet_id
             WHERE w.measure_id = ?1 AND w.deleted_at IS NULL AND v.deleted_at IS NULL
             ORDER BY v.revision",
        )?;
        let rows = stmt.query_map([measure_id], |r| r.get::<_, String>(0))?;
        rows.map(|content| serde_json::from_str(&content?).map_err(json_err))
            .collect()
    }

    /// A worksheet's history, newest first, each revision with what it changed.
    pub fn worksheet_revisions(&self, measure_id: &str) -> Result<Vec<RevisionInfo>> {
        let all = self.all_revisions(measure_id)?;
        let mut out: Vec<RevisionInfo> = all
            .iter()
            .enumerate()
            .map(|(i, r)| info(i.checked_sub(1).map(|p| &all[p]), r))
            .collect();
        out.reverse();
        Ok(out)
    }

    /// One revision of a measure's worksheet, whole.
    pub fn worksheet_revision(&self, measure_id: &str, revision: u32) -> Result<WorksheetRevision> {
        self.all_revisions(measure_id)?
            .into_iter()
            .find(|r| r.revision == revision)
            .ok_or_else(|| Error::NotFound {
                what: "worksheet revision",
                id: revision.to_string(),
            })
    }

    /// What changed in a measure's worksheet from revision `from` to revision `to`.
    pub fn worksheet_diff(&self, measure_id: &str, from: u32, to: u32) -> Result<RevisionDiff> {
        let all = self.all_revisions(measure_id)?;
        let find = |n: u32, field: &str| -> Result<usize> {
            all.iter()
                .position(|r| r.revision == n)
                .ok_or_else(|| Error::invalid(field, format!("the worksheet has no revision {n}")))
        };
        let (a, b) = (find(from, "from")?, find(to, "to")?);
        let previous = |i: usize| i.checked_sub(1).map(|p| &all[p]);
        Ok(RevisionDiff {
            from: info(previous(a), &all[a]),
            to: info(previous(b), &all[b]),
            sections: worksheet::diff(&all[a], &all[b]),
        })
    }
}

fn info(previous: Option<&WorksheetRevision>, r: &WorksheetRevision) -> RevisionInfo {
    RevisionInfo {
        revision: r.revision,
        author: r.author.clone(),
        saved_at: r.saved_at.clone(),
        summary: worksheet::summary(previous, r),
    }
}
