ALTER TABLE subscriptions RENAME storage TO storage_in_mbs;
