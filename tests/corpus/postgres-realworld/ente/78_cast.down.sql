DROP TABLE IF EXISTS casting;
DROP INDEX IF EXISTS casting_code_unique_idx;
