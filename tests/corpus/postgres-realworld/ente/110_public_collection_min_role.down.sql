ALTER TABLE public_collection_tokens
    DROP COLUMN IF EXISTS min_role;
