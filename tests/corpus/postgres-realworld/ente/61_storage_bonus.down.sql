DROP TABLE IF EXISTS referral_codes;
DROP TABLE IF EXISTS referral_tracking;
DROP TABLE IF EXISTS storage_bonus;
