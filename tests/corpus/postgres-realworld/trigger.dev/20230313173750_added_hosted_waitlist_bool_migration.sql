-- AlterTable
ALTER TABLE "User" ADD COLUMN     "isOnHostedRepoWaitlist" BOOLEAN NOT NULL DEFAULT false;
