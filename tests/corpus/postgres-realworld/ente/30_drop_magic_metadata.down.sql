ALTER TABLE files
    DROP COLUMN magic_metadata;
