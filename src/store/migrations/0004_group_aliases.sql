-- Backbone schema 4: group aliases (issue 6, the equity lens).
--
-- An alias is another label of a group ("Asian Students" for the group "Asian"): an
-- import matches a file's group label against the names and the live aliases of the
-- groups of its dimension, so drifting labels land on one group because the user said so,
-- never by guessing. The store keeps an alias unique (trimmed, case-insensitive) among the
-- live aliases and the live group names of its dimension; that spans two tables, so it is
-- checked in `store::dimensions`, not here. Removing an alias moves it to the trash.
--
-- Also: at most one live reference group per dimension (the store clears the old one
-- before it sets a new one).

CREATE TABLE group_aliases (
    id         TEXT PRIMARY KEY NOT NULL,
    group_id   TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    alias      TEXT NOT NULL CHECK (length(trim(alias)) > 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX group_aliases_group ON group_aliases (group_id);

CREATE UNIQUE INDEX groups_one_reference ON groups (dimension_id)
    WHERE is_reference = 1 AND deleted_at IS NULL;

CREATE TRIGGER group_aliases_log_insert AFTER INSERT ON group_aliases BEGIN
    INSERT INTO change_log (table_name, row_id, op, new_values, changed_at)
    VALUES ('group_aliases', NEW.id, 'insert', json_object('id', NEW.id, 'group_id', NEW.group_id, 'alias', NEW.alias, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER group_aliases_log_update AFTER UPDATE ON group_aliases
WHEN json_object('id', OLD.id, 'group_id', OLD.group_id, 'alias', OLD.alias, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at) IS NOT json_object('id', NEW.id, 'group_id', NEW.group_id, 'alias', NEW.alias, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at) BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, new_values, changed_at)
    VALUES ('group_aliases', NEW.id,
            CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete'
                 WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN 'restore'
                 ELSE 'update' END,
            json_object('id', OLD.id, 'group_id', OLD.group_id, 'alias', OLD.alias, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id, 'group_id', NEW.group_id, 'alias', NEW.alias, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'deleted_at', NEW.deleted_at), NEW.updated_at);
END;
CREATE TRIGGER group_aliases_log_delete AFTER DELETE ON group_aliases BEGIN
    INSERT INTO change_log (table_name, row_id, op, old_values, changed_at)
    VALUES ('group_aliases', OLD.id, 'purge', json_object('id', OLD.id, 'group_id', OLD.group_id, 'alias', OLD.alias, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
