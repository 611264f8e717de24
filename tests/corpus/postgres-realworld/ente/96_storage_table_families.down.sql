ALTER TABLE families
DROP COLUMN storage_limit;