DROP INDEX IF EXISTS idx_queue_created_at_non_deleted;
