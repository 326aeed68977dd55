-- Backbone schema 3: imports (issue 5).
--
-- 1. `imports`: one row per file imported (the import history). Every value an import
--    creates or updates carries its `import_id`.
-- 2. The change log and imports. An import of a million values would otherwise write a
--    million `change_log` rows of JSON (measured: 8x slower than the insert itself). A
--    value *created* by an import is logged once, as the `imports` row: the values it
--    created are exactly `observations WHERE import_id = <id>` as long as nobody edits
--    them, and edits are logged as usual. Values an import *updates* are logged row by
--    row (old and new values), like any other edit, so nothing an import overwrites is
--    lost from the log. (No index on `import_id`: finding an import's values is rare and
--    a scan is fine; an index would cost every imported value another B-tree insert.)

CREATE TABLE imports (
    id                 TEXT PRIMARY KEY NOT NULL,
    initiative_id      TEXT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    file_name          TEXT NOT NULL,
    format             TEXT NOT NULL,
    options            TEXT NOT NULL DEFAULT '{}',
    rows_read          INTEGER NOT NULL DEFAULT 0,
    created            INTEGER NOT NULL DEFAULT 0,
    updated            INTEGER NOT NULL DEFAULT 0,
    unchanged          INTEGER NOT NULL DEFAULT 0,
    skipped_missing    INTEGER NOT NULL DEFAULT 0,
    skipped_suppressed INTEGER NOT NULL DEFAULT 0,
    skipped_existing   INTEGER NOT NULL DEFAULT 0,
    imported_by        TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT
) STRICT;
CREATE INDEX imports_initiative ON imports (initiative_id);

ALTER TABLE observations ADD COLUMN import_id TEXT REFERENCES imports (id) ON DELETE SET NULL;

DROP TRIGGER observations_log_insert;
CREATE TRIGGER observations_log_insert AFTER INSERT ON observations WHEN NEW.import_id IS NULL BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('observations', NEW.id, 'insert', json_object('id', NEW.id, 'measure_id', NEW.measure_id, 'period_id', NEW.period_id, 'disaggregation_id', NEW.disaggregation_id, 'value', NEW.value, 'numerator', NEW.numerator, 'denominator', NEW.denominator, 'target', NEW.target, 'target_low', NEW.target_low, 'target_high', NEW.target_high, 'note', NEW.note, 'margin_of_error', NEW.margin_of_error, 'suppressed', NEW.suppressed, 'source', NEW.source, 'entered_by', NEW.entered_by, 'entered_at', NEW.entered_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;

CREATE TRIGGER imports_log_insert AFTER INSERT ON imports BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('imports', NEW.id, 'insert', json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'file_name', NEW.file_name, 'format', NEW.format, 'options', NEW.options, 'rows_read', NEW.rows_read, 'created', NEW.created, 'updated', NEW.updated, 'unchanged', NEW.unchanged, 'skipped_missing', NEW.skipped_missing, 'skipped_suppressed', NEW.skipped_suppressed, 'skipped_existing', NEW.skipped_existing, 'imported_by', NEW.imported_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER imports_log_update AFTER UPDATE ON imports
WHEN json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'file_name', OLD.file_name, 'format', OLD.format, 'options', OLD.options, 'rows_read', OLD.rows_read, 'created', OLD.created, 'updated', OLD.updated, 'unchanged', OLD.unchanged, 'skipped_missing', OLD.skipped_missing, 'skipped_suppressed', OLD.skipped_suppressed, 'skipped_existing', OLD.skipped_existing, 'imported_by', OLD.imported_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'file_name', NEW.file_name, 'format', NEW.format, 'options', NEW.options, 'rows_read', NEW.rows_read, 'created', NEW.created, 'updated', NEW.updated, 'unchanged', NEW.unchanged, 'skipped_missing', NEW.skipped_missing, 'skipped_suppressed', NEW.skipped_suppressed, 'skipped_existing', NEW.skipped_existing, 'imported_by', NEW.imported_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('imports', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'file_name', OLD.file_name, 'format', OLD.format, 'options', OLD.options, 'rows_read', OLD.rows_read, 'created', OLD.created, 'updated', OLD.updated, 'unchanged', OLD.unchanged, 'skipped_missing', OLD.skipped_missing, 'skipped_suppressed', OLD.skipped_suppressed, 'skipped_existing', OLD.skipped_existing, 'imported_by', OLD.imported_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'initiative_id', NEW.initiative_id, 'file_name', NEW.file_name, 'format', NEW.format, 'options', NEW.options, 'rows_read', NEW.rows_read, 'created', NEW.created, 'updated', NEW.updated, 'unchanged', NEW.unchanged, 'skipped_missing', NEW.skipped_missing, 'skipped_suppressed', NEW.skipped_suppressed, 'skipped_existing', NEW.skipped_existing, 'imported_by', NEW.imported_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER imports_log_delete AFTER DELETE ON imports BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('imports', OLD.id, 'purge', json_object('id', OLD.id, 'initiative_id', OLD.initiative_id, 'file_name', OLD.file_name, 'format', OLD.format, 'options', OLD.options, 'rows_read', OLD.rows_read, 'created', OLD.created, 'updated', OLD.updated, 'unchanged', OLD.unchanged, 'skipped_missing', OLD.skipped_missing, 'skipped_suppressed', OLD.skipped_suppressed, 'skipped_existing', OLD.skipped_existing, 'imported_by', OLD.imported_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
