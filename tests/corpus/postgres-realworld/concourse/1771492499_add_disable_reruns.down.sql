ALTER TABLE jobs
  DROP COLUMN IF EXISTS disable_reruns;
