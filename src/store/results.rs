//! Population results.

use super::{initiatives, new_id, require_live, validate, Store};
use crate::error::{Error, Result};
use crate::model::{PopulationResult, ResultInput};
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, initiative_id, name, description, position, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<PopulationResult> {
    Ok(PopulationResult {
        id: r.get(0)?,
        initiative_id: r.get(1)?,
        name: r.get(2)?,
        description: r.get(3)?,
        position: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

pub(crate) fn insert(
    conn: &Connection,
    now: &str,
    initiative_id: &str,
    input: &ResultInput,
) -> Result<String> {
    let name = validate::name("name", "result", &input.name)?;
    let description = validate::text("description", &input.description)?;
    initiatives::require(conn, initiative_id)?;
    let id = new_id();
    conn.execute(
        "INSERT INTO results (id, initiative_id, name, description, position, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4,
                 (SELECT coalesce(max(position), 0) + 1 FROM results WHERE initiative_id = ?2),
                 ?5, ?5)",
        params![id, initiative_id, name, description, now],
    )?;
    Ok(id)
}

impl Store {
    /// An initiative's live results, in their order.
    pub fn list_results(&self, initiative_id: &str) -> Result<Vec<PopulationResult>> {
        initiatives::require(&self.conn, initiative_id)?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM results WHERE initiative_id = ?1 AND deleted_at IS NULL
             ORDER BY position, created_at"
        ))?;
        let rows = stmt.query_map([initiative_id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One live result.
    pub fn get_result(&self, id: &str) -> Result<PopulationResult> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM results WHERE id = ?1 AND deleted_at IS NULL"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "result",
                id: id.to_string(),
            })
    }

    /// Adds a population result.
    pub fn create_result(
        &mut self,
        initiative_id: &str,
        input: &ResultInput,
    ) -> Result<PopulationResult> {
        let id = insert(&self.conn, &self.now(), initiative_id, input)?;
        self.get_result(&id)
    }

    /// Edits a result.
    pub fn update_result(&mut self, id: &str, input: &ResultInput) -> Result<PopulationResult> {
        let name = validate::name("name", "result", &input.name)?;
        let description = validate::text("description", &input.description)?;
        require_live(&self.conn, "results", "result", id)?;
        self.conn.execute(
            "UPDATE results SET name = ?2, description = ?3, updated_at = ?4
             WHERE id = ?1 AND (name, description) IS NOT (?2, ?3)",
            params![id, name, description, self.now()],
        )?;
        self.get_result(id)
    }
}
