-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "forceYieldImmediately" BOOLEAN NOT NULL DEFAULT false;
