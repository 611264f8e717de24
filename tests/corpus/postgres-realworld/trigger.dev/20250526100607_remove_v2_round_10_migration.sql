-- DropEnum
DROP TYPE IF EXISTS "ConnectionType";

-- DropEnum
DROP TYPE IF EXISTS "DynamicTriggerType";

-- DropEnum
DROP TYPE IF EXISTS "IntegrationAuthSource";

-- DropEnum
DROP TYPE IF EXISTS "IntegrationSetupStatus";

-- DropEnum
DROP TYPE IF EXISTS "JobRunExecutionReason";

-- DropEnum
DROP TYPE IF EXISTS "JobRunExecutionStatus";

-- DropEnum
DROP TYPE IF EXISTS "JobRunStatus";

-- DropEnum
DROP TYPE IF EXISTS "JobStartPosition";

-- DropEnum
DROP TYPE IF EXISTS "JobVersionStatus";

-- DropEnum
DROP TYPE IF EXISTS "PayloadType";

-- DropEnum
DROP TYPE IF EXISTS "TaskChildExecutionMode";

-- DropEnum
DROP TYPE IF EXISTS "TaskStatus";

-- DropEnum
DROP TYPE IF EXISTS "TriggerChannel";
