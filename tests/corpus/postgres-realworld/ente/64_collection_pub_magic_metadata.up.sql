ALTER TABLE collections
    ADD COLUMN pub_magic_metadata JSONB;
