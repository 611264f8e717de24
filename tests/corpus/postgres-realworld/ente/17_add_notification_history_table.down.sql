DROP TABLE notification_history;
