DROP TABLE IF EXISTS memory_share_files;
DROP TABLE IF EXISTS memory_shares;
