-- AlterTable
ALTER TABLE "WorkerDeployment" ADD COLUMN     "runtime" TEXT;