-- AlterTable
ALTER TABLE
  "TaskRun"
ADD
  COLUMN "queueTimestamp" TIMESTAMP(3);