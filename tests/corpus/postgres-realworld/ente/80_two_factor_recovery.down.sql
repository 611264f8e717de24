DROP TABLE IF  EXISTS two_factor_recovery;
DROP TRIGGER IF EXISTS update_two_factor_recovery_updated_at ON two_factor_recovery;
