//! Partners' roles and contributions (issue 7): a partner's profile, the partners with a
//! role on a result, setting and removing a partner's role on a result or measure (the
//! role in words and a tier), and the contributions matrix with its CSV.
//!
//! Roles live in `partner_roles`: `lead`/`contributor` on programs (written by the program
//! form) and `partner` on results and measures (written here). A role counts while it, its
//! partner and its target are live.

use super::{require_in_initiative, validate, Store};
use crate::error::{Error, Result};
use crate::export::atomic::write_atomically;
use crate::model::{
    ActionFilter, CellRole, ContributionsMatrix, EntityKind, HeldRole, MatrixColumn, MatrixRow,
    PartnerProfile, PartnerRole, ProgramRole, ResultPartner, RoleKind, RoleTarget, RoleTier,
};
use rusqlite::{params, Connection, OptionalExtension};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Between two roles in one cell of the matrix's CSV and table (not "; ": the role in
/// words may hold semicolons).
pub const ROLE_SEPARATOR: &str = " | ";

/// A live role with what it is held on.
struct RoleRow {
    id: String,
    partner_id: String,
    partner_name: String,
    target_kind: RoleTarget,
    target_id: String,
    role: RoleKind,
    description: String,
    tier: Option<RoleTier>,
    target_name: String,
    target_position: i64,
    /// For a measure: the result or program it belongs to (kind, id, name, position).
    parent: Option<(RoleTarget, String, String, i64)>,
}

