DROP INDEX CONCURRENTLY IF EXISTS idx_file_data_user_updated;
