-- AlterTable
ALTER TABLE "WorkerDeployment" ADD COLUMN     "imagePlatform" TEXT NOT NULL DEFAULT 'linux/amd64';
