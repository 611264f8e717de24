
ALTER TABLE "workers" DROP COLUMN "ephemeral";


