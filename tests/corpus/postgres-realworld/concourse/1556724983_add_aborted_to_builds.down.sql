

ALTER TABLE builds DROP COLUMN aborted;


