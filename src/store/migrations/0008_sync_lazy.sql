-- Backbone schema 8: new rows received from another laptop are logged lazily.
--
-- Most of a large change file is usually new rows (values entered in the field) that this
-- store has never seen. Writing each one's change into `change_log` as well as into its
-- table cost more than half of an import (on the sync benchmark's 100,000 values: about
-- 0.8 s of log inserts and a third of the commit, for JSON nobody reads unless the row
-- changes again). Such a change is now kept as a pointer into the file it came in:
--
-- 1. `sync_batches`: the bytes of each change file some of whose changes are kept lazily
--    (as received: checked again when read). A batch goes when none of its changes is
--    left in `sync_lazy`.
-- 2. `sync_lazy`: one row per such change, keyed by the row it inserted (only a row's
--    only change, an insert into a row with no history here, is kept this way): its
--    origin and hlc (what `change_log` would hold) and where it is (`batch`, `pos`: its
--    index among the file's changes). One index only, so keeping a change costs one
--    small insert; looking one up by origin reads the table (imports and exports do
--    that once, not per change).
--
-- Whoever needs the history of such a row (a later change to merge, a conflict to
-- resolve) first moves its change into `change_log` (the entry it would have had) and
-- deletes it here; an export reads lazily kept changes from their batch. Like the other
-- sync tables these describe this copy: they are not in the change log or in bundles.

CREATE TABLE sync_batches (
    id    INTEGER PRIMARY KEY,
    bytes BLOB NOT NULL
) STRICT;

CREATE TABLE sync_lazy (
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    origin     TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    batch      INTEGER NOT NULL REFERENCES sync_batches (id),
    pos        INTEGER NOT NULL,
    PRIMARY KEY (table_name, row_id)
) STRICT, WITHOUT ROWID;
