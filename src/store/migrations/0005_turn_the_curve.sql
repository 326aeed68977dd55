-- Backbone schema 5: the work around the numbers (issue 7, Turn the Curve).
--
-- 1. Partners with a role to play: `partner_roles` gains the role in words
--    (`description`) and, for a partner with a role on a measure or result, whether it is
--    a strategic or a mid-tier partner for that work (`tier`). A Turn the Curve worksheet's
--    partners are exactly the live `partner` roles on its measure.
-- 2. `worksheets`: one live worksheet per measure. Its sections are columns: the team's
--    reading of the curve (`how_doing`; the chart and figures themselves are live), the
--    story behind the curve (`story`, plain text, and `factors`, a JSON array of
--    `{id, kind: contributing|restricting, text, rank}`), what works (`ideas`, a JSON
--    array of `{id, text, source: research|community|partner|other, low_cost, no_cost,
--    needs_research}`) and the action plan's words (`action_plan`; its items are the
--    actions linked to the measure). Texts are plain text with light formatting
--    (paragraphs, `- ` bullets, `**bold**`), never HTML. `revision` counts saves.
-- 3. `worksheet_revisions`: every save of a worksheet, whole (a JSON snapshot of every
--    section, its partners and its linked actions), with who saved it and when. The
--    latest revision is the worksheet as it is; older ones are its history.
-- 4. `actions`, their links to the measures, results and programs they serve
--    (`action_links`), and their dated log of status updates (`action_updates`). An
--    action's owner is a partner and/or a person; when its partner is deleted the user
--    either reassigns the action or keeps it with the partner as a former partner
--    (`former_owner` keeps the name, so purging the partner loses nothing). Dates are
--    `YYYY-MM-DD`.
-- 5. `comments` on a value (`observation`), a `measure`, a worksheet section
--    (`worksheet` + `section`) or an `action`, with the author's name (Settings) and the
--    time; a resolved comment keeps `resolved_at`/`resolved_by` and folds away in the UI.

ALTER TABLE partner_roles ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE partner_roles ADD COLUMN tier TEXT CHECK (tier IN ('strategic','mid_tier'));

CREATE TABLE worksheets (
    id            TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    measure_id    TEXT NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    how_doing     TEXT NOT NULL DEFAULT '',
    story         TEXT NOT NULL DEFAULT '',
    factors       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(factors) AND json_type(factors) = 'array'),
    ideas         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(ideas) AND json_type(ideas) = 'array'),
    action_plan   TEXT NOT NULL DEFAULT '',
    revision      INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
    updated_by    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE UNIQUE INDEX worksheets_measure ON worksheets (measure_id) WHERE deleted_at IS NULL;
CREATE INDEX worksheets_initiative ON worksheets (initiative_id);

CREATE TABLE worksheet_revisions (
    id           TEXT PRIMARY KEY NOT NULL,
    worksheet_id TEXT NOT NULL REFERENCES worksheets (id) ON DELETE CASCADE,
    revision     INTEGER NOT NULL CHECK (revision >= 1),
    content      TEXT NOT NULL CHECK (json_valid(content)),
    author       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,
    UNIQUE (worksheet_id, revision)
) STRICT;

CREATE TABLE actions (
    id               TEXT PRIMARY KEY NOT NULL,
    initiative_id    TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    title            TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description      TEXT NOT NULL DEFAULT '',
    owner_partner_id TEXT REFERENCES partners (id) ON DELETE SET NULL,
    owner_person     TEXT NOT NULL DEFAULT '',
    former_owner     TEXT NOT NULL DEFAULT '',
    start_date       TEXT CHECK (start_date IS NULL OR date(start_date, '+0 days') IS start_date),
    due_date         TEXT CHECK (due_date IS NULL OR date(due_date, '+0 days') IS due_date),
    status           TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN
                         ('not_started','on_track','at_risk','done','dropped')),
    position         INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT,
    CHECK (start_date IS NULL OR due_date IS NULL OR due_date >= start_date)
) STRICT;
CREATE INDEX actions_initiative ON actions (initiative_id);
CREATE INDEX actions_owner ON actions (owner_partner_id);

CREATE TABLE action_links (
    id          TEXT PRIMARY KEY NOT NULL,
    action_id   TEXT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('measure','result','program')),
    target_id   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    UNIQUE (action_id, target_kind, target_id)
) STRICT;
CREATE INDEX action_links_target ON action_links (target_kind, target_id);

