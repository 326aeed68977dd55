//! Partner meetings: the agenda, what was captured in meeting mode, finishing a meeting
//! (which files its actions and worksheet ideas in one transaction) and preparing the next.
//!
//! A meeting goes planned → in_progress → finished. Its agenda (a JSON array in
//! `meetings.agenda`) can be edited until it is finished; every slide's target must be a
//! live result or measure (for `actions` also a program) of the meeting's initiative.
//! Captures can be added, edited and removed until the meeting is finished; the record's
//! notes, decisions and attendees can be corrected afterwards too.

use super::{actions, initiatives, new_id, require_in_initiative, validate, worksheets, Store};
use crate::error::{Error, Result};
use crate::model::{
    ActionInput, ActionLinkInput, ActionStatus, AgendaItem, Attendee, CaptureInput, CaptureKind,
    Idea, IdeaSource, LinkTarget, Meeting, MeetingInput, MeetingItem, MeetingStatus, SlideKind,
};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

/// The most slides an agenda can have.
pub const MAX_SLIDES: usize = 100;

fn json_err(e: serde_json::Error) -> Error {
    Error::Internal(format!("meeting agenda: {e}"))
}

fn not_found(id: &str) -> Error {
    Error::NotFound {
        what: "meeting",
        id: id.to_string(),
    }
}

/// A `YYYY-MM-DD` date, required.
fn date(field: &str, label: &str, text: &str) -> Result<String> {
    let text = text.trim();
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(d) if d.format("%Y-%m-%d").to_string() == text => Ok(text.to_string()),
        _ if text.is_empty() => Err(Error::invalid(field, format!("The {label} is needed"))),
        _ => Err(Error::invalid(
            field,
            format!(
                "The {label} \"{text}\" is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31"
            ),
        )),
    }
}

/// A `YYYY-MM-DD` date, or none when blank.
fn optional_date(field: &str, label: &str, text: &Option<String>) -> Result<Option<String>> {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => date(field, label, t).map(Some),
        None => Ok(None),
    }
}

/// The table and noun of what a slide of `kind` may point at, if it needs one.
fn slide_target(kind: SlideKind) -> Option<(&'static str, &'static str)> {
    match kind {
        SlideKind::ResultScorecard => Some(("results", "result")),
        SlideKind::MeasureCurve | SlideKind::MeasureByGroup | SlideKind::Worksheet => {
            Some(("measures", "measure"))
        }
        SlideKind::Rollup | SlideKind::Equity | SlideKind::Text | SlideKind::Actions => None,
    }
}

/// What an `actions` slide's target is (measure, result or program), if it is live in the
/// initiative.
fn actions_target(conn: &Connection, initiative_id: &str, id: &str) -> Result<Option<LinkTarget>> {
    for (table, kind) in [
        ("measures", LinkTarget::Measure),
        ("results", LinkTarget::Result),
        ("programs", LinkTarget::Program),
    ] {
        let found: bool = conn.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM {table}
                    WHERE id = ?1 AND initiative_id = ?2 AND deleted_at IS NULL)"
            ),
            params![id, initiative_id],
            |r| r.get(0),
        )?;
        if found {
            return Ok(Some(kind));
        }
    }
    Ok(None)
}

