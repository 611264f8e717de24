-- DropIndex
DROP INDEX CONCURRENTLY IF EXISTS "public"."TaskRun_rootTaskRunId_idx";
