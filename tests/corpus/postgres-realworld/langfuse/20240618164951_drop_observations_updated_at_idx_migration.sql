-- DropIndex
DROP INDEX CONCURRENTLY IF EXISTS "observations_updated_at_idx";
