-- AlterTable
ALTER TABLE
  "TaskRun"
ADD
  COLUMN "statusReason" TEXT;