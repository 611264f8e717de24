-- AlterTable
ALTER TABLE "TaskRun" ADD COLUMN     "parentSpanId" TEXT;
