DROP TABLE temp_srp_setup;
DROP TABLE srp_auth;
DROP TABLE srp_sessions;
