DROP TRIGGER IF EXISTS update_object_keys_updated_at ON object_keys;
DROP TABLE IF EXISTS object_keys;
DROP TYPE OBJECT_TYPE;
