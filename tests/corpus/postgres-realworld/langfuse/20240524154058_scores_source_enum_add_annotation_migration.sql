-- AlterEnum
ALTER TYPE "ScoreSource" ADD VALUE 'ANNOTATION';
