-- AlterTable
ALTER TABLE "BatchTaskRun" ADD COLUMN     "resumedAt" TIMESTAMP(3);
