-- AlterEnum
ALTER TYPE "MembershipRole" ADD VALUE 'VIEWER';
