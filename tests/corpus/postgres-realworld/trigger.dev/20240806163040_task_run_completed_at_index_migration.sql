-- CreateIndex
CREATE INDEX "TaskRun_completedAt_idx" ON "TaskRun"("completedAt");
