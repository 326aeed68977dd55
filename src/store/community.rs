//! Community input (DOMAIN.md "The work around the numbers"): events with the groups they
//! heard from, reusable themes with what was said and quotes, links to the measures,
//! results, worksheets and actions the input informs, and data-walk stations with the
//! residents' reactions.
//!
//! An event goes to the trash as a whole (`EntityKind::CommunityEvent`); its groups,
//! themes heard, quotes, links and stations are its own rows, edited with it. Themes are
//! shared by the initiative's events, unique by trimmed name in any case among live themes.
//! An event's themes are listed by name, ASCII case folded (SQLite's `NOCASE`), then id:
//! the same order in the app, the CLI and the initiative's list of themes.

use super::{initiatives, new_id, require_in_initiative, validate, Store};
use crate::actions::parse_date;
use crate::error::{Error, Result};
use crate::model::{
    CommunityEvent, CommunityEventInput, CommunityLink, CommunityTarget, CommunityTheme,
    EntityKind, EventGroup, EventKind, HeardEvent, HeardTheme, HeardThemeInput, LastHeard,
    MoveDirection, Quote, Reaction, ReactionInput, Station, StationInput,
};
use rusqlite::{params, Connection, OptionalExtension};

/// The longest quote, reaction or station question.
pub const MAX_SAYING: usize = 2_000;

fn bounded(field: &str, what: &str, value: &str, max: usize) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("The {what} is longer than {max} characters"),
        ));
    }
    Ok(trimmed.to_string())
}

fn required(field: &str, what: &str, value: &str, max: usize) -> Result<String> {
    let text = bounded(field, what, value, max)?;
    if text.is_empty() {
        return Err(Error::invalid(field, format!("The {what} cannot be empty")));
    }
    Ok(text)
}

struct Checked {
    title: String,
    event_date: String,
    place: String,
    participants: Option<i64>,
    communities: String,
    summary: String,
}

fn check(conn: &Connection, initiative_id: &str, input: &CommunityEventInput) -> Result<Checked> {
    let title = required("title", "event's title", &input.title, validate::MAX_NAME)?;
    let date_text = input.event_date.trim();
    if date_text.is_empty() {
        return Err(Error::invalid("event_date", "When was it? Give the date"));
    }
    match parse_date(date_text) {
        Some(d) if d.format("%Y-%m-%d").to_string() == date_text => {}
        _ => {
            return Err(Error::invalid(
                "event_date",
                format!("\"{date_text}\" is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31"),
            ))
        }
    }
    if let Some(n) = input.participants {
        if n < 0 {
            return Err(Error::invalid(
                "participants",
                "How many took part cannot be negative",
            ));
        }
    }
    let place = bounded("place", "place", &input.place, validate::MAX_NAME)?;
    let communities = validate::text("communities", &input.communities)?;
    let summary = validate::text("summary", &input.summary)?;
    for group in &input.group_ids {
        let owner: Option<String> = conn
            .query_row(
                "SELECT d.initiative_id FROM groups g JOIN dimensions d ON d.id = g.dimension_id
                 WHERE g.id = ?1 AND g.deleted_at IS NULL AND d.deleted_at IS NULL",
                [group],
                |r| r.get(0),
            )
            .optional()?;
        if owner.as_deref() != Some(initiative_id) {
            return Err(Error::invalid(
                "groups",
                format!("No group with id {group} exists in this initiative"),
            ));
        }
    }
    let mut seen: Vec<String> = Vec::new();
    for theme in &input.themes {
        if let Some(id) = &theme.theme_id {
            require_in_initiative(
                conn,
                "community_themes",
                "theme",
                id,
                initiative_id,
                "themes",
            )?;
        } else {
            validate::name("themes", "theme", &theme.name)?;
        }
        let key = theme
            .theme_id
            .clone()
            .unwrap_or_else(|| theme.name.trim().to_lowercase());
        let key = match &theme.theme_id {
            Some(_) => key,
            None => find_theme(conn, initiative_id, &theme.name)?.unwrap_or(key),
        };
        if seen.contains(&key) {
            return Err(Error::invalid(
                "themes",
                format!("The theme \"{}\" is listed twice", theme.name.trim()),
            ));
        }
        seen.push(key);
        validate::text("themes", &theme.summary)?;
        for quote in &theme.quotes {
            required("quotes", "quote", &quote.text, MAX_SAYING)?;
            bounded(
                "quotes",
                "quote's attribution",
                &quote.attribution,
                validate::MAX_NAME,
            )?;
        }
    }
    for link in &input.links {
        let (table, what) = target_table(link.target_kind);
        require_in_initiative(conn, table, what, &link.target_id, initiative_id, "links")?;
    }
    Ok(Checked {
        title,
        event_date: date_text.to_string(),
        place,
        participants: input.participants.map(i64::from),
        communities,
        summary,
    })
}

