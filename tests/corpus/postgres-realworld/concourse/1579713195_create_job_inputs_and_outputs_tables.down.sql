
DROP TABLE job_inputs;
DROP TABLE job_outputs;

