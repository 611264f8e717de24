DROP TABLE IF EXISTS legacy_kit_recovery_session_token;
DROP TABLE IF EXISTS legacy_kit_recovery_session;
DROP TABLE IF EXISTS legacy_kit_challenge;
DROP TABLE IF EXISTS legacy_kit;
