DROP INDEX IF EXISTS collection_files_file_id_index;
