ALTER TABLE subscriptions DROP COLUMN upgraded_at;
