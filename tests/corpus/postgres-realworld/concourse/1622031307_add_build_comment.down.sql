DROP TABLE build_comments;
