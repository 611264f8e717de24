-- AlterTable
ALTER TABLE "public"."Organization" ADD COLUMN "onboardingData" JSONB;
