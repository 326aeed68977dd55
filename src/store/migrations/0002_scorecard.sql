-- Backbone schema 2: what the scorecard needs (issue 3).
--
-- 1. A covering index of the total series: the scorecard reads every live total value,
--    and through this index it reads them in one pass over contiguous pages instead of
--    one table page per value (20,000 values of 1,000 measures: 45 ms through the table,
--    a few ms through the index). Partial, so it holds only the live totals; queries must
--    say `disaggregation_id = '<the total>'` literally and `deleted_at IS NULL`. SQLite's
--    plan then says "USING INDEX", not "COVERING", but its seek into the table is deferred
--    and never made: every column read comes from the index (a test checks the bytecode).
CREATE INDEX observations_total_series
    ON observations (measure_id, period_id, value, target, target_low, target_high)
    WHERE disaggregation_id = '00000000-0000-0000-0000-000000000000' AND deleted_at IS NULL;

-- 2. Manual forecast values.
-- A user may replace the fitted forecast line (DOMAIN.md "Forecast") with values of their
-- own, one per (measure, period), for the total series. They live in their own table, not
-- in `observations`: a forecast is a plan, not an observation, and clearing a period's
-- value, target and note in the grid (which moves the observation to the trash) must not
-- take a forecast with it. Cleared forecasts are moved to the trash (`deleted_at`) like any
-- row, and setting one again revives the row.

CREATE TABLE forecasts (
    id         TEXT PRIMARY KEY NOT NULL,
    measure_id TEXT NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    period_id  TEXT NOT NULL REFERENCES periods (id),
    value      REAL NOT NULL,
    entered_by TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (measure_id, period_id)
) STRICT;

CREATE TRIGGER forecasts_log_insert AFTER INSERT ON forecasts BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('forecasts', NEW.id, 'insert', json_object('id', NEW.id, 'measure_id', NEW.measure_id, 'period_id', NEW.period_id, 'value', NEW.value, 'entered_by', NEW.entered_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER forecasts_log_update AFTER UPDATE ON forecasts
WHEN json_object('id', OLD.id, 'measure_id', OLD.measure_id, 'period_id', OLD.period_id, 'value', OLD.value, 'entered_by', OLD.entered_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'measure_id', NEW.measure_id, 'period_id', NEW.period_id, 'value', NEW.value, 'entered_by', NEW.entered_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('forecasts', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'measure_id', OLD.measure_id, 'period_id', OLD.period_id, 'value', OLD.value, 'entered_by', OLD.entered_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'measure_id', NEW.measure_id, 'period_id', NEW.period_id, 'value', NEW.value, 'entered_by', NEW.entered_by, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER forecasts_log_delete AFTER DELETE ON forecasts BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('forecasts', OLD.id, 'purge', json_object('id', OLD.id, 'measure_id', OLD.measure_id, 'period_id', OLD.period_id, 'value', OLD.value, 'entered_by', OLD.entered_by, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