/// The agenda, checked: targets where (and only where) the kind takes one, each live in
/// the initiative; a title slide has words.
fn check_agenda(
    conn: &Connection,
    initiative_id: &str,
    agenda: &[AgendaItem],
) -> Result<Vec<AgendaItem>> {
    if agenda.len() > MAX_SLIDES {
        return Err(Error::invalid(
            "agenda",
            format!("An agenda has at most {MAX_SLIDES} slides"),
        ));
    }
    let mut out = Vec::with_capacity(agenda.len());
    for (i, item) in agenda.iter().enumerate() {
        let field = format!("agenda.{i}.target_id");
        let title = item.title.trim().to_string();
        if title.chars().count() > validate::MAX_NAME {
            return Err(Error::invalid(
                format!("agenda.{i}.title"),
                format!(
                    "Slide {}'s title is longer than {} characters",
                    i + 1,
                    validate::MAX_NAME
                ),
            ));
        }
        let target = item
            .target_id
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        let target = match (item.kind, target) {
            (SlideKind::Text, _) if title.is_empty() => {
                return Err(Error::invalid(
                    format!("agenda.{i}.title"),
                    format!("Slide {} is a title slide: it needs its words", i + 1),
                ))
            }
            (SlideKind::Actions, Some(t)) => {
                if actions_target(conn, initiative_id, &t)?.is_none() {
                    return Err(Error::invalid(
                        field,
                        format!(
                            "Slide {}: no measure, result or program {t} in this initiative",
                            i + 1
                        ),
                    ));
                }
                Some(t)
            }
            (SlideKind::Actions, None) => None,
            (kind, target) => match (slide_target(kind), target) {
                (Some((table, what)), Some(t)) => {
                    require_in_initiative(conn, table, what, &t, initiative_id, &field)?;
                    Some(t)
                }
                (Some((_, what)), None) => {
                    return Err(Error::invalid(
                        field,
                        format!(
                            "Slide {} ({}) needs its {what}",
                            i + 1,
                            kind.label().to_lowercase()
                        ),
                    ))
                }
                (None, _) => None,
            },
        };
        out.push(AgendaItem {
            kind: item.kind,
            target_id: target,
            title,
        });
    }
    Ok(out)
}

/// The attendees, checked; a partner's name is taken from the partner.
fn check_attendees(
    conn: &Connection,
    initiative_id: &str,
    attendees: &[Attendee],
) -> Result<Vec<Attendee>> {
    let mut out: Vec<Attendee> = Vec::new();
    for (i, a) in attendees.iter().enumerate() {
        let people = a.people.trim().to_string();
        if people.chars().count() > validate::MAX_TEXT {
            return Err(Error::invalid(
                format!("attendees.{i}.people"),
                "The names are too long",
            ));
        }
        let partner_id = a
            .partner_id
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let attendee = match partner_id {
            Some(pid) => {
                require_in_initiative(
                    conn,
                    "partners",
                    "partner",
                    pid,
                    initiative_id,
                    &format!("attendees.{i}.partner_id"),
                )?;
                let name: String =
                    conn.query_row("SELECT name FROM partners WHERE id = ?1", [pid], |r| {
                        r.get(0)
                    })?;
                if out.iter().any(|o| o.partner_id.as_deref() == Some(pid)) {
                    continue;
                }
                Attendee {
                    partner_id: Some(pid.to_string()),
                    partner_name: name,
                    people,
                }
            }
            None => {
                let name = a.partner_name.trim().to_string();
                if name.is_empty() && people.is_empty() {
                    continue;
                }
                if name.chars().count() > validate::MAX_NAME {
                    return Err(Error::invalid(
                        format!("attendees.{i}.partner_name"),
                        format!("The name is longer than {} characters", validate::MAX_NAME),
                    ));
                }
                Attendee {
                    partner_id: None,
                    partner_name: name,
                    people,
                }
            }
        };
        out.push(attendee);
    }
    Ok(out)
}

/// Makes the meeting's live attendees exactly `attendees`.
fn write_attendees(
    conn: &Connection,
    now: &str,
    meeting_id: &str,
    attendees: &[Attendee],
) -> Result<()> {
    conn.execute(
        "UPDATE meeting_attendees SET deleted_at = ?2, updated_at = ?2
         WHERE meeting_id = ?1 AND deleted_at IS NULL",
        params![meeting_id, now],
    )?;
    for a in attendees {
        conn.execute(
            "INSERT INTO meeting_attendees (id, meeting_id, partner_id, partner_name, people,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![
                new_id(),
                meeting_id,
                a.partner_id,
                a.partner_name,
                a.people,
                now
            ],
        )?;
    }
    Ok(())
}

struct Head {
    initiative_id: String,
    title: String,
    meeting_date: String,
    status: MeetingStatus,
    agenda: Vec<AgendaItem>,
}

