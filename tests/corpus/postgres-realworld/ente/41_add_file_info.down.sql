ALTER TABLE files
    DROP COLUMN info;
