-- AlterTable
ALTER TABLE "public"."llm_models" ADD COLUMN     "pricing_unit" TEXT;
