ALTER TABLE key_attributes DROP COLUMN mem_limit;

ALTER TABLE key_attributes DROP COLUMN ops_limit;
