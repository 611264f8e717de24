ALTER TABLE task_caches DROP COLUMN last_used;
ALTER TABLE task_caches DROP COLUMN ttl;
