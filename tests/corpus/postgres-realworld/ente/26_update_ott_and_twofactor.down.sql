ALTER TABLE otts
    DROP COLUMN wrong_attempt;


ALTER TABLE two_factor_sessions
    DROP COLUMN wrong_attempt;