fn target_table(kind: CommunityTarget) -> (&'static str, &'static str) {
    match kind {
        CommunityTarget::Measure => ("measures", "measure"),
        CommunityTarget::Result => ("results", "result"),
        CommunityTarget::Worksheet => ("worksheets", "worksheet"),
        CommunityTarget::Action => ("actions", "action"),
    }
}

/// The live theme of the initiative named `name` (trimmed, any case).
fn find_theme(conn: &Connection, initiative_id: &str, name: &str) -> Result<Option<String>> {
    let wanted = name.trim().to_lowercase();
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM community_themes WHERE initiative_id = ?1 AND deleted_at IS NULL",
    )?;
    let rows = stmt
        .query_map([initiative_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .find(|(_, n)| n.trim().to_lowercase() == wanted)
        .map(|(id, _)| id))
}

/// The theme named `name`, made when there is none yet.
fn theme_by_name(conn: &Connection, now: &str, initiative_id: &str, name: &str) -> Result<String> {
    if let Some(id) = find_theme(conn, initiative_id, name)? {
        return Ok(id);
    }
    let name = validate::name("themes", "theme", name)?;
    let id = new_id();
    conn.execute(
        "INSERT INTO community_themes (id, initiative_id, name, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, initiative_id, name, now],
    )?;
    Ok(id)
}

/// A live quote of an event as stored: (id, theme, text, attribution, position).
type StoredQuote = (String, Option<String>, String, String, i64);

