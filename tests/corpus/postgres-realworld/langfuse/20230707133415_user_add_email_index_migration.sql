-- CreateIndex
CREATE INDEX "Account_user_id_idx" ON "Account"("user_id");