CREATE TABLE action_updates (
    id          TEXT PRIMARY KEY NOT NULL,
    action_id   TEXT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    update_date TEXT NOT NULL CHECK (date(update_date, '+0 days') IS update_date),
    status      TEXT NOT NULL CHECK (status IN ('not_started','on_track','at_risk','done','dropped')),
    comment     TEXT NOT NULL DEFAULT '',
    author      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
CREATE INDEX action_updates_action ON action_updates (action_id);

CREATE TABLE comments (
    id            TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    target_kind   TEXT NOT NULL CHECK (target_kind IN ('observation','measure','worksheet','action')),
    target_id     TEXT NOT NULL,
    section       TEXT CHECK (section IN ('how_doing','story','partners','what_works','action_plan')),
    body          TEXT NOT NULL CHECK (length(trim(body)) > 0),
    author        TEXT NOT NULL DEFAULT '',
    resolved_at   TEXT,
    resolved_by   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT,
    CHECK ((target_kind = 'worksheet') = (section IS NOT NULL))
) STRICT;
CREATE INDEX comments_target ON comments (target_kind, target_id);
CREATE INDEX comments_initiative ON comments (initiative_id);

-- Change-log triggers: partner_roles' again (two new columns), then the new tables'.

DROP TRIGGER partner_roles_log_insert;
DROP TRIGGER partner_roles_log_update;
DROP TRIGGER partner_roles_log_delete;
CREATE TRIGGER partner_roles_log_insert AFTER INSERT ON partner_roles BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('partner_roles', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'partner_id', NEW.partner_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'role', NEW.role, 'description', NEW.description, 'tier', NEW.tier, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER partner_roles_log_update AFTER UPDATE ON partner_roles
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'partner_id', OLD.partner_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'role', OLD.role, 'description', OLD.description, 'tier', OLD.tier, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'partner_id', NEW.partner_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'role', NEW.role, 'description', NEW.description, 'tier', NEW.tier, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('partner_roles', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'partner_id', OLD.partner_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'role', OLD.role, 'description', OLD.description, 'tier', OLD.tier, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'partner_id', NEW.partner_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'role', NEW.role, 'description', NEW.description, 'tier', NEW.tier, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER partner_roles_log_delete AFTER DELETE ON partner_roles BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('partner_roles', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'partner_id', OLD.partner_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'role', OLD.role, 'description', OLD.description, 'tier', OLD.tier, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER worksheets_log_insert AFTER INSERT ON worksheets BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('worksheets', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'measure_id', NEW.measure_id, 'how_doing', NEW.how_doing, 'story', NEW.story, 'factors', NEW.factors, 'ideas', NEW.ideas, 'action_plan', NEW.action_plan, 'revision', NEW.revision, 'updated_by', NEW.updated_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER worksheets_log_update AFTER UPDATE ON worksheets
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'measure_id', OLD.measure_id, 'how_doing', OLD.how_doing, 'story', OLD.story, 'factors', OLD.factors, 'ideas', OLD.ideas, 'action_plan', OLD.action_plan, 'revision', OLD.revision, 'updated_by', OLD.updated_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'measure_id', NEW.measure_id, 'how_doing', NEW.how_doing, 'story', NEW.story, 'factors', NEW.factors, 'ideas', NEW.ideas, 'action_plan', NEW.action_plan, 'revision', NEW.revision, 'updated_by', NEW.updated_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('worksheets', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'measure_id', OLD.measure_id, 'how_doing', OLD.how_doing, 'story', OLD.story, 'factors', OLD.factors, 'ideas', OLD.ideas, 'action_plan', OLD.action_plan, 'revision', OLD.revision, 'updated_by', OLD.updated_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'measure_id', NEW.measure_id, 'how_doing', NEW.how_doing, 'story', NEW.story, 'factors', NEW.factors, 'ideas', NEW.ideas, 'action_plan', NEW.action_plan, 'revision', NEW.revision, 'updated_by', NEW.updated_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER worksheets_log_delete AFTER DELETE ON worksheets BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('worksheets', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'measure_id', OLD.measure_id, 'how_doing', OLD.how_doing, 'story', OLD.story, 'factors', OLD.factors, 'ideas', OLD.ideas, 'action_plan', OLD.action_plan, 'revision', OLD.revision, 'updated_by', OLD.updated_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER worksheet_revisions_log_insert AFTER INSERT ON worksheet_revisions BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('worksheet_revisions', NEW.id, 'insert', json_object('id', NEW.id, 'worksheet_id', NEW.worksheet_id, 'revision', NEW.revision, 'content', NEW.content, 'author', NEW.author, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER worksheet_revisions_log_update AFTER UPDATE ON worksheet_revisions
WHEN json_object('id', OLD.id, 'worksheet_id', OLD.worksheet_id, 'revision', OLD.revision, 'content', OLD.content, 'author', OLD.author, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'worksheet_id', NEW.worksheet_id, 'revision', NEW.revision, 'content', NEW.content, 'author', NEW.author, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('worksheet_revisions', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'worksheet_id', OLD.worksheet_id, 'revision', OLD.revision, 'content', OLD.content, 'author', OLD.author, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'worksheet_id', NEW.worksheet_id, 'revision', NEW.revision, 'content', NEW.content, 'author', NEW.author, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER worksheet_revisions_log_delete AFTER DELETE ON worksheet_revisions BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('worksheet_revisions', OLD.id, 'purge', json_object('id', OLD.id, 'worksheet_id', OLD.worksheet_id, 'revision', OLD.revision, 'content', OLD.content, 'author', OLD.author, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER actions_log_insert AFTER INSERT ON actions BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('actions', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'title', NEW.title, 'description', NEW.description, 'owner_partner_id', NEW.owner_partner_id, 'owner_person', NEW.owner_person, 'former_owner', NEW.former_owner, 'start_date', NEW.start_date, 'due_date', NEW.due_date, 'status', NEW.status, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER actions_log_update AFTER UPDATE ON actions
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'title', OLD.title, 'description', OLD.description, 'owner_partner_id', OLD.owner_partner_id, 'owner_person', OLD.owner_person, 'former_owner', OLD.former_owner, 'start_date', OLD.start_date, 'due_date', OLD.due_date, 'status', OLD.status, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'title', NEW.title, 'description', NEW.description, 'owner_partner_id', NEW.owner_partner_id, 'owner_person', NEW.owner_person, 'former_owner', NEW.former_owner, 'start_date', NEW.start_date, 'due_date', NEW.due_date, 'status', NEW.status, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('actions', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'title', OLD.title, 'description', OLD.description, 'owner_partner_id', OLD.owner_partner_id, 'owner_person', OLD.owner_person, 'former_owner', OLD.former_owner, 'start_date', OLD.start_date, 'due_date', OLD.due_date, 'status', OLD.status, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'title', NEW.title, 'description', NEW.description, 'owner_partner_id', NEW.owner_partner_id, 'owner_person', NEW.owner_person, 'former_owner', NEW.former_owner, 'start_date', NEW.start_date, 'due_date', NEW.due_date, 'status', NEW.status, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER actions_log_delete AFTER DELETE ON actions BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('actions', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'title', OLD.title, 'description', OLD.description, 'owner_partner_id', OLD.owner_partner_id, 'owner_person', OLD.owner_person, 'former_owner', OLD.former_owner, 'start_date', OLD.start_date, 'due_date', OLD.due_date, 'status', OLD.status, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER action_links_log_insert AFTER INSERT ON action_links BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('action_links', NEW.id, 'insert', json_object('id', NEW.id, 'action_id', NEW.action_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER action_links_log_update AFTER UPDATE ON action_links
WHEN json_object('id', OLD.id, 'action_id', OLD.action_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'action_id', NEW.action_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('action_links', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'action_id', OLD.action_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'action_id', NEW.action_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER action_links_log_delete AFTER DELETE ON action_links BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('action_links', OLD.id, 'purge', json_object('id', OLD.id, 'action_id', OLD.action_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER action_updates_log_insert AFTER INSERT ON action_updates BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('action_updates', NEW.id, 'insert', json_object('id', NEW.id, 'action_id', NEW.action_id, 'update_date', NEW.update_date, 'status', NEW.status, 'comment', NEW.comment, 'author', NEW.author, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER action_updates_log_update AFTER UPDATE ON action_updates
WHEN json_object('id', OLD.id, 'action_id', OLD.action_id, 'update_date', OLD.update_date, 'status', OLD.status, 'comment', OLD.comment, 'author', OLD.author, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'action_id', NEW.action_id, 'update_date', NEW.update_date, 'status', NEW.status, 'comment', NEW.comment, 'author', NEW.author, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('action_updates', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'action_id', OLD.action_id, 'update_date', OLD.update_date, 'status', OLD.status, 'comment', OLD.comment, 'author', OLD.author, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'action_id', NEW.action_id, 'update_date', NEW.update_date, 'status', NEW.status, 'comment', NEW.comment, 'author', NEW.author, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER action_updates_log_delete AFTER DELETE ON action_updates BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('action_updates', OLD.id, 'purge', json_object('id', OLD.id, 'action_id', OLD.action_id, 'update_date', OLD.update_date, 'status', OLD.status, 'comment', OLD.comment, 'author', OLD.author, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER comments_log_insert AFTER INSERT ON comments BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('comments', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'section', NEW.section, 'body', NEW.body, 'author', NEW.author, 'resolved_at', NEW.resolved_at, 'resolved_by', NEW.resolved_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER comments_log_update AFTER UPDATE ON comments
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'section', OLD.section, 'body', OLD.body, 'author', OLD.author, 'resolved_at', OLD.resolved_at, 'resolved_by', OLD.resolved_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'section', NEW.section, 'body', NEW.body, 'author', NEW.author, 'resolved_at', NEW.resolved_at, 'resolved_by', NEW.resolved_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('comments', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'section', OLD.section, 'body', OLD.body, 'author', OLD.author, 'resolved_at', OLD.resolved_at, 'resolved_by', OLD.resolved_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'section', NEW.section, 'body', NEW.body, 'author', NEW.author, 'resolved_at', NEW.resolved_at, 'resolved_by', NEW.resolved_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER comments_log_delete AFTER DELETE ON comments BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('comments', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'section', OLD.section, 'body', OLD.body, 'author', OLD.author, 'resolved_at', OLD.resolved_at, 'resolved_by', OLD.resolved_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

