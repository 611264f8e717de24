-- AlterTable
ALTER TABLE "ApiConnectionClient" ADD COLUMN     "description" TEXT;
