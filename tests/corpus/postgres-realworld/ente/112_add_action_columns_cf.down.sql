ALTER TABLE collection_files
    DROP COLUMN IF EXISTS action_user,
    DROP COLUMN IF EXISTS action;

