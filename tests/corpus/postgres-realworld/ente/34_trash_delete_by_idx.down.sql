DROP INDEX IF EXISTS trash_delete_by_idx;
