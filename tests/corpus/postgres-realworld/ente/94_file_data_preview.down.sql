ALTER TABLE file_data
    DROP COLUMN obj_id,
    DROP COLUMN obj_nonce,
    DROP COLUMN obj_size;
