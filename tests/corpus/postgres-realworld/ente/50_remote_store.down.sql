DROP TRIGGER IF EXISTS update_remote_store_updated_at ON remote_store;
DROP TABLE IF EXISTS remote_store;
