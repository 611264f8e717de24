-- AlterTable
ALTER TABLE "User" ADD COLUMN     "authIdentifier" TEXT;
