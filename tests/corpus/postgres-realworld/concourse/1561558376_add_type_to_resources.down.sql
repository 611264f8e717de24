
ALTER TABLE resources DROP COLUMN type;

