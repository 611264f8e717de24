/*
  Warnings:

  - You are about to drop the column `title` on the `RuntimeEnvironment` table. All the data in the column will be lost.

*/
-- AlterTable
ALTER TABLE "RuntimeEnvironment" DROP COLUMN "title";
