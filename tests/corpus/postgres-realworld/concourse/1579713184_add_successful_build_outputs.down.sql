
DROP TABLE successful_build_outputs;

