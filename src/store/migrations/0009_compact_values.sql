-- Backbone schema 9: values stored compactly (issue 5).
--
-- A value used to be a row of about 300 bytes (its own UUID, three UUID references, four
-- timestamps and its import's UUID) with two more B-trees (the id and the cell): about
-- 500 bytes written per value, ten times the bytes of the CSV row it came from. Values are
-- now stored as:
--
-- 1. `obs_keys`: a small local number `n` for each measure, period, disaggregation and
--    import that values refer to (created on first use; never deleted, so a number is
--    never reused). An import's row also holds its time (`at`) and author (`author`). This
--    table describes this copy only: it is not in the change log, in bundles or in sync.
-- 2. `observation_values`: one row per cell, keyed by (m, d, p) numbers WITHOUT ROWID, so
--    the cell is the table's only B-tree. A value an import created and nobody changed
--    since stores no times and no author: NULL `entered_by`, `entered_at`, `created_at`
--    and `updated_at` mean its import's (`obs_keys.at`/`author`).
-- 3. `observations` is now a view with the columns the table had, in the same order, so
--    every reader is unchanged. Its `id` is composed from the cell: the last 10 hex digits
--    of the measure's, disaggregation's and period's ids, laid out like a UUID
--    (mmmmmmmm-mmdd-8ddd-8ddd-ddpppppppppp). Two laptops that write the same cell make the
--    same id, and an id gives its cell back (`obs_keys_tail` finds each part), so a value
--    is found by id without an index of ids. Every existing value gets its composed id
--    here, and the change log, comments and sync records that named the old one follow.
--    A value whose cell changes (merging groups) gets a new id: it is logged as the purge
--    of the old row and the insert of the new.
-- 4. Writes through the view (INSTEAD OF triggers) go to `observation_values`, checking
--    what the table's foreign keys checked while `foreign_keys` is on. Triggers keep what
--    the foreign keys did: deleting a measure deletes its values; a period or a
--    disaggregation with values cannot be deleted; deleting an import gives its values
--    their times. The change log is written by triggers on `observation_values`, with the
--    same entries as before (table `observations`, the view's row as JSON), and values an
--    import creates are still logged once, as the import.
--
-- Queries that look a value up by id must not say `WHERE id = ?` (the view would compute
-- every id): `crate::store::observations::by_id` writes the predicate that uses the cell.


CREATE TABLE obs_keys (
    n  INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at TEXT,
    author TEXT
) STRICT;
CREATE INDEX obs_keys_tail ON obs_keys (substr(id, -10));

INSERT INTO obs_keys (id) SELECT id FROM measures;
INSERT INTO obs_keys (id) SELECT id FROM disaggregations;
INSERT INTO obs_keys (id) SELECT id FROM periods;
INSERT INTO obs_keys (id, at, author) SELECT id, created_at, imported_by FROM imports;

CREATE TABLE observation_values (
    m               INTEGER NOT NULL,
    d               INTEGER NOT NULL,
    p               INTEGER NOT NULL,
    value           REAL,
    numerator       REAL,
    denominator     REAL CHECK (denominator IS NULL OR denominator > 0),
    target          REAL,
    target_low      REAL,
    target_high     REAL CHECK (target_high IS NULL OR target_low IS NULL OR target_high >= target_low),
    note            TEXT,
    margin_of_error REAL CHECK (margin_of_error IS NULL OR margin_of_error >= 0),
    suppressed      INTEGER NOT NULL DEFAULT 0 CHECK (suppressed IN (0, 1)),
    source          TEXT,
    entered_by      TEXT,
    entered_at      TEXT,
    created_at      TEXT,
    updated_at      TEXT,
    deleted_at      TEXT,
    import          INTEGER,
    CHECK (NOT (suppressed = 1 AND value IS NOT NULL)),
    CHECK (import IS NOT NULL OR (created_at IS NOT NULL AND updated_at IS NOT NULL)),
    PRIMARY KEY (m, d, p)
) STRICT, WITHOUT ROWID;
CREATE INDEX observation_values_trash ON observation_values (deleted_at) WHERE deleted_at IS NOT NULL;

INSERT INTO observation_values (m, d, p, value, numerator, denominator, target, target_low, target_high, note, margin_of_error, suppressed, source, entered_by, entered_at, created_at, updated_at, deleted_at, import)
SELECT km.n, kd.n, kp.n, o.value, o.numerator, o.denominator, o.target, o.target_low, o.target_high, o.note, o.margin_of_error, o.suppressed, o.source, o.entered_by, o.entered_at, o.created_at, o.updated_at, o.deleted_at, ki.n
  FROM observations o
  JOIN obs_keys km ON km.id = o.measure_id
  JOIN obs_keys kd ON kd.id = o.disaggregation_id
  JOIN obs_keys kp ON kp.id = o.period_id
  LEFT JOIN obs_keys ki ON ki.id = o.import_id;

-- Every row's id becomes the one its cell composes; references follow.
CREATE TEMP TABLE obs_rekey (old TEXT PRIMARY KEY NOT NULL, new TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO obs_rekey (old, new)
SELECT id, substr(measure_id, -10, 8) || '-' || substr(measure_id, -2) || substr(disaggregation_id, -10, 2) || '-8' || substr(disaggregation_id, -8, 3) || '-8' || substr(disaggregation_id, -5, 3) || '-' || substr(disaggregation_id, -2) || substr(period_id, -10) FROM observations;
DELETE FROM obs_rekey WHERE old = new;

UPDATE change_log
   SET row_id = (SELECT new FROM obs_rekey WHERE old = change_log.row_id),
       old_values = CASE WHEN json_type(old_values, '$.id') IS NOT NULL
                         THEN json_set(old_values, '$.id', (SELECT new FROM obs_rekey WHERE old = change_log.row_id))
                         ELSE old_values END,
       new_values = CASE WHEN json_type(new_values, '$.id') IS NOT NULL
                         THEN json_set(new_values, '$.id', (SELECT new FROM obs_rekey WHERE old = change_log.row_id))
                         ELSE new_values END
 WHERE table_name = 'observations' AND row_id IN (SELECT old FROM obs_rekey);
UPDATE comments SET target_id = (SELECT new FROM obs_rekey WHERE old = comments.target_id)
 WHERE target_kind = 'observation' AND target_id IN (SELECT old FROM obs_rekey);
UPDATE sync_conflicts SET row_id = (SELECT new FROM obs_rekey WHERE old = sync_conflicts.row_id)
 WHERE table_name = 'observations' AND row_id IN (SELECT old FROM obs_rekey);
UPDATE sync_pending SET row_id = (SELECT new FROM obs_rekey WHERE old = sync_pending.row_id)
 WHERE table_name = 'observations' AND row_id IN (SELECT old FROM obs_rekey);
DROP TABLE obs_rekey;

DROP TABLE observations;

CREATE VIEW observations AS
SELECT substr(km.id, -10, 8) || '-' || substr(km.id, -2) || substr(kd.id, -10, 2) || '-8' || substr(kd.id, -8, 3) || '-8' || substr(kd.id, -5, 3) || '-' || substr(kd.id, -2) || substr(kp.id, -10) AS id,
       km.id AS measure_id,
       kp.id AS period_id,
       kd.id AS disaggregation_id,
       v.value AS value,
       v.numerator AS numerator,
       v.denominator AS denominator,
       v.target AS target,
       v.target_low AS target_low,
       v.target_high AS target_high,
       v.note AS note,
       v.margin_of_error AS margin_of_error,
       v.suppressed AS suppressed,
       v.source AS source,
       coalesce(v.entered_by, ki.author) AS entered_by,
       coalesce(v.entered_at, ki.at) AS entered_at,
       coalesce(v.created_at, ki.at) AS created_at,
       coalesce(v.updated_at, ki.at) AS updated_at,
       v.deleted_at AS deleted_at,
       ki.id AS import_id
  FROM observation_values v
  JOIN obs_keys km ON km.n = v.m
  JOIN obs_keys kd ON kd.n = v.d
  JOIN obs_keys kp ON kp.n = v.p
  LEFT JOIN obs_keys ki ON ki.n = v.import;


CREATE TRIGGER observations_insert INSTEAD OF INSERT ON observations BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed')
     WHERE (SELECT foreign_keys FROM pragma_foreign_keys)
       AND (NOT EXISTS (SELECT 1 FROM measures WHERE id = NEW.measure_id)
            OR NOT EXISTS (SELECT 1 FROM periods WHERE id = NEW.period_id)
            OR NOT EXISTS (SELECT 1 FROM disaggregations WHERE id = NEW.disaggregation_id)
            OR (NEW.import_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM imports WHERE id = NEW.import_id)));
    INSERT INTO obs_keys (id) SELECT NEW.measure_id WHERE NOT EXISTS (SELECT 1 FROM obs_keys WHERE id = NEW.measure_id);
    INSERT INTO obs_keys (id) SELECT NEW.disaggregation_id WHERE NOT EXISTS (SELECT 1 FROM obs_keys WHERE id = NEW.disaggregation_id);
    INSERT INTO obs_keys (id) SELECT NEW.period_id WHERE NOT EXISTS (SELECT 1 FROM obs_keys WHERE id = NEW.period_id);
    INSERT INTO obs_keys (id, at, author) SELECT id, created_at, imported_by FROM imports
     WHERE id = NEW.import_id AND NOT EXISTS (SELECT 1 FROM obs_keys WHERE id = NEW.import_id);
    INSERT INTO observation_values (m, d, p, value, numerator, denominator, target, target_low, target_high, note, margin_of_error, suppressed, source, entered_by, entered_at, created_at, updated_at, deleted_at, import)
    VALUES ((SELECT n FROM obs_keys WHERE id = NEW.measure_id), (SELECT n FROM obs_keys WHERE id = NEW.disaggregation_id), (SELECT n FROM obs_keys WHERE id = NEW.period_id), NEW.value, NEW.numerator, NEW.denominator, NEW.target, NEW.target_low, NEW.target_high, NEW.note, NEW.margin_of_error, coalesce(NEW.suppressed, 0), NEW.source, NEW.entered_by, NEW.entered_at, NEW.created_at, NEW.updated_at, NEW.deleted_at, (SELECT n FROM obs_keys WHERE id = NEW.import_id));
END;

CREATE TRIGGER observations_update INSTEAD OF UPDATE ON observations BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed')
     WHERE (SELECT foreign_keys FROM pragma_foreign_keys)
       AND (NOT EXISTS (SELECT 1 FROM measures WHERE id = NEW.measure_id)
            OR NOT EXISTS (SELECT 1 FROM periods WHERE id = NEW.period_id)
            OR NOT EXISTS (SELECT 1 FROM disaggregations WHERE id = NEW.disaggregation_id)
            OR (NEW.import_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM imports WHERE id = NEW.import_id)));
    INSERT INTO obs_keys (id) SELECT NEW.measure_id WHERE NOT EXISTS (SELECT 1 FROM obs_keys WHERE id = NEW.measure_id);
    INSERT INTO obs_keys (id) SELECT NEW.disaggregation_id WHERE NOT EXISTS (SELECT 1 FROM obs_keys WHERE id = NEW.disaggregation_id);
    INSERT INTO obs_keys (id) SELECT NEW.period_id WHERE NOT EXISTS (SELECT 1 FROM obs_keys WHERE id = NEW.period_id);
    INSERT INTO obs_keys (id, at, author) SELECT id, created_at, imported_by FROM imports
     WHERE id = NEW.import_id AND NOT EXISTS (SELECT 1 FROM obs_keys WHERE id = NEW.import_id);
    UPDATE observation_values
       SET m = (SELECT n FROM obs_keys WHERE id = NEW.measure_id), d = (SELECT n FROM obs_keys WHERE id = NEW.disaggregation_id), p = (SELECT n FROM obs_keys WHERE id = NEW.period_id), value = NEW.value, numerator = NEW.numerator, denominator = NEW.denominator, target = NEW.target, target_low = NEW.target_low, target_high = NEW.target_high, note = NEW.note, margin_of_error = NEW.margin_of_error, suppressed = NEW.suppressed, source = NEW.source, entered_by = NEW.entered_by, entered_at = NEW.entered_at, created_at = NEW.created_at, updated_at = NEW.updated_at, deleted_at = NEW.deleted_at, import = (SELECT n FROM obs_keys WHERE id = NEW.import_id)
     WHERE m = (SELECT n FROM obs_keys WHERE id = OLD.measure_id) AND d = (SELECT n FROM obs_keys WHERE id = OLD.disaggregation_id) AND p = (SELECT n FROM obs_keys WHERE id = OLD.period_id);
END;

CREATE TRIGGER observations_delete INSTEAD OF DELETE ON observations BEGIN
    DELETE FROM observation_values
     WHERE m = (SELECT n FROM obs_keys WHERE id = OLD.measure_id) AND d = (SELECT n FROM obs_keys WHERE id = OLD.disaggregation_id) AND p = (SELECT n FROM obs_keys WHERE id = OLD.period_id);
END;


CREATE TRIGGER observation_values_log_insert AFTER INSERT ON observation_values WHEN NEW.import IS NULL BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    SELECT 'observations', substr(km.id, -10, 8) || '-' || substr(km.id, -2) || substr(kd.id, -10, 2) || '-8' || substr(kd.id, -8, 3) || '-8' || substr(kd.id, -5, 3) || '-' || substr(kd.id, -2) || substr(kp.id, -10), 'insert', json_object('id', substr(km.id, -10, 8) || '-' || substr(km.id, -2) || substr(kd.id, -10, 2) || '-8' || substr(kd.id, -8, 3) || '-8' || substr(kd.id, -5, 3) || '-' || substr(kd.id, -2) || substr(kp.id, -10), 'measure_id', km.id, 'period_id', kp.id, 'disaggregation_id', kd.id, 'value', NEW.value, 'numerator', NEW.numerator, 'denominator', NEW.denominator, 'target', NEW.target, 'target_low', NEW.target_low, 'target_high', NEW.target_high, 'note', NEW.note, 'margin_of_error', NEW.margin_of_error, 'suppressed', NEW.suppressed, 'source', NEW.source, 'entered_by', coalesce(NEW.entered_by, ki.author), 'entered_at', coalesce(NEW.entered_at, ki.at), 'created_at', coalesce(NEW.created_at, ki.at), 'updated_at', coalesce(NEW.updated_at, ki.at), 'deleted_at', NEW.deleted_at, 'import_id', ki.id), NEW.updated_at
    FROM obs_keys km, obs_keys kd, obs_keys kp LEFT JOIN obs_keys ki ON ki.n = NEW.import WHERE km.n = NEW.m AND kd.n = NEW.d AND kp.n = NEW.p;
END;
CREATE TRIGGER observation_values_log_update AFTER UPDATE ON observation_values
WHEN OLD.m = NEW.m AND OLD.d = NEW.d AND OLD.p = NEW.p AND (OLD.value IS NOT NEW.value OR OLD.numerator IS NOT NEW.numerator OR OLD.denominator IS NOT NEW.denominator OR OLD.target IS NOT NEW.target OR OLD.target_low IS NOT NEW.target_low OR OLD.target_high IS NOT NEW.target_high OR OLD.note IS NOT NEW.note OR OLD.margin_of_error IS NOT NEW.margin_of_error OR OLD.suppressed IS NOT NEW.suppressed OR OLD.source IS NOT NEW.source OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.import IS NOT NEW.import OR coalesce(OLD.entered_by, (SELECT author FROM obs_keys WHERE n = OLD.import)) IS NOT coalesce(NEW.entered_by, (SELECT author FROM obs_keys WHERE n = NEW.import)) OR coalesce(OLD.entered_at, (SELECT at FROM obs_keys WHERE n = OLD.import)) IS NOT coalesce(NEW.entered_at, (SELECT at FROM obs_keys WHERE n = NEW.import)) OR coalesce(OLD.created_at, (SELECT at FROM obs_keys WHERE n = OLD.import)) IS NOT coalesce(NEW.created_at, (SELECT at FROM obs_keys WHERE n = NEW.import)) OR coalesce(OLD.updated_at, (SELECT at FROM obs_keys WHERE n = OLD.import)) IS NOT coalesce(NEW.updated_at, (SELECT at FROM obs_keys WHERE n = NEW.import))) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    SELECT 'observations', substr(km.id, -10, 8) || '-' || substr(km.id, -2) || substr(kd.id, -10, 2) || '-8' || substr(kd.id, -8, 3) || '-8' || substr(kd.id, -5, 3) || '-' || substr(kd.id, -2) || substr(kp.id, -10),
           CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                ELSE 'update' END,
           json_object('id', substr(km.id, -10, 8) || '-' || substr(km.id, -2) || substr(kd.id, -10, 2) || '-8' || substr(kd.id, -8, 3) || '-8' || substr(kd.id, -5, 3) || '-' || substr(kd.id, -2) || substr(kp.id, -10), 'measure_id', km.id, 'period_id', kp.id, 'disaggregation_id', kd.id, 'value', OLD.value, 'numerator', OLD.numerator, 'denominator', OLD.denominator, 'target', OLD.target, 'target_low', OLD.target_low, 'target_high', OLD.target_high, 'note', OLD.note, 'margin_of_error', OLD.margin_of_error, 'suppressed', OLD.suppressed, 'source', OLD.source, 'entered_by', coalesce(OLD.entered_by, oi.author), 'entered_at', coalesce(OLD.entered_at, oi.at), 'created_at', coalesce(OLD.created_at, oi.at), 'updated_at', coalesce(OLD.updated_at, oi.at), 'deleted_at', OLD.deleted_at, 'import_id', oi.id), json_object('id', substr(km.id, -10, 8) || '-' || substr(km.id, -2) || substr(kd.id, -10, 2) || '-8' || substr(kd.id, -8, 3) || '-8' || substr(kd.id, -5, 3) || '-' || substr(kd.id, -2) || substr(kp.id, -10), 'measure_id', km.id, 'period_id', kp.id, 'disaggregation_id', kd.id, 'value', NEW.value, 'numerator', NEW.numerator, 'denominator', NEW.denominator, 'target', NEW.target, 'target_low', NEW.target_low, 'target_high', NEW.target_high, 'note', NEW.note, 'margin_of_error', NEW.margin_of_error, 'suppressed', NEW.suppressed, 'source', NEW.source, 'entered_by', coalesce(NEW.entered_by, ki.author), 'entered_at', coalesce(NEW.entered_at, ki.at), 'created_at', coalesce(NEW.created_at, ki.at), 'updated_at', coalesce(NEW.updated_at, ki.at), 'deleted_at', NEW.deleted_at, 'import_id', ki.id), coalesce(NEW.updated_at, ki.at)
    FROM obs_keys km, obs_keys kd, obs_keys kp LEFT JOIN obs_keys ki ON ki.n = NEW.import LEFT JOIN obs_keys oi ON oi.n = OLD.import
    WHERE km.n = NEW.m AND kd.n = NEW.d AND kp.n = NEW.p;
END;
CREATE TRIGGER observation_values_log_move AFTER UPDATE ON observation_values
WHEN NOT (OLD.m = NEW.m AND OLD.d = NEW.d AND OLD.p = NEW.p) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    SELECT 'observations', substr(km.id, -10, 8) || '-' || substr(km.id, -2) || substr(kd.id, -10, 2) || '-8' || substr(kd.id, -8, 3) || '-8' || substr(kd.id, -5, 3) || '-' || substr(kd.id, -2) || substr(kp.id, -10), 'purge', json_object('id', substr(km.id, -10, 8) || '-' || substr(km.id, -2) || substr(kd.id, -10, 2) || '-8' || substr(kd.id, -8, 3) || '-8' || substr(kd.id, -5, 3) || '-' || substr(kd.id, -2) || substr(kp.id, -10), 'measure_id', km.id, 'period_id', kp.id, 'disaggregation_id', kd.id, 'value', OLD.value, 'numerator', OLD.numerator, 'denominator', OLD.denominator, 'target', OLD.target, 'target_low', OLD.target_low, 'target_high', OLD.target_high, 'note', OLD.note, 'margin_of_error', OLD.margin_of_error, 'suppressed', OLD.suppressed, 'source', OLD.source, 'entered_by', coalesce(OLD.entered_by, ki.author), 'entered_at', coalesce(OLD.entered_at, ki.at), 'created_at', coalesce(OLD.created_at, ki.at), 'updated_at', coalesce(OLD.updated_at, ki.at), 'deleted_at', OLD.deleted_at, 'import_id', ki.id), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM obs_keys km, obs_keys kd, obs_keys kp LEFT JOIN obs_keys ki ON ki.n = OLD.import WHERE km.n = OLD.m AND kd.n = OLD.d AND kp.n = OLD.p;
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    SELECT 'observations', substr(km.id, -10, 8) || '-' || substr(km.id, -2) || substr(kd.id, -10, 2) || '-8' || substr(kd.id, -8, 3) || '-8' || substr(kd.id, -5, 3) || '-' || substr(kd.id, -2) || substr(kp.id, -10), 'insert', json_object('id', substr(km.id, -10, 8) || '-' || substr(km.id, -2) || substr(kd.id, -10, 2) || '-8' || substr(kd.id, -8, 3) || '-8' || substr(kd.id, -5, 3) || '-' || substr(kd.id, -2) || substr(kp.id, -10), 'measure_id', km.id, 'period_id', kp.id, 'disaggregation_id', kd.id, 'value', NEW.value, 'numerator', NEW.numerator, 'denominator', NEW.denominator, 'target', NEW.target, 'target_low', NEW.target_low, 'target_high', NEW.target_high, 'note', NEW.note, 'margin_of_error', NEW.margin_of_error, 'suppressed', NEW.suppressed, 'source', NEW.source, 'entered_by', coalesce(NEW.entered_by, ki.author), 'entered_at', coalesce(NEW.entered_at, ki.at), 'created_at', coalesce(NEW.created_at, ki.at), 'updated_at', coalesce(NEW.updated_at, ki.at), 'deleted_at', NEW.deleted_at, 'import_id', ki.id), coalesce(NEW.updated_at, ki.at)
    FROM obs_keys km, obs_keys kd, obs_keys kp LEFT JOIN obs_keys ki ON ki.n = NEW.import WHERE km.n = NEW.m AND kd.n = NEW.d AND kp.n = NEW.p;
END;
CREATE TRIGGER observation_values_log_delete AFTER DELETE ON observation_values BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    SELECT 'observations', substr(km.id, -10, 8) || '-' || substr(km.id, -2) || substr(kd.id, -10, 2) || '-8' || substr(kd.id, -8, 3) || '-8' || substr(kd.id, -5, 3) || '-' || substr(kd.id, -2) || substr(kp.id, -10), 'purge', json_object('id', substr(km.id, -10, 8) || '-' || substr(km.id, -2) || substr(kd.id, -10, 2) || '-8' || substr(kd.id, -8, 3) || '-8' || substr(kd.id, -5, 3) || '-' || substr(kd.id, -2) || substr(kp.id, -10), 'measure_id', km.id, 'period_id', kp.id, 'disaggregation_id', kd.id, 'value', OLD.value, 'numerator', OLD.numerator, 'denominator', OLD.denominator, 'target', OLD.target, 'target_low', OLD.target_low, 'target_high', OLD.target_high, 'note', OLD.note, 'margin_of_error', OLD.margin_of_error, 'suppressed', OLD.suppressed, 'source', OLD.source, 'entered_by', coalesce(OLD.entered_by, ki.author), 'entered_at', coalesce(OLD.entered_at, ki.at), 'created_at', coalesce(OLD.created_at, ki.at), 'updated_at', coalesce(OLD.updated_at, ki.at), 'deleted_at', OLD.deleted_at, 'import_id', ki.id), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM obs_keys km, obs_keys kd, obs_keys kp LEFT JOIN obs_keys ki ON ki.n = OLD.import WHERE km.n = OLD.m AND kd.n = OLD.d AND kp.n = OLD.p;
END;

-- What the foreign keys of the table did.
CREATE TRIGGER observation_values_measure_gone AFTER DELETE ON measures BEGIN
    DELETE FROM observation_values WHERE m = (SELECT n FROM obs_keys WHERE id = OLD.id);
END;
CREATE TRIGGER observation_values_period_used BEFORE DELETE ON periods
WHEN (SELECT foreign_keys FROM pragma_foreign_keys)
 AND EXISTS (SELECT 1 FROM observation_values WHERE p = (SELECT n FROM obs_keys WHERE id = OLD.id)) BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');
END;
CREATE TRIGGER observation_values_disaggregation_used BEFORE DELETE ON disaggregations
WHEN (SELECT foreign_keys FROM pragma_foreign_keys)
 AND EXISTS (SELECT 1 FROM observation_values WHERE d = (SELECT n FROM obs_keys WHERE id = OLD.id)) BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed');
END;
CREATE TRIGGER observation_values_import_gone AFTER DELETE ON imports BEGIN
    UPDATE observation_values
       SET entered_by = coalesce(entered_by, (SELECT author FROM obs_keys WHERE id = OLD.id)),
           entered_at = coalesce(entered_at, OLD.created_at),
           created_at = coalesce(created_at, OLD.created_at),
           updated_at = coalesce(updated_at, OLD.created_at),
           import = NULL
     WHERE import = (SELECT n FROM obs_keys WHERE id = OLD.id);
END;
