ALTER TABLE subscriptions ADD COLUMN upgraded_at BIGINT DEFAULT 0;
