DROP TABLE "table_name";
DROP 