-- Backbone schema 1: the whole RBA model of DOMAIN.md.
-- Every row has a text UUID `id`, `created_at`, `updated_at` (RFC 3339, UTC, set by the
-- app with the time it is given) and `deleted_at` (the trash; the UI never hard-deletes).
-- Enumerations are stored as their snake_case text and checked here.

CREATE TABLE initiatives (
    id                   TEXT PRIMARY KEY NOT NULL,
    name                 TEXT NOT NULL CHECK (length(trim(name)) > 0),
    shared_result        TEXT NOT NULL DEFAULT '',
    geography            TEXT NOT NULL DEFAULT '',
    sectoral_home        TEXT NOT NULL DEFAULT 'other' CHECK (sectoral_home IN
                             ('public','nonprofit','philanthropy','business','education','health','co_led','other')),
    backbone_org         TEXT NOT NULL DEFAULT '',
    equity_statement     TEXT NOT NULL DEFAULT '',
    is_sample            INTEGER NOT NULL DEFAULT 0 CHECK (is_sample IN (0, 1)),
    status_tolerance_pct REAL NOT NULL DEFAULT 10 CHECK (status_tolerance_pct >= 0),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    deleted_at           TEXT
) STRICT;

CREATE TABLE partners (
    id            TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    sector        TEXT NOT NULL CHECK (sector IN
                      ('public','nonprofit','philanthropy','business','education','health','faith','community','other')),
    tier          TEXT CHECK (tier IN ('strategic','mid_tier','community')),
    contact_name  TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE INDEX partners_initiative ON partners (initiative_id);

CREATE TABLE results (
    id            TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description   TEXT NOT NULL DEFAULT '',
    position      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE INDEX results_initiative ON results (initiative_id);

CREATE TABLE programs (
    id              TEXT PRIMARY KEY NOT NULL,
    initiative_id   TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description     TEXT NOT NULL DEFAULT '',
    lead_partner_id TEXT REFERENCES partners (id) ON DELETE SET NULL,
    position        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
) STRICT;
CREATE INDEX programs_initiative ON programs (initiative_id);

-- The results a program contributes to.
CREATE TABLE program_results (
    id         TEXT PRIMARY KEY NOT NULL,
    program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    result_id  TEXT NOT NULL REFERENCES results (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (program_id, result_id)
) STRICT;

-- Roles partners hold: lead or contributor on programs, partner with a role on a result or
-- measure. `target_id` points into the table named by `target_kind`.
CREATE TABLE partner_roles (
    id            TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    partner_id    TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    target_kind   TEXT NOT NULL CHECK (target_kind IN ('result','program','measure')),
    target_id     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('lead','contributor','partner')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT,
    UNIQUE (partner_id, target_kind, target_id, role)
) STRICT;
CREATE INDEX partner_roles_target ON partner_roles (target_kind, target_id);

-- Indicators (of a result) and performance measures (of a program), with their properties.
CREATE TABLE measures (
    id                   TEXT PRIMARY KEY NOT NULL,
    initiative_id        TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    kind                 TEXT NOT NULL CHECK (kind IN ('indicator','performance')),
    result_id            TEXT REFERENCES results (id) ON DELETE CASCADE,
    program_id           TEXT REFERENCES programs (id) ON DELETE CASCADE,
    category             TEXT CHECK (category IN ('how_much','how_well','better_off')),
    name                 TEXT NOT NULL CHECK (length(trim(name)) > 0),
    definition           TEXT NOT NULL DEFAULT '',
    unit                 TEXT NOT NULL DEFAULT 'number' CHECK (unit IN ('number','percent','currency','rate')),
    rate_per             REAL CHECK (rate_per IS NULL OR rate_per > 0),
    polarity             TEXT NOT NULL DEFAULT 'higher' CHECK (polarity IN ('higher','lower','range')),
    calendar             TEXT NOT NULL DEFAULT 'year' CHECK (calendar IN
                             ('year','school_year','fiscal_year','half','quarter','month','week','span')),
    calendar_start_month INTEGER CHECK (calendar_start_month BETWEEN 1 AND 12),
    baseline_period      TEXT,
    data_source          TEXT NOT NULL DEFAULT '',
    headline             INTEGER NOT NULL DEFAULT 0 CHECK (headline IN (0, 1)),
    data_development     INTEGER NOT NULL DEFAULT 0 CHECK (data_development IN (0, 1)),
    cumulative           INTEGER NOT NULL DEFAULT 0 CHECK (cumulative IN (0, 1)),
    position             INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    deleted_at           TEXT,
    CHECK ((kind = 'indicator' AND result_id IS NOT NULL AND program_id IS NULL AND category IS NULL)
        OR (kind = 'performance' AND program_id IS NOT NULL AND result_id IS NULL AND category IS NOT NULL))
) STRICT;
CREATE INDEX measures_initiative ON measures (initiative_id);

-- Periods on a calendar; `start_month` is the school or fiscal year's first month (1 for
-- every other calendar). Ordered by `start_date`.
CREATE TABLE periods (
    id          TEXT PRIMARY KEY NOT NULL,
    calendar    TEXT NOT NULL CHECK (calendar IN
                    ('year','school_year','fiscal_year','half','quarter','month','week','span')),
    start_month INTEGER NOT NULL CHECK (start_month BETWEEN 1 AND 12),
    label       TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL CHECK (end_date >= start_date),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    UNIQUE (calendar, start_month, label)
) STRICT;

-- Disaggregation: a dimension (race/ethnicity, geography, ...) has groups.
CREATE TABLE dimensions (
    id            TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind          TEXT NOT NULL DEFAULT 'other',
    position      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;

CREATE TABLE groups (
    id           TEXT PRIMARY KEY NOT NULL,
    dimension_id TEXT NOT NULL REFERENCES dimensions (id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    is_reference INTEGER NOT NULL DEFAULT 0 CHECK (is_reference IN (0, 1)),
    position     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;
CREATE INDEX groups_dimension ON groups (dimension_id);

-- A disaggregation is a set of (dimension, group) pairs; `key` is its group ids sorted and
-- joined by ','. The empty set (key '') is the total and always exists.
CREATE TABLE disaggregations (
    id         TEXT PRIMARY KEY NOT NULL,
    key        TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

CREATE TABLE disaggregation_groups (
    id                 TEXT PRIMARY KEY NOT NULL,
    disaggregation_id  TEXT NOT NULL REFERENCES disaggregations (id) ON DELETE CASCADE,
    group_id           TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT,
    UNIQUE (disaggregation_id, group_id)
) STRICT;

INSERT INTO disaggregations (id, key, created_at, updated_at)
VALUES ('00000000-0000-0000-0000-000000000000', '', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z');

-- One value per (measure, period, disaggregation). A NULL value is missing, never zero.
CREATE TABLE observations (
    id                TEXT PRIMARY KEY NOT NULL,
    measure_id        TEXT NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    period_id         TEXT NOT NULL REFERENCES periods (id),
    disaggregation_id TEXT NOT NULL REFERENCES disaggregations (id),
    value             REAL,
    numerator         REAL,
    denominator       REAL CHECK (denominator IS NULL OR denominator > 0),
    target            REAL,
    target_low        REAL,
    target_high       REAL CHECK (target_high IS NULL OR target_low IS NULL OR target_high >= target_low),
    note              TEXT,
    margin_of_error   REAL CHECK (margin_of_error IS NULL OR margin_of_error >= 0),
    suppressed        INTEGER NOT NULL DEFAULT 0 CHECK (suppressed IN (0, 1)),
    source            TEXT,
    entered_by        TEXT,
    entered_at        TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT,
    CHECK (NOT (suppressed = 1 AND value IS NOT NULL)),
    UNIQUE (measure_id, disaggregation_id, period_id)
) STRICT;

-- Small settings (the user's name, whether the sample was offered).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- Every change to a model row, appended by the triggers below: history, undo and sync
-- between laptops build on it. `changed_at` is the row's new `updated_at` (the app's
-- clock), or SQLite's clock for a purge.
CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('insert','update','delete','restore','purge')),
    old_values TEXT,
    new_values TEXT,
    changed_at TEXT NOT NULL
) STRICT;
CREATE INDEX change_log_row ON change_log (table_name, row_id);

-- Change-log triggers (one set per model table).

CREATE TRIGGER initiatives_log_insert AFTER INSERT ON initiatives BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('initiatives', NEW.id, 'insert', json_object('id', NEW.id, 'name', NEW.name, 'shared_result', NEW.shared_result, 'geography', NEW.geography, 'sectoral_home', NEW.sectoral_home, 'backbone_org', NEW.backbone_org, 'equity_statement', NEW.equity_statement, 'is_sample', NEW.is_sample, 'status_tolerance_pct', NEW.status_tolerance_pct, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER initiatives_log_update AFTER UPDATE ON initiatives
WHEN json_object('id', OLD.id, 'name', OLD.name, 'shared_result', OLD.shared_result, 'geography', OLD.geography, 'sectoral_home', OLD.sectoral_home, 'backbone_org', OLD.backbone_org, 'equity_statement', OLD.equity_statement, 'is_sample', OLD.is_sample, 'status_tolerance_pct', OLD.status_tolerance_pct, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'name', NEW.name, 'shared_result', NEW.shared_result, 'geography', NEW.geography, 'sectoral_home', NEW.sectoral_home, 'backbone_org', NEW.backbone_org, 'equity_statement', NEW.equity_statement, 'is_sample', NEW.is_sample, 'status_tolerance_pct', NEW.status_tolerance_pct, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('initiatives', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'name', OLD.name, 'shared_result', OLD.shared_result, 'geography', OLD.geography, 'sectoral_home', OLD.sectoral_home, 'backbone_org', OLD.backbone_org, 'equity_statement', OLD.equity_statement, 'is_sample', OLD.is_sample, 'status_tolerance_pct', OLD.status_tolerance_pct, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'name', NEW.name, 'shared_result', NEW.shared_result, 'geography', NEW.geography, 'sectoral_home', NEW.sectoral_home, 'backbone_org', NEW.backbone_org, 'equity_statement', NEW.equity_statement, 'is_sample', NEW.is_sample, 'status_tolerance_pct', NEW.status_tolerance_pct, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER initiatives_log_delete AFTER DELETE ON initiatives BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('initiatives', OLD.id, 'purge', json_object('id', OLD.id, 'name', OLD.name, 'shared_result', OLD.shared_result, 'geography', OLD.geography, 'sectoral_home', OLD.sectoral_home, 'backbone_org', OLD.backbone_org, 'equity_statement', OLD.equity_statement, 'is_sample', OLD.is_sample, 'status_tolerance_pct', OLD.status_tolerance_pct, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER partners_log_insert AFTER INSERT ON partners BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('partners', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'sector', NEW.sector, 'tier', NEW.tier, 'contact_name', NEW.contact_name, 'contact_email', NEW.contact_email, 'contact_phone', NEW.contact_phone, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER partners_log_update AFTER UPDATE ON partners
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'sector', OLD.sector, 'tier', OLD.tier, 'contact_name', OLD.contact_name, 'contact_email', OLD.contact_email, 'contact_phone', OLD.contact_phone, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'sector', NEW.sector, 'tier', NEW.tier, 'contact_name', NEW.contact_name, 'contact_email', NEW.contact_email, 'contact_phone', NEW.contact_phone, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('partners', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'sector', OLD.sector, 'tier', OLD.tier, 'contact_name', OLD.contact_name, 'contact_email', OLD.contact_email, 'contact_phone', OLD.contact_phone, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'sector', NEW.sector, 'tier', NEW.tier, 'contact_name', NEW.contact_name, 'contact_email', NEW.contact_email, 'contact_phone', NEW.contact_phone, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER partners_log_delete AFTER DELETE ON partners BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('partners', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'sector', OLD.sector, 'tier', OLD.tier, 'contact_name', OLD.contact_name, 'contact_email', OLD.contact_email, 'contact_phone', OLD.contact_phone, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER results_log_insert AFTER INSERT ON results BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('results', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'description', NEW.description, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER results_log_update AFTER UPDATE ON results
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'description', OLD.description, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'description', NEW.description, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('results', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'description', OLD.description, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'description', NEW.description, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER results_log_delete AFTER DELETE ON results BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('results', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'description', OLD.description, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER programs_log_insert AFTER INSERT ON programs BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('programs', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'description', NEW.description, 'lead_partner_id', NEW.lead_partner_id, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER programs_log_update AFTER UPDATE ON programs
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'description', OLD.description, 'lead_partner_id', OLD.lead_partner_id, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'description', NEW.description, 'lead_partner_id', NEW.lead_partner_id, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('programs', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'description', OLD.description, 'lead_partner_id', OLD.lead_partner_id, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'description', NEW.description, 'lead_partner_id', NEW.lead_partner_id, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER programs_log_delete AFTER DELETE ON programs BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('programs', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'description', OLD.description, 'lead_partner_id', OLD.lead_partner_id, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER program_results_log_insert AFTER INSERT ON program_results BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('program_results', NEW.id, 'insert', json_object('id', NEW.id, 'program_id', NEW.program_id, 'result_id', NEW.result_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER program_results_log_update AFTER UPDATE ON program_results
WHEN json_object('id', OLD.id, 'program_id', OLD.program_id, 'result_id', OLD.result_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'program_id', NEW.program_id, 'result_id', NEW.result_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('program_results', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'program_id', OLD.program_id, 'result_id', OLD.result_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'program_id', NEW.program_id, 'result_id', NEW.result_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER program_results_log_delete AFTER DELETE ON program_results BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('program_results', OLD.id, 'purge', json_object('id', OLD.id, 'program_id', OLD.program_id, 'result_id', OLD.result_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER partner_roles_log_insert AFTER INSERT ON partner_roles BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('partner_roles', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'partner_id', NEW.partner_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'role', NEW.role, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER partner_roles_log_update AFTER UPDATE ON partner_roles
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'partner_id', OLD.partner_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'role', OLD.role, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'partner_id', NEW.partner_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'role', NEW.role, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('partner_roles', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'partner_id', OLD.partner_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'role', OLD.role, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'partner_id', NEW.partner_id, 'target_kind', NEW.target_kind, 'target_id', NEW.target_id, 'role', NEW.role, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER partner_roles_log_delete AFTER DELETE ON partner_roles BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('partner_roles', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'partner_id', OLD.partner_id, 'target_kind', OLD.target_kind, 'target_id', OLD.target_id, 'role', OLD.role, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER measures_log_insert AFTER INSERT ON measures BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('measures', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'kind', NEW.kind, 'result_id', NEW.result_id, 'program_id', NEW.program_id, 'category', NEW.category, 'name', NEW.name, 'definition', NEW.definition, 'unit', NEW.unit, 'rate_per', NEW.rate_per, 'polarity', NEW.polarity, 'calendar', NEW.calendar, 'calendar_start_month', NEW.calendar_start_month, 'baseline_period', NEW.baseline_period, 'data_source', NEW.data_source, 'headline', NEW.headline, 'data_development', NEW.data_development, 'cumulative', NEW.cumulative, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER measures_log_update AFTER UPDATE ON measures
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'kind', OLD.kind, 'result_id', OLD.result_id, 'program_id', OLD.program_id, 'category', OLD.category, 'name', OLD.name, 'definition', OLD.definition, 'unit', OLD.unit, 'rate_per', OLD.rate_per, 'polarity', OLD.polarity, 'calendar', OLD.calendar, 'calendar_start_month', OLD.calendar_start_month, 'baseline_period', OLD.baseline_period, 'data_source', OLD.data_source, 'headline', OLD.headline, 'data_development', OLD.data_development, 'cumulative', OLD.cumulative, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'kind', NEW.kind, 'result_id', NEW.result_id, 'program_id', NEW.program_id, 'category', NEW.category, 'name', NEW.name, 'definition', NEW.definition, 'unit', NEW.unit, 'rate_per', NEW.rate_per, 'polarity', NEW.polarity, 'calendar', NEW.calendar, 'calendar_start_month', NEW.calendar_start_month, 'baseline_period', NEW.baseline_period, 'data_source', NEW.data_source, 'headline', NEW.headline, 'data_development', NEW.data_development, 'cumulative', NEW.cumulative, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('measures', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'kind', OLD.kind, 'result_id', OLD.result_id, 'program_id', OLD.program_id, 'category', OLD.category, 'name', OLD.name, 'definition', OLD.definition, 'unit', OLD.unit, 'rate_per', OLD.rate_per, 'polarity', OLD.polarity, 'calendar', OLD.calendar, 'calendar_start_month', OLD.calendar_start_month, 'baseline_period', OLD.baseline_period, 'data_source', OLD.data_source, 'headline', OLD.headline, 'data_development', OLD.data_development, 'cumulative', OLD.cumulative, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'kind', NEW.kind, 'result_id', NEW.result_id, 'program_id', NEW.program_id, 'category', NEW.category, 'name', NEW.name, 'definition', NEW.definition, 'unit', NEW.unit, 'rate_per', NEW.rate_per, 'polarity', NEW.polarity, 'calendar', NEW.calendar, 'calendar_start_month', NEW.calendar_start_month, 'baseline_period', NEW.baseline_period, 'data_source', NEW.data_source, 'headline', NEW.headline, 'data_development', NEW.data_development, 'cumulative', NEW.cumulative, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER measures_log_delete AFTER DELETE ON measures BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('measures', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'kind', OLD.kind, 'result_id', OLD.result_id, 'program_id', OLD.program_id, 'category', OLD.category, 'name', OLD.name, 'definition', OLD.definition, 'unit', OLD.unit, 'rate_per', OLD.rate_per, 'polarity', OLD.polarity, 'calendar', OLD.calendar, 'calendar_start_month', OLD.calendar_start_month, 'baseline_period', OLD.baseline_period, 'data_source', OLD.data_source, 'headline', OLD.headline, 'data_development', OLD.data_development, 'cumulative', OLD.cumulative, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER periods_log_insert AFTER INSERT ON periods BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('periods', NEW.id, 'insert', json_object('id', NEW.id, 'calendar', NEW.calendar, 'start_month', NEW.start_month, 'label', NEW.label, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER periods_log_update AFTER UPDATE ON periods
WHEN json_object('id', OLD.id, 'calendar', OLD.calendar, 'start_month', OLD.start_month, 'label', OLD.label, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'calendar', NEW.calendar, 'start_month', NEW.start_month, 'label', NEW.label, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('periods', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'calendar', OLD.calendar, 'start_month', OLD.start_month, 'label', OLD.label, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'calendar', NEW.calendar, 'start_month', NEW.start_month, 'label', NEW.label, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER periods_log_delete AFTER DELETE ON periods BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('periods', OLD.id, 'purge', json_object('id', OLD.id, 'calendar', OLD.calendar, 'start_month', OLD.start_month, 'label', OLD.label, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER dimensions_log_insert AFTER INSERT ON dimensions BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('dimensions', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'kind', NEW.kind, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER dimensions_log_update AFTER UPDATE ON dimensions
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'kind', OLD.kind, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'kind', NEW.kind, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('dimensions', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'kind', OLD.kind, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'name', NEW.name, 'kind', NEW.kind, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER dimensions_log_delete AFTER DELETE ON dimensions BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('dimensions', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'name', OLD.name, 'kind', OLD.kind, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER groups_log_insert AFTER INSERT ON groups BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('groups', NEW.id, 'insert', json_object('id', NEW.id, 'dimension_id', NEW.dimension_id, 'name', NEW.name, 'is_reference', NEW.is_reference, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER groups_log_update AFTER UPDATE ON groups
WHEN json_object('id', OLD.id, 'dimension_id', OLD.dimension_id, 'name', OLD.name, 'is_reference', OLD.is_reference, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'dimension_id', NEW.dimension_id, 'name', NEW.name, 'is_reference', NEW.is_reference, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('groups', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'dimension_id', OLD.dimension_id, 'name', OLD.name, 'is_reference', OLD.is_reference, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'dimension_id', NEW.dimension_id, 'name', NEW.name, 'is_reference', NEW.is_reference, 'position', NEW.position, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER groups_log_delete AFTER DELETE ON groups BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('groups', OLD.id, 'purge', json_object('id', OLD.id, 'dimension_id', OLD.dimension_id, 'name', OLD.name, 'is_reference', OLD.is_reference, 'position', OLD.position, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER disaggregations_log_insert AFTER INSERT ON disaggregations BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('disaggregations', NEW.id, 'insert', json_object('id', NEW.id, 'key', NEW.key, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER disaggregations_log_update AFTER UPDATE ON disaggregations
WHEN json_object('id', OLD.id, 'key', OLD.key, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'key', NEW.key, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('disaggregations', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'key', OLD.key, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'key', NEW.key, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER disaggregations_log_delete AFTER DELETE ON disaggregations BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('disaggregations', OLD.id, 'purge', json_object('id', OLD.id, 'key', OLD.key, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER disaggregation_groups_log_insert AFTER INSERT ON disaggregation_groups BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('disaggregation_groups', NEW.id, 'insert', json_object('id', NEW.id, 'disaggregation_id', NEW.disaggregation_id, 'group_id', NEW.group_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER disaggregation_groups_log_update AFTER UPDATE ON disaggregation_groups
WHEN json_object('id', OLD.id, 'disaggregation_id', OLD.disaggregation_id, 'group_id', OLD.group_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'disaggregation_id', NEW.disaggregation_id, 'group_id', NEW.group_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('disaggregation_groups', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'disaggregation_id', OLD.disaggregation_id, 'group_id', OLD.group_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'disaggregation_id', NEW.disaggregation_id, 'group_id', NEW.group_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER disaggregation_groups_log_delete AFTER DELETE ON disaggregation_groups BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('disaggregation_groups', OLD.id, 'purge', json_object('id', OLD.id, 'disaggregation_id', OLD.disaggregation_id, 'group_id', OLD.group_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TRIGGER observations_log_insert AFTER INSERT ON observations BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('observations', NEW.id, 'insert', json_object('id', NEW.id, 'measure_id', NEW.measure_id, 'period_id', NEW.period_id, 'disaggregation_id', NEW.disaggregation_id, 'value', NEW.value, 'numerator', NEW.numerator, 'denominator', NEW.denominator, 'target', NEW.target, 'target_low', NEW.target_low, 'target_high', NEW.target_high, 'note', NEW.note, 'margin_of_error', NEW.margin_of_error, 'suppressed', NEW.suppressed, 'source', NEW.source, 'entered_by', NEW.entered_by, 'entered_at', NEW.entered_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER observations_log_update AFTER UPDATE ON observations
WHEN json_object('id', OLD.id, 'measure_id', OLD.measure_id, 'period_id', OLD.period_id, 'disaggregation_id', OLD.disaggregation_id, 'value', OLD.value, 'numerator', OLD.numerator, 'denominator', OLD.denominator, 'target', OLD.target, 'target_low', OLD.target_low, 'target_high', OLD.target_high, 'note', OLD.note, 'margin_of_error', OLD.margin_of_error, 'suppressed', OLD.suppressed, 'source', OLD.source, 'entered_by', OLD.entered_by, 'entered_at', OLD.entered_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'measure_id', NEW.measure_id, 'period_id', NEW.period_id, 'disaggregation_id', NEW.disaggregation_id, 'value', NEW.value, 'numerator', NEW.numerator, 'denominator', NEW.denominator, 'target', NEW.target, 'target_low', NEW.target_low, 'target_high', NEW.target_high, 'note', NEW.note, 'margin_of_error', NEW.margin_of_error, 'suppressed', NEW.suppressed, 'source', NEW.source, 'entered_by', NEW.entered_by, 'entered_at', NEW.entered_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('observations', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'measure_id', OLD.measure_id, 'period_id', OLD.period_id, 'disaggregation_id', OLD.disaggregation_id, 'value', OLD.value, 'numerator', OLD.numerator, 'denominator', OLD.denominator, 'target', OLD.target, 'target_low', OLD.target_low, 'target_high', OLD.target_high, 'note', OLD.note, 'margin_of_error', OLD.margin_of_error, 'suppressed', OLD.suppressed, 'source', OLD.source, 'entered_by', OLD.entered_by, 'entered_at', OLD.entered_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'measure_id', NEW.measure_id, 'period_id', NEW.period_id, 'disaggregation_id', NEW.disaggregation_id, 'value', NEW.value, 'numerator', NEW.numerator, 'denominator', NEW.denominator, 'target', NEW.target, 'target_low', NEW.target_low, 'target_high', NEW.target_high, 'note', NEW.note, 'margin_of_error', NEW.margin_of_error, 'suppressed', NEW.suppressed, 'source', NEW.source, 'entered_by', NEW.entered_by, 'entered_at', NEW.entered_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER observations_log_delete AFTER DELETE ON observations BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('observations', OLD.id, 'purge', json_object('id', OLD.id, 'measure_id', OLD.measure_id, 'period_id', OLD.period_id, 'disaggregation_id', OLD.disaggregation_id, 'value', OLD.value, 'numerator', OLD.numerator, 'denominator', OLD.denominator, 'target', OLD.target, 'target_low', OLD.target_low, 'target_high', OLD.target_high, 'note', OLD.note, 'margin_of_error', OLD.margin_of_error, 'suppressed', OLD.suppressed, 'source', OLD.source, 'entered_by', OLD.entered_by, 'entered_at', OLD.entered_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
