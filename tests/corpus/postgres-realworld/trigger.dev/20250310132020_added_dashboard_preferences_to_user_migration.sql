-- AlterTable
ALTER TABLE "User" ADD COLUMN     "dashboardPreferences" JSONB;
