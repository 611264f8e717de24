DROP TRIGGER IF EXISTS update_srp_auth_updated_at ON srp_auth;

DROP TRIGGER IF EXISTS update_srp_sessions_updated_at ON srp_sessions;
