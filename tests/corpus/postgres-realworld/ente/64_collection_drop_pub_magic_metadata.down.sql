ALTER TABLE collections
    DROP COLUMN pub_magic_metadata;
