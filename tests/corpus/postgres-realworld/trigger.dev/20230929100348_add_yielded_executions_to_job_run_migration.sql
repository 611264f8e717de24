-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "yieldedExecutions" TEXT[];
