ALTER TABLE collection_shares
    DROP COLUMN magic_metadata;