/// Every live role of an initiative (live partner, live target), optionally of one partner.
fn live_roles(
    conn: &Connection,
    initiative_id: &str,
    partner_id: Option<&str>,
) -> Result<Vec<RoleRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.partner_id, pa.name, r.target_kind, r.target_id, r.role, r.description,
                r.tier, coalesce(res.name, pr.name, m.name),
                coalesce(res.position, pr.position, m.position),
                m.result_id, mres.name, mres.position, m.program_id, mpr.name, mpr.position
         FROM partner_roles r
         JOIN partners pa ON pa.id = r.partner_id AND pa.deleted_at IS NULL
         LEFT JOIN results res ON r.target_kind = 'result' AND res.id = r.target_id
              AND res.deleted_at IS NULL
         LEFT JOIN programs pr ON r.target_kind = 'program' AND pr.id = r.target_id
              AND pr.deleted_at IS NULL
         LEFT JOIN measures m ON r.target_kind = 'measure' AND m.id = r.target_id
              AND m.deleted_at IS NULL
         LEFT JOIN results mres ON mres.id = m.result_id AND mres.deleted_at IS NULL
         LEFT JOIN programs mpr ON mpr.id = m.program_id AND mpr.deleted_at IS NULL
         WHERE r.initiative_id = ?1 AND r.deleted_at IS NULL
           AND (?2 IS NULL OR r.partner_id = ?2)
           AND coalesce(res.id, pr.id, mres.id, mpr.id) IS NOT NULL
         ORDER BY pa.name COLLATE NOCASE, pa.id, r.created_at, r.id",
    )?;
    let rows = stmt.query_map(params![initiative_id, partner_id], |r| {
        let result: Option<(String, String, i64)> = match r.get::<_, Option<String>>(10)? {
            Some(id) => Some((id, r.get(11)?, r.get(12)?)),
            None => None,
        };
        let program: Option<(String, String, i64)> = match r.get::<_, Option<String>>(13)? {
            Some(id) => Some((id, r.get(14)?, r.get(15)?)),
            None => None,
        };
        let parent = match (result, program) {
            (Some((id, name, pos)), _) => Some((RoleTarget::Result, id, name, pos)),
            (None, Some((id, name, pos))) => Some((RoleTarget::Program, id, name, pos)),
            (None, None) => None,
        };
        Ok(RoleRow {
            id: r.get(0)?,
            partner_id: r.get(1)?,
            partner_name: r.get(2)?,
            target_kind: r.get(3)?,
            target_id: r.get(4)?,
            role: r.get(5)?,
            description: r.get(6)?,
            tier: r.get(7)?,
            target_name: r.get(8)?,
            target_position: r.get(9)?,
            parent,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How a result's partners sort: partner name and id, through the result (0), an
/// indicator (1) or a program (2), the target's position, the role.
type ResultPartnerKey = (String, String, u8, i64, u8);

/// The order of roles within one target: lead, contributor, partner.
fn role_rank(role: RoleKind) -> u8 {
    match role {
        RoleKind::Lead => 0,
        RoleKind::Contributor => 1,
        RoleKind::Partner => 2,
    }
}

/// The role as the matrix says it: "lead", "contributor", "partner: <description>", or
/// "partner on <measure>: <description>" for a role on one of the column's measures.
pub fn role_label(role: RoleKind, measure_name: Option<&str>, description: &str) -> String {
    let mut s = role.as_str().to_string();
    if let Some(m) = measure_name {
        s += " on ";
        s += m;
    }
    let d = description.trim();
    if !d.is_empty() {
        s += ": ";
        s += d;
    }
    s
}

fn initiative_of(conn: &Connection, table: &str, what: &'static str, id: &str) -> Result<String> {
    conn.query_row(
        &format!("SELECT initiative_id FROM {table} WHERE id = ?1 AND deleted_at IS NULL"),
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what,
        id: id.to_string(),
    })
}

fn load_role(conn: &Connection, id: &str) -> Result<PartnerRole> {
    conn.query_row(
        "SELECT id, partner_id, target_kind, target_id, role, description, tier
         FROM partner_roles WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        |r| {
            Ok(PartnerRole {
                id: r.get(0)?,
                partner_id: r.get(1)?,
                target_kind: r.get(2)?,
                target_id: r.get(3)?,
                role: r.get(4)?,
                description: r.get(5)?,
                tier: r.get(6)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "partner role",
        id: id.to_string(),
    })
}

/// One CSV field or record error as the app's error.
fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(source) => Error::Io {
            path: PathBuf::from("<csv>"),
            source,
        },
        other => Error::Internal(format!("{other:?}")),
    }
}

impl Store {
    /// A partner's profile: the programs it leads or contributes to, its roles on results
    /// and measures (with the role in words and the tier), and its open actions.
    pub fn partner_profile(&self, partner_id: &str) -> Result<PartnerProfile> {
        let partner = self.get_partner(partner_id)?;
        let rows = live_roles(&self.conn, &partner.initiative_id, Some(partner_id))?;
        let mut programs: Vec<(i64, ProgramRole)> = Vec::new();
        let mut roles: Vec<((u8, i64, i64, u8), HeldRole)> = Vec::new();
        for row in rows {
            match row.target_kind {
                RoleTarget::Program => programs.push((
                    row.target_position * 4 + i64::from(role_rank(row.role)),
                    ProgramRole {
                        program_id: row.target_id,
                        program_name: row.target_name,
                        role: row.role,
                    },
                )),
                RoleTarget::Result | RoleTarget::Measure => {
                    // Results (and their indicators) first, then programs' measures; a
                    // result's own role before its indicators'.
                    let key = match (&row.target_kind, &row.parent) {
                        (RoleTarget::Result, _) => (0, row.target_position, -1, 0),
                        (_, Some((RoleTarget::Result, _, _, pos))) => {
                            (0, *pos, row.target_position, 0)
                        }
                        (_, Some((_, _, _, pos))) => (1, *pos, row.target_position, 0),
                        _ => (2, 0, row.target_position, 0),
                    };
                    roles.push((
                        (key.0, key.1, key.2, role_rank(row.role)),
                        HeldRole {
                            role_id: row.id,
                            target_kind: row.target_kind,
                            target_id: row.target_id,
                            target_name: row.target_name,
                            parent_name: row.parent.map(|p| p.2),
                            role: row.role,
                            description: row.description,
                            tier: row.tier,
                        },
                    ));
                }
            }
        }
        programs.sort_by_key(|p| p.0);
        roles.sort_by_key(|r| r.0);
        let open_actions = self.list_actions(
            &partner.initiative_id,
            &ActionFilter {
                partner_id: Some(partner_id.to_string()),
                ..Default::default()
            },
        )?;
        Ok(PartnerProfile {
            partner,
            programs: programs.into_iter().map(|p| p.1).collect(),
            roles: roles.into_iter().map(|r| r.1).collect(),
            open_actions,
        })
    }

    /// The partners with a role on a result: on the result itself, on one of its
    /// indicators, or as lead or contributor of a program serving it. By partner name; for
    /// one partner, the result's own role first, then indicators', then programs'.
    pub fn result_partners(&self, result_id: &str) -> Result<Vec<ResultPartner>> {
        let initiative_id = initiative_of(&self.conn, "results", "result", result_id)?;
        let serving: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT l.program_id FROM program_results l
                 JOIN programs p ON p.id = l.program_id AND p.deleted_at IS NULL
                 WHERE l.result_id = ?1 AND l.deleted_at IS NULL",
            )?
            .query_map([result_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out: Vec<(ResultPartnerKey, ResultPartner)> = Vec::new();
        for row in live_roles(&self.conn, &initiative_id, None)? {
            let through = match row.target_kind {
                RoleTarget::Result if row.target_id == result_id => 0,
                RoleTarget::Measure if matches!(&row.parent, Some((RoleTarget::Result, id, _, _)) if id == result_id) => {
                    1
                }
                RoleTarget::Program if serving.contains(&row.target_id) => 2,
                _ => continue,
            };
            out.push((
                (
                    row.partner_name.to_lowercase(),
                    row.partner_id.clone(),
                    through,
                    row.target_position,
                    role_rank(row.role),
                ),
                ResultPartner {
                    partner_id: row.partner_id,
                    partner_name: row.partner_name,
                    role_id: row.id,
                    role: row.role,
                    description: row.description,
                    tier: row.tier,
                    through_kind: row.target_kind,
                    through_id: row.target_id,
                    through_name: row.target_name,
                },
            ));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out.into_iter().map(|r| r.1).collect())
    }

    /// Gives a partner a role on a result or a measure, with the role in words and a tier;
    /// a partner holding that role there already gets its words and tier replaced (and a
    /// role in the trash comes back). Roles on programs (lead, contributor) are set on
    /// the program.
    pub fn set_partner_role(
        &mut self,
        partner_id: &str,
        target_kind: RoleTarget,
        target_id: &str,
        role: RoleKind,
        description: &str,
        tier: Option<RoleTier>,
    ) -> Result<PartnerRole> {
        let description = validate::text("description", description)?;
        let (table, what) = match target_kind {
            RoleTarget::Result => ("results", "result"),
            RoleTarget::Measure => ("measures", "measure"),
            RoleTarget::Program => {
                return Err(Error::invalid(
                    "target_kind",
                    "A partner leads or contributes to a program through the program's form",
                ))
            }
        };
        if role != RoleKind::Partner {
            return Err(Error::invalid(
                "role",
                format!("On a {what} a partner has a role to play (\"partner\"), not \"{role}\""),
            ));
        }
        let initiative_id = initiative_of(&self.conn, "partners", "partner", partner_id)?;
        require_in_initiative(
            &self.conn,
            table,
            what,
            target_id,
            &initiative_id,
            "target_id",
        )?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT id FROM partner_roles
                 WHERE partner_id = ?1 AND target_kind = ?2 AND target_id = ?3 AND role = ?4",
                params![partner_id, target_kind, target_id, role],
                |r| r.get(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE partner_roles SET description = ?2, tier = ?3, deleted_at = NULL,
                         updated_at = ?4
                     WHERE id = ?1 AND (description, tier, deleted_at) IS NOT (?2, ?3, NULL)",
                    params![id, description, tier, now],
                )?;
                id
            }
            None => {
                let id = super::derived_id(&[
                    "partner_roles",
                    partner_id,
                    target_kind.as_str(),
                    target_id,
                    role.as_str(),
                ]);
                tx.execute(
                    "INSERT INTO partner_roles (id, initiative_id, partner_id, target_kind,
                         target_id, role, description, tier, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                    params![
                        id,
                        initiative_id,
                        partner_id,
                        target_kind,
                        target_id,
                        role,
                        description,
                        tier,
                        now
                    ],
                )?;
                id
            }
        };
        tx.commit()?;
        load_role(&self.conn, &id)
    }

    /// Moves a partner's role on a result or measure to the trash (restorable from there).
    pub fn remove_partner_role(&mut self, role_id: &str) -> Result<()> {
        let role = load_role(&self.conn, role_id)?;
        if role.target_kind == RoleTarget::Program {
            return Err(Error::invalid(
                "role_id",
                "A program's lead and contributors are changed on the program",
            ));
        }
        self.delete_item(EntityKind::PartnerRole, role_id)
    }

    /// The contributions matrix of an initiative: live partners by name × live results
    /// then live programs in display order, each cell the roles the partner holds there.
    pub fn contributions_matrix(&self, initiative_id: &str) -> Result<ContributionsMatrix> {
        let mut columns: Vec<MatrixColumn> = self
            .list_results(initiative_id)?
            .into_iter()
            .map(|r| MatrixColumn {
                kind: RoleTarget::Result,
                id: r.id,
                name: r.name,
            })
            .collect();
        let programs: Vec<(String, String)> = self
            .conn
            .prepare(
                "SELECT id, name FROM programs WHERE initiative_id = ?1 AND deleted_at IS NULL
                 ORDER BY position, created_at",
            )?
            .query_map([initiative_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        columns.extend(programs.into_iter().map(|(id, name)| MatrixColumn {
            kind: RoleTarget::Program,
            id,
            name,
        }));
        let mut rows: Vec<MatrixRow> = self
            .list_partners(initiative_id)?
            .into_iter()
            .map(|p| MatrixRow {
                partner_id: p.id,
                partner_name: p.name,
                cells: vec![Vec::new(); columns.len()],
            })
            .collect();
        // (row, column) -> roles with their sort key within the cell.
        let mut keyed: Vec<(usize, usize, (i64, u8), CellRole)> = Vec::new();
        for role in live_roles(&self.conn, initiative_id, None)? {
            let Some(r) = rows.iter().position(|x| x.partner_id == role.partner_id) else {
                continue;
            };
            let (kind, id, measure) = match (&role.target_kind, &role.parent) {
                (RoleTarget::Measure, Some((kind, id, _, _))) => (
                    *kind,
                    id.as_str(),
                    Some((role.target_name.as_str(), role.target_position)),
                ),
                (RoleTarget::Measure, None) => continue,
                (kind, _) => (*kind, role.target_id.as_str(), None),
            };
            let Some(c) = columns.iter().position(|x| x.kind == kind && x.id == id) else {
                continue;
            };
            let measure_name = measure.map(|m| m.0.to_string());
            keyed.push((
                r,
                c,
                (measure.map_or(-1, |m| m.1), role_rank(role.role)),
                CellRole {
                    role: role.role,
                    label: role_label(role.role, measure_name.as_deref(), &role.description),
                    description: role.description,
                    tier: role.tier,
                    measure_name,
                },
            ));
        }
        keyed.sort_by_key(|k| (k.0, k.1, k.2));
        for (r, c, _, cell) in keyed {
            rows[r].cells[c].push(cell);
        }
        Ok(ContributionsMatrix {
            initiative_id: initiative_id.to_string(),
            columns,
            rows,
        })
    }

    /// Writes the contributions matrix as CSV: a `Partner` column, then one column per
    /// result and program; a cell lists its roles separated by " | " (the role in words may hold semicolons) (empty: no role).
    /// Returns the number of partner rows.
    pub fn contributions_csv(&self, initiative_id: &str, out: &mut dyn Write) -> Result<usize> {
        let matrix = self.contributions_matrix(initiative_id)?;
        write_matrix_csv(&matrix, out)?;
        Ok(matrix.rows.len())
    }

    /// Writes the contributions matrix's CSV to `path`, atomically (the file holds the
    /// whole new CSV or is left as it was). Returns the number of partner rows.
    pub fn export_contributions(&self, initiative_id: &str, path: &Path) -> Result<usize> {
        let matrix = self.contributions_matrix(initiative_id)?;
        write_atomically(path, |w| write_matrix_csv(&matrix, w))?;
        Ok(matrix.rows.len())
    }
}

/// The matrix as CSV (see [`Store::contributions_csv`]).
pub fn write_matrix_csv(matrix: &ContributionsMatrix, out: &mut dyn Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["Partner".to_string()];
    header.extend(matrix.columns.iter().map(|c| c.name.clone()));
    w.write_record(&header).map_err(csv_error)?;
    for row in &matrix.rows {
        let mut record = vec![row.partner_name.clone()];
        record.extend(row.cells.iter().map(|cell| {
            cell.iter()
                .map(|r| r.label.as_str())
                .collect::<Vec<_>>()
                .join(ROLE_SEPARATOR)
        }));
        w.write_record(&record).map_err(csv_error)?;
    }
    w.flush().map_err(|source| Error::Io {
        path: PathBuf::from("<csv>"),
        source,
    })?;
    Ok(())
}
