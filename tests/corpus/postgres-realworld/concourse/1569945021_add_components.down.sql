

DROP TABLE IF EXISTS components;


