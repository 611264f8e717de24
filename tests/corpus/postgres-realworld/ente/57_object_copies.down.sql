DROP TABLE IF EXISTS object_copies;
