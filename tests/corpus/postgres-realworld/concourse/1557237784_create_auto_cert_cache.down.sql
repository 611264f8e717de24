
DROP TABLE cert_cache;

