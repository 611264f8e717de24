
DROP INDEX versioned_resources_check_order;

