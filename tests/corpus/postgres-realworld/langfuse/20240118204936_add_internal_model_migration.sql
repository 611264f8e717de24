-- AlterTable
ALTER TABLE "observations" ADD COLUMN     "internal_model" TEXT;
