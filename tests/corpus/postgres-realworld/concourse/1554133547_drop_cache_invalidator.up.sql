
DROP TABLE cache_invalidator;