fn head(conn: &Connection, id: &str) -> Result<Head> {
    let row = conn
        .query_row(
            "SELECT initiative_id, title, meeting_date, status, agenda FROM meetings
             WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, MeetingStatus>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    Ok(Head {
        initiative_id: row.0,
        title: row.1,
        meeting_date: row.2,
        status: row.3,
        agenda: serde_json::from_str(&row.4).map_err(json_err)?,
    })
}

fn require_open(head: &Head) -> Result<()> {
    if head.status == MeetingStatus::Finished {
        return Err(Error::Conflict(
            "This meeting is finished: its record can be corrected, but nothing more can be \
             captured or planned in it"
                .into(),
        ));
    }
    Ok(())
}

fn load(conn: &Connection, id: &str) -> Result<Meeting> {
    let mut m = conn
        .query_row(
            "SELECT id, initiative_id, title, meeting_date, place, status, agenda, notes,
                 decisions, prepared_from, started_at, finished_at, finished_by
             FROM meetings WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            |r| {
                Ok((
                    Meeting {
                        id: r.get(0)?,
                        initiative_id: r.get(1)?,
                        title: r.get(2)?,
                        meeting_date: r.get(3)?,
                        place: r.get(4)?,
                        status: r.get(5)?,
                        agenda: Vec::new(),
                        notes: r.get(7)?,
                        decisions: r.get(8)?,
                        attendees: Vec::new(),
                        items: Vec::new(),
                        prepared_from: r.get(9)?,
                        started_at: r.get(10)?,
                        finished_at: r.get(11)?,
                        finished_by: r.get(12)?,
                    },
                    r.get::<_, String>(6)?,
                ))
            },
        )
        .optional()?
        .map(|(mut m, agenda)| -> Result<Meeting> {
            m.agenda = serde_json::from_str(&agenda).map_err(json_err)?;
            Ok(m)
        })
        .ok_or_else(|| not_found(id))??;
    let mut stmt = conn.prepare_cached(
        "SELECT a.partner_id, coalesce(p.name, a.partner_name), a.people
         FROM meeting_attendees a LEFT JOIN partners p ON p.id = a.partner_id
         WHERE a.meeting_id = ?1 AND a.deleted_at IS NULL
         ORDER BY a.partner_id IS NULL, 2 COLLATE NOCASE, a.created_at",
    )?;
    m.attendees = stmt
        .query_map([id], |r| {
            Ok(Attendee {
                partner_id: r.get(0)?,
                partner_name: r.get(1)?,
                people: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, text, agenda_index, measure_id, owner_partner_id, owner_person,
             due_date, idea_source, filed_kind, filed_id, created_at
         FROM meeting_items WHERE meeting_id = ?1 AND deleted_at IS NULL
         ORDER BY position, created_at, id",
    )?;
    m.items = stmt
        .query_map([id], |r| {
            Ok(MeetingItem {
                id: r.get(0)?,
                kind: r.get(1)?,
                text: r.get(2)?,
                agenda_index: r.get(3)?,
                measure_id: r.get(4)?,
                owner_partner_id: r.get(5)?,
                owner_person: r.get(6)?,
                due_date: r.get(7)?,
                idea_source: r.get(8)?,
                filed_kind: r.get(9)?,
                filed_id: r.get(10)?,
                created_at: r.get(11)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(m)
}

/// The measure a slide shows, if it shows one.
fn slide_measure(agenda: &[AgendaItem], index: Option<u32>) -> Option<String> {
    let item = agenda.get(index? as usize)?;
    match item.kind {
        SlideKind::MeasureCurve | SlideKind::MeasureByGroup | SlideKind::Worksheet => {
            item.target_id.clone()
        }
        _ => None,
    }
}

/// A capture, checked against the meeting: its fields kept only where its kind uses them.
fn check_capture(conn: &Connection, head: &Head, input: &CaptureInput) -> Result<CaptureInput> {
    let text = input.text.trim().to_string();
    if text.is_empty() {
        return Err(Error::invalid("text", "Write what to capture"));
    }
    let text = validate::text("text", &text)?;
    if let Some(i) = input.agenda_index {
        if i as usize >= head.agenda.len() {
            return Err(Error::invalid(
                "agenda_index",
                format!("The agenda has no slide {}", i + 1),
            ));
        }
    }
    let mut out = CaptureInput {
        kind: input.kind,
        text,
        agenda_index: input.agenda_index,
        measure_id: None,
        owner_partner_id: None,
        owner_person: String::new(),
        due_date: None,
        idea_source: None,
    };
    if matches!(input.kind, CaptureKind::Action | CaptureKind::Idea) {
        let measure = input
            .measure_id
            .clone()
            .filter(|m| !m.trim().is_empty())
            .or_else(|| slide_measure(&head.agenda, input.agenda_index));
        if let Some(m) = &measure {
            require_in_initiative(
                conn,
                "measures",
                "measure",
                m,
                &head.initiative_id,
                "measure_id",
            )?;
        }
        out.measure_id = measure;
    }
    match input.kind {
        CaptureKind::Action => {
            if out.text.chars().count() > actions::MAX_TITLE {
                return Err(Error::invalid(
                    "text",
                    format!(
                        "The action's title is longer than {} characters",
                        actions::MAX_TITLE
                    ),
                ));
            }
            if let Some(p) = input.owner_partner_id.as_deref().filter(|p| !p.is_empty()) {
                require_in_initiative(
                    conn,
                    "partners",
                    "partner",
                    p,
                    &head.initiative_id,
                    "owner_partner_id",
                )?;
                out.owner_partner_id = Some(p.to_string());
            }
            out.owner_person = input.owner_person.trim().to_string();
            if out.owner_person.chars().count() > validate::MAX_NAME {
                return Err(Error::invalid(
                    "owner_person",
                    format!(
                        "The owner's name is longer than {} characters",
                        validate::MAX_NAME
                    ),
                ));
            }
            out.due_date = optional_date("due_date", "due date", &input.due_date)?;
        }
        CaptureKind::Idea => {
            if out.measure_id.is_none() {
                return Err(Error::invalid(
                    "measure_id",
                    "An idea needs the measure whose worksheet it goes to",
                ));
            }
            out.idea_source = Some(input.idea_source.unwrap_or(IdeaSource::Partner));
        }
        CaptureKind::Note | CaptureKind::Decision => {}
    }
    Ok(out)
}

/// What a captured action is linked to: its measure, else what its slide shows.
fn action_links(
    conn: &Connection,
    head: &Head,
    item: &MeetingItem,
) -> Result<Vec<ActionLinkInput>> {
    if let Some(m) = &item.measure_id {
        return Ok(vec![ActionLinkInput {
            target_kind: LinkTarget::Measure,
            target_id: m.clone(),
        }]);
    }
    let Some(slide) = item.agenda_index.and_then(|i| head.agenda.get(i as usize)) else {
        return Ok(vec![]);
    };
    let Some(target) = &slide.target_id else {
        return Ok(vec![]);
    };
    Ok(actions_target(conn, &head.initiative_id, target)?
        .map(|kind| {
            vec![ActionLinkInput {
                target_kind: kind,
                target_id: target.clone(),
            }]
        })
        .unwrap_or_default())
}

impl Store {
    /// An initiative's live meetings, newest date first.
    pub fn list_meetings(&self, initiative_id: &str) -> Result<Vec<Meeting>> {
        initiatives::require(&self.conn, initiative_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT id FROM meetings WHERE initiative_id = ?1 AND deleted_at IS NULL
             ORDER BY meeting_date DESC, created_at DESC, id",
        )?;
        let ids = stmt
            .query_map([initiative_id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.iter().map(|id| load(&self.conn, id)).collect()
    }

    /// One live meeting, with its attendees and captures.
    pub fn meeting(&self, id: &str) -> Result<Meeting> {
        load(&self.conn, id)
    }

    /// The agenda offered for a new meeting: the roll-up strip, then each result's
    /// scorecard, the equity summary and the open actions.
    pub fn default_agenda(&self, initiative_id: &str) -> Result<Vec<AgendaItem>> {
        initiatives::require(&self.conn, initiative_id)?;
        let mut agenda = vec![AgendaItem {
            kind: SlideKind::Rollup,
            target_id: None,
            title: "Where we stand".into(),
        }];
        let mut stmt = self.conn.prepare(
            "SELECT id, name FROM results WHERE initiative_id = ?1 AND deleted_at IS NULL
             ORDER BY position, name COLLATE NOCASE",
        )?;
        let results = stmt
            .query_map([initiative_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, name) in results {
            agenda.push(AgendaItem {
                kind: SlideKind::ResultScorecard,
                target_id: Some(id),
                title: name,
            });
        }
        agenda.push(AgendaItem {
            kind: SlideKind::Equity,
            target_id: None,
            title: "Who is being left behind".into(),
        });
        agenda.push(AgendaItem {
            kind: SlideKind::Actions,
            target_id: None,
            title: "Open actions".into(),
        });
        Ok(agenda)
    }

    /// Plans a meeting.
    pub fn create_meeting(&mut self, initiative_id: &str, input: &MeetingInput) -> Result<Meeting> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        initiatives::require(&tx, initiative_id)?;
        let id = new_id();
        insert(&tx, &now, &id, initiative_id, input, None)?;
        tx.commit()?;
        self.meeting(&id)
    }

    /// Edits a meeting's title, date, place, agenda and attendees (until it is finished).
    pub fn update_meeting(&mut self, id: &str, input: &MeetingInput) -> Result<Meeting> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let head = head(&tx, id)?;
        require_open(&head)?;
        let title = validate::name("title", "meeting", &input.title)?;
        let meeting_date = date("meeting_date", "meeting's date", &input.meeting_date)?;
        let place = validate::text("place", &input.place)?;
        let agenda = check_agenda(&tx, &head.initiative_id, &input.agenda)?;
        let attendees = check_attendees(&tx, &head.initiative_id, &input.attendees)?;
        tx.execute(
            "UPDATE meetings SET title = ?2, meeting_date = ?3, place = ?4, agenda = ?5,
                 updated_at = ?6
             WHERE id = ?1 AND (title, meeting_date, place, agenda) IS NOT (?2, ?3, ?4, ?5)",
            params![
                id,
                title,
                meeting_date,
                place,
                serde_json::to_string(&agenda).map_err(json_err)?,
                now
            ],
        )?;
        write_attendees(&tx, &now, id, &attendees)?;
        tx.commit()?;
        self.meeting(id)
    }

    /// Starts presenting a meeting (meeting mode). Starting one already in progress
    /// changes nothing; a finished one cannot be started again.
    pub fn start_meeting(&mut self, id: &str) -> Result<Meeting> {
        let now = self.now();
        let h = head(&self.conn, id)?;
        require_open(&h)?;
        self.conn.execute(
            "UPDATE meetings SET status = 'in_progress', started_at = ?2, updated_at = ?2
             WHERE id = ?1 AND status = 'planned'",
            params![id, now],
        )?;
        self.meeting(id)
    }

    /// Captures a note, decision, action or idea (until the meeting is finished). An
    /// action or idea with no measure takes the measure its slide shows.
    pub fn capture(&mut self, meeting_id: &str, input: &CaptureInput) -> Result<MeetingItem> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let h = head(&tx, meeting_id)?;
        require_open(&h)?;
        let c = check_capture(&tx, &h, input)?;
        let id = new_id();
        tx.execute(
            "INSERT INTO meeting_items (id, meeting_id, kind, text, agenda_index, measure_id,
                 owner_partner_id, owner_person, due_date, idea_source, position,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
                 (SELECT coalesce(max(position), -1) + 1 FROM meeting_items WHERE meeting_id = ?2),
                 ?11, ?11)",
            params![
                id,
                meeting_id,
                c.kind,
                c.text,
                c.agenda_index,
                c.measure_id,
                c.owner_partner_id,
                c.owner_person,
                c.due_date,
                c.idea_source,
                now
            ],
        )?;
        tx.commit()?;
        let m = self.meeting(meeting_id)?;
        m.items
            .into_iter()
            .find(|i| i.id == id)
            .ok_or_else(|| Error::Internal("the capture was not saved".into()))
    }

    /// Edits a capture (until the meeting is finished).
    pub fn update_capture(&mut self, item_id: &str, input: &CaptureInput) -> Result<MeetingItem> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let meeting_id = item_meeting(&tx, item_id)?;
        let h = head(&tx, &meeting_id)?;
        require_open(&h)?;
        let c = check_capture(&tx, &h, input)?;
        tx.execute(
            "UPDATE meeting_items SET kind = ?2, text = ?3, agenda_index = ?4, measure_id = ?5,
                 owner_partner_id = ?6, owner_person = ?7, due_date = ?8, idea_source = ?9,
                 updated_at = ?10
             WHERE id = ?1",
            params![
                item_id,
                c.kind,
                c.text,
                c.agenda_index,
                c.measure_id,
                c.owner_partner_id,
                c.owner_person,
                c.due_date,
                c.idea_source,
                now
            ],
        )?;
        tx.commit()?;
        let m = self.meeting(&meeting_id)?;
        m.items
            .into_iter()
            .find(|i| i.id == item_id)
            .ok_or_else(|| Error::Internal("the capture was not saved".into()))
    }

    /// Removes a capture (until the meeting is finished).
    pub fn remove_capture(&mut self, item_id: &str) -> Result<Meeting> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let meeting_id = item_meeting(&tx, item_id)?;
        let h = head(&tx, &meeting_id)?;
        require_open(&h)?;
        tx.execute(
            "UPDATE meeting_items SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![item_id, now],
        )?;
        tx.commit()?;
        self.meeting(&meeting_id)
    }

    /// Writes the record's notes, decisions and attendees (also after the meeting).
    pub fn set_meeting_record(
        &mut self,
        id: &str,
        notes: &str,
        decisions: &str,
        attendees: &[Attendee],
    ) -> Result<Meeting> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let h = head(&tx, id)?;
        let notes = validate::text("notes", notes)?;
        let decisions = validate::text("decisions", decisions)?;
        let attendees = check_attendees(&tx, &h.initiative_id, attendees)?;
        tx.execute(
            "UPDATE meetings SET notes = ?2, decisions = ?3, updated_at = ?4
             WHERE id = ?1 AND (notes, decisions) IS NOT (?2, ?3)",
            params![id, notes, decisions, now],
        )?;
        write_attendees(&tx, &now, id, &attendees)?;
        tx.commit()?;
        self.meeting(id)
    }

    /// Finishes a meeting, in one transaction: each captured action becomes a real action
    /// (owner, due date, linked to its measure or to what its slide shows), each idea is
    /// added to its measure's worksheet as a new revision by the user, and each capture
    /// records what it was filed as. A meeting cannot be finished twice.
    pub fn finish_meeting(&mut self, id: &str) -> Result<Meeting> {
        let now = self.now();
        let author = self.user().to_string();
        let tx = self.conn.transaction()?;
        let h = head(&tx, id)?;
        if h.status == MeetingStatus::Finished {
            return Err(Error::Conflict("This meeting is already finished".into()));
        }
        let meeting = load(&tx, id)?;
        for item in &meeting.items {
            let filed = match item.kind {
                CaptureKind::Action => {
                    let input = ActionInput {
                        title: item.text.clone(),
                        description: format!("From the meeting {} on {}", h.title, h.meeting_date),
                        owner_partner_id: item.owner_partner_id.clone(),
                        owner_person: item.owner_person.clone(),
                        start_date: None,
                        due_date: item.due_date.clone(),
                        status: ActionStatus::NotStarted,
                        links: action_links(&tx, &h, item)?,
                    };
                    Some((
                        "action",
                        actions::insert(&tx, &now, &h.initiative_id, &input)?,
                    ))
                }
                CaptureKind::Idea => {
                    let measure = item.measure_id.as_deref().ok_or_else(|| {
                        Error::invalid(
                            "measure_id",
                            format!("The idea \"{}\" has no measure to go to", item.text),
                        )
                    })?;
                    let idea = Idea {
                        id: String::new(),
                        text: item.text.clone(),
                        source: item.idea_source.unwrap_or(IdeaSource::Partner),
                        low_cost: false,
                        no_cost: false,
                        needs_research: false,
                    };
                    Some((
                        "worksheet",
                        worksheets::add_idea(&tx, &now, &author, measure, idea)?,
                    ))
                }
                CaptureKind::Note | CaptureKind::Decision => None,
            };
            if let Some((kind, filed_id)) = filed {
                tx.execute(
                    "UPDATE meeting_items SET filed_kind = ?2, filed_id = ?3, updated_at = ?4
                     WHERE id = ?1",
                    params![item.id, kind, filed_id, now],
                )?;
            }
        }
        tx.execute(
            "UPDATE meetings SET status = 'finished', started_at = coalesce(started_at, ?2),
                 finished_at = ?2, finished_by = ?3, updated_at = ?2
             WHERE id = ?1",
            params![id, now, author],
        )?;
        tx.commit()?;
        self.meeting(id)
    }

    /// Plans the next meeting on `date`: the same title, place and agenda (slides whose
    /// result or measure has gone are left out) and the same partners attending.
    pub fn prepare_next_meeting(&mut self, id: &str, date_text: &str) -> Result<Meeting> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let from = load(&tx, id)?;
        let mut agenda = Vec::new();
        for item in &from.agenda {
            let live = match (&item.target_id, item.kind) {
                (None, _) => true,
                (Some(t), SlideKind::Actions) => {
                    actions_target(&tx, &from.initiative_id, t)?.is_some()
                }
                (Some(t), kind) => match slide_target(kind) {
                    Some((table, what)) => {
                        require_in_initiative(&tx, table, what, t, &from.initiative_id, "agenda")
                            .is_ok()
                    }
                    None => true,
                },
            };
            if live {
                agenda.push(item.clone());
            }
        }
        let mut attendees = Vec::new();
        for a in &from.attendees {
            if let Some(p) = &a.partner_id {
                if require_in_initiative(&tx, "partners", "partner", p, &from.initiative_id, "")
                    .is_ok()
                {
                    attendees.push(Attendee {
                        partner_id: Some(p.clone()),
                        partner_name: a.partner_name.clone(),
                        people: String::new(),
                    });
                }
            }
        }
        let input = MeetingInput {
            title: from.title.clone(),
            meeting_date: date_text.to_string(),
            place: from.place.clone(),
            agenda,
            attendees,
        };
        let new = new_id();
        insert(&tx, &now, &new, &from.initiative_id, &input, Some(id))?;
        tx.commit()?;
        self.meeting(&new)
    }
}

fn item_meeting(conn: &Connection, item_id: &str) -> Result<String> {
    conn.query_row(
        "SELECT meeting_id FROM meeting_items WHERE id = ?1 AND deleted_at IS NULL",
        [item_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "captured item",
        id: item_id.to_string(),
    })
}

fn insert(
    conn: &Connection,
    now: &str,
    id: &str,
    initiative_id: &str,
    input: &MeetingInput,
    prepared_from: Option<&str>,
) -> Result<()> {
    let title = validate::name("title", "meeting", &input.title)?;
    let meeting_date = date("meeting_date", "meeting's date", &input.meeting_date)?;
    let place = validate::text("place", &input.place)?;
    let agenda = check_agenda(conn, initiative_id, &input.agenda)?;
    let attendees = check_attendees(conn, initiative_id, &input.attendees)?;
    conn.execute(
        "INSERT INTO meetings (id, initiative_id, title, meeting_date, place, agenda,
             prepared_from, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            id,
            initiative_id,
            title,
            meeting_date,
            place,
            serde_json::to_string(&agenda).map_err(json_err)?,
            prepared_from,
            now
        ],
    )?;
    write_attendees(conn, now, id, &attendees)?;
    Ok(())
}
