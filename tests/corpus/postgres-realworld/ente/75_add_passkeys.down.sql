DROP TABLE IF EXISTS webauthn_sessions;

DROP TABLE IF EXISTS passkey_credentials;

DROP TABLE IF EXISTS passkeys;