DROP TABLE IF EXISTS data_cleanup;
DROP TYPE IF EXISTS stage_enum;
