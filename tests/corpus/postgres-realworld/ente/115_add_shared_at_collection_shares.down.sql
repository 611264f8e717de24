ALTER TABLE collection_shares
    DROP COLUMN IF EXISTS shared_at;
