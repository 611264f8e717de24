DROP INDEX IF EXISTS idx_two_factor_used_codes_user_id;
DROP INDEX IF EXISTS idx_two_factor_used_codes_used_at;
DROP TABLE IF EXISTS two_factor_used_codes;