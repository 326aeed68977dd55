-- Backbone schema 6: partner meetings and community voice (issue 8).
--
-- 1. `meetings`: a partner meeting (planned → in_progress → finished) with its agenda, a
--    JSON array of slides in order, each `{kind, target_id, title}` where kind is one of
--    `rollup` (the initiative's roll-up strip), `result_scorecard` (a result's scorecard,
--    target_id = result), `measure_curve` and `measure_by_group` (a measure's chart and its
--    "by group" view), `worksheet` (a measure's Turn the Curve worksheet), `actions` (the
--    actions linked to a measure, result or program, or all open ones without target),
--    `equity` (the equity summary) and `text` (a title slide; `title` holds its words).
--    `notes` and `decisions` are the record's words; `prepared_from` is the meeting whose
--    agenda this one copied ("prepare next meeting").
-- 2. `meeting_attendees`: who took part, by partner (`partner_name` keeps the name should
--    the partner be purged) and optionally the people's names, as the facilitator typed
--    them (no personal data required).
-- 3. `meeting_items`: what the facilitator captured while presenting: a discussion `note`,
--    a `decision`, a new `action` (text = title; owner, due date, `measure_id` it serves)
--    or a worksheet `idea` (text, `idea_source`, for `measure_id`), with the slide it was
--    captured on (`agenda_index`). Finishing the meeting files each action and idea:
--    `filed_kind`/`filed_id` then point at the action created or the worksheet revised.
-- 4. Community input: `community_events` (listening session, survey, data walk, town hall,
--    interview, other: date, place, how many took part and which communities in words),
--    the dimension groups they heard from (`community_event_groups`), reusable
--    `community_themes` (unique by name, any case, among an initiative's live themes; the
--    store checks it), the themes heard at an event with what was said
--    (`community_event_themes`), supporting quotes (`community_quotes`, attribution
--    optional and free text: "a parent", never required), and what the input informs
--    (`community_links` to measures, results, worksheets or actions).
-- 5. Data walks: a data walk event's `data_walk_stations` (a measure's chart with a
--    plain-language title and a question for residents, in order) and the residents'
--    `data_walk_reactions` recorded against each station (kind: what they noticed, what
--    surprised them, what they think is behind it, what they would do; or other).

CREATE TABLE meetings (
    id            TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    meeting_date  TEXT NOT NULL CHECK (date(meeting_date, '+0 days') IS meeting_date),
    place         TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','in_progress','finished')),
    agenda        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(agenda) AND json_type(agenda) = 'array'),
    notes         TEXT NOT NULL DEFAULT '',
    decisions     TEXT NOT NULL DEFAULT '',
    prepared_from TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    started_at    TEXT,
    finished_at   TEXT,
    finished_by   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE INDEX meetings_initiative ON meetings (initiative_id);

CREATE TABLE meeting_attendees (
    id           TEXT PRIMARY KEY NOT NULL,
    meeting_id   TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    partner_id   TEXT REFERENCES partners (id) ON DELETE SET NULL,
    partner_name TEXT NOT NULL DEFAULT '',
    people       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;
CREATE INDEX meeting_attendees_meeting ON meeting_attendees (meeting_id);

CREATE TABLE meeting_items (
    id               TEXT PRIMARY KEY NOT NULL,
    meeting_id       TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('note','decision','action','idea')),
    text             TEXT NOT NULL CHECK (length(trim(text)) > 0),
    agenda_index     INTEGER CHECK (agenda_index IS NULL OR agenda_index >= 0),
    measure_id       TEXT REFERENCES measures (id) ON DELETE SET NULL,
    owner_partner_id TEXT REFERENCES partners (id) ON DELETE SET NULL,
    owner_person     TEXT NOT NULL DEFAULT '',
    due_date         TEXT CHECK (due_date IS NULL OR date(due_date, '+0 days') IS due_date),
    idea_source      TEXT CHECK (idea_source IN ('research','community','partner','other')),
    filed_kind       TEXT CHECK (filed_kind IN ('action','worksheet')),
    filed_id         TEXT,
    position         INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT,
    CHECK ((filed_kind IS NULL) = (filed_id IS NULL))
) STRICT;
CREATE INDEX meeting_items_meeting ON meeting_items (meeting_id);

