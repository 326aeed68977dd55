//! Initiatives.

use super::{new_id, validate, Store};
use crate::error::{Error, Result};
use crate::model::{Initiative, InitiativeInput};
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, name, shared_result, geography, sectoral_home, backbone_org, \
    equity_statement, is_sample, status_tolerance_pct, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Initiative> {
    Ok(Initiative {
        id: r.get(0)?,
        name: r.get(1)?,
        shared_result: r.get(2)?,
        geography: r.get(3)?,
        sectoral_home: r.get(4)?,
        backbone_org: r.get(5)?,
        equity_statement: r.get(6)?,
        is_sample: r.get(7)?,
        status_tolerance_pct: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

struct Checked {
    name: String,
    shared_result: String,
    geography: String,
    backbone_org: String,
    equity_statement: String,
}

fn check(input: &InitiativeInput) -> Result<Checked> {
    Ok(Checked {
        name: validate::name("name", "initiative", &input.name)?,
        shared_result: validate::text("shared_result", &input.shared_result)?,
        geography: validate::text("geography", &input.geography)?,
        backbone_org: validate::text("backbone_org", &input.backbone_org)?,
        equity_statement: validate::text("equity_statement", &input.equity_statement)?,
    })
}

/// Fails with `NotFound` unless the initiative exists and is not in the trash.
pub(crate) fn require(conn: &Connection, id: &str) -> Result<()> {
    super::require_live(conn, "initiatives", "initiative", id)
}

pub(crate) fn insert(
    conn: &Connection,
    now: &str,
    input: &InitiativeInput,
    is_sample: bool,
) -> Result<String> {
    let c = check(input)?;
    let id = new_id();
    conn.execute(
        "INSERT INTO initiatives (id, name, shared_result, geography, sectoral_home, backbone_org,
             equity_statement, is_sample, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            id,
            c.name,
            c.shared_result,
            c.geography,
            input.sectoral_home,
            c.backbone_org,
            c.equity_statement,
            is_sample,
            now
        ],
    )?;
    Ok(id)
}

impl Store {
    /// Live initiatives, by name.
    pub fn list_initiatives(&self) -> Result<Vec<Initiative>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM initiatives WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE, id"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One live initiative.
    pub fn get_initiative(&self, id: &str) -> Result<Initiative> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM initiatives WHERE id = ?1 AND deleted_at IS NULL"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "initiative",
                id: id.to_string(),
            })
    }

    /// Creates an initiative.
    pub fn create_initiative(&mut self, input: &InitiativeInput) -> Result<Initiative> {
        let now = self.now();
        let id = insert(&self.conn, &now, input, false)?;
        self.get_initiative(&id)
    }

    /// Edits an initiative.
    pub fn update_initiative(&mut self, id: &str, input: &InitiativeInput) -> Result<Initiative> {
        let c = check(input)?;
        require(&self.conn, id)?;
        self.conn.execute(
            "UPDATE initiatives SET name = ?2, shared_result = ?3, geography = ?4,
                 sectoral_home = ?5, backbone_org = ?6, equity_statement = ?7, updated_at = ?8
             WHERE id = ?1 AND (name, shared_result, geography, sectoral_home, backbone_org,
                 equity_statement) IS NOT (?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                c.name,
                c.shared_result,
                c.geography,
                input.sectoral_home,
                c.backbone_org,
                c.equity_statement,
                self.now()
            ],
        )?;
        self.get_initiative(id)
    }

    /// Sets the scorecard's "close" tolerance, in percent of the baseline-to-target distance.
    pub fn set_status_tolerance(&mut self, id: &str, pct: f64) -> Result<Initiative> {
        if !pct.is_finite() || !(0.0..=100.0).contains(&pct) {
            return Err(Error::invalid(
                "status_tolerance_pct",
                "The tolerance must be a percentage between 0 and 100",
            ));
        }
        require(&self.conn, id)?;
        self.conn.execute(
            "UPDATE initiatives SET status_tolerance_pct = ?2, updated_at = ?3
             WHERE id = ?1 AND status_tolerance_pct IS NOT ?2",
            params![id, pct, self.now()],
        )?;
        self.get_initiative(id)
    }

    /// The live sample initiative, if one is loaded.
    pub fn sample_initiative_id(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM initiatives WHERE is_sample = 1 AND deleted_at IS NULL
                 ORDER BY created_at LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Finds a live initiative by id or (case-insensitive) name, or the only one when
    /// `key` is `None`; the error lists the choices.
    pub fn find_initiative(&self, key: Option<&str>) -> Result<Initiative> {
        let all = self.list_initiatives()?;
        let listing = || {
            all.iter()
                .map(|i| format!("  {}  {}", i.id, i.name))
                .collect::<Vec<_>>()
                .join("\n")
        };
        match key {
            Some(key) => {
                let found: Vec<&Initiative> = all
                    .iter()
                    .filter(|i| i.id == key || i.name.eq_ignore_ascii_case(key.trim()))
                    .collect();
                match found.as_slice() {
                    [one] => Ok((*one).clone()),
                    [] => Err(Error::NotFound {
                        what: "initiative",
                        id: key.to_string(),
                    }),
                    _ => Err(Error::invalid(
                        "initiative",
                        format!(
                            "Several initiatives are named \"{key}\"; give an id:\n{}",
                            listing()
                        ),
                    )),
                }
            }
            None => match all.as_slice() {
                [one] => Ok(one.clone()),
                [] => Err(Error::invalid(
                    "initiative",
                    "The database has no initiative yet",
                )),
                _ => Err(Error::invalid(
                    "initiative",
                    format!(
                        "The database has {} initiatives; choose one with --initiative:\n{}",
                        all.len(),
                        listing()
                    ),
                )),
            },
        }
    }
}
