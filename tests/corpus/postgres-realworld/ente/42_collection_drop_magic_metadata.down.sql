ALTER TABLE collections
    DROP COLUMN magic_metadata;
