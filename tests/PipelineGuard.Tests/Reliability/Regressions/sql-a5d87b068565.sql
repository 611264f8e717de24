-- instead of
ALTER 