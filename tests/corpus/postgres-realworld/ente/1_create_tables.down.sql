DROP TABLE files;

DROP TABLE file_object_keys;

DROP TABLE thumbnail_object_keys;

DROP TABLE temp_object_keys;

DROP TABLE users;

DROP TABLE key_attributes;

DROP TABLE otts;

DROP TABLE tokens;

DROP INDEX users_email_index;

DROP INDEX files_owner_id_index;

DROP INDEX files_updation_time_index;

DROP INDEX tokens_user_id_index;

DROP INDEX collections_owner_id_index;

DROP INDEX collection_shares_to_user_id_index;

DROP INDEX collection_files_collection_id_index;

DROP INDEX collections_favorites_constraint_index;
