//! The shipped sample initiative ("Sample: fictional data"): loading it on first run, and
//! removing it in one action.
//!
//! The sample is the one thing the app hard-deletes: it is fictional data the app put
//! there, not the user's work, so "Remove sample" purges it (the change log keeps a record).

use super::dimensions::{disaggregation, insert_dimension, insert_group};
use super::measures::TOTAL;
use super::observations::period_id;
use super::sample_voice::{SampleEvent, SampleMeeting};
use super::sample_work::{Keys, SampleAction, SampleComment, SampleWorksheet};
use super::{initiatives, measures, partners, programs, results, Store};
use crate::error::{Error, Result};
use crate::model::{
    Calendar, CalendarSpec, InitiativeInput, MeasureInput, MeasureKind, PartnerInput, PartnerTier,
    Period, Polarity, ProgramInput, RbaCategory, ResultInput, RoleKind, RoleTarget, RoleTier,
    Sector, Unit,
};
use rusqlite::params;
use serde::Deserialize;
use std::collections::HashMap;

/// The sample, embedded in the binary.
pub const SAMPLE_JSON: &str = include_str!("../../assets/sample/initiative.json");

/// The settings key recording that the sample was offered (so removing it sticks).
const OFFERED: &str = "sample_offered_at";

/// The sample file's format (`backbone-sample/1`). Objects refer to each other by `key`.
#[derive(Debug, Deserialize)]
pub struct SampleFile {
    pub format: String,
    pub initiative: InitiativeInput,
    pub partners: Vec<SamplePartner>,
    pub dimensions: Vec<SampleDimension>,
    pub results: Vec<SampleResult>,
    pub programs: Vec<SampleProgram>,
    pub partner_roles: Vec<SampleRole>,
    #[serde(default)]
    pub worksheets: Vec<SampleWorksheet>,
    #[serde(default)]
    pub actions: Vec<SampleAction>,
    #[serde(default)]
    pub comments: Vec<SampleComment>,
    #[serde(default)]
    pub community_events: Vec<SampleEvent>,
    #[serde(default)]
    pub meetings: Vec<SampleMeeting>,
}

#[derive(Debug, Deserialize)]
pub struct SamplePartner {
    pub key: String,
    pub name: String,
    pub sector: Sector,
    pub tier: Option<PartnerTier>,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub notes: String,
}

#[derive(Debug, Deserialize)]
pub struct SampleDimension {
    pub key: String,
    pub name: String,
    pub kind: String,
    pub groups: Vec<SampleGroup>,
}

#[derive(Debug, Deserialize)]
pub struct SampleGroup {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct SampleResult {
    pub key: String,
    pub name: String,
    pub description: String,
    pub indicators: Vec<SampleMeasure>,
}

#[derive(Debug, Deserialize)]
pub struct SampleProgram {
    pub key: String,
    pub name: String,
    pub description: String,
    pub lead_partner: Option<String>,
    pub contributors: Vec<String>,
    pub results: Vec<String>,
    pub measures: Vec<SampleMeasure>,
}

#[derive(Debug, Deserialize)]
pub struct SampleMeasure {
    pub key: String,
    pub name: String,
    pub definition: String,
    pub category: Option<RbaCategory>,
    pub unit: Unit,
    pub rate_per: Option<f64>,
    pub polarity: Polarity,
    pub calendar: Calendar,
    pub calendar_start_month: Option<u8>,
    pub baseline_period: Option<String>,
    pub data_source: String,
    pub headline: bool,
    pub data_development: bool,
    pub cumulative: bool,
    pub values: Vec<SampleValue>,
}

#[derive(Debug, Deserialize)]
pub struct SampleValue {
    pub period: String,
    pub value: Option<f64>,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub target_low: Option<f64>,
    #[serde(default)]
    pub target_high: Option<f64>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub margin_of_error: Option<f64>,
    #[serde(default)]
    pub suppressed: bool,
    #[serde(default)]
    pub groups: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub struct SampleRole {
    pub partner: String,
    pub target_kind: RoleTarget,
    pub target: String,
    pub role: RoleKind,
    /// The role in words.
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub tier: Option<RoleTier>,
}

impl SampleFile {
    /// The embedded sample.
    pub fn embedded() -> Result<SampleFile> {
        let file: SampleFile = serde_json::from_str(SAMPLE_JSON)
            .map_err(|e| Error::Internal(format!("the embedded sample does not parse: {e}")))?;
        if file.format != "backbone-sample/1" {
            return Err(Error::Internal(format!(
                "unknown sample format {}",
                file.format
            )));
        }
        Ok(file)
    }
}

fn lookup<'a>(map: &'a HashMap<String, String>, what: &str, key: &str) -> Result<&'a String> {
    map.get(key)
        .ok_or_else(|| Error::Internal(format!("the sample names an unknown {what} \"{key}\"")))
}

