ALTER TABLE pipelines DROP COLUMN user_data;
