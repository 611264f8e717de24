-- CreateIndex
CREATE INDEX IF NOT EXISTS "idx_task_parentId" ON "Task" ("parentId");