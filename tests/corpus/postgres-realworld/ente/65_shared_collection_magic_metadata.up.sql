ALTER TABLE collection_shares
    ADD COLUMN magic_metadata JSONB;
