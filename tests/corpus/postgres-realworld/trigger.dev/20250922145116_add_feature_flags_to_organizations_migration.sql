-- AlterTable
ALTER TABLE "public"."Organization" ADD COLUMN     "featureFlags" JSONB;