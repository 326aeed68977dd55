//! Programs, the results they contribute to, and their lead and contributing partners.

use super::{initiatives, new_id, partners, require_in_initiative, require_live, validate, Store};
use crate::error::{Error, Result};
use crate::model::{Program, ProgramInput, RoleKind, RoleTarget};
use rusqlite::{params, Connection, OptionalExtension};

struct Checked {
    name: String,
    description: String,
}

fn check(conn: &Connection, initiative_id: &str, input: &ProgramInput) -> Result<Checked> {
    let name = validate::name("name", "program", &input.name)?;
    let description = validate::text("description", &input.description)?;
    if let Some(lead) = &input.lead_partner_id {
        require_in_initiative(
            conn,
            "partners",
            "partner",
            lead,
            initiative_id,
            "lead_partner_id",
        )?;
    }
    for result_id in &input.result_ids {
        require_in_initiative(
            conn,
            "results",
            "result",
            result_id,
            initiative_id,
            "result_ids",
        )?;
    }
    for partner_id in &input.contributor_ids {
        require_in_initiative(
            conn,
            "partners",
            "partner",
            partner_id,
            initiative_id,
            "contributor_ids",
        )?;
    }
    Ok(Checked { name, description })
}

/// Makes the program's live result links exactly `result_ids`.
fn set_results(
    conn: &Connection,
    now: &str,
    program_id: &str,
    result_ids: &[String],
) -> Result<()> {
    conn.execute(
        "UPDATE program_results SET deleted_at = ?2, updated_at = ?2
         WHERE program_id = ?1 AND deleted_at IS NULL
           AND result_id NOT IN (SELECT value FROM json_each(?3))",
        params![
            program_id,
            now,
            serde_json::to_string(result_ids).unwrap_or_default()
        ],
    )?;
    for result_id in result_ids {
        conn.execute(
            "INSERT INTO program_results (id, program_id, result_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (program_id, result_id) DO UPDATE
                 SET deleted_at = NULL, updated_at = excluded.updated_at
                 WHERE deleted_at IS NOT NULL",
            params![
                super::derived_id(&["program_results", program_id, result_id]),
                program_id,
                result_id,
                now
            ],
        )?;
    }
    Ok(())
}

fn write_links(
    conn: &Connection,
    now: &str,
    initiative_id: &str,
    id: &str,
    input: &ProgramInput,
) -> Result<()> {
    set_results(conn, now, id, &input.result_ids)?;
    partners::set_role_holders(
        conn,
        now,
        initiative_id,
        RoleTarget::Program,
        id,
        RoleKind::Contributor,
        &input.contributor_ids,
    )?;
    let lead: Vec<String> = input.lead_partner_id.iter().cloned().collect();
    partners::set_role_holders(
        conn,
        now,
        initiative_id,
        RoleTarget::Program,
        id,
        RoleKind::Lead,
        &lead,
    )
}

pub(crate) fn insert(
    conn: &Connection,
    now: &str,
    initiative_id: &str,
    input: &ProgramInput,
) -> Result<String> {
    initiatives::require(conn, initiative_id)?;
    let c = check(conn, initiative_id, input)?;
    let id = new_id();
    conn.execute(
        "INSERT INTO programs (id, initiative_id, name, description, lead_partner_id, position,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5,
                 (SELECT coalesce(max(position), 0) + 1 FROM programs WHERE initiative_id = ?2),
                 ?6, ?6)",
        params![
            id,
            initiative_id,
            c.name,
            c.description,
            input.lead_partner_id,
            now
        ],
    )?;
    write_links(conn, now, initiative_id, &id, input)?;
    Ok(id)
}

fn load(conn: &Connection, id: &str) -> Result<Option<Program>> {
    let row = conn
        .query_row(
            "SELECT p.id, p.initiative_id, p.name, p.description,
                    (SELECT l.id FROM partners l WHERE l.id = p.lead_partner_id AND l.deleted_at IS NULL),
                    p.created_at, p.updated_at
             FROM programs p WHERE p.id = ?1 AND p.deleted_at IS NULL",
            [id],
            |r| {
                Ok(Program {
                    id: r.get(0)?,
                    initiative_id: r.get(1)?,
                    name: r.get(2)?,
                    description: r.get(3)?,
                    lead_partner_id: r.get(4)?,
                    result_ids: Vec::new(),
                    contributor_ids: Vec::new(),
                    created_at: r.get(5)?,
                    updated_at: r.get(6)?,
                })
            },
        )
        .optional()?;
    let Some(mut program) = row else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT l.result_id FROM program_results l JOIN results r ON r.id = l.result_id
         WHERE l.program_id = ?1 AND l.deleted_at IS NULL AND r.deleted_at IS NULL
         ORDER BY r.position",
    )?;
    program.result_ids = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    program.contributor_ids =
        partners::role_holders(conn, RoleTarget::Program, id, RoleKind::Contributor)?;
    Ok(Some(program))
}

impl Store {
    /// An initiative's live programs, in their order.
    pub fn list_programs(&self, initiative_id: &str) -> Result<Vec<Program>> {
        initiatives::require(&self.conn, initiative_id)?;
        let ids: Vec<String> = self
            .conn
            .prepare(
                "SELECT id FROM programs WHERE initiative_id = ?1 AND deleted_at IS NULL
                 ORDER BY position, created_at",
            )?
            .query_map([initiative_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(load(&self.conn, &id)?);
        }
        Ok(out)
    }

    /// One live program.
    pub fn get_program(&self, id: &str) -> Result<Program> {
        load(&self.conn, id)?.ok_or_else(|| Error::NotFound {
            what: "program",
            id: id.to_string(),
        })
    }

    /// Adds a program, with its lead, contributors and results, in one transaction.
    pub fn create_program(&mut self, initiative_id: &str, input: &ProgramInput) -> Result<Program> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let id = insert(&tx, &now, initiative_id, input)?;
        tx.commit()?;
        self.get_program(&id)
    }

    /// Edits a program and its links, in one transaction.
    pub fn update_program(&mut self, id: &str, input: &ProgramInput) -> Result<Program> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        require_live(&tx, "programs", "program", id)?;
        let initiative_id: String = tx.query_row(
            "SELECT initiative_id FROM programs WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let c = check(&tx, &initiative_id, input)?;
        tx.execute(
            "UPDATE programs SET name = ?2, description = ?3, lead_partner_id = ?4, updated_at = ?5
             WHERE id = ?1 AND (name, description, lead_partner_id) IS NOT (?2, ?3, ?4)",
            params![id, c.name, c.description, input.lead_partner_id, now],
        )?;
        write_links(&tx, &now, &initiative_id, id, input)?;
        tx.commit()?;
        self.get_program(id)
    }
}
