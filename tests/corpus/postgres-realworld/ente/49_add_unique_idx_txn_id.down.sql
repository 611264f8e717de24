DROP INDEX IF EXISTS sub_original_txn_id_index;
