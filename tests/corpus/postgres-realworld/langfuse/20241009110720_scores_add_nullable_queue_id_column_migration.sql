-- AlterTable
ALTER TABLE "scores" ADD COLUMN     "queue_id" TEXT;