impl Store {
    /// Loads the sample initiative in one transaction and returns its id.
    pub fn load_sample(&mut self) -> Result<String> {
        if let Some(id) = self.sample_initiative_id()? {
            return Err(Error::Conflict(format!(
                "The sample initiative is already loaded ({id}); remove it first"
            )));
        }
        // A sample in the trash would come back as a second one: clear it first.
        self.remove_sample()?;
        let file = SampleFile::embedded()?;
        let now = self.now();
        let user = "Backbone sample".to_string();
        let tx = self.conn.transaction()?;
        let initiative_id = initiatives::insert(&tx, &now, &file.initiative, true)?;
        let mut partner_ids = HashMap::new();
        for p in &file.partners {
            let input = PartnerInput {
                name: p.name.clone(),
                sector: p.sector,
                tier: p.tier,
                contact_name: p.contact_name.clone(),
                contact_email: p.contact_email.clone(),
                contact_phone: p.contact_phone.clone(),
                notes: p.notes.clone(),
            };
            partner_ids.insert(
                p.key.clone(),
                partners::insert(&tx, &now, &initiative_id, &input)?,
            );
        }
        let mut group_ids: HashMap<(String, String), String> = HashMap::new();
        for d in &file.dimensions {
            let dim = insert_dimension(&tx, &now, &initiative_id, &d.name, &d.kind)?;
            for g in &d.groups {
                group_ids.insert(
                    (d.key.clone(), g.key.clone()),
                    insert_group(&tx, &now, &dim, &g.name)?,
                );
            }
        }
        let mut result_ids = HashMap::new();
        let mut measure_list: Vec<(&SampleMeasure, MeasureKind, Option<String>, Option<String>)> =
            Vec::new();
        for r in &file.results {
            let input = ResultInput {
                name: r.name.clone(),
                description: r.description.clone(),
            };
            let id = results::insert(&tx, &now, &initiative_id, &input)?;
            result_ids.insert(r.key.clone(), id.clone());
            for m in &r.indicators {
                measure_list.push((m, MeasureKind::Indicator, Some(id.clone()), None));
            }
        }
        let mut program_ids = HashMap::new();
        for p in &file.programs {
            let input = ProgramInput {
                name: p.name.clone(),
                description: p.description.clone(),
                lead_partner_id: p
                    .lead_partner
                    .as_deref()
                    .map(|k| lookup(&partner_ids, "partner", k).cloned())
                    .transpose()?,
                result_ids: p
                    .results
                    .iter()
                    .map(|k| lookup(&result_ids, "result", k).cloned())
                    .collect::<Result<_>>()?,
                contributor_ids: p
                    .contributors
                    .iter()
                    .map(|k| lookup(&partner_ids, "partner", k).cloned())
                    .collect::<Result<_>>()?,
            };
            let id = programs::insert(&tx, &now, &initiative_id, &input)?;
            program_ids.insert(p.key.clone(), id.clone());
            for m in &p.measures {
                measure_list.push((m, MeasureKind::Performance, None, Some(id.clone())));
            }
        }
        let mut measure_ids = HashMap::new();
        for (m, kind, result_id, program_id) in measure_list {
            let input = MeasureInput {
                kind,
                result_id,
                program_id,
                category: m.category,
                name: m.name.clone(),
                definition: m.definition.clone(),
                unit: m.unit,
                rate_per: m.rate_per,
                polarity: m.polarity,
                calendar: m.calendar,
                calendar_start_month: m.calendar_start_month,
                baseline_period: m.baseline_period.clone(),
                data_source: m.data_source.clone(),
                headline: m.headline,
                data_development: m.data_development,
                cumulative: m.cumulative,
            };
            let measure_id = measures::insert(&tx, &now, &initiative_id, &input)?;
            measure_ids.insert(m.key.clone(), measure_id.clone());
            let spec = CalendarSpec::new(m.calendar, m.calendar_start_month)
                .map_err(|e| Error::Internal(format!("sample measure {}: {e}", m.key)))?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO observations (id, measure_id, period_id, disaggregation_id, value, target,
                     target_low, target_high, note, margin_of_error, suppressed, source, entered_by,
                     entered_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?14)",
            )?;
            for v in &m.values {
                let period = Period::parse(spec, &v.period)
                    .map_err(|e| Error::Internal(format!("sample measure {}: {e}", m.key)))?;
                let pid = period_id(&tx, &now, &period)?;
                let groups = v
                    .groups
                    .iter()
                    .map(|(d, g)| {
                        group_ids
                            .get(&(d.clone(), g.clone()))
                            .cloned()
                            .ok_or_else(|| {
                                Error::Internal(format!(
                                    "the sample names an unknown group {d}/{g}"
                                ))
                            })
                    })
                    .collect::<Result<Vec<_>>>()?;
                let did = if groups.is_empty() {
                    TOTAL.to_string()
                } else {
                    disaggregation(&tx, &now, &initiative_id, &groups)?
                };
                insert.execute(params![
                    super::observations::observation_id(&measure_id, &did, &pid),
                    measure_id,
                    pid,
                    did,
                    v.value,
                    v.target,
                    v.target_low,
                    v.target_high,
                    v.note,
                    v.margin_of_error,
                    v.suppressed,
                    m.data_source,
                    user,
                    now
                ])?;
            }
        }
        for role in &file.partner_roles {
            let target = match role.target_kind {
                RoleTarget::Result => lookup(&result_ids, "result", &role.target)?,
                RoleTarget::Program => lookup(&program_ids, "program", &role.target)?,
                RoleTarget::Measure => lookup(&measure_ids, "measure", &role.target)?,
            };
            let partner = lookup(&partner_ids, "partner", &role.partner)?;
            let id = partners::add_role(
                &tx,
                &now,
                &initiative_id,
                partner,
                role.target_kind,
                target,
                role.role,
            )?;
            tx.execute(
                "UPDATE partner_roles SET description = ?2, tier = ?3 WHERE id = ?1",
                params![id, role.description, role.tier],
            )?;
        }
        Store::set_setting(&tx, OFFERED, &now)?;
        tx.commit()?;
        // The work around the numbers goes in through the app's own methods, dated as the
        // sample says; should any of it fail, the sample goes as a whole.
        let keys = Keys {
            initiative: initiative_id.clone(),
            partners: partner_ids,
            groups: group_ids,
            results: result_ids,
            programs: program_ids,
            measures: measure_ids,
        };
        if let Err(e) = self.load_sample_work(&file, &keys) {
            self.remove_sample()?;
            return Err(e);
        }
        Ok(initiative_id)
    }

    /// Removes the sample initiative and everything in it, in one transaction. Returns how
    /// many initiatives were removed (0 when there was none).
    pub fn remove_sample(&mut self) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let ids: Vec<String> = tx
            .prepare("SELECT id FROM initiatives WHERE is_sample = 1")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in &ids {
            // Observations and roles first: the foreign keys cascade, but periods and
            // disaggregations are shared and stay.
            tx.execute(
                "DELETE FROM observations WHERE measure_id IN (SELECT id FROM measures WHERE initiative_id = ?1)",
                [id],
            )?;
            tx.execute("DELETE FROM initiatives WHERE id = ?1", [id])?;
        }
        tx.execute(
            "DELETE FROM disaggregations WHERE key != ''
               AND id NOT IN (SELECT disaggregation_id FROM disaggregation_groups)",
            [],
        )?;
        tx.commit()?;
        Ok(ids.len())
    }

    /// Records that this store should not get the sample on first run (an empty store made
    /// on purpose, with `backbone init`).
    pub fn decline_sample(&mut self) -> Result<()> {
        Store::set_setting(&self.conn, OFFERED, &self.now())
    }

    /// On first run (no initiative ever, sample never offered), loads the sample. Returns
    /// its id when it did.
    pub fn load_sample_on_first_run(&mut self) -> Result<Option<String>> {
        let any: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM initiatives)", [], |r| {
                    r.get(0)
                })?;
        if any || self.setting(OFFERED)?.is_some() {
            return Ok(None);
        }
        self.load_sample().map(Some)
    }
}
