-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "operation" TEXT;
