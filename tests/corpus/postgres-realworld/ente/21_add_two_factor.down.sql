ALTER TABLE users DROP COLUMN is_two_factor_enabled;

DROP TABLE two_factor;

DROP TABLE temp_two_factor;

DROP TABLE two_factor_sessions;

