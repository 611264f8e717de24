DROP TABLE subscriptions;

DROP TABLE subscription_logs;

DROP INDEX subscriptions_user_id_index;
