-- DropIndex
DROP INDEX "BatchTaskRunItem_taskRunId_key";
