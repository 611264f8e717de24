-- AlterTable
ALTER TABLE "TaskRun" ALTER COLUMN "output" DROP NOT NULL;