/// Makes the event's live quotes exactly those of `heard` (each theme with its quotes, in
/// order) while keeping every quote that stays the same row: a quote sent back with its
/// `id` is updated in place (written only if its words, theme or place changed); one
/// without an id that is word for word a live quote of the same theme keeps that quote;
/// the others are added, and live quotes not sent back are removed. An `id` that is not a
/// live quote of this event, or that comes twice, is refused.
fn set_quotes(
    conn: &Connection,
    now: &str,
    event_id: &str,
    heard: &[(String, &HeardThemeInput)],
) -> Result<()> {
    let stored: Vec<StoredQuote> = conn
        .prepare_cached(
            "SELECT id, theme_id, text, attribution, position FROM community_quotes
              WHERE event_id = ?1 AND deleted_at IS NULL ORDER BY position, rowid",
        )?
        .query_map([event_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Which stored quote each input quote is (None: a new one), by id first, then by words.
    let mut claimed: Vec<&str> = Vec::new();
    for (_, theme) in heard {
        for id in theme.quotes.iter().filter_map(|q| q.id.as_deref()) {
            if !stored.iter().any(|q| q.0 == id) {
                return Err(Error::invalid(
                    "quotes",
                    format!("No quote with id {id} is heard at this event"),
                ));
            }
            if claimed.contains(&id) {
                return Err(Error::invalid(
                    "quotes",
                    format!("The quote {id} is listed twice"),
                ));
            }
            claimed.push(id);
        }
    }
    let mut position = 0i64;
    for (theme_id, theme) in heard {
        for quote in &theme.quotes {
            let text = quote.text.trim();
            let attribution = quote.attribution.trim();
            let same = match quote.id.as_deref() {
                Some(id) => stored.iter().find(|q| q.0 == id),
                None => stored.iter().find(|q| {
                    !claimed.contains(&q.0.as_str())
                        && q.1.as_deref() == Some(theme_id.as_str())
                        && q.2 == text
                        && q.3 == attribution
                }),
            };
            match same {
                Some(q) => {
                    if quote.id.is_none() {
                        claimed.push(&q.0);
                    }
                    let unchanged = q.1.as_deref() == Some(theme_id.as_str())
                        && q.2 == text
                        && q.3 == attribution
                        && q.4 == position;
                    if !unchanged {
                        conn.execute(
                            "UPDATE community_quotes SET theme_id = ?2, text = ?3,
                                 attribution = ?4, position = ?5, updated_at = ?6
                              WHERE id = ?1",
                            params![q.0, theme_id, text, attribution, position, now],
                        )?;
                    }
                }
                None => {
                    conn.execute(
                        "INSERT INTO community_quotes (id, event_id, theme_id, text,
                             attribution, position, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                        params![
                            new_id(),
                            event_id,
                            theme_id,
                            text,
                            attribution,
                            position,
                            now
                        ],
                    )?;
                }
            }
            position += 1;
        }
    }
    for gone in stored.iter().filter(|q| !claimed.contains(&q.0.as_str())) {
        conn.execute(
            "UPDATE community_quotes SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![gone.0, now],
        )?;
    }
    Ok(())
}

/// Makes the event's groups, themes heard, quotes and links exactly those of `input`.
fn set_parts(
    conn: &Connection,
    now: &str,
    initiative_id: &str,
    event_id: &str,
    input: &CommunityEventInput,
) -> Result<()> {
    // Groups.
    conn.execute(
        "UPDATE community_event_groups SET deleted_at = ?2, updated_at = ?2
         WHERE event_id = ?1 AND deleted_at IS NULL",
        params![event_id, now],
    )?;
    for group in &input.group_ids {
        conn.execute(
            "INSERT INTO community_event_groups (id, event_id, group_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (event_id, group_id) DO UPDATE
                 SET deleted_at = NULL, updated_at = excluded.updated_at",
            params![
                super::derived_id(&["community_event_groups", event_id, group]),
                event_id,
                group,
                now
            ],
        )?;
    }
    // Themes heard: kept rows stay as they are (written only when their summary changes),
    // new ones are added or revived, and those no longer heard are removed.
    let mut heard: Vec<(String, &HeardThemeInput)> = Vec::new();
    for theme in &input.themes {
        let theme_id = match &theme.theme_id {
            Some(id) => id.clone(),
            None => theme_by_name(conn, now, initiative_id, &theme.name)?,
        };
        conn.execute(
            "INSERT INTO community_event_themes (id, event_id, theme_id, summary, created_at,
                 updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (event_id, theme_id) DO UPDATE
                 SET summary = excluded.summary, deleted_at = NULL,
                     updated_at = excluded.updated_at
                 WHERE summary IS NOT excluded.summary OR deleted_at IS NOT NULL",
            params![
                super::derived_id(&["community_event_themes", event_id, &theme_id]),
                event_id,
                theme_id,
                theme.summary.trim(),
                now
            ],
        )?;
        heard.push((theme_id, theme));
    }
    let kept: Vec<&str> = heard.iter().map(|(id, _)| id.as_str()).collect();
    let live: Vec<String> = conn
        .prepare_cached(
            "SELECT theme_id FROM community_event_themes
              WHERE event_id = ?1 AND deleted_at IS NULL",
        )?
        .query_map([event_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for gone in live.iter().filter(|t| !kept.contains(&t.as_str())) {
        conn.execute(
            "UPDATE community_event_themes SET deleted_at = ?3, updated_at = ?3
              WHERE event_id = ?1 AND theme_id = ?2",
            params![event_id, gone, now],
        )?;
    }
    set_quotes(conn, now, event_id, &heard)?;
    // Links.
    conn.execute(
        "UPDATE community_links SET deleted_at = ?2, updated_at = ?2
         WHERE event_id = ?1 AND deleted_at IS NULL",
        params![event_id, now],
    )?;
    for link in &input.links {
        conn.execute(
            "INSERT INTO community_links (id, event_id, target_kind, target_id, created_at,
                 updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (event_id, target_kind, target_id) DO UPDATE
                 SET deleted_at = NULL, updated_at = excluded.updated_at",
            params![
                super::derived_id(&[
                    "community_links",
                    event_id,
                    link.target_kind.as_str(),
                    &link.target_id
                ]),
                event_id,
                link.target_kind,
                link.target_id,
                now
            ],
        )?;
    }
    Ok(())
}

const COLUMNS: &str = "e.id, e.initiative_id, e.kind, e.title, e.event_date, e.place,
    e.participants, e.communities, e.summary, e.created_at, e.updated_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CommunityEvent> {
    let participants: Option<i64> = r.get(6)?;
    Ok(CommunityEvent {
        id: r.get(0)?,
        initiative_id: r.get(1)?,
        kind: r.get(2)?,
        title: r.get(3)?,
        event_date: r.get(4)?,
        place: r.get(5)?,
        participants: participants.and_then(|n| u32::try_from(n).ok()),
        communities: r.get(7)?,
        groups: Vec::new(),
        summary: r.get(8)?,
        themes: Vec::new(),
        links: Vec::new(),
        stations: Vec::new(),
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

/// The SQL naming a link's live target (NULL when it is gone).
const LINK_NAME: &str = "CASE l.target_kind
      WHEN 'measure' THEN (SELECT name FROM measures WHERE id = l.target_id
                             AND deleted_at IS NULL)
      WHEN 'result' THEN (SELECT name FROM results WHERE id = l.target_id
                            AND deleted_at IS NULL)
      WHEN 'worksheet' THEN (SELECT 'Worksheet: ' || m.name FROM worksheets w
                               JOIN measures m ON m.id = w.measure_id
                              WHERE w.id = l.target_id AND w.deleted_at IS NULL
                                AND m.deleted_at IS NULL)
      WHEN 'action' THEN (SELECT title FROM actions WHERE id = l.target_id
                            AND deleted_at IS NULL)
    END";

fn fill(conn: &Connection, event: &mut CommunityEvent) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.name, d.name FROM community_event_groups eg
           JOIN groups g ON g.id = eg.group_id AND g.deleted_at IS NULL
           JOIN dimensions d ON d.id = g.dimension_id AND d.deleted_at IS NULL
          WHERE eg.event_id = ?1 AND eg.deleted_at IS NULL
          ORDER BY d.position, d.name, g.position, g.name",
    )?;
    event.groups = stmt
        .query_map([&event.id], |r| {
            Ok(EventGroup {
                group_id: r.get(0)?,
                name: r.get(1)?,
                dimension_name: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.name, et.summary FROM community_event_themes et
           JOIN community_themes t ON t.id = et.theme_id AND t.deleted_at IS NULL
          WHERE et.event_id = ?1 AND et.deleted_at IS NULL
          ORDER BY t.name COLLATE NOCASE, t.id",
    )?;
    let mut themes: Vec<HeardTheme> = stmt
        .query_map([&event.id], |r| {
            Ok(HeardTheme {
                theme_id: r.get(0)?,
                name: r.get(1)?,
                summary: r.get(2)?,
                quotes: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, text, attribution FROM community_quotes
          WHERE event_id = ?1 AND theme_id = ?2 AND deleted_at IS NULL
          ORDER BY position, rowid",
    )?;
    for theme in &mut themes {
        theme.quotes = stmt
            .query_map(params![event.id, theme.theme_id], |r| {
                Ok(Quote {
                    id: r.get(0)?,
                    text: r.get(1)?,
                    attribution: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    event.themes = themes;

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT target_kind, target_id, name FROM (
           SELECT l.target_kind, l.target_id, {LINK_NAME} AS name FROM community_links l
            WHERE l.event_id = ?1 AND l.deleted_at IS NULL)
          WHERE name IS NOT NULL
          ORDER BY CASE target_kind WHEN 'result' THEN 0 WHEN 'measure' THEN 1
                   WHEN 'worksheet' THEN 2 ELSE 3 END, name COLLATE NOCASE"
    ))?;
    event.links = stmt
        .query_map([&event.id], |r| {
            Ok(CommunityLink {
                target_kind: r.get(0)?,
                target_id: r.get(1)?,
                name: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.measure_id, m.name, s.plain_title, s.question FROM data_walk_stations s
           JOIN measures m ON m.id = s.measure_id AND m.deleted_at IS NULL
          WHERE s.event_id = ?1 AND s.deleted_at IS NULL
          ORDER BY s.position, s.created_at, s.rowid",
    )?;
    let mut stations: Vec<Station> = stmt
        .query_map([&event.id], |r| {
            Ok(Station {
                id: r.get(0)?,
                measure_id: r.get(1)?,
                measure_name: r.get(2)?,
                plain_title: r.get(3)?,
                question: r.get(4)?,
                reactions: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, reaction FROM data_walk_reactions
          WHERE station_id = ?1 AND deleted_at IS NULL
          ORDER BY position, created_at, rowid",
    )?;
    for station in &mut stations {
        station.reactions = stmt
            .query_map([&station.id], |r| {
                Ok(Reaction {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    reaction: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    event.stations = stations;
    Ok(())
}

fn query(
    conn: &Connection,
    where_: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<CommunityEvent>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM community_events e
          WHERE e.deleted_at IS NULL AND ({where_})
          ORDER BY e.event_date DESC, e.created_at DESC, e.id"
    ))?;
    let mut events = stmt
        .query_map(params, from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for event in &mut events {
        fill(conn, event)?;
    }
    Ok(events)
}

/// The live event `id`: (initiative, kind).
fn event_row(conn: &Connection, id: &str) -> Result<(String, EventKind)> {
    conn.query_row(
        "SELECT initiative_id, kind FROM community_events WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "community event",
        id: id.to_string(),
    })
}

/// The live station `id`: (event id, initiative id).
fn station_row(conn: &Connection, id: &str) -> Result<(String, String)> {
    conn.query_row(
        "SELECT s.event_id, e.initiative_id FROM data_walk_stations s
           JOIN community_events e ON e.id = s.event_id AND e.deleted_at IS NULL
          WHERE s.id = ?1 AND s.deleted_at IS NULL",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "data-walk station",
        id: id.to_string(),
    })
}

struct CheckedStation {
    plain_title: String,
    question: String,
}

fn check_station(
    conn: &Connection,
    initiative_id: &str,
    input: &StationInput,
) -> Result<CheckedStation> {
    require_in_initiative(
        conn,
        "measures",
        "measure",
        &input.measure_id,
        initiative_id,
        "measure_id",
    )?;
    Ok(CheckedStation {
        plain_title: required(
            "plain_title",
            "station's plain-language title",
            &input.plain_title,
            validate::MAX_NAME,
        )?,
        question: bounded("question", "question", &input.question, MAX_SAYING)?,
    })
}

impl Store {
    /// One live community event with everything heard and linked.
    pub fn community_event(&self, id: &str) -> Result<CommunityEvent> {
        query(&self.conn, "e.id = ?1", [id])?
            .pop()
            .ok_or_else(|| Error::NotFound {
                what: "community event",
                id: id.to_string(),
            })
    }

    /// An initiative's live community events, newest first.
    pub fn community_events(&self, initiative_id: &str) -> Result<Vec<CommunityEvent>> {
        initiatives::require(&self.conn, initiative_id)?;
        query(&self.conn, "e.initiative_id = ?1", [initiative_id])
    }

    /// The live events linked to a measure, result, worksheet or action, newest first. A
    /// measure and its worksheet are one subject: the events linked to either show for both.
    pub fn events_for(
        &self,
        kind: CommunityTarget,
        target_id: &str,
    ) -> Result<Vec<CommunityEvent>> {
        let linked = "EXISTS (SELECT 1 FROM community_links l
                 WHERE l.event_id = e.id AND l.deleted_at IS NULL AND (
                   (l.target_kind = ?1 AND l.target_id = ?2)
                   OR (?1 = 'worksheet' AND l.target_kind = 'measure' AND l.target_id =
                         (SELECT measure_id FROM worksheets WHERE id = ?2))
                   OR (?1 = 'measure' AND l.target_kind = 'worksheet' AND l.target_id IN
                         (SELECT id FROM worksheets WHERE measure_id = ?2
                             AND deleted_at IS NULL))))";
        query(&self.conn, linked, params![kind, target_id])
    }

    /// Adds a community event to an initiative (themes named but not yet known are made).
    pub fn create_community_event(
        &mut self,
        initiative_id: &str,
        input: &CommunityEventInput,
    ) -> Result<CommunityEvent> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        initiatives::require(&tx, initiative_id)?;
        let c = check(&tx, initiative_id, input)?;
        let id = new_id();
        tx.execute(
            "INSERT INTO community_events (id, initiative_id, kind, title, event_date, place,
                 participants, communities, summary, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            params![
                id,
                initiative_id,
                input.kind,
                c.title,
                c.event_date,
                c.place,
                c.participants,
                c.communities,
                c.summary,
                now
            ],
        )?;
        set_parts(&tx, &now, initiative_id, &id, input)?;
        tx.commit()?;
        self.community_event(&id)
    }

    /// Edits a community event (its stations and their reactions stay as they are).
    pub fn update_community_event(
        &mut self,
        id: &str,
        input: &CommunityEventInput,
    ) -> Result<CommunityEvent> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let (initiative_id, _) = event_row(&tx, id)?;
        let c = check(&tx, &initiative_id, input)?;
        tx.execute(
            "UPDATE community_events SET kind = ?2, title = ?3, event_date = ?4, place = ?5,
                 participants = ?6, communities = ?7, summary = ?8, updated_at = ?9
             WHERE id = ?1",
            params![
                id,
                input.kind,
                c.title,
                c.event_date,
                c.place,
                c.participants,
                c.communities,
                c.summary,
                now
            ],
        )?;
        set_parts(&tx, &now, &initiative_id, id, input)?;
        tx.commit()?;
        self.community_event(id)
    }

    /// Moves a community event to the trash (restorable from there).
    pub fn delete_community_event(&mut self, id: &str) -> Result<()> {
        self.delete_item(EntityKind::CommunityEvent, id)
    }

    /// An initiative's live themes by name, with how many live events heard each.
    pub fn themes(&self, initiative_id: &str) -> Result<Vec<CommunityTheme>> {
        initiatives::require(&self.conn, initiative_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT t.id, t.name, t.description,
                    (SELECT count(*) FROM community_event_themes et
                       JOIN community_events e ON e.id = et.event_id AND e.deleted_at IS NULL
                      WHERE et.theme_id = t.id AND et.deleted_at IS NULL)
               FROM community_themes t
              WHERE t.initiative_id = ?1 AND t.deleted_at IS NULL
              ORDER BY t.name COLLATE NOCASE, t.id",
        )?;
        let rows = stmt.query_map([initiative_id], |r| {
            Ok(CommunityTheme {
                id: r.get(0)?,
                name: r.get(1)?,
                description: r.get(2)?,
                events: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The theme named `name` (trimmed, any case), made when the initiative has none yet.
    pub fn create_theme(&mut self, initiative_id: &str, name: &str) -> Result<CommunityTheme> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        initiatives::require(&tx, initiative_id)?;
        validate::name("name", "theme", name)?;
        let id = theme_by_name(&tx, &now, initiative_id, name)?;
        tx.commit()?;
        self.themes(initiative_id)?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| Error::Internal("the theme just saved is missing".into()))
    }

    /// Everything community input can be linked to in an initiative, with its name:
    /// results, measures, saved worksheets and actions.
    pub fn community_targets(&self, initiative_id: &str) -> Result<Vec<CommunityLink>> {
        initiatives::require(&self.conn, initiative_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT 'result', id, name, 0, position FROM results
              WHERE initiative_id = ?1 AND deleted_at IS NULL
             UNION ALL
             SELECT 'measure', id, name, 1, 0 FROM measures
              WHERE initiative_id = ?1 AND deleted_at IS NULL
             UNION ALL
             SELECT 'worksheet', w.id, 'Worksheet: ' || m.name, 2, 0 FROM worksheets w
               JOIN measures m ON m.id = w.measure_id AND m.deleted_at IS NULL
              WHERE w.initiative_id = ?1 AND w.deleted_at IS NULL
             UNION ALL
             SELECT 'action', id, title, 3, 0 FROM actions
              WHERE initiative_id = ?1 AND deleted_at IS NULL
             ORDER BY 4, 5, 3 COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([initiative_id], |r| {
            Ok(CommunityLink {
                target_kind: r.get(0)?,
                target_id: r.get(1)?,
                name: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Per live result of the initiative (in their order): the latest live event linked to
    /// the result, to one of its measures, to a worksheet of one of them, or to an action
    /// serving the result or one of its measures. None when nothing was heard.
    pub fn last_heard(&self, initiative_id: &str) -> Result<Vec<LastHeard>> {
        initiatives::require(&self.conn, initiative_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT id, name FROM results WHERE initiative_id = ?1 AND deleted_at IS NULL
              ORDER BY position, created_at",
        )?;
        let results = stmt
            .query_map([initiative_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut latest = self.conn.prepare(
            "WITH ms AS (SELECT id FROM measures WHERE result_id = ?1 AND deleted_at IS NULL)
             SELECT e.id, e.title, e.event_date FROM community_events e
              WHERE e.deleted_at IS NULL AND EXISTS (
                SELECT 1 FROM community_links l
                 WHERE l.event_id = e.id AND l.deleted_at IS NULL AND (
                   (l.target_kind = 'result' AND l.target_id = ?1)
                   OR (l.target_kind = 'measure' AND l.target_id IN (SELECT id FROM ms))
                   OR (l.target_kind = 'worksheet' AND l.target_id IN (
                         SELECT w.id FROM worksheets w
                          WHERE w.deleted_at IS NULL AND w.measure_id IN (SELECT id FROM ms)))
                   OR (l.target_kind = 'action' AND l.target_id IN (
                         SELECT a.id FROM actions a
                           JOIN action_links al ON al.action_id = a.id
                                AND al.deleted_at IS NULL
                          WHERE a.deleted_at IS NULL
                            AND ((al.target_kind = 'result' AND al.target_id = ?1)
                              OR (al.target_kind = 'measure'
                                  AND al.target_id IN (SELECT id FROM ms)))))))
              ORDER BY e.event_date DESC, e.created_at DESC, e.id
              LIMIT 1",
        )?;
        let mut out = Vec::with_capacity(results.len());
        for (result_id, result_name) in results {
            let event = latest
                .query_row([&result_id], |r| {
                    Ok(HeardEvent {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        event_date: r.get(2)?,
                    })
                })
                .optional()?;
            out.push(LastHeard {
                result_id,
                result_name,
                event,
            });
        }
        Ok(out)
    }

    /// Adds a station to a data walk (at the end of the walk).
    pub fn add_station(&mut self, event_id: &str, input: &StationInput) -> Result<CommunityEvent> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let (initiative_id, kind) = event_row(&tx, event_id)?;
        if kind != EventKind::DataWalk {
            return Err(Error::invalid(
                "kind",
                "Only a data walk has stations: make the event a data walk first",
            ));
        }
        let c = check_station(&tx, &initiative_id, input)?;
        let position: i64 = tx.query_row(
            "SELECT coalesce(max(position) + 1, 0) FROM data_walk_stations
              WHERE event_id = ?1 AND deleted_at IS NULL",
            [event_id],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO data_walk_stations (id, event_id, measure_id, position, plain_title,
                 question, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![
                new_id(),
                event_id,
                input.measure_id,
                position,
                c.plain_title,
                c.question,
                now
            ],
        )?;
        tx.commit()?;
        self.community_event(event_id)
    }

    /// Edits a data-walk station.
    pub fn update_station(&mut self, id: &str, input: &StationInput) -> Result<CommunityEvent> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let (event_id, initiative_id) = station_row(&tx, id)?;
        let c = check_station(&tx, &initiative_id, input)?;
        tx.execute(
            "UPDATE data_walk_stations SET measure_id = ?2, plain_title = ?3, question = ?4,
                 updated_at = ?5
             WHERE id = ?1",
            params![id, input.measure_id, c.plain_title, c.question, now],
        )?;
        tx.commit()?;
        self.community_event(&event_id)
    }

    /// Moves a station one place earlier or later in the walk.
    pub fn move_station(&mut self, id: &str, direction: MoveDirection) -> Result<CommunityEvent> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let (event_id, _) = station_row(&tx, id)?;
        let mut stmt = tx.prepare(
            "SELECT s.id FROM data_walk_stations s
               JOIN measures m ON m.id = s.measure_id AND m.deleted_at IS NULL
              WHERE s.event_id = ?1 AND s.deleted_at IS NULL
              ORDER BY s.position, s.created_at, s.rowid",
        )?;
        let mut order = stmt
            .query_map([&event_id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        let at = order.iter().position(|s| s == id).unwrap_or(0);
        let other = match direction {
            MoveDirection::Up => at.checked_sub(1),
            MoveDirection::Down => Some(at + 1).filter(|i| *i < order.len()),
        };
        if let Some(other) = other {
            order.swap(at, other);
            for (i, station) in order.iter().enumerate() {
                tx.execute(
                    "UPDATE data_walk_stations SET position = ?2, updated_at = ?3
                      WHERE id = ?1 AND position IS NOT ?2",
                    params![station, i as i64, now],
                )?;
            }
        }
        tx.commit()?;
        self.community_event(&event_id)
    }

    /// Removes a station (and the reactions recorded at it) from the walk.
    pub fn remove_station(&mut self, id: &str) -> Result<CommunityEvent> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let (event_id, _) = station_row(&tx, id)?;
        tx.execute(
            "UPDATE data_walk_reactions SET deleted_at = ?2, updated_at = ?2
              WHERE station_id = ?1 AND deleted_at IS NULL",
            params![id, now],
        )?;
        tx.execute(
            "UPDATE data_walk_stations SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        tx.commit()?;
        self.community_event(&event_id)
    }

    /// Records a resident's reaction at a station.
    pub fn add_reaction(
        &mut self,
        station_id: &str,
        input: &ReactionInput,
    ) -> Result<CommunityEvent> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let (event_id, _) = station_row(&tx, station_id)?;
        let text = required("reaction", "reaction", &input.reaction, MAX_SAYING)?;
        let position: i64 = tx.query_row(
            "SELECT coalesce(max(position) + 1, 0) FROM data_walk_reactions
              WHERE station_id = ?1",
            [station_id],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO data_walk_reactions (id, station_id, reaction, kind, position,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![new_id(), station_id, text, input.kind, position, now],
        )?;
        tx.commit()?;
        self.community_event(&event_id)
    }

    /// Removes a reaction recorded by mistake.
    pub fn remove_reaction(&mut self, id: &str) -> Result<CommunityEvent> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let station: Option<String> = tx
            .query_row(
                "SELECT station_id FROM data_walk_reactions WHERE id = ?1 AND deleted_at IS NULL",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(station) = station else {
            return Err(Error::NotFound {
                what: "reaction",
                id: id.to_string(),
            });
        };
        let (event_id, _) = station_row(&tx, &station)?;
        tx.execute(
            "UPDATE data_walk_reactions SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        tx.commit()?;
        self.community_event(&event_id)
    }
}
