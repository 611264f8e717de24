-- AlterTable
ALTER TABLE
  "TaskRunExecutionSnapshot"
ADD
  COLUMN "previousSnapshotId" TEXT;