ALTER TABLE public_collection_tokens ADD COLUMN enable_collect bool NOT NULL DEFAULT FALSE;
