ALTER TABLE tokens
    DROP COLUMN ip,
    DROP COLUMN user_agent;
