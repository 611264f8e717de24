-- AlterTable
ALTER TABLE "TaskRunExecutionSnapshot" ADD COLUMN     "runnerId" TEXT;
