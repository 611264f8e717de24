-- AlterTable
ALTER TABLE "BackgroundWorker" ADD COLUMN     "engine" "RunEngineVersion" NOT NULL DEFAULT 'V1';
