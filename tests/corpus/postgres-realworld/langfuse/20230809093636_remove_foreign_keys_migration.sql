-- DropForeignKey
ALTER TABLE "observations" DROP CONSTRAINT "observations_parent_observation_id_fkey";

-- DropForeignKey
ALTER TABLE "observations" DROP CONSTRAINT "observations_trace_id_fkey";
