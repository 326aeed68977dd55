-- Backbone schema 7: field sync between laptops (issue 9).
--
-- 1. The change log becomes the unit of exchange. Each entry gains its hybrid logical
--    clock timestamp `hlc` (16 hex digits: 12 of physical milliseconds, 4 of counter; an
--    entry expanded from an import's values adds `.` and 8 hex digits), the replica that
--    made it (`origin`), what that replica had seen when it made it (`ctx`, a version
--    vector in `sync_contexts`) and who made it (`author`, that laptop's "your name").
--    Entries written here are stamped lazily, in `seq` order, before any exchange (an
--    entry without `hlc` is a local change not yet stamped). Entries received from other
--    laptops are stored as they came: `new_values` holds the fields the change wrote and
--    `old_values` is NULL. The fields an entry wrote: every key of `new_values` when
--    `old_values` is NULL, else the keys whose value changed.
-- 2. `sync_contexts`: the version vectors entries refer to (JSON objects origin -> hlc),
--    each stored once.
-- 3. `sync_vv`: this store's version vector: the newest entry it has from each origin.
-- 4. `sync_peers`: the other laptops heard from, with the version vector each reported in
--    its last file (what it has seen: an export "for" it leaves that out).
-- 5. `sync_log`: every file written or read (what came in, from whom).
-- 6. `sync_conflicts`: concurrent writes of one field of one row. The newer write (by
--    hlc, then origin) is applied, the other is kept here with its value, replica, author
--    and time until a person resolves it (`resolved`) or a later write made knowing both
--    replaces them (`superseded`). The id is derived from the row, the field and the
--    losing write, so every laptop names a conflict the same way.
-- 7. `sync_pending`: rows a received change could not be written to yet (a parent row not
--    received yet, a rule the row breaks); retried after every import.
-- None of these tables is in the change log or in bundles: they describe this copy.

ALTER TABLE change_log ADD COLUMN hlc TEXT;
ALTER TABLE change_log ADD COLUMN origin TEXT;
ALTER TABLE change_log ADD COLUMN ctx INTEGER;
ALTER TABLE change_log ADD COLUMN author TEXT;
CREATE INDEX change_log_origin ON change_log (origin, hlc) WHERE hlc IS NOT NULL;
CREATE INDEX change_log_unstamped ON change_log (seq) WHERE hlc IS NULL;

CREATE TABLE sync_contexts (
    id INTEGER PRIMARY KEY,
    vv TEXT NOT NULL UNIQUE CHECK (json_valid(vv))
) STRICT;

CREATE TABLE sync_vv (
    origin TEXT PRIMARY KEY NOT NULL,
    hlc    TEXT NOT NULL
) STRICT;

CREATE TABLE sync_peers (
    replica_id       TEXT PRIMARY KEY NOT NULL,
    name             TEXT,
    seen             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(seen)),
    changes_received INTEGER NOT NULL DEFAULT 0,
    last_import_at   TEXT
) STRICT;

CREATE TABLE sync_log (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('export','import','ignored')),
    at            TEXT NOT NULL,
    file          TEXT NOT NULL,
    peer_id       TEXT,
    peer_name     TEXT,
    changes       INTEGER NOT NULL DEFAULT 0,
    applied       INTEGER NOT NULL DEFAULT 0,
    conflicts_new INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE sync_conflicts (
    id            TEXT PRIMARY KEY NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved','superseded')),
    table_name    TEXT NOT NULL,
    row_id        TEXT NOT NULL,
    field         TEXT NOT NULL,
    winner_hlc    TEXT NOT NULL,
    winner_origin TEXT NOT NULL,
    winner_value  TEXT,
    winner_author TEXT,
    winner_at     TEXT,
    loser_hlc     TEXT NOT NULL,
    loser_origin  TEXT NOT NULL,
    loser_value   TEXT,
    loser_author  TEXT,
    loser_at      TEXT,
    detected_at   TEXT NOT NULL,
    closed_at     TEXT,
    closed_by     TEXT
) STRICT;
CREATE INDEX sync_conflicts_row ON sync_conflicts (table_name, row_id);
CREATE INDEX sync_conflicts_open ON sync_conflicts (status) WHERE status = 'open';

CREATE TABLE sync_pending (
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    message    TEXT NOT NULL,
    PRIMARY KEY (table_name, row_id)
) WITHOUT ROWID, STRICT;
