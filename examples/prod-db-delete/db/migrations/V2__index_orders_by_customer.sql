-- Looks harmless, but without CONCURRENTLY it blocks every write to orders while the index builds.
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
