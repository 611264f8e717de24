ALTER TABLE key_attributes ALTER COLUMN kek_hash_bytes SET NOT NULL;
