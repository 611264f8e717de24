DROP INDEX usage_user_id_index;

DROP TABLE usage;