CREATE TABLE community_events (
    id            TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN
                      ('listening_session','survey','data_walk','town_hall','interview','other')),
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    event_date    TEXT NOT NULL CHECK (date(event_date, '+0 days') IS event_date),
    place         TEXT NOT NULL DEFAULT '',
    participants  INTEGER CHECK (participants IS NULL OR participants >= 0),
    communities   TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE INDEX community_events_initiative ON community_events (initiative_id);

CREATE TABLE community_event_groups (
    id         TEXT PRIMARY KEY NOT NULL,
    event_id   TEXT NOT NULL REFERENCES community_events (id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (event_id, group_id)
) STRICT;

CREATE TABLE community_themes (
    id            TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description   TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE INDEX community_themes_initiative ON community_themes (initiative_id);

CREATE TABLE community_event_themes (
    id         TEXT PRIMARY KEY NOT NULL,
    event_id   TEXT NOT NULL REFERENCES community_events (id) ON DELETE CASCADE,
    theme_id   TEXT NOT NULL REFERENCES community_themes (id) ON DELETE CASCADE,
    summary    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (event_id, theme_id)
) STRICT;
CREATE INDEX community_event_themes_theme ON community_event_themes (theme_id);

CREATE TABLE community_quotes (
    id          TEXT PRIMARY KEY NOT NULL,
    event_id    TEXT NOT NULL REFERENCES community_events (id) ON DELETE CASCADE,
    theme_id    TEXT REFERENCES community_themes (id) ON DELETE SET NULL,
    text        TEXT NOT NULL CHECK (length(trim(text)) > 0),
    attribution TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
CREATE INDEX community_quotes_event ON community_quotes (event_id);

CREATE TABLE community_links (
    id          TEXT PRIMARY KEY NOT NULL,
    event_id    TEXT NOT NULL REFERENCES community_events (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('measure','result','worksheet','action')),
    target_id   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    UNIQUE (event_id, target_kind, target_id)
) STRICT;
CREATE INDEX community_links_target ON community_links (target_kind, target_id);

CREATE TABLE data_walk_stations (
    id          TEXT PRIMARY KEY NOT NULL,
    event_id    TEXT NOT NULL REFERENCES community_events (id) ON DELETE CASCADE,
    measure_id  TEXT NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL DEFAULT 0,
    plain_title TEXT NOT NULL CHECK (length(trim(plain_title)) > 0),
    question    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
CREATE INDEX data_walk_stations_event ON data_walk_stations (event_id);

CREATE TABLE data_walk_reactions (
    id         TEXT PRIMARY KEY NOT NULL,
    station_id TEXT NOT NULL REFERENCES data_walk_stations (id) ON DELETE CASCADE,
    reaction   TEXT NOT NULL CHECK (length(trim(reaction)) > 0),
    kind       TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('noticed','surprised','behind','would_do','other')),
    position   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX data_walk_reactions_station ON data_walk_reactions (station_id);

-- Change-log triggers for the new tables.

CREATE TRIGGER meetings_log_insert AFTER INSERT ON meetings BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('meetings', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'title', NEW.title, 'meeting_date', NEW.meeting_date, 'place', NEW.place, 'status', NEW.status, 'agenda', NEW.agenda, 'notes', NEW.notes, 'decisions', NEW.decisions, 'prepared_from', NEW.prepared_from, 'started_at', NEW.started_at, 'finished_at', NEW.finished_at, 'finished_by', NEW.finished_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER meetings_log_update AFTER UPDATE ON meetings
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'title', OLD.title, 'meeting_date', OLD.meeting_date, 'place', OLD.place, 'status', OLD.status, 'agenda', OLD.agenda, 'notes', OLD.notes, 'decisions', OLD.decisions, 'prepared_from', OLD.prepared_from, 'started_at', OLD.started_at, 'finished_at', OLD.finished_at, 'finished_by', OLD.finished_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'title', NEW.title, 'meeting_date', NEW.meeting_date, 'place', NEW.place, 'status', NEW.status, 'agenda', NEW.agenda, 'notes', NEW.notes, 'decisions', NEW.decisions, 'prepared_from', NEW.prepared_from, 'started_at', NEW.started_at, 'finished_at', NEW.finished_at, 'finished_by', NEW.finished_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('meetings', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'title', OLD.title, 'meeting_date', OLD.meeting_date, 'place', OLD.place, 'status', OLD.status, 'agenda', OLD.agenda, 'notes', OLD.notes, 'decisions', OLD.decisions, 'prepared_from', OLD.prepared_from, 'started_at', OLD.started_at, 'finished_at', OLD.finished_at, 'finished_by', OLD.finished_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'title', NEW.title, 'meeting_date', NEW.meeting_date, 'place', NEW.place, 'status', NEW.status, 'agenda', NEW.agenda, 'notes', NEW.notes, 'decisions', NEW.decisions, 'prepared_from', NEW.prepared_from, 'started_at', NEW.started_at, 'finished_at', NEW.finished_at, 'finished_by', NEW.finished_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER meetings_log_delete AFTER DELETE ON meetings BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('meetings', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'title', OLD.title, 'meeting_date', OLD.meeting_date, 'place', OLD.place, 'status', OLD.status, 'agenda', OLD.agenda, 'notes', OLD.notes, 'decisions', OLD.decisions, 'prepared_from', OLD.prepared_from, 'started_at', OLD.started_at, 'finished_at', OLD.finished_at, 'finished_by', OLD.finished_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER meeting_attendees_log_insert AFTER INSERT ON meeting_attendees BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('meeting_attendees', NEW.id, 'insert', json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'partner_id', NEW.partner_id, 'partner_name', NEW.partner_name, 'people', NEW.people, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER meeting_attendees_log_update AFTER UPDATE ON meeting_attendees
WHEN json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'partner_id', OLD.partner_id, 'partner_name', OLD.partner_name, 'people', OLD.people, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'partner_id', NEW.partner_id, 'partner_name', NEW.partner_name, 'people', NEW.people, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('meeting_attendees', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'partner_id', OLD.partner_id, 'partner_name', OLD.partner_name, 'people', OLD.people, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'partner_id', NEW.partner_id, 'partner_name', NEW.partner_name, 'people', NEW.people, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER meeting_attendees_log_delete AFTER DELETE ON meeting_attendees BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('meeting_attendees', OLD.id, 'purge', json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'partner_id', OLD.partner_id, 'partner_name', OLD.partner_name, 'people', OLD.people, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER meeting_items_log_insert AFTER INSERT ON meeting_items BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('meeting_items', NEW.id, 'insert', json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'kind', NEW.kind, 'text', NEW.text, 'agenda_index', NEW.agenda_index, 'measure_id', NEW.measure_id, 'owner_partner_id', NEW.owner_partner_id, 'owner_person', NEW.owner_person, 'due_date', NEW.due_date, 'idea_source', NEW.idea_source, 'filed_kind', NEW.filed_kind, 'filed_id', NEW.filed_id, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER meeting_items_log_update AFTER UPDATE ON meeting_items
WHEN json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'kind', OLD.kind, 'text', OLD.text, 'agenda_index', OLD.agenda_index, 'measure_id', OLD.measure_id, 'owner_partner_id', OLD.owner_partner_id, 'owner_person', OLD.owner_person, 'due_date', OLD.due_date, 'idea_source', OLD.idea_source, 'filed_kind', OLD.filed_kind, 'filed_id', OLD.filed_id, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'kind', NEW.kind, 'text', NEW.text, 'agenda_index', NEW.agenda_index, 'measure_id', NEW.measure_id, 'owner_partner_id', NEW.owner_partner_id, 'owner_person', NEW.owner_person, 'due_date', NEW.due_date, 'idea_source', NEW.idea_source, 'filed_kind', NEW.filed_kind, 'filed_id', NEW.filed_id, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('meeting_items', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'kind', OLD.kind, 'text', OLD.text, 'agenda_index', OLD.agenda_index, 'measure_id', OLD.measure_id, 'owner_partner_id', OLD.owner_partner_id, 'owner_person', OLD.owner_person, 'due_date', OLD.due_date, 'idea_source', OLD.idea_source, 'filed_kind', OLD.filed_kind, 'filed_id', OLD.filed_id, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'kind', NEW.kind, 'text', NEW.text, 'agenda_index', NEW.agenda_index, 'measure_id', NEW.measure_id, 'owner_partner_id', NEW.owner_partner_id, 'owner_person', NEW.owner_person, 'due_date', NEW.due_date, 'idea_source', NEW.idea_source, 'filed_kind', NEW.filed_kind, 'filed_id', NEW.filed_id, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER meeting_items_log_delete AFTER DELETE ON meeting_items BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('meeting_items', OLD.id, 'purge', json_object('id', OLD.id, 'meeting_id', OLD.meeting_id, 'kind', OLD.kind, 'text', OLD.text, 'agenda_index', OLD.agenda_index, 'measure_id', OLD.measure_id, 'owner_partner_id', OLD.owner_partner_id, 'owner_person', OLD.owner_person, 'due_date', OLD.due_date, 'idea_source', OLD.idea_source, 'filed_kind', OLD.filed_kind, 'filed_id', OLD.filed_id, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER community_events_log_insert AFTER INSERT ON community_events BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('community_events', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'kind', NEW.kind, 'title', NEW.title, 'event_date', NEW.event_date, 'place', NEW.place, 'participants', NEW.participants, 'communities', NEW.communities, 'summary', NEW.summary, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER community_events_log_update AFTER UPDATE ON community_events
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'kind', OLD.kind, 'title', OLD.title, 'event_date', OLD.event_date, 'place', OLD.place, 'participants', OLD.participants, 'communities', OLD.communities, 'summary', OLD.summary, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'kind', NEW.kind, 'title', NEW.title, 'event_date', NEW.event_date, 'place', NEW.place, 'participants', NEW.participants, 'communities', NEW.communities, 'summary', NEW.summary, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('community_events', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'kind', OLD.kind, 'title', OLD.title, 'event_date', OLD.event_date, 'place', OLD.place, 'participants', OLD.participants, 'communities', OLD.communities, 'summary', OLD.summary, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'kind', NEW.kind, 'title', NEW.title, 'event_date', NEW.event_date, 'place', NEW.place, 'participants', NEW.participants, 'communities', NEW.communities, 'summary', NEW.summary, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER community_events_log_delete AFTER DELETE ON community_events BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('community_events', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'kind', OLD.kind, 'title', OLD.title, 'event_date', OLD.event_date, 'place', OLD.place, 'participants', OLD.participants, 'communities', OLD.communities, 'summary', OLD.summary, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER community_event_groups_log_insert AFTER INSERT ON community_event_groups BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('community_event_groups', NEW.id, 'insert', json_object('id', NEW.id, 'event_id', NEW.event_id, 'group_id', NEW.group_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER community_event_groups_log_update AFTER UPDATE ON community_event_groups
WHEN json_object('id', OLD.id, 'event_id', OLD.event_id, 'group_id', OLD.group_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'event_id', NEW.event_id, 'group_id', NEW.group_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('community_event_groups', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'event_id', OLD.event_id, 'group_id', OLD.group_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'event_id', NEW.event_id, 'group_id', NEW.group_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER community_event_groups_log_delete AFTER DELETE ON community_event_groups BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('community_event_groups', OLD.id, 'purge', json_object('id', OLD.id, 'event_id', OLD.event_id, 'group_id', OLD.group_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER community_themes_log_insert AFTER INSERT ON community_themes BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('community_themes', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'description', NEW.description, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER community_themes_log_update AFTER UPDATE ON community_themes
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'description', OLD.description, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'description', NEW.description, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('community_themes', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'description', OLD.description, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'description', NEW.description, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER community_themes_log_delete AFTER DELETE ON community_themes BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('community_themes', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'description', OLD.description, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER community_event_themes_log_insert AFTER INSERT ON community_event_themes BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('community_event_themes', NEW.id, 'insert', json_object('id', NEW.id, 'event_id', NEW.event_id, 'theme_id', NEW.theme_id, 'summary', NEW.summary, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER community_event_themes_log_update AFTER UPDATE ON community_event_themes
WHEN json_object('id', OLD.id, 'event_id', OLD.event_id, 'theme_id', OLD.theme_id, 'summary', OLD.summary, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'event_id', NEW.event_id, 'theme_id', NEW.theme_id, 'summary', NEW.summary, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('community_event_themes', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'event_id', OLD.event_id, 'theme_id', OLD.theme_id, 'summary', OLD.summary, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'event_id', NEW.event_id, 'theme_id', NEW.theme_id, 'summary', NEW.summary, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER community_event_themes_log_delete AFTER DELETE ON community_event_themes BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('community_event_themes', OLD.id, 'purge', json_object('id', OLD.id, 'event_id', OLD.event_id, 'theme_id', OLD.theme_id, 'summary', OLD.summary, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER community_quotes_log_insert AFTER INSERT ON community_quotes BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('community_quotes', NEW.id, 'insert', json_object('id', NEW.id, 'event_id', NEW.event_id, 'theme_id', NEW.theme_id, 'text', NEW.text, 'attribution', NEW.attribution, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER community_quotes_log_update AFTER UPDATE ON community_quotes
WHEN json_object('id', OLD.id, 'event_id', OLD.event_id, 'theme_id', OLD.theme_id, 'text', OLD.text, 'attribution', OLD.attribution, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'event_id', NEW.event_id, 'theme_id', NEW.theme_id, 'text', NEW.text, 'attribution', NEW.attribution, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('community_quotes', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'event_id', OLD.event_id, 'theme_id', OLD.theme_id, 'text', OLD.text, 'attribution', OLD.attribution, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'event_id', NEW.event_id, 'theme_id', NEW.theme_id, 'text', NEW.text, 'attribution', NEW.attribution, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER community_quotes_log_delete AFTER DELETE ON community_quotes BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('community_quotes', OLD.id, 'purge', json_object('id', OLD.id, 'event_id', OLD.event_id, 'theme_id', OLD.theme_id, 'text', OLD.text, 'attribution', OLD.attribution, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER community_links_log_insert AFTER INSERT ON community_links BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('community_links', NEW.id, 'insert', json_object('id', NEW.id, 'event_id', NEW.event_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER community_links_log_update AFTER UPDATE ON community_links
WHEN json_object('id', OLD.id, 'event_id', OLD.event_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'event_id', NEW.event_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('community_links', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'event_id', OLD.event_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'event_id', NEW.event_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER community_links_log_delete AFTER DELETE ON community_links BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('community_links', OLD.id, 'purge', json_object('id', OLD.id, 'event_id', OLD.event_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER data_walk_stations_log_insert AFTER INSERT ON data_walk_stations BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('data_walk_stations', NEW.id, 'insert', json_object('id', NEW.id, 'event_id', NEW.event_id, 'measure_id', NEW.measure_id, 'position', NEW.position, 'plain_title', NEW.plain_title, 'question', NEW.question, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER data_walk_stations_log_update AFTER UPDATE ON data_walk_stations
WHEN json_object('id', OLD.id, 'event_id', OLD.event_id, 'measure_id', OLD.measure_id, 'position', OLD.position, 'plain_title', OLD.plain_title, 'question', OLD.question, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'event_id', NEW.event_id, 'measure_id', NEW.measure_id, 'position', NEW.position, 'plain_title', NEW.plain_title, 'question', NEW.question, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('data_walk_stations', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'event_id', OLD.event_id, 'measure_id', OLD.measure_id, 'position', OLD.position, 'plain_title', OLD.plain_title, 'question', OLD.question, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'event_id', NEW.event_id, 'measure_id', NEW.measure_id, 'position', NEW.position, 'plain_title', NEW.plain_title, 'question', NEW.question, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER data_walk_stations_log_delete AFTER DELETE ON data_walk_stations BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('data_walk_stations', OLD.id, 'purge', json_object('id', OLD.id, 'event_id', OLD.event_id, 'measure_id', OLD.measure_id, 'position', OLD.position, 'plain_title', OLD.plain_title, 'question', OLD.question, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER data_walk_reactions_log_insert AFTER INSERT ON data_walk_reactions BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('data_walk_reactions', NEW.id, 'insert', json_object('id', NEW.id, 'station_id', NEW.station_id, 'reaction', NEW.reaction, 'kind', NEW.kind, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER data_walk_reactions_log_update AFTER UPDATE ON data_walk_reactions
WHEN json_object('id', OLD.id, 'station_id', OLD.station_id, 'reaction', OLD.reaction, 'kind', OLD.kind, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'station_id', NEW.station_id, 'reaction', NEW.reaction, 'kind', NEW.kind, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('data_walk_reactions', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'station_id', OLD.station_id, 'reaction', OLD.reaction, 'kind', OLD.kind, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'station_id', NEW.station_id, 'reaction', NEW.reaction, 'kind', NEW.kind, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER data_walk_reactions_log_delete AFTER DELETE ON data_walk_reactions BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('data_walk_reactions', OLD.id, 'purge', json_object('id', OLD.id, 'station_id', OLD.station_id, 'reaction', OLD.reaction, 'kind', OLD.kind, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
