-- AlterTable
ALTER TABLE
  "TaskRun"
ADD
  COLUMN "lockedQueueId" TEXT;