ALTER TABLE families
ADD COLUMN storage_limit BIGINT;