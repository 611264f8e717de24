/*
  Warnings:

  - You are about to drop the column `source` on the `EventLog` table. All the data in the column will be lost.

*/
-- AlterTable
ALTER TABLE "EventLog" DROP COLUMN "source";
