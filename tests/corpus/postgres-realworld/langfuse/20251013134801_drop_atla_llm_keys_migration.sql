DELETE FROM "llm_api_keys" WHERE adapter = 'atla'
