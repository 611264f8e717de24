ALTER TABLE files
    DROP COLUMN pub_magic_metadata;
