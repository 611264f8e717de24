DROP INDEX CONCURRENTLY IF EXISTS temp_objects_expiration_time_idx;
