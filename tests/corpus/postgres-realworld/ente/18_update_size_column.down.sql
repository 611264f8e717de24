ALTER TABLE file_object_keys 
    ALTER COLUMN size TYPE INTEGER;

ALTER TABLE thumbnail_object_keys 
    ALTER COLUMN size TYPE INTEGER;
