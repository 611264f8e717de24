
DROP TABLE checks;

