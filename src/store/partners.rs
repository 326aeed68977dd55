//! Partners and partner roles.

use super::{initiatives, new_id, require_in_initiative, require_live, validate, Store};
use crate::error::{Error, Result};
use crate::model::{Partner, PartnerInput, PartnerRole, RoleKind, RoleTarget};
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, initiative_id, name, sector, tier, contact_name, contact_email, \
    contact_phone, notes, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Partner> {
    Ok(Partner {
        id: r.get(0)?,
        initiative_id: r.get(1)?,
        name: r.get(2)?,
        sector: r.get(3)?,
        tier: r.get(4)?,
        contact_name: r.get(5)?,
        contact_email: r.get(6)?,
        contact_phone: r.get(7)?,
        notes: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

struct Checked {
    name: String,
    contact_name: String,
    contact_email: String,
    contact_phone: String,
    notes: String,
}

fn check(input: &PartnerInput) -> Result<Checked> {
    Ok(Checked {
        name: validate::name("name", "partner", &input.name)?,
        contact_name: validate::text("contact_name", &input.contact_name)?,
        contact_email: validate::email("contact_email", &input.contact_email)?,
        contact_phone: validate::text("contact_phone", &input.contact_phone)?,
        notes: validate::text("notes", &input.notes)?,
    })
}

pub(crate) fn insert(
    conn: &Connection,
    now: &str,
    initiative_id: &str,
    input: &PartnerInput,
) -> Result<String> {
    let c = check(input)?;
    initiatives::require(conn, initiative_id)?;
    let id = new_id();
    conn.execute(
        "INSERT INTO partners (id, initiative_id, name, sector, tier, contact_name, contact_email,
             contact_phone, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![
            id,
            initiative_id,
            c.name,
            input.sector,
            input.tier,
            c.contact_name,
            c.contact_email,
            c.contact_phone,
            c.notes,
            now
        ],
    )?;
    Ok(id)
}

/// Adds a role (or brings a trashed identical one back).
pub(crate) fn add_role(
    conn: &Connection,
    now: &str,
    initiative_id: &str,
    partner_id: &str,
    target_kind: RoleTarget,
    target_id: &str,
    role: RoleKind,
) -> Result<String> {
    require_in_initiative(
        conn,
        "partners",
        "partner",
        partner_id,
        initiative_id,
        "partner_id",
    )?;
    let existing: Option<String> = conn
        .query_row(
            "SELECT id FROM partner_roles
             WHERE partner_id = ?1 AND target_kind = ?2 AND target_id = ?3 AND role = ?4",
            params![partner_id, target_kind, target_id, role],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        conn.execute(
            "UPDATE partner_roles SET deleted_at = NULL, updated_at = ?2
             WHERE id = ?1 AND deleted_at IS NOT NULL",
            params![id, now],
        )?;
        return Ok(id);
    }
    let id = new_id();
    conn.execute(
        "INSERT INTO partner_roles (id, initiative_id, partner_id, target_kind, target_id, role,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            id,
            initiative_id,
            partner_id,
            target_kind,
            target_id,
            role,
            now
        ],
    )?;
    Ok(id)
}

/// Live partner ids holding `role` on a target.
pub(crate) fn role_holders(
    conn: &Connection,
    target_kind: RoleTarget,
    target_id: &str,
    role: RoleKind,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.partner_id FROM partner_roles r JOIN partners p ON p.id = r.partner_id
         WHERE r.target_kind = ?1 AND r.target_id = ?2 AND r.role = ?3
           AND r.deleted_at IS NULL AND p.deleted_at IS NULL
         ORDER BY p.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map(params![target_kind, target_id, role], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Makes the live holders of `role` on a target exactly `partner_ids`.
pub(crate) fn set_role_holders(
    conn: &Connection,
    now: &str,
    initiative_id: &str,
    target_kind: RoleTarget,
    target_id: &str,
    role: RoleKind,
    partner_ids: &[String],
) -> Result<()> {
    for current in role_holders(conn, target_kind, target_id, role)? {
        if !partner_ids.contains(&current) {
            conn.execute(
                "UPDATE partner_roles SET deleted_at = ?5, updated_at = ?5
                 WHERE partner_id = ?1 AND target_kind = ?2 AND target_id = ?3 AND role = ?4",
                params![current, target_kind, target_id, role, now],
            )?;
        }
    }
    for partner_id in partner_ids {
        add_role(
            conn,
            now,
            initiative_id,
            partner_id,
            target_kind,
            target_id,
            role,
        )?;
    }
    Ok(())
}

impl Store {
    /// An initiative's live partners, by name.
    pub fn list_partners(&self, initiative_id: &str) -> Result<Vec<Partner>> {
        initiatives::require(&self.conn, initiative_id)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM partners WHERE initiative_id = ?1 AND deleted_at IS NULL
             ORDER BY name COLLATE NOCASE, id"
        ))?;
        let rows = stmt.query_map([initiative_id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One live partner.
    pub fn get_partner(&self, id: &str) -> Result<Partner> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM partners WHERE id = ?1 AND deleted_at IS NULL"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "partner",
                id: id.to_string(),
            })
    }

    /// Adds a partner to an initiative.
    pub fn create_partner(&mut self, initiative_id: &str, input: &PartnerInput) -> Result<Partner> {
        let id = insert(&self.conn, &self.now(), initiative_id, input)?;
        self.get_partner(&id)
    }

    /// Edits a partner.
    pub fn update_partner(&mut self, id: &str, input: &PartnerInput) -> Result<Partner> {
        let c = check(input)?;
        require_live(&self.conn, "partners", "partner", id)?;
        self.conn.execute(
            "UPDATE partners SET name = ?2, sector = ?3, tier = ?4, contact_name = ?5,
                 contact_email = ?6, contact_phone = ?7, notes = ?8, updated_at = ?9
             WHERE id = ?1 AND (name, sector, tier, contact_name, contact_email, contact_phone,
                 notes) IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                c.name,
                input.sector,
                input.tier,
                c.contact_name,
                c.contact_email,
                c.contact_phone,
                c.notes,
                self.now()
            ],
        )?;
        self.get_partner(id)
    }

    /// An initiative's live partner roles.
    pub fn list_partner_roles(&self, initiative_id: &str) -> Result<Vec<PartnerRole>> {
        initiatives::require(&self.conn, initiative_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT r.id, r.partner_id, r.target_kind, r.target_id, r.role, r.description, r.tier
             FROM partner_roles r JOIN partners p ON p.id = r.partner_id
             WHERE r.initiative_id = ?1 AND r.deleted_at IS NULL AND p.deleted_at IS NULL
             ORDER BY r.created_at, r.id",
        )?;
        let rows = stmt.query_map([initiative_id], |r| {
            Ok(PartnerRole {
                id: r.get(0)?,
                partner_id: r.get(1)?,
                target_kind: r.get(2)?,
                target_id: r.get(3)?,
                role: r.get(4)?,
                description: r.get(5)?,
                tier: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
